package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"time"

	"github.com/hearth-community/hearth"
)

// Live rooms: a session's messages, numbered questions and hidden
// messages. The first message of a session creates its event_sessions
// row; every message bumps that row's count in its transaction, which
// serialises a session's messages so that their ids follow commit order
// and a client replaying "after id N" (Last-Event-ID) misses none.

const liveMessageColumns = `m.id, m.event_id, m.occurs_on, a.handle, a.id, a.role,
	CASE WHEN EXISTS (SELECT 1 FROM event_hosts h WHERE h.event_id = m.event_id AND h.member_id = m.author_id) THEN 1 ELSE 0 END,
	m.kind, m.number, m.topic, m.body, m.body_html, m.created_at`

func scanLiveMessage(row interface{ Scan(...any) error }) (*hearth.LiveMessage, error) {
	var m hearth.LiveMessage
	var role, html string
	var host int
	var created int64
	if err := row.Scan(&m.ID, &m.EventID, &m.Date, &m.Author, &m.AuthorID, &role, &host, &m.Kind, &m.Number, &m.Topic,
		&m.Body, &html, &created); err != nil {
		return nil, err
	}
	m.AuthorRole, m.IsHost, m.BodyHTML, m.CreatedAt = hearth.Role(role), host == 1, template.HTML(html), fromMS(created)
	return &m, nil
}

