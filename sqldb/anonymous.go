package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/hearth-community/hearth"
)

// Anonymous posting (issue 13, migration 0016). posts.author_id keeps the
// real author, so rate limits, spam scoring, holds, sanctions and "edit
// your own post" work as for any post. What readers see is decided here,
// in the SQL every read shares: the author columns below return an empty
// handle and role for an anonymous post, so no page, feed, email, search
// result or API answer built on them can carry the handle. The only way
// to the handle is RevealAuthor, which writes the audit log.

var _ hearth.AnonymousService = (*DB)(nil)

// postAuthorColumns are postColumns' author columns for a post p by the
// member a: handle, ID, role and the anonymous flag. The ID never leaves
// the server (hearth.Post.AuthorID is not in JSON nor on pages).
const postAuthorColumns = `CASE WHEN p.anonymous = 1 THEN '' ELSE a.handle END, a.id, CASE WHEN p.anonymous = 1 THEN '' ELSE a.role END, p.anonymous`

// threadAuthorColumns are threadColumns' author columns for a thread t
// started by the member a: handle, role and the anonymous flag.
const threadAuthorColumns = `CASE WHEN t.anonymous = 1 THEN '' ELSE a.handle END, CASE WHEN t.anonymous = 1 THEN '' ELSE a.role END, t.anonymous`

// anonymousHandle is the handle of the member a as the author of post p,
// for queries that select only a handle (search results).
const anonymousHandle = `CASE WHEN p.anonymous = 1 THEN '' ELSE a.handle END`

// anonymousRole is the role of the member a as the author of post p.
const anonymousRole = `CASE WHEN p.anonymous = 1 THEN '' ELSE a.role END`

// notAnonymousDoc keeps a search document d only if its post is not
// anonymous: searching by author must not find anonymous posts.
const notAnonymousDoc = `NOT EXISTS (SELECT 1 FROM posts ap WHERE ap.id = d.post_id AND ap.anonymous = 1)`

// notificationActor is the handle of a notification n's actor a: empty
// when the notification is about an anonymous post, or a guest's story
// comment (whose actor is the member who approved it, story_notify.go).
const notificationActor = `CASE WHEN n.subject_type = '` + hearth.SubjectPost + `' AND EXISTS (SELECT 1 FROM posts ap
	WHERE ap.id = n.subject_id AND ap.anonymous = 1) THEN ''
	WHEN n.subject_type = '` + hearth.SubjectComment + `' AND EXISTS (SELECT 1 FROM story_comments gc
	WHERE gc.id = n.subject_id AND gc.author_id IS NULL) THEN '' ELSE a.handle END`

// markAnonymous flags a post just written as anonymous, and its thread
// when it is the opening post.
func markAnonymous(ctx context.Context, tx *sql.Tx, threadID, postID int64, opening bool) error {
	if _, err := tx.ExecContext(ctx, `UPDATE posts SET anonymous = 1 WHERE id = $1`, postID); err != nil {
		return err
	}
	if opening {
		_, err := tx.ExecContext(ctx, `UPDATE threads SET anonymous = 1 WHERE id = $1`, threadID)
		return err
	}
	return nil
}

// CreateAnonymousReply adds a reply shown as "a member".
func (db *DB) CreateAnonymousReply(ctx context.Context, viewer *hearth.Member, threadID int64, body string) (*hearth.Post, error) {
	return db.createReply(ctx, viewer, threadID, body, nil, true)
}

// HoldAnonymousReply adds an anonymous reply that waits for review.
func (db *DB) HoldAnonymousReply(ctx context.Context, viewer *hearth.Member, threadID int64, body string, h hearth.Hold) (*hearth.Post, error) {
	return db.createReply(ctx, viewer, threadID, body, &h, true)
}

// ruleAuthor is the author of p for the rules of moderation (who may act
// on whose post): the real role even when p is anonymous, whose scanned
// role is empty. The handle stays empty for an anonymous post.
func ruleAuthor(ctx context.Context, q querier, p *hearth.Post) (*hearth.Member, error) {
	m := &hearth.Member{ID: p.AuthorID, Handle: p.Author, Role: p.AuthorRole}
	if !p.Anonymous {
		return m, nil
	}
	var role string
	if err := q.QueryRowContext(ctx, `SELECT role FROM members WHERE id = $1`, p.AuthorID).Scan(&role); err != nil {
		return nil, err
	}
	m.Role = hearth.Role(role)
	return m, nil
}

// RevealAuthor tells a moderator of the post's community who wrote an
// anonymous post, and records it in the audit log with their reason in
// the same transaction: no reveal without its record. The log names the
// post, not the author, so that reading the log reveals nobody.
func (db *DB) RevealAuthor(ctx context.Context, viewer *hearth.Member, postID int64, reason string) (*hearth.Revealed, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in as a moderator.")
	}
	now := db.Now().UTC()
	var out *hearth.Revealed
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		p, t, _, err := db.modAccess(ctx, tx, viewer, postID) // not found or forbidden for non-moderators
		if err != nil {
			return err
		}
		if !p.Anonymous {
			return hearth.Errorf(hearth.EConflict, "This post is not anonymous: its author is shown on the post.")
		}
		if reason, err = hearth.ValidateRevealReason(reason); err != nil {
			return err
		}
		var handle, role string
		if err := tx.QueryRowContext(ctx, `SELECT handle, role FROM members WHERE id = $1`, p.AuthorID).Scan(&handle, &role); err != nil {
			return err
		}
		if err := audit(ctx, tx, memberAuditor(viewer), hearth.AuditEntry{Action: hearth.ActReveal, TargetType: "post", TargetID: p.ID,
			Community: t.CommunitySlug, Reason: reason, Detail: fmt.Sprintf("revealed author of post %d", p.ID)}, now); err != nil {
			return err
		}
		out = &hearth.Revealed{PostID: p.ID, Author: handle, Role: hearth.Role(role), Reason: reason}
		return nil
	})
	return out, err
}

// ListOwnAnonymousPosts lists the threads where the viewer posted
// anonymously, most recently active first, for their own profile page.
// Nobody else is ever shown this list.
func (db *DB) ListOwnAnonymousPosts(ctx context.Context, viewer *hearth.Member, limit int) ([]*hearth.Thread, error) {
	if viewer == nil {
		return nil, nil
	}
	return db.listThreads(ctx, viewer, ` AND t.id IN (SELECT p.thread_id FROM posts p WHERE p.author_id = CAST($1 AS BIGINT) AND p.anonymous = 1
		AND p.status <> 'removed')`, limit, 0)
}
