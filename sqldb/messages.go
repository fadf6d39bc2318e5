package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
)

// Private messages (issue 13). The rule is one line of SQL: every read
// of a conversation or a message joins conversation_participants on the
// viewer ($1), so that anyone else, staff included, finds nothing. The
// one way out is a report: the site's moderators read a reported message
// (that message alone) through FindReportedMessage, which writes the
// look in the audit log in the same transaction.

var _ hearth.MessageService = (*DB)(nil)

// viewerIn joins the viewer ($1) as a participant of the conversation
// whose id is convExpr.
func viewerIn(convExpr string) string {
	return ` JOIN conversation_participants vp ON vp.conversation_id = ` + convExpr + ` AND vp.member_id = CAST($1 AS BIGINT) `
}

var errNoConversation = hearth.Errorf(hearth.ENotFound, "There is no conversation at this address, or you are not in it.")
var errNoMessage = hearth.Errorf(hearth.ENotFound, "There is no message at this address, or you are not in its conversation.")

func signInForMessages() error {
	return hearth.Errorf(hearth.EUnauthorized, "Please sign in to read and send messages.")
}

// --- Notifications ------------------------------------------------------

func init() { notifySubjects[hearth.SubjectMessage] = messageSubject }

// messageSubject: a message is seen by the conversation's current
// participants only. Its notification says who wrote, never what: the
// title is fixed text and the excerpt is empty, so that neither the page
// of notifications nor an email carries a word of it.
var messageSubject = &notifySubject{
	visible: `EXISTS (SELECT 1 FROM messages mm JOIN conversation_participants mp ON mp.conversation_id = mm.conversation_id
		AND mp.member_id = CAST($1 AS BIGINT) WHERE mm.id = n.subject_id AND mm.status = 'published')`,
	title:   `'Private message'`,
	excerpt: `''`,
	where:   `''`,
	path:    `(SELECT '/messages/' || CAST(mm.conversation_id AS TEXT) || '#m' || CAST(mm.id AS TEXT) FROM messages mm WHERE mm.id = n.subject_id)`,
	fanOut:  fanOutMessage,
}

// fanOutMessage: every other current participant.
func fanOutMessage(ctx context.Context, tx *sql.Tx, id int64) ([]hearth.NewNotification, error) {
	var author, conv int64
	err := tx.QueryRowContext(ctx, `SELECT author_id, conversation_id FROM messages WHERE id = $1 AND status = 'published'`, id).Scan(&author, &conv)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	ids, err := recipients(ctx, tx, `SELECT cp.member_id FROM conversation_participants cp WHERE cp.conversation_id = $1 AND cp.member_id <> $2
		AND NOT EXISTS (SELECT 1 FROM member_blocks b WHERE b.member_id = cp.member_id AND b.blocked_id = $2) ORDER BY cp.member_id`, conv, author)
	var out []hearth.NewNotification
	for _, r := range ids {
		out = append(out, hearth.NewNotification{Recipient: r, Kind: hearth.NotifyMessage, Actor: author, Subject: hearth.Subject{Type: hearth.SubjectMessage, ID: id}})
	}
	return out, err
}

// --- Writing -------------------------------------------------------------