// PostLiveMessage adds a message to the session whose room is open now.
// Members who may post in the community may write; hosts and moderators
// may post numbered questions. The privacy guard and rate limits are the
// caller's (web), as for posts.
func (db *DB) PostLiveMessage(ctx context.Context, viewer *hearth.Member, id int64, n hearth.NewLiveMessage) (*hearth.LiveMessage, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to take part in the chat.")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	now := db.Now().UTC()
	var m *hearth.LiveMessage
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		e, err := findEvent(ctx, tx, viewer, id)
		if err != nil {
			return err
		}
		c, err := findCommunity(ctx, tx, viewer, e.CommunitySlug, true)
		if err != nil {
			return err
		}
		if !c.CanPost(viewer) {
			return hearth.Errorf(hearth.EForbidden, "Only members of %s can write in this chat. Ask to join the community first.", c.Name)
		}
		o, ok := e.Live(now)
		if !ok {
			return hearth.Errorf(hearth.EConflict, "This chat is not live right now, so your message was not sent. The room opens 15 minutes before each session.")
		}
		if n.Question && !e.IsHost && !c.CanModerate(viewer) {
			return hearth.Errorf(hearth.EForbidden, "Only the hosts can post numbered questions. Your text is still here: send it as a message instead.")
		}
		q := 0
		if n.Question {
			q = 1
		}
		var questions int
		var archived sql.NullInt64
		if err := tx.QueryRowContext(ctx, `INSERT INTO event_sessions (event_id, occurs_on, starts_at, ends_at, question_count, message_count)
			VALUES ($1, $2, $3, $4, $5, 1)
			ON CONFLICT (event_id, occurs_on) DO UPDATE SET message_count = event_sessions.message_count + 1,
				question_count = event_sessions.question_count + EXCLUDED.question_count
			RETURNING question_count, archived_at`, e.ID, o.Date, ms(o.Start), ms(o.End), q).Scan(&questions, &archived); err != nil {
			return err
		}
		if archived.Valid {
			return hearth.Errorf(hearth.EConflict, "This session has ended and its transcript is archived.")
		}
		m = &hearth.LiveMessage{EventID: e.ID, Date: o.Date, Author: viewer.Handle, AuthorID: viewer.ID, AuthorRole: viewer.Role, IsHost: e.IsHost,
			Kind: hearth.LiveKindMessage, Topic: n.Topic, Body: n.Body, BodyHTML: db.Render(n.Body), CreatedAt: now.Truncate(time.Millisecond)}
		if n.Question {
			m.Kind, m.Number = hearth.LiveKindQuestion, questions
		} else if n.Topic > questions {
			return hearth.FieldErrorf("topic", "There is no question Q%d in this chat yet. Choose a question from the list, or none.", n.Topic)
		}
		return tx.QueryRowContext(ctx, `INSERT INTO event_messages (event_id, occurs_on, author_id, kind, number, topic, body, body_html, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			m.EventID, m.Date, viewer.ID, m.Kind, m.Number, m.Topic, m.Body, string(m.BodyHTML), ms(now)).Scan(&m.ID)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// ListLiveMessages lists a session's visible messages after an ID, in
// order. It finds nothing in an event the viewer may not read.
func (db *DB) ListLiveMessages(ctx context.Context, viewer *hearth.Member, id int64, date string, afterID int64, limit int) ([]*hearth.LiveMessage, error) {
	return listLiveMessages(ctx, db.read, viewer, id, date, afterID, limit)
}

func listLiveMessages(ctx context.Context, q querier, viewer *hearth.Member, id int64, date string, afterID int64, limit int) ([]*hearth.LiveMessage, error) {
	vid, staff := viewerArgs(viewer)
	rows, err := q.QueryContext(ctx, `SELECT `+liveMessageColumns+` FROM event_messages m
		JOIN events e ON e.id = m.event_id JOIN communities c ON c.id = e.community_id JOIN members a ON a.id = m.author_id
		WHERE m.event_id = $3 AND m.occurs_on = $4 AND m.id > $5 AND m.hidden_at IS NULL AND `+canReadCommunity+`
		ORDER BY m.id LIMIT $6`, vid, staff, id, date, afterID, limit)
	return scanAll(rows, err, scanLiveMessage)
}

// HiddenLiveMessages lists the IDs of a session's hidden messages, so
// that a client that reconnects removes those hidden while it was away.
func (db *DB) HiddenLiveMessages(ctx context.Context, viewer *hearth.Member, id int64, date string) ([]int64, error) {
	vid, staff := viewerArgs(viewer)
	rows, err := db.read.QueryContext(ctx, `SELECT m.id FROM event_messages m
		JOIN events e ON e.id = m.event_id JOIN communities c ON c.id = e.community_id
		WHERE m.event_id = $3 AND m.occurs_on = $4 AND m.hidden_at IS NOT NULL AND `+canReadCommunity+` ORDER BY m.id`, vid, staff, id, date)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var mid int64
		if err := rows.Scan(&mid); err != nil {
			return nil, err
		}
		out = append(out, mid)
	}
	return out, rows.Err()
}

// HideLiveMessage hides a message from the room and its transcript. Site
// staff and the community's moderators may.
func (db *DB) HideLiveMessage(ctx context.Context, viewer *hearth.Member, id, messageID int64) (*hearth.LiveMessage, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in first.")
	}
	var m *hearth.LiveMessage
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		e, err := findEvent(ctx, tx, viewer, id)
		if err != nil {
			return err
		}
		if !viewer.IsStaff() && !e.IsModerator {
			return hearth.Errorf(hearth.EForbidden, "Only moderators can hide messages.")
		}
		m, err = scanLiveMessage(tx.QueryRowContext(ctx, `SELECT `+liveMessageColumns+` FROM event_messages m JOIN members a ON a.id = m.author_id
			WHERE m.id = $1 AND m.event_id = $2`, messageID, e.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return hearth.Errorf(hearth.ENotFound, "There is no such message in this chat.")
		} else if err != nil {
			return err
		}
		now := db.Now()
		res, err := tx.ExecContext(ctx, `UPDATE event_messages SET hidden_at = $1, hidden_by = $2 WHERE id = $3 AND hidden_at IS NULL`,
			ms(now), viewer.ID, m.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // hidden already
		}
		// Like every moderator action, a line in the audit log.
		return audit(ctx, tx, memberAuditor(viewer), hearth.AuditEntry{Action: hearth.ActHide, TargetType: "live_message", TargetID: m.ID,
			Member: m.Author, Community: e.CommunitySlug, Detail: fmt.Sprintf("a message in the live chat “%s” (event %d) on %s", e.Title, e.ID, m.Date)}, now)
	})
	return m, err
}

// ListSessions lists an event's sessions that had a live room, newest
// first, with their transcript threads.
func (db *DB) ListSessions(ctx context.Context, viewer *hearth.Member, id int64) ([]*hearth.EventSession, error) {
	vid, staff := viewerArgs(viewer)
	rows, err := db.read.QueryContext(ctx, `SELECT s.event_id, s.occurs_on, s.starts_at, s.ends_at, s.message_count, s.question_count,
		COALESCE(s.thread_id, 0), COALESCE(t.title, ''), s.archived_at
		FROM event_sessions s JOIN events e ON e.id = s.event_id JOIN communities c ON c.id = e.community_id
		LEFT JOIN threads t ON t.id = s.thread_id AND t.status = 'published' AND `+viewerInThreadAudience+`
		WHERE s.event_id = $3 AND `+canReadCommunity+` ORDER BY s.starts_at DESC LIMIT 100`, vid, staff, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*hearth.EventSession
	for rows.Next() {
		var s hearth.EventSession
		var start, end int64
		var archived sql.NullInt64
		if err := rows.Scan(&s.EventID, &s.Date, &start, &end, &s.Messages, &s.Questions, &s.ThreadID, &s.ThreadTitle, &archived); err != nil {
			return nil, err
		}
		s.Start, s.End = fromMS(start), fromMS(end)
		if archived.Valid {
			s.ArchivedAt = fromMS(archived.Int64)
		}
		if s.ThreadTitle == "" {
			s.ThreadID = 0
		}
		out = append(out, &s)
	}
	return out, rows.Err()
}
