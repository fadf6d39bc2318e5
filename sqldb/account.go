package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/password"
)

var _ hearth.AccountService = (*DB)(nil)

// exportStale is how long an export may stay "preparing" before a new
// request treats it as failed (the process building it stopped).
const exportStale = 10 * time.Minute

func needMember(viewer *hearth.Member, what string) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in to %s.", what)
	}
	return nil
}

const exportColumns = `id, status, size, created_at, ready_at`

func scanExport(row rowScanner) (*hearth.DataExport, error) {
	var e hearth.DataExport
	var created int64
	var ready sql.NullInt64
	if err := row.Scan(&e.ID, &e.Status, &e.Size, &created, &ready); err != nil {
		return nil, err
	}
	e.CreatedAt = fromMS(created)
	if ready.Valid {
		t := fromMS(ready.Int64)
		e.ReadyAt = &t
	}
	return &e, nil
}

// LatestExport returns the member's newest export that is being prepared
// or may still be downloaded; not_found when there is none.
func (db *DB) LatestExport(ctx context.Context, viewer *hearth.Member) (*hearth.DataExport, error) {
	if err := needMember(viewer, "see your data export"); err != nil {
		return nil, err
	}
	return latestExport(ctx, db.read, viewer.ID, db.Now())
}

func latestExport(ctx context.Context, q querier, memberID int64, now time.Time) (*hearth.DataExport, error) {
	e, err := scanExport(q.QueryRowContext(ctx, `SELECT `+exportColumns+` FROM data_exports
		WHERE member_id = $1 AND ((status = 'preparing' AND created_at > $2) OR (status = 'ready' AND ready_at > $3))
		ORDER BY id DESC LIMIT 1`, memberID, ms(now.Add(-exportStale)), ms(now.Add(-hearth.ExportLifetime))))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hearth.Errorf(hearth.ENotFound, "You have no data export yet.")
	}
	return e, err
}

// errExportPreparing is the answer to a second request while the first
// is still being built.
var errExportPreparing = hearth.Errorf(hearth.EConflict, "Your export is already being prepared. Please come back to this page in a few minutes to download it.")

// RequestExport builds the member's export archive. While one is being
// prepared a second request gets a conflict and starts nothing; while a
// ready one may be downloaded it is returned (ready true) unless fresh
// asks for a new one. The archive is built outside any transaction.
func (db *DB) RequestExport(ctx context.Context, viewer *hearth.Member, build hearth.ExportBuilder, fresh bool) (*hearth.DataExport, bool, error) {
	if err := needMember(viewer, "export your data"); err != nil {
		return nil, false, err
	}
	now := db.Now()
	var e *hearth.DataExport
	var ready bool
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		e, ready = nil, false
		// An export left "preparing" by a stopped process does not block.
		if _, err := tx.ExecContext(ctx, `UPDATE data_exports SET status = 'failed' WHERE member_id = $1 AND status = 'preparing' AND created_at <= $2`,
			viewer.ID, ms(now.Add(-exportStale))); err != nil {
			return err
		}
		cur, err := latestExport(ctx, tx, viewer.ID, now)
		if err != nil && hearth.ErrorCode(err) != hearth.ENotFound {
			return err
		}
		if cur != nil && cur.Status == hearth.ExportPreparing {
			return errExportPreparing
		}
		if cur != nil && !fresh {
			e, ready = cur, true
			return nil
		}
		e = &hearth.DataExport{Status: hearth.ExportPreparing, CreatedAt: fromMS(ms(now))}
		err = tx.QueryRowContext(ctx, `INSERT INTO data_exports (member_id, status, created_at) VALUES ($1, 'preparing', $2) RETURNING id`,
			viewer.ID, ms(now)).Scan(&e.ID)
		if isUnique(err) {
			return errExportPreparing
		}
		return err
	})
	if err != nil || ready {
		return e, ready, err
	}
	archive, err := db.buildExport(ctx, viewer.ID, build)
	if err != nil {
		_ = db.inTx(context.WithoutCancel(ctx), func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE data_exports SET status = 'failed' WHERE id = $1`, e.ID)
			return err
		})
		return nil, false, err
	}
	done := db.Now()
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		// Only the newest archive is kept.
		if _, err := tx.ExecContext(ctx, `DELETE FROM data_exports WHERE member_id = $1 AND id <> $2`, viewer.ID, e.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE data_exports SET status = 'ready', archive = $1, size = $2, ready_at = $3 WHERE id = $4`,
			archive, int64(len(archive)), ms(done), e.ID)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	t := fromMS(ms(done))
	e.Status, e.Size, e.ReadyAt = hearth.ExportReady, int64(len(archive)), &t
	return e, false, nil
}