// blockers lists, of the members ids, those who blocked sender.
func blockers(ctx context.Context, q querier, sender int64, ids []int64) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := []any{sender}
	ph := make([]string, len(ids))
	for i, id := range ids {
		args = append(args, id)
		ph[i] = "$" + strconv.Itoa(i+2)
	}
	rows, err := q.QueryContext(ctx, `SELECT m.handle FROM member_blocks b JOIN members m ON m.id = b.member_id
		WHERE b.blocked_id = $1 AND b.member_id IN (`+strings.Join(ph, ", ")+`) ORDER BY m.handle`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// blockedError names who refuses the sender's messages. With one other
// member it is the plain sentence the forms show.
func blockedError(handles []string, others int) error {
	if others <= 1 {
		return hearth.ErrBlocked
	}
	return hearth.Errorf(hearth.EForbidden, "@%s does not accept messages from you, so you cannot write to this group. You can write to the others without them.", strings.Join(handles, ", @"))
}

// insertMessage adds a message, moves the conversation on, marks it read
// for its author and queues its notifications.
func (db *DB) insertMessage(ctx context.Context, tx *sql.Tx, viewer *hearth.Member, conv int64, body string, now time.Time) (*hearth.Message, error) {
	html := db.Render(body)
	m := &hearth.Message{ConversationID: conv, Author: viewer.Handle, AuthorRole: viewer.Role, Body: body, BodyHTML: html, CreatedAt: now.Truncate(time.Millisecond)}
	if err := tx.QueryRowContext(ctx, `INSERT INTO messages (conversation_id, author_id, body, html, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		conv, viewer.ID, body, string(html), ms(now)).Scan(&m.ID); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conversations SET last_message_at = $1 WHERE id = $2`, ms(now), conv); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE conversation_participants SET last_read_id = $1 WHERE conversation_id = $2 AND member_id = $3`, m.ID, conv, viewer.ID); err != nil {
		return nil, err
	}
	return m, db.notifyTx(ctx, tx, hearth.Subject{Type: hearth.SubjectMessage, ID: m.ID})
}

// StartConversation starts a conversation with its first message.
func (db *DB) StartConversation(ctx context.Context, viewer *hearth.Member, n hearth.NewConversation) (*hearth.Conversation, *hearth.Message, error) {
	if viewer == nil {
		return nil, nil, signInForMessages()
	}
	if err := n.Validate(viewer.Handle); err != nil {
		return nil, nil, err
	}
	now := db.Now().UTC()
	var c *hearth.Conversation
	var m *hearth.Message
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkSanctions(ctx, tx, viewer.ID, now); err != nil {
			return err
		}
		ids := make([]int64, 0, len(n.To))
		for _, h := range n.To {
			var id int64
			var status string
			err := tx.QueryRowContext(ctx, `SELECT id, status FROM members WHERE handle = $1`, h).Scan(&id, &status)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && status == hearth.StatusDeleted) {
				return hearth.FieldErrorf("to", "There is no member called @%s. Please check the handle.", h)
			} else if err != nil {
				return err
			} else if status == hearth.StatusMemorial { // account.go
				return hearth.FieldErrorf("to", "@%s is a memorial account and cannot receive messages.", h)
			}
			ids = append(ids, id)
		}
		if bs, err := blockers(ctx, tx, viewer.ID, ids); err != nil {
			return err
		} else if len(bs) > 0 {
			return blockedError(bs, len(ids))
		}
		c = &hearth.Conversation{Subject: n.Subject, Participants: append([]string{viewer.Handle}, n.To...),
			CreatedAt: now.Truncate(time.Millisecond), LastAt: now.Truncate(time.Millisecond), LastFrom: viewer.Handle}
		if err := tx.QueryRowContext(ctx, `INSERT INTO conversations (subject, created_by, created_at, last_message_at) VALUES ($1, $2, $3, $3) RETURNING id`,
			n.Subject, viewer.ID, ms(now)).Scan(&c.ID); err != nil {
			return err
		}
		for i, id := range append([]int64{viewer.ID}, ids...) {
			// joined_at orders the participants: the starter first.
			if _, err := tx.ExecContext(ctx, `INSERT INTO conversation_participants (conversation_id, member_id, joined_at) VALUES ($1, $2, $3)`,
				c.ID, id, ms(now)+int64(i)); err != nil {
				return err
			}
		}
		var err error
		m, err = db.insertMessage(ctx, tx, viewer, c.ID, n.Body, now)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return c, m, nil
}

// SendMessage adds a message to a conversation the viewer is in.
func (db *DB) SendMessage(ctx context.Context, viewer *hearth.Member, conv int64, body string) (*hearth.Message, error) {
	if viewer == nil {
		return nil, signInForMessages()
	}
	if err := hearth.CheckText(body); err != nil {
		return nil, err
	}
	body, err := hearth.CleanMessage(body)
	if err != nil {
		return nil, err
	}
	now := db.Now().UTC()
	var m *hearth.Message
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		others, err := recipients(ctx, tx, `SELECT cp.member_id FROM conversation_participants cp`+viewerIn("cp.conversation_id")+`
			WHERE cp.conversation_id = $2 ORDER BY cp.member_id`, viewer.ID, conv)
		if err != nil {
			return err
		}
		if len(others) == 0 {
			return errNoConversation
		}
		others = slices.DeleteFunc(others, func(id int64) bool { return id == viewer.ID })
		if err := checkSanctions(ctx, tx, viewer.ID, now); err != nil {
			return err
		}
		if len(others) == 0 {
			return hearth.Errorf(hearth.EConflict, "Everyone else has left this conversation, so nobody would read your message. Start a new conversation instead.")
		}
		if bs, err := blockers(ctx, tx, viewer.ID, others); err != nil {
			return err
		} else if len(bs) > 0 {
			return blockedError(bs, len(others))
		}
		m, err = db.insertMessage(ctx, tx, viewer, conv, body, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// LeaveConversation takes the viewer out of a conversation.
func (db *DB) LeaveConversation(ctx context.Context, viewer *hearth.Member, id int64) error {
	if viewer == nil {
		return signInForMessages()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM conversation_participants WHERE conversation_id = $1 AND member_id = $2`, id, viewer.ID)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return errNoConversation
		}
		return nil
	})
}

// --- Reading --------------------------------------------------------------

const conversationColumns = `c.id, c.subject, c.created_at, c.last_message_at,
	(SELECT COUNT(*) FROM messages um WHERE um.conversation_id = c.id AND um.id > vp.last_read_id AND um.author_id <> vp.member_id AND um.status = 'published'),
	COALESCE((SELECT la.handle FROM messages lm JOIN members la ON la.id = lm.author_id WHERE lm.conversation_id = c.id ORDER BY lm.id DESC LIMIT 1), '')`

func scanConversation(row rowScanner) (*hearth.Conversation, error) {
	var c hearth.Conversation
	var created, last int64
	if err := row.Scan(&c.ID, &c.Subject, &created, &last, &c.Unread, &c.LastFrom); err != nil {
		return nil, err
	}
	c.CreatedAt, c.LastAt = fromMS(created), fromMS(last)
	c.Participants = []string{}
	return &c, nil
}

// maxConversations bounds the list of a member's conversations.
const maxConversations = 200

// ListConversations lists the viewer's conversations, newest first.
func (db *DB) ListConversations(ctx context.Context, viewer *hearth.Member) ([]*hearth.Conversation, error) {
	if viewer == nil {
		return nil, signInForMessages()
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+conversationColumns+` FROM conversations c`+viewerIn("c.id")+`
		ORDER BY c.last_message_at DESC, c.id DESC LIMIT $2`, viewer.ID, maxConversations)
	cs, err := scanAll(rows, err, scanConversation)
	if err != nil || len(cs) == 0 {
		return cs, err
	}
	byID := map[int64]*hearth.Conversation{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	prow, err := db.read.QueryContext(ctx, `SELECT cp.conversation_id, m.handle FROM conversation_participants cp JOIN members m ON m.id = cp.member_id`+
		viewerIn("cp.conversation_id")+` ORDER BY cp.conversation_id, cp.joined_at, m.id`, viewer.ID)
	if err != nil {
		return nil, err
	}
	defer prow.Close()
	for prow.Next() {
		var id int64
		var h string
		if err := prow.Scan(&id, &h); err != nil {
			return nil, err
		}
		if c := byID[id]; c != nil {
			c.Participants = append(c.Participants, h)
		}
	}
	return cs, prow.Err()
}

// participants lists a conversation's current participants, if the
// viewer is one of them.
func participants(ctx context.Context, q querier, viewerID, conv int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.handle FROM conversation_participants cp JOIN members m ON m.id = cp.member_id`+
		viewerIn("cp.conversation_id")+` WHERE cp.conversation_id = $2 ORDER BY cp.joined_at, m.id`, viewerID, conv)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

const messageColumns = `m.id, m.conversation_id, a.handle, a.role, m.body, m.html, m.status, m.created_at`

func scanMessage(row rowScanner) (*hearth.Message, error) {
	var m hearth.Message
	var role, html, status string
	var created int64
	if err := row.Scan(&m.ID, &m.ConversationID, &m.Author, &role, &m.Body, &html, &status, &created); err != nil {
		return nil, err
	}
	m.AuthorRole, m.BodyHTML, m.CreatedAt = hearth.Role(role), template.HTML(html), fromMS(created)
	m.Removed = status == "removed"
	return &m, nil
}

// hideRemoved empties a removed message for its participants.
func hideRemoved(m *hearth.Message) *hearth.Message {
	if m.Removed {
		m.Body, m.BodyHTML = "", ""
	}
	return m
}

// FindConversation returns a conversation with its newest messages and
// marks them read for the viewer.
func (db *DB) FindConversation(ctx context.Context, viewer *hearth.Member, id int64) (*hearth.Conversation, error) {
	if viewer == nil {
		return nil, signInForMessages()
	}
	var lastRead int64
	c, err := scanConversation(db.read.QueryRowContext(ctx, `SELECT `+conversationColumns+` FROM conversations c`+viewerIn("c.id")+
		` WHERE c.id = $2`, viewer.ID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoConversation
	} else if err != nil {
		return nil, err
	}
	// scanConversation reads the shared columns; the viewer's mark is
	// read again here, so that the scan stays one function.
	if err := db.read.QueryRowContext(ctx, `SELECT vp.last_read_id FROM conversation_participants vp WHERE vp.conversation_id = $1 AND vp.member_id = $2`,
		id, viewer.ID).Scan(&lastRead); err != nil {
		return nil, err
	}
	if c.Participants, err = participants(ctx, db.read, viewer.ID, id); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+messageColumns+` FROM messages m JOIN members a ON a.id = m.author_id`+viewerIn("m.conversation_id")+
		` WHERE m.conversation_id = $2 ORDER BY m.id DESC LIMIT $3`, viewer.ID, id, hearth.MessagesPerPage)
	msgs, err := scanAll(rows, err, scanMessage)
	if err != nil {
		return nil, err
	}
	slices.Reverse(msgs)
	var newest int64
	for _, m := range msgs {
		hideRemoved(m)
		m.Unread = m.ID > lastRead && m.Author != viewer.Handle
		newest = max(newest, m.ID)
	}
	c.Messages = msgs
	if newest > lastRead {
		if err := db.inTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE conversation_participants SET last_read_id = $1 WHERE conversation_id = $2 AND member_id = $3 AND last_read_id < $1`,
				newest, id, viewer.ID)
			return err
		}); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// FindMessage returns one message of a conversation the viewer is in.