func (db *DB) buildExport(ctx context.Context, memberID int64, build hearth.ExportBuilder) ([]byte, error) {
	data, err := db.ExportData(ctx, memberID)
	if err != nil {
		return nil, err
	}
	return build(ctx, data)
}

// ExportArchive returns the bytes of one of the member's ready exports.
func (db *DB) ExportArchive(ctx context.Context, viewer *hearth.Member, id int64) ([]byte, error) {
	if err := needMember(viewer, "download your data export"); err != nil {
		return nil, err
	}
	var b []byte
	err := db.read.QueryRowContext(ctx, `SELECT archive FROM data_exports WHERE id = $1 AND member_id = $2 AND status = 'ready' AND ready_at > $3`,
		id, viewer.ID, ms(db.Now().Add(-hearth.ExportLifetime))).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hearth.Errorf(hearth.ENotFound, "That export is not there any more. Exports are kept for a week; please ask for a new one.")
	}
	return b, err
}

func monthString(m int64) string {
	return fmt.Sprintf("%04d-%02d", m/12, m%12+1)
}

func accountTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

// ExportData collects everything a member wrote, for their export.
// Comments by others are included only where they are published on the
// member's own stories; guests' email addresses never are.
func (db *DB) ExportData(ctx context.Context, memberID int64) (*hearth.ExportData, error) {
	q := db.read
	d := &hearth.ExportData{ExportedAt: db.Now().UTC().Truncate(time.Millisecond)}
	var created int64
	var role string
	if err := q.QueryRowContext(ctx, `SELECT id, handle, email, role, bio, created_at FROM members WHERE id = $1`, memberID).
		Scan(&d.Profile.ID, &d.Profile.Handle, &d.Profile.Email, &role, &d.Profile.Bio, &created); err != nil {
		return nil, err
	}
	d.Profile.Role, d.Profile.CreatedAt = hearth.Role(role), fromMS(created)

	rows, err := q.QueryContext(ctx, `SELECT p.id, p.thread_id, c.slug, CASE WHEN p.position = 0 THEN t.title ELSE '' END, p.body, p.status, p.created_at, p.edited_at, p.position
		FROM posts p JOIN threads t ON t.id = p.thread_id JOIN communities c ON c.id = t.community_id
		WHERE p.author_id = $1 ORDER BY p.id`, memberID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var p hearth.ExportPost
		var edited sql.NullInt64
		var pos int
		if err := rows.Scan(&p.ID, &p.ThreadID, &p.Community, &p.Title, &p.Body, &p.Status, &created, &edited, &pos); err != nil {
			rows.Close()
			return nil, err
		}
		p.CreatedAt, p.EditedAt = fromMS(created), accountTime(edited)
		if pos == 0 {
			d.Threads = append(d.Threads, p)
		} else {
			d.Replies = append(d.Replies, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = q.QueryContext(ctx, `SELECT id, title, body, body_html, visibility, COALESCE(cover, ''), cover_alt, created_at, edited_at
		FROM stories WHERE author_id = $1 ORDER BY id`, memberID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var s hearth.ExportStory
		var edited sql.NullInt64
		if err := rows.Scan(&s.ID, &s.Title, &s.Body, &s.BodyHTML, &s.Visibility, &s.Cover, &s.CoverAlt, &created, &edited); err != nil {
			rows.Close()
			return nil, err
		}
		s.CreatedAt, s.EditedAt, s.Comments = fromMS(created), accountTime(edited), []hearth.ExportComment{}
		d.Stories = append(d.Stories, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = q.QueryContext(ctx, `SELECT sc.id, sc.story_id, COALESCE(sc.parent_id, 0), COALESCE(m.handle, sc.guest_name), sc.body, sc.body_html, sc.status, sc.created_at,
			CASE WHEN s.author_id = $1 THEN 1 ELSE 0 END, CASE WHEN sc.author_id = $1 THEN 1 ELSE 0 END
		FROM story_comments sc JOIN stories s ON s.id = sc.story_id LEFT JOIN members m ON m.id = sc.author_id
		WHERE (s.author_id = $1 AND (sc.status = 'published' OR sc.author_id = $1)) OR sc.author_id = $1 ORDER BY sc.id`, memberID)
	comments, err := scanAll(rows, err, scanExportComment)
	if err != nil {
		return nil, err
	}
	byStory := map[int64]int{}
	for i, s := range d.Stories {
		byStory[s.ID] = i
	}
	for _, c := range comments {
		if c.onOwn {
			i := byStory[c.StoryID]
			d.Stories[i].Comments = append(d.Stories[i].Comments, c.ExportComment)
		}
		if c.byMember {
			d.Comments = append(d.Comments, c.ExportComment)
		}
	}

	if d.Reports, err = exportReports(ctx, q, memberID); err != nil {
		return nil, err
	}

	rows, err = q.QueryContext(ctx, `SELECT f.target_kind, f.target_id, COALESCE(CASE f.target_kind
			WHEN 'community' THEN (SELECT c.name FROM communities c WHERE c.id = f.target_id)
			WHEN 'thread' THEN (SELECT t.title FROM threads t WHERE t.id = f.target_id)
			WHEN 'member' THEN (SELECT m.handle FROM members m WHERE m.id = f.target_id)
			WHEN 'event' THEN (SELECT e.title FROM events e WHERE e.id = f.target_id) END, ''), f.created_at
		FROM follows f WHERE f.member_id = $1 ORDER BY f.created_at`, memberID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var f hearth.ExportFollow
		if err := rows.Scan(&f.Kind, &f.ID, &f.Name, &created); err != nil {
			rows.Close()
			return nil, err
		}
		f.CreatedAt, f.Name = fromMS(created), hearth.DisplayHandle(f.Name)
		d.Follows = append(d.Follows, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	rows, err = q.QueryContext(ctx, `SELECT kind, email_mode FROM notify_prefs WHERE member_id = $1 ORDER BY kind`, memberID)
	prefs, err := scanAll(rows, err, func(r rowScanner) (hearth.ExportNotifyPref, error) {
		var p hearth.ExportNotifyPref
		return p, r.Scan(&p.Kind, &p.Email)
	})
	if err != nil {
		return nil, err
	}
	d.Notifications = prefs
	rows, err = q.QueryContext(ctx, `SELECT c.slug, ms.status, ms.created_at FROM memberships ms JOIN communities c ON c.id = ms.community_id
		WHERE ms.member_id = $1 ORDER BY c.slug`, memberID)
	ms_, err := scanAll(rows, err, func(r rowScanner) (hearth.ExportMembership, error) {
		var m hearth.ExportMembership
		var at int64
		err := r.Scan(&m.Community, &m.Status, &at)
		m.JoinedAt = fromMS(at)
		return m, err
	})
	if err != nil {
		return nil, err
	}
	d.Memberships = ms_
	if d.Conversations, err = exportConversations(ctx, q, memberID); err != nil {
		return nil, err
	}
	return d, nil
}

// exportConversations collects the conversations the member still takes
// part in, with everyone's published messages: what they could read on
// their messages pages. Conversations they left and messages moderators
// removed are not exported (docs/decisions.md).
func exportConversations(ctx context.Context, q querier, memberID int64) ([]hearth.ExportConversation, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.subject, c.created_at FROM conversations c`+viewerIn("c.id")+` ORDER BY c.id`, memberID)
	convs, err := scanAll(rows, err, func(r rowScanner) (hearth.ExportConversation, error) {
		var c hearth.ExportConversation
		var at int64
		err := r.Scan(&c.ID, &c.Subject, &at)
		c.CreatedAt, c.Participants, c.Messages = fromMS(at), []string{}, []hearth.ExportMessage{}
		return c, err
	})
	if err != nil || len(convs) == 0 {
		return []hearth.ExportConversation{}, err
	}
	byID := map[int64]int{}
	for i, c := range convs {
		byID[c.ID] = i
	}
	type part struct {
		conv   int64
		handle string
	}
	rows, err = q.QueryContext(ctx, `SELECT cp.conversation_id, m.handle FROM conversation_participants cp JOIN members m ON m.id = cp.member_id`+
		viewerIn("cp.conversation_id")+` ORDER BY cp.conversation_id, cp.joined_at, m.id`, memberID)
	parts, err := scanAll(rows, err, func(r rowScanner) (part, error) {
		var p part
		return p, r.Scan(&p.conv, &p.handle)
	})
	if err != nil {
		return nil, err
	}
	for _, p := range parts {
		c := &convs[byID[p.conv]]
		c.Participants = append(c.Participants, hearth.DisplayHandle(p.handle))
	}
	type msg struct {
		conv int64
		hearth.ExportMessage
	}
	rows, err = q.QueryContext(ctx, `SELECT m.conversation_id, m.id, a.handle, CASE WHEN m.author_id = CAST($1 AS BIGINT) THEN 1 ELSE 0 END, m.body, m.html, m.created_at
		FROM messages m JOIN members a ON a.id = m.author_id`+viewerIn("m.conversation_id")+`
		WHERE m.status = 'published' ORDER BY m.conversation_id, m.id`, memberID)
	msgs, err := scanAll(rows, err, func(r rowScanner) (msg, error) {
		var m msg
		var mine int
		var at int64
		err := r.Scan(&m.conv, &m.ID, &m.Author, &mine, &m.Body, &m.BodyHTML, &at)
		m.Author, m.Mine, m.CreatedAt = hearth.DisplayHandle(m.Author), mine == 1, fromMS(at)
		return m, err
	})
	if err != nil {
		return nil, err
	}
	for _, m := range msgs {
		c := &convs[byID[m.conv]]
		c.Messages = append(c.Messages, m.ExportMessage)
	}
	return convs, nil
}

type exportComment struct {
	hearth.ExportComment
	onOwn, byMember bool
}

func scanExportComment(r rowScanner) (exportComment, error) {
	var c exportComment
	var created int64
	var own, by int
	err := r.Scan(&c.ID, &c.StoryID, &c.ParentID, &c.Author, &c.Body, &c.BodyHTML, &c.Status, &created, &own, &by)
	c.CreatedAt, c.onOwn, c.byMember = fromMS(created), own == 1, by == 1
	c.Author = hearth.DisplayHandle(c.Author)
	return c, err
}

func exportReports(ctx context.Context, q querier, memberID int64) ([]hearth.ExportReport, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.id, c.slug, t.name, r.for_whom, r.started, r.stopped, r.stop_reason, r.effectiveness, r.body, r.created_at, r.updated_at
		FROM tried_reports r JOIN communities c ON c.id = r.community_id JOIN tried_treatments t ON t.id = r.treatment_id
		WHERE r.author_id = $1 ORDER BY r.id`, memberID)
	if err != nil {
		return nil, err
	}
	var out []hearth.ExportReport
	for rows.Next() {
		var r hearth.ExportReport
		var started, created, updated int64
		var stopped sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Community, &r.Treatment, &r.ForWhom, &started, &stopped, &r.StopReason, &r.Effectiveness, &r.Body, &created, &updated); err != nil {
			rows.Close()
			return nil, err
		}
		r.Started, r.CreatedAt, r.UpdatedAt = monthString(started), fromMS(created), fromMS(updated)
		if stopped.Valid {
			r.Stopped = monthString(stopped.Int64)
		}
		r.SideEffects, r.History = []hearth.ExportSideEffect{}, []hearth.ExportReportChange{}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		r := &out[i]
		rows, err := q.QueryContext(ctx, `SELECT name, severity FROM tried_side_effects WHERE report_id = $1 ORDER BY position`, r.ID)
		ses, err := scanAll(rows, err, func(s rowScanner) (hearth.ExportSideEffect, error) {
			var e hearth.ExportSideEffect
			return e, s.Scan(&e.Name, &e.Severity)
		})
		if err != nil {
			return nil, err
		}
		r.SideEffects = append(r.SideEffects, ses...)
		rows, err = q.QueryContext(ctx, `SELECT t.name, v.for_whom, v.started, v.stopped, v.stop_reason, v.effectiveness, v.side_effects, v.body, v.edited_at
			FROM tried_revisions v JOIN tried_treatments t ON t.id = v.treatment_id WHERE v.report_id = $1 ORDER BY v.id`, r.ID)
		hist, err := scanAll(rows, err, func(s rowScanner) (hearth.ExportReportChange, error) {
			var c hearth.ExportReportChange
			var started, edited int64
			var stopped sql.NullInt64
			err := s.Scan(&c.Treatment, &c.ForWhom, &started, &stopped, &c.StopReason, &c.Effectiveness, &c.SideEffects, &c.Body, &edited)
			c.Started, c.EditedAt = monthString(started), fromMS(edited)
			if stopped.Valid {
				c.Stopped = monthString(stopped.Int64)
			}
			return c, err
		})
		if err != nil {
			return nil, err
		}
		r.History = append(r.History, hist...)
	}
	return out, nil
}

// DeleteAccount deletes the viewer's account after checking their
// password. Personal data goes: email, bio, password, sessions, tokens,
// follows (theirs and of them), notification settings and notifications
// (theirs and those they caused), memberships, exports, rate-limit
// counters and queued mail. With DeleteRemovePosts their writing goes too
// (see RemovedPostBody); with DeleteKeepPosts it stays, by "deleted
// member". The row stays under DeletedHandle(id) so that kept posts have
// an author and the audit log's member id still means something; the old
// handle is retired so that no one can sign up as them. It returns the
// upload names whose files the caller removes from the upload store.
func (db *DB) DeleteAccount(ctx context.Context, viewer *hearth.Member, pw string, choice hearth.DeleteChoice) ([]string, error) {
	if err := needMember(viewer, "delete your account"); err != nil {
		return nil, err
	}
	if !choice.Valid() {
		return nil, hearth.FieldErrorf("choice", "Please choose what happens to your posts: keep them readable as \"deleted member\", or remove them.")
	}
	if pw == "" {
		return nil, hearth.FieldErrorf("password", "Please enter your password to confirm that it is you.")
	}
	var hash string
	if err := db.read.QueryRowContext(ctx, `SELECT password_hash FROM members WHERE id = $1 AND status = 'active'`, viewer.ID).Scan(&hash); errors.Is(err, sql.ErrNoRows) {
		return nil, hearth.Errorf(hearth.ENotFound, "This account is already closed.")
	} else if err != nil {
		return nil, err
	}
	if ok, err := password.Verify(pw, hash); err != nil {
		return nil, err
	} else if !ok {
		return nil, hearth.FieldErrorf("password", "That password is not right. Please type your current password to confirm that it is you.")
	}
	now := db.Now()
	var uploads []string
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		uploads = nil
		var handle, email string
		if err := tx.QueryRowContext(ctx, `SELECT handle, email_lower FROM members WHERE id = $1`, viewer.ID).Scan(&handle, &email); err != nil {
			return err
		}
		if choice == hearth.DeleteRemovePosts {
			var err error
			if uploads, err = removeWriting(ctx, tx, viewer.ID); err != nil {
				return err
			}
		}
		if err := dropMailJobs(ctx, tx, db.isPostgres(), viewer.ID, email); err != nil {
			return err
		}
		id := viewer.ID
		idKey := fmt.Sprintf("%%:%d", id)
		for _, s := range []struct {
			q    string
			args []any
		}{
			{`DELETE FROM sessions WHERE member_id = $1`, []any{id}},
			{`DELETE FROM api_tokens WHERE member_id = $1`, []any{id}},
			{`DELETE FROM password_resets WHERE member_id = $1`, []any{id}},
			{`DELETE FROM follows WHERE member_id = $1 OR (target_kind = 'member' AND target_id = $1)`, []any{id}},
			{`DELETE FROM notify_prefs WHERE member_id = $1`, []any{id}},
			{`DELETE FROM notifications WHERE member_id = $1 OR actor_id = $1`, []any{id}},
			{`DELETE FROM memberships WHERE member_id = $1`, []any{id}},
			{`DELETE FROM data_exports WHERE member_id = $1`, []any{id}},
			{`DELETE FROM memorial_requests WHERE member_id = $1`, []any{id}},
			{`DELETE FROM clinician_verifications WHERE member_id = $1`, []any{id}},
			{`DELETE FROM member_welcomes WHERE member_id = $1`, []any{id}},
			{`DELETE FROM rate_limits WHERE key LIKE $1 OR key IN ($2, $3, $4)`, []any{idKey, "signin-login:" + handle, "signin-login:" + email, "forgot-email:" + email}},
			{`INSERT INTO retired_handles (handle, retired_at) VALUES ($1, $2) ON CONFLICT (handle) DO NOTHING`, []any{handle, ms(now)}},
			{`UPDATE members SET handle = $1, email = '', email_lower = $2, password_hash = '', bio = '', role = 'member', status = 'deleted', status_at = $3 WHERE id = $4`,
				[]any{hearth.DeletedHandle(id), hearth.DeletedHandle(id) + "@deleted.invalid", ms(now), id}},
		} {
			if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
				return fmt.Errorf("delete account: %w", err)
			}
		}
		if ok, err := tableExists(ctx, tx, db.isPostgres(), "mentor_volunteers"); err != nil {
			return err
		} else if ok {
			if _, err := tx.ExecContext(ctx, `DELETE FROM mentor_volunteers WHERE member_id = $1`, id); err != nil {
				return err
			}
		}
		// Private messages (messages.go): they leave every conversation and
		// their blocks go; what they wrote stays for the others, by "deleted
		// member", unless they remove their posts.
		if ok, err := tableExists(ctx, tx, db.isPostgres(), "conversation_participants"); err != nil {
			return err
		} else if ok {
			qs := []string{`DELETE FROM conversation_participants WHERE member_id = $1`, `DELETE FROM member_blocks WHERE member_id = $1 OR blocked_id = $1`}
			if choice == hearth.DeleteRemovePosts {
				qs = append(qs, `UPDATE messages SET body = '', html = '', status = 'removed' WHERE author_id = $1`)
			}
			for _, q := range qs {
				if _, err := tx.ExecContext(ctx, q, id); err != nil {
					return err
				}
			}
		}
		detail := "posts kept as deleted member"
		if choice == hearth.DeleteRemovePosts {
			detail = "posts removed"
		}
		return audit(ctx, tx, auditor{id: id, handle: hearth.DeletedHandle(id), role: "member"},
			hearth.AuditEntry{Action: hearth.ActDeleted, TargetType: "member", TargetID: id, Detail: detail}, now)
	})
	if err != nil {
		return nil, err
	}
	return uploads, nil
}

// removeWriting removes a deleting member's writing. Posts are not
// deleted but emptied and marked removed, so that reply positions and
// the threads others answered stay whole; the search index follows the
// new text by its triggers and never shows removed posts. A thread they
// started loses its title; when nobody else answered it, it is removed.
func removeWriting(ctx context.Context, tx *sql.Tx, id int64) ([]string, error) {
	removedHTML := "<p>" + hearth.RemovedPostBody + "</p>"
	var uploads []string
	rows, err := tx.QueryContext(ctx, `SELECT name FROM uploads WHERE member_id = $1`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		uploads = append(uploads, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, s := range []struct {
		q    string
		args []any
	}{
		{`DELETE FROM post_revisions WHERE post_id IN (SELECT id FROM posts WHERE author_id = $1)`, []any{id}},
		{`UPDATE threads SET title = $1, excerpt = '', status = CASE WHEN EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = threads.id AND p.author_id <> $2 AND p.status = 'published') THEN status ELSE 'removed' END
			WHERE author_id = $2`, []any{hearth.RemovedThreadTitle, id}},
		// The opening post of a thread that stays keeps its place, as a note.
		{`UPDATE posts SET body = $1, body_html = $2, status = CASE WHEN position = 0 AND EXISTS (SELECT 1 FROM threads t WHERE t.id = posts.thread_id AND t.status <> 'removed')
			THEN status ELSE 'removed' END WHERE author_id = $3`, []any{hearth.RemovedPostBody, removedHTML, id}},
		{`UPDATE story_comments SET body = '', body_html = '', status = 'removed' WHERE author_id = $1`, []any{id}},
		{`DELETE FROM stories WHERE author_id = $1`, []any{id}},
		{`DELETE FROM uploads WHERE member_id = $1`, []any{id}},
		{`DELETE FROM tried_reports WHERE author_id = $1`, []any{id}},
	} {
		if _, err := tx.ExecContext(ctx, s.q, s.args...); err != nil {
			return nil, fmt.Errorf("remove writing: %w", err)
		}
	}
	return uploads, nil
}

// dropMailJobs deletes the queued River jobs that would mail a member:
// their digests, their notifications' emails and password resets. River's
// tables exist only once package jobs has run its migrations.
func dropMailJobs(ctx context.Context, tx *sql.Tx, postgres bool, memberID int64, email string) error {
	if ok, err := tableExists(ctx, tx, postgres, "river_job"); err != nil || !ok {
		return err
	}
	notes := map[int64]bool{}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM notifications WHERE member_id = $1`, memberID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		notes[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// River's SQLite driver keeps args as JSONB (binary); json() reads it
	// back as text. PostgreSQL's jsonb scans as text.
	args := "args"
	if !postgres {
		args = "json(args)"
	}
	rows, err = tx.QueryContext(ctx, `SELECT id, kind, `+args+` FROM river_job
		WHERE kind IN ('hearth_email_digest', 'hearth_email_notification', 'hearth_email_password_reset')
		AND state IN ('available', 'scheduled', 'retryable', 'pending')`)
	if err != nil {
		return err
	}
	var drop []int64
	for rows.Next() {
		var id int64
		var kind string
		var args []byte
		if err := rows.Scan(&id, &kind, &args); err != nil {
			rows.Close()
			return err
		}
		var a struct {
			MemberID       int64  `json:"member_id"`
			NotificationID int64  `json:"notification_id"`
			Email          string `json:"email"`
		}
		if json.Unmarshal(args, &a) != nil {
			continue
		}
		if (kind == "hearth_email_digest" && a.MemberID == memberID) || (kind == "hearth_email_notification" && notes[a.NotificationID]) ||
			(kind == "hearth_email_password_reset" && email != "" && strings.EqualFold(strings.TrimSpace(a.Email), email)) {
			drop = append(drop, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range drop {
		if _, err := tx.ExecContext(ctx, `DELETE FROM river_job WHERE id = $1`, id); err != nil {
			return err
		}
	}
	return nil
}

// tableExists reports whether a table is there: River's, made by its
// own migrator, and those of features that may not be installed.
func tableExists(ctx context.Context, q querier, postgres bool, name string) (bool, error) {
	var n int
	exists := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1`
	if postgres {
		exists = `SELECT COUNT(*) FROM pg_tables WHERE tablename = $1 AND schemaname = current_schema()`
	}
	err := q.QueryRowContext(ctx, exists, name).Scan(&n)
	return n > 0, err
}

// closeAccountAccess ends everything that reaches a member who can no
// longer act: sessions, tokens, password resets, notifications and the
// mail queued for them (memorial accounts).
func closeAccountAccess(ctx context.Context, tx *sql.Tx, postgres bool, memberID int64, email string) error {
	if err := dropMailJobs(ctx, tx, postgres, memberID, email); err != nil {
		return err
	}
	for _, q := range []string{
		`DELETE FROM sessions WHERE member_id = $1`,
		`DELETE FROM api_tokens WHERE member_id = $1`,
		`DELETE FROM password_resets WHERE member_id = $1`,
		`DELETE FROM notifications WHERE member_id = $1`,
		`DELETE FROM follows WHERE member_id = $1`,
		`DELETE FROM data_exports WHERE member_id = $1`,
	} {
		if _, err := tx.ExecContext(ctx, q, memberID); err != nil {
			return err
		}
	}
	// No longer offered as a mentor (mentor.go).
	if ok, err := tableExists(ctx, tx, postgres, "mentor_volunteers"); err != nil {
		return err
	} else if ok {
		if _, err := tx.ExecContext(ctx, `DELETE FROM mentor_volunteers WHERE member_id = $1`, memberID); err != nil {
			return err
		}
	}
	return nil
}

const memorialColumns = `r.id, m.handle, COALESCE(rb.handle, ''), r.relationship, r.note, r.status, r.created_at, COALESCE(db_.handle, ''), r.decided_at`

const memorialFrom = ` FROM memorial_requests r JOIN members m ON m.id = r.member_id
	LEFT JOIN members rb ON rb.id = r.requested_by LEFT JOIN members db_ ON db_.id = r.decided_by`

func scanMemorial(row rowScanner) (*hearth.MemorialRequest, error) {
	var r hearth.MemorialRequest
	var created int64
	var decided sql.NullInt64
	if err := row.Scan(&r.ID, &r.Member, &r.RequestedBy, &r.Relationship, &r.Note, &r.Status, &created, &r.DecidedBy, &decided); err != nil {
		return nil, err
	}
	r.CreatedAt, r.DecidedAt = fromMS(created), accountTime(decided)
	r.RequestedBy = hearth.DisplayHandle(r.RequestedBy)
	return &r, nil
}

// RequestMemorial asks the moderators to make an account a memorial.
// Any signed-in member may ask (family say how they knew the person);
// one request per account waits at a time.
func (db *DB) RequestMemorial(ctx context.Context, viewer *hearth.Member, n hearth.NewMemorialRequest) (*hearth.MemorialRequest, error) {
	if err := needMember(viewer, "ask for a memorial account"); err != nil {
		return nil, err
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	now := db.Now()
	r := &hearth.MemorialRequest{Relationship: n.Relationship, Note: n.Note, Status: "pending", RequestedBy: viewer.Handle, CreatedAt: fromMS(ms(now))}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var target int64
		var status string
		err := tx.QueryRowContext(ctx, `SELECT id, handle, status FROM members WHERE handle = $1`, n.Handle).Scan(&target, &r.Member, &status)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && status == hearth.StatusDeleted) {
			return hearth.FieldErrorf("handle", "There is no member called @%s. Please check the handle.", n.Handle)
		} else if err != nil {
			return err
		}
		if status == hearth.StatusMemorial {
			return hearth.FieldErrorf("handle", "@%s is already a memorial account.", n.Handle)
		}
		if target == viewer.ID {
			return hearth.FieldErrorf("handle", "You cannot ask for your own account to become a memorial. To close it, delete your account in Your data.")
		}
		var pending int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM memorial_requests WHERE member_id = $1 AND status = 'pending'`, target).Scan(&pending); err != nil {
			return err
		} else if pending > 0 {
			return hearth.Errorf(hearth.EConflict, "A request for @%s is already waiting for a moderator. Thank you; there is nothing more to do.", r.Member)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO memorial_requests (member_id, requested_by, relationship, note, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			target, viewer.ID, n.Relationship, n.Note, ms(now)).Scan(&r.ID)
		if isUnique(err) {
			return hearth.Errorf(hearth.EConflict, "A request for @%s is already waiting for a moderator.", r.Member)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// ListMemorialRequests lists the waiting requests, then the 50 latest
// decided ones, for site moderators.
func (db *DB) ListMemorialRequests(ctx context.Context, viewer *hearth.Member) ([]*hearth.MemorialRequest, error) {
	if err := needMember(viewer, "see memorial requests"); err != nil {
		return nil, err
	}
	if !viewer.IsStaff() {
		return nil, hearth.Errorf(hearth.EForbidden, "Only the site's moderators see memorial requests.")
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+memorialColumns+memorialFrom+`
		ORDER BY CASE WHEN r.status = 'pending' THEN 0 ELSE 1 END, r.id DESC LIMIT 100`)
	return scanAll(rows, err, scanMemorial)
}

// DecideMemorial approves or declines a request (site moderators). An
// approved account keeps its handle and posts, shows "In memory of" on
// its profile, can no longer sign in, and gets no notifications or mail.
func (db *DB) DecideMemorial(ctx context.Context, viewer *hearth.Member, id int64, approve bool) error {
	if err := needMember(viewer, "decide memorial requests"); err != nil {
		return err
	}
	if !viewer.IsStaff() {
		return hearth.Errorf(hearth.EForbidden, "Only the site's moderators decide memorial requests.")
	}
	now := db.Now()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		r, err := scanMemorial(tx.QueryRowContext(ctx, `SELECT `+memorialColumns+memorialFrom+` WHERE r.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return hearth.Errorf(hearth.ENotFound, "There is no such memorial request.")
		} else if err != nil {
			return err
		}
		if r.Status != "pending" {
			return hearth.Errorf(hearth.EConflict, "This request was already decided.")
		}
		status := "declined"
		action := hearth.ActDecline
		if approve {
			status, action = "approved", hearth.ActMemorial
		}
		if _, err := tx.ExecContext(ctx, `UPDATE memorial_requests SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4`,
			status, viewer.ID, ms(now), id); err != nil {
			return err
		}
		var memberID int64
		var email string
		if err := tx.QueryRowContext(ctx, `SELECT member_id, (SELECT email_lower FROM members WHERE id = member_id) FROM memorial_requests WHERE id = $1`, id).Scan(&memberID, &email); err != nil {
			return err
		}
		if approve {
			if _, err := tx.ExecContext(ctx, `UPDATE members SET status = 'memorial', status_at = $1 WHERE id = $2 AND status = 'active'`, ms(now), memberID); err != nil {
				return err
			}
			if err := closeAccountAccess(ctx, tx, db.isPostgres(), memberID, email); err != nil {
				return err
			}
		}
		return audit(ctx, tx, memberAuditor(viewer), hearth.AuditEntry{Action: action, TargetType: "member", TargetID: memberID,
			Member: r.Member, Reason: r.Relationship, Detail: "requested by @" + r.RequestedBy}, now)
	})
}

// MemorialSince returns when a memorial account became one.
func (db *DB) MemorialSince(ctx context.Context, memberID int64) (time.Time, error) {
	var at sql.NullInt64
	err := db.read.QueryRowContext(ctx, `SELECT status_at FROM members WHERE id = $1`, memberID).Scan(&at)
	return fromMS(at.Int64), err
}