func (db *DB) FindMessage(ctx context.Context, viewer *hearth.Member, id int64) (*hearth.Message, error) {
	if viewer == nil {
		return nil, signInForMessages()
	}
	m, err := scanMessage(db.read.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages m JOIN members a ON a.id = m.author_id`+
		viewerIn("m.conversation_id")+` WHERE m.id = $2`, viewer.ID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoMessage
	} else if err != nil {
		return nil, err
	}
	return hideRemoved(m), nil
}

// CountUnreadConversations counts the viewer's conversations with unread
// messages.
func (db *DB) CountUnreadConversations(ctx context.Context, viewer *hearth.Member) (int, error) {
	if viewer == nil {
		return 0, nil
	}
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM conversation_participants vp WHERE vp.member_id = CAST($1 AS BIGINT)
		AND EXISTS (SELECT 1 FROM messages um WHERE um.conversation_id = vp.conversation_id AND um.id > vp.last_read_id
			AND um.author_id <> vp.member_id AND um.status = 'published')`, viewer.ID).Scan(&n)
	return n, err
}

// IsNewToMessages reports whether the viewer's account is new for
// messages: younger than a day, or without a published post.
func (db *DB) IsNewToMessages(ctx context.Context, viewer *hearth.Member) (bool, error) {
	if viewer == nil {
		return true, nil
	}
	var created int64
	var posted int
	err := db.read.QueryRowContext(ctx, `SELECT m.created_at, CASE WHEN EXISTS (SELECT 1 FROM posts p WHERE p.author_id = m.id AND p.status = 'published')
		THEN 1 ELSE 0 END FROM members m WHERE m.id = $1`, viewer.ID).Scan(&created, &posted)
	if err != nil {
		return true, err
	}
	return db.Now().Sub(fromMS(created)) < hearth.NewMemberAge || posted == 0, nil
}

// --- Reports ----------------------------------------------------------------

// ReportMessage records the viewer's report of a message in one of their
// conversations; a second report of the same message replaces the first.
func (db *DB) ReportMessage(ctx context.Context, viewer *hearth.Member, id int64, n hearth.NewFlag) (*hearth.Flag, error) {
	if viewer == nil {
		return nil, signInForMessages()
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	now := db.Now().UTC()
	f := &hearth.Flag{PostID: id, Reporter: viewer.Handle, Reason: n.Reason, Note: n.Note, Status: "open", CreatedAt: now.Truncate(time.Millisecond)}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		m, err := scanMessage(tx.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages m JOIN members a ON a.id = m.author_id`+
			viewerIn("m.conversation_id")+` WHERE m.id = $2`, viewer.ID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return errNoMessage
		} else if err != nil {
			return err
		}
		if m.Author == viewer.Handle {
			return hearth.Errorf(hearth.EForbidden, "This is your own message, so there is nothing to report.")
		}
		if m.Removed {
			return hearth.Errorf(hearth.EConflict, "The moderators already removed this message.")
		}
		f.ID, err = upsertOpenReport(ctx, tx, "message_reports", "message_id", id, viewer.ID, n, now) // moderation.go
		if err != nil || n.Reason != hearth.FlagCrisis {
			return err
		}
		// Someone may be in danger: the moderators on duty hear of it at
		// once, in-app and by email, without the message (care_alerts.go).
		return db.notifyTx(ctx, tx, hearth.Subject{Type: SubjectMessageCrisis, ID: f.ID})
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// messageStaffOnly: reported messages are for the site's moderators and
// admins. Anyone else finds nothing, as for a message not reported.
func messageStaffOnly(viewer *hearth.Member) error {
	if viewer == nil {
		return signInForMessages()
	}
	if !viewer.IsStaff() {
		return errNoMessage
	}
	return nil
}

func listMessageReports(ctx context.Context, q querier, id int64) ([]*hearth.Flag, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, r.message_id, m.handle, r.reason, r.note, r.status, r.created_at FROM message_reports r
		JOIN members m ON m.id = r.reporter_id WHERE r.message_id = $1 AND r.status = 'open' ORDER BY r.id`, id)
	return scanAll(rows, err, func(row rowScanner) (*hearth.Flag, error) {
		var f hearth.Flag
		var reason string
		var created int64
		if err := row.Scan(&f.ID, &f.PostID, &f.Reporter, &reason, &f.Note, &f.Status, &created); err != nil {
			return nil, err
		}
		f.Reason, f.CreatedAt = hearth.FlagReason(reason), fromMS(created)
		return &f, nil
	})
}

// ReportedMessages lists messages with open reports, those reported as a
// crisis first, then oldest report first, with who wrote them and the
// reports, but not their text.
func (db *DB) ReportedMessages(ctx context.Context, viewer *hearth.Member) ([]*hearth.ReportedMessage, error) {
	if err := messageStaffOnly(viewer); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT m.id, m.conversation_id, a.handle, a.role, m.created_at FROM messages m JOIN members a ON a.id = m.author_id
		WHERE EXISTS (SELECT 1 FROM message_reports r WHERE r.message_id = m.id AND r.status = 'open')
		ORDER BY CASE WHEN EXISTS (SELECT 1 FROM message_reports r WHERE r.message_id = m.id AND r.status = 'open' AND r.reason = 'crisis') THEN 0 ELSE 1 END,
			(SELECT MIN(r.created_at) FROM message_reports r WHERE r.message_id = m.id AND r.status = 'open'), m.id LIMIT $1`, maxQueueItems)
	msgs, err := scanAll(rows, err, func(row rowScanner) (*hearth.Message, error) {
		var m hearth.Message
		var role string
		var created int64
		if err := row.Scan(&m.ID, &m.ConversationID, &m.Author, &role, &created); err != nil {
			return nil, err
		}
		m.AuthorRole, m.CreatedAt = hearth.Role(role), fromMS(created)
		return &m, nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]*hearth.ReportedMessage, 0, len(msgs))
	for _, m := range msgs {
		rs, err := listMessageReports(ctx, db.read, m.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, &hearth.ReportedMessage{Message: m, Reports: rs})
	}
	return out, nil
}

// reportedMessage loads a message that was ever reported, with its open
// reports and its moderation history.
func reportedMessage(ctx context.Context, q querier, id int64) (*hearth.ReportedMessage, error) {
	m, err := scanMessage(q.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM messages m JOIN members a ON a.id = m.author_id
		WHERE m.id = $1 AND EXISTS (SELECT 1 FROM message_reports r WHERE r.message_id = m.id)`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoMessage
	} else if err != nil {
		return nil, err
	}
	rm := &hearth.ReportedMessage{Message: m}
	if rm.Reports, err = listMessageReports(ctx, q, id); err != nil {
		return nil, err
	}
	if rm.Reports == nil {
		rm.Reports = []*hearth.Flag{}
	}
	rows, err := q.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE target_type = 'message' AND target_id = $1 ORDER BY id`, id)
	if rm.History, err = scanAll(rows, err, scanAudit); err != nil {
		return nil, err
	}
	return rm, nil
}

// FindReportedMessage shows a reported message to a site moderator and
// writes the look in the audit log, in one transaction: no look without
// its line.
func (db *DB) FindReportedMessage(ctx context.Context, viewer *hearth.Member, id int64) (*hearth.ReportedMessage, error) {
	if err := messageStaffOnly(viewer); err != nil {
		return nil, err
	}
	now := db.Now().UTC()
	var rm *hearth.ReportedMessage
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if rm, err = reportedMessage(ctx, tx, id); err != nil {
			return err
		}
		if err := audit(ctx, tx, memberAuditor(viewer), hearth.AuditEntry{Action: hearth.ActViewMessage, TargetType: "message", TargetID: id,
			Member: rm.Message.Author, Detail: plural(len(rm.Reports), "open report", "open reports")}, now); err != nil {
			return err
		}
		rm, err = reportedMessage(ctx, tx, id) // with this look in its history
		return err
	})
	if err != nil {
		return nil, err
	}
	return rm, nil
}

// ModerateMessage keeps or removes a reported message and closes its
// reports.
func (db *DB) ModerateMessage(ctx context.Context, viewer *hearth.Member, id int64, action hearth.ModAction, reason string) error {
	if err := messageStaffOnly(viewer); err != nil {
		return err
	}
	if err := hearth.CheckText(reason); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case !slices.Contains(hearth.MessageActions, action):
		return hearth.FieldErrorf("action", "Please choose to keep the message or to remove it.")
	case action == hearth.ActRemove && reason == "":
		return hearth.FieldErrorf("reason", "Please say in a few words why you remove it. It goes in the audit log.")
	case len([]rune(reason)) > hearth.MaxModReasonRunes:
		return hearth.FieldErrorf("reason", "Please keep the reason under %d characters.", hearth.MaxModReasonRunes)
	}
	now := db.Now().UTC()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		rm, err := reportedMessage(ctx, tx, id)
		if err != nil {
			return err
		}
		if action == hearth.ActRemove {
			if _, err := tx.ExecContext(ctx, `UPDATE messages SET status = 'removed' WHERE id = $1`, id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE message_reports SET status = 'resolved', resolution = $1, resolved_at = $2, resolved_by = $3
			WHERE message_id = $4 AND status = 'open'`, string(action), ms(now), viewer.ID, id); err != nil {
			return err
		}
		return audit(ctx, tx, memberAuditor(viewer), hearth.AuditEntry{Action: action, TargetType: "message", TargetID: id,
			Member: rm.Message.Author, Reason: reason, Detail: "private message; " + plural(len(rm.Reports), "report closed", "reports closed")}, now)
	})
}

// --- Blocks -------------------------------------------------------------------

// Block stops a member from writing to the viewer.
func (db *DB) Block(ctx context.Context, viewer *hearth.Member, handle string) error {
	if viewer == nil {
		return signInForMessages()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		m, err := findMemberTx(ctx, tx, handle)
		if err != nil {
			return err
		}
		if m.ID == viewer.ID {
			return hearth.Errorf(hearth.EInvalid, "You cannot block yourself.")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO member_blocks (member_id, blocked_id, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (member_id, blocked_id) DO NOTHING`, viewer.ID, m.ID, ms(db.Now()))
		return err
	})
}

// Unblock lets a member write to the viewer again.
func (db *DB) Unblock(ctx context.Context, viewer *hearth.Member, handle string) error {
	if viewer == nil {
		return signInForMessages()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM member_blocks WHERE member_id = $1 AND blocked_id = (SELECT id FROM members WHERE handle = $2)`,
			viewer.ID, hearth.NormalizeHandle(handle))
		return err
	})
}

// ListBlocks lists the members the viewer blocked, by handle.
func (db *DB) ListBlocks(ctx context.Context, viewer *hearth.Member) ([]*hearth.Block, error) {
	if viewer == nil {
		return nil, signInForMessages()
	}
	rows, err := db.read.QueryContext(ctx, `SELECT m.handle, b.created_at FROM member_blocks b JOIN members m ON m.id = b.blocked_id
		WHERE b.member_id = $1 ORDER BY m.handle`, viewer.ID)
	return scanAll(rows, err, func(row rowScanner) (*hearth.Block, error) {
		var b hearth.Block
		var created int64
		if err := row.Scan(&b.Handle, &created); err != nil {
			return nil, err
		}
		b.CreatedAt = fromMS(created)
		return &b, nil
	})
}

// IsBlocked reports whether the viewer blocked handle.
func (db *DB) IsBlocked(ctx context.Context, viewer *hearth.Member, handle string) (bool, error) {
	if viewer == nil {
		return false, nil
	}
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM member_blocks b JOIN members m ON m.id = b.blocked_id
		WHERE b.member_id = $1 AND m.handle = $2`, viewer.ID, hearth.NormalizeHandle(handle)).Scan(&n)
	return n > 0, err
}
