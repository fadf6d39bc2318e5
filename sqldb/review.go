package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hearth-community/hearth"
)

var _ hearth.ReviewService = (*DB)(nil)

// Who sees posts that are not published, decided in SQL like the rest of
// visibility (visibility.go): a held post is seen by its author and the
// site's moderators, a rejected one by its author only. The viewer's ID
// and staff flag are the same $1 and $2 as canReadCommunity.

//
// Moderation (moderation.go) adds 'hidden', seen by its author and the
// moderators, and 'removed', seen by moderators only; for these two, the
// moderators of the thread's community count as well as the site's.

// canSeeThread is the condition on a thread t opened by its ID.
const canSeeThread = `(t.status = 'published' OR (t.author_id = CAST($1 AS BIGINT) AND t.status <> 'removed')
	OR (CAST($2 AS INTEGER) = 1 AND t.status <> 'rejected')
	OR (t.status IN ('hidden', 'removed') AND ` + moderatesThreadCommunity + `))`

// canListThread is the condition on a thread t in lists: moderators find
// held, hidden and removed threads in the queue, not among the
// community's threads.
const canListThread = `(t.status = 'published' OR (t.author_id = CAST($1 AS BIGINT) AND t.status <> 'removed'))`

// canSeePost is the condition on a post p, with the viewer's ID and staff
// flag in the parameters named.
func canSeePost(viewerParam, staffParam string) string {
	return `(p.status = 'published' OR (p.author_id = CAST(` + viewerParam + ` AS BIGINT) AND p.status <> 'removed')
	OR (CAST(` + staffParam + ` AS INTEGER) = 1 AND p.status <> 'rejected')
	OR (p.status IN ('hidden', 'removed') AND ` + moderatesCommunity("(SELECT vt.community_id FROM threads vt WHERE vt.id = p.thread_id)", viewerParam) + `))`
}

// HoldThread starts a thread whose opening post waits for review.
func (db *DB) HoldThread(ctx context.Context, viewer *hearth.Member, slug string, n hearth.NewThread, h hearth.Hold) (*hearth.Thread, error) {
	return db.createThread(ctx, viewer, slug, n, &h)
}

// HoldReply adds a reply that waits for review. It has no number in the
// thread until it is approved, so it changes no count and no "last
// active" time that others can see.
func (db *DB) HoldReply(ctx context.Context, viewer *hearth.Member, threadID int64, body string, h hearth.Hold) (*hearth.Post, error) {
	return db.createReply(ctx, viewer, threadID, body, &h, false)
}

// HoldEdit replaces a post's body and hides the post until a moderator
// approves it; an opening post hides its thread.
func (db *DB) HoldEdit(ctx context.Context, viewer *hearth.Member, postID int64, body string, h hearth.Hold) (*hearth.Post, error) {
	return db.editPost(ctx, viewer, postID, body, &h)
}

// heldPosition hands out the next negative position of a thread, for a
// new reply that is held.
func heldPosition(ctx context.Context, tx *sql.Tx, threadID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `UPDATE threads SET held_seq = held_seq + 1 WHERE id = $1 RETURNING held_seq`, threadID).Scan(&n)
	return -n, err
}

// holdNew holds a post just written (and its thread, for an opening
// post). A nil hold publishes as usual.
func holdNew(ctx context.Context, tx *sql.Tx, h *hearth.Hold, threadID, postID int64, position int, now time.Time) error {
	if h == nil {
		return nil
	}
	return setHeld(ctx, tx, h, threadID, postID, position, now)
}

func setHeld(ctx context.Context, tx *sql.Tx, h *hearth.Hold, threadID, postID int64, position int, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE posts SET status = 'held' WHERE id = $1`, postID); err != nil {
		return err
	}
	if position == 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET status = 'held' WHERE id = $1`, threadID); err != nil {
			return err
		}
	}
	return openReview(ctx, tx, postID, h, now)
}

// openReview keeps one open review per held post: a held post edited
// again gets its findings updated, not a second place in the queue.
func openReview(ctx context.Context, tx *sql.Tx, postID int64, h *hearth.Hold, now time.Time) error {
	fs := h.Findings
	if fs == nil {
		fs = []hearth.HeldFinding{}
	}
	js, err := json.Marshal(fs)
	if err != nil {
		return err
	}
	reason := h.Reason
	if reason == "" {
		reason = hearth.ReasonPrivacy
	}
	res, err := tx.ExecContext(ctx, `UPDATE post_reviews SET findings = $1, reason = $2 WHERE post_id = $3 AND status = 'open'`, string(js), reason, postID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO post_reviews (post_id, reason, status, findings, created_at) VALUES ($1, $2, 'open', $3, $4)`,
		postID, reason, string(js), ms(now))
	return err
}

// afterEdit settles the status of a post whose body was just replaced.
// With a hold, the post waits for review. Without one: a post that was
// held is published, since the author removed what the guard found
// before anyone decided; a post a moderator rejected goes back to review,
// since the moderator's reasons may not be ones the guard can see.
func (db *DB) afterEdit(ctx context.Context, tx *sql.Tx, p *hearth.Post, h *hearth.Hold, now time.Time) error {
	switch {
	case h != nil:
		p.Status = hearth.StatusHeld
		return setHeld(ctx, tx, h, p.ThreadID, p.ID, p.Position, now)
	case p.Status == hearth.StatusHeld:
		// A first post or a post that scored as spam waits for a
		// moderator whatever its author changes (moderation.go).
		if waits, err := waitsForModerator(ctx, tx, p.ID); err != nil || waits {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE post_reviews SET status = 'withdrawn', decided_at = $1 WHERE post_id = $2 AND status = 'open'`,
			ms(now), p.ID); err != nil {
			return err
		}
		if err := publishPost(ctx, tx, p, now); err != nil {
			return err
		}
		return db.notifyTx(ctx, tx, hearth.Subject{Type: hearth.SubjectPost, ID: p.ID}) // notify.go: as if new
	case p.Status == hearth.StatusRejected:
		reason := hearth.ReasonPrivacy
		if err := tx.QueryRowContext(ctx, `SELECT reason FROM post_reviews WHERE post_id = $1 ORDER BY id DESC LIMIT 1`, p.ID).Scan(&reason); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		p.Status, p.ReviewNote = hearth.StatusHeld, ""
		return setHeld(ctx, tx, &hearth.Hold{Reason: reason}, p.ThreadID, p.ID, p.Position, now)
	}
	return nil
}

// publishPost makes a post (and its thread, for an opening post) visible.
// A reply that was held when it was new gets the next number in the
// thread now, so it appears at the end, as a new reply.
func publishPost(ctx context.Context, tx *sql.Tx, p *hearth.Post, now time.Time) error {
	if p.Position < 0 {
		var pos int
		if err := tx.QueryRowContext(ctx, `UPDATE threads SET reply_count = reply_count + 1, last_activity_at = $1 WHERE id = $2 RETURNING reply_count`,
			ms(now), p.ThreadID).Scan(&pos); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE posts SET status = 'published', position = $1 WHERE id = $2`, pos, p.ID); err != nil {
			return err
		}
		p.Position = pos
	} else if _, err := tx.ExecContext(ctx, `UPDATE posts SET status = 'published' WHERE id = $1`, p.ID); err != nil {
		return err
	}
	if p.Position == 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET status = 'published', last_activity_at = $1 WHERE id = $2`, ms(now), p.ThreadID); err != nil {
			return err
		}
	}
	p.Status = hearth.StatusPublished
	return nil
}

// attachHeld completes a page of a thread for its reader: on the last
// page, the held and rejected replies they may see (which have no number
// yet), and the moderator's note on each rejected post.
func (db *DB) attachHeld(ctx context.Context, viewer *hearth.Member, tp *hearth.ThreadPage) error {
	if viewer == nil {
		return nil // anonymous readers see published posts only
	}
	if tp.Page == tp.Pages {
		vid, staff := viewerArgs(viewer)
		rows, err := db.read.QueryContext(ctx, `SELECT `+postColumns+` FROM posts p JOIN members a ON a.id = p.author_id
			WHERE p.thread_id = $1 AND p.position < 0 AND `+canSeePost("$2", "$3")+` ORDER BY p.id`, tp.Thread.ID, vid, staff)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPost(rows)
			if err != nil {
				return err
			}
			tp.Replies = append(tp.Replies, p)
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, p := range append([]*hearth.Post{tp.Opening}, tp.Replies...) {
		if p != nil && (p.Status == hearth.StatusHidden || p.Status == hearth.StatusRemoved) {
			if err := db.attachModReason(ctx, p); err != nil { // moderation.go
				return err
			}
		}
		if p != nil && p.Status == hearth.StatusRejected {
			if err := db.read.QueryRowContext(ctx, `SELECT note FROM post_reviews WHERE post_id = $1 AND status = 'rejected' ORDER BY id DESC LIMIT 1`,
				p.ID).Scan(&p.ReviewNote); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
	}
	return nil
}

func staffOnly(viewer *hearth.Member) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in as a moderator to review posts.")
	}
	if !viewer.IsStaff() {
		return hearth.Errorf(hearth.EForbidden, "Only the site's moderators can review held posts.")
	}
	return nil
}

// prefixScanner scans some leading columns before a post's columns, so
// that scanPost serves queries that select more.
type prefixScanner struct {
	row  interface{ Scan(...any) error }
	dest []any
}

func (s prefixScanner) Scan(dest ...any) error { return s.row.Scan(append(s.dest, dest...)...) }

// ListReviews lists the posts the privacy guard holds for review, oldest
// first. Posts held for other reasons (a first post, spam) are in the
// moderation queue (moderation.go), with these.
func (db *DB) ListReviews(ctx context.Context, viewer *hearth.Member) ([]*hearth.Review, error) {
	if err := staffOnly(viewer); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT r.id, r.reason, r.findings, r.created_at, t.id, c.slug, c.name, t.title, t.status, `+postColumns+`
		FROM post_reviews r JOIN posts p ON p.id = r.post_id JOIN members a ON a.id = p.author_id
		JOIN threads t ON t.id = p.thread_id JOIN communities c ON c.id = t.community_id
		WHERE r.status = 'open' AND p.status = 'held' AND r.reason = 'privacy' ORDER BY r.created_at, r.id LIMIT 200`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*hearth.Review
	for rows.Next() {
		var r hearth.Review
		var t hearth.Thread
		var findings string
		var created int64
		p, err := scanPost(prefixScanner{rows, []any{&r.ID, &r.Reason, &findings, &created, &t.ID, &t.CommunitySlug, &t.CommunityName, &t.Title, &t.Status}})
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(findings), &r.Findings); err != nil {
			return nil, err
		}
		r.CreatedAt, r.Post, r.Thread = fromMS(created), p, &t
		out = append(out, &r)
	}
	return out, rows.Err()
}

// MaxReviewNoteRunes bounds a moderator's note to an author.
const MaxReviewNoteRunes = 2000

// DecideReview publishes a held post or returns it to its author. A
// moderator may not approve their own post: a second pair of eyes is the
// point. They may withdraw it (reject), or edit out what the guard found.
func (db *DB) DecideReview(ctx context.Context, viewer *hearth.Member, reviewID int64, approve bool, note string) error {
	if err := staffOnly(viewer); err != nil {
		return err
	}
	note = strings.TrimSpace(strings.ReplaceAll(note, "\r\n", "\n"))
	if err := hearth.CheckText(note); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(note); n > MaxReviewNoteRunes {
		return hearth.FieldErrorf("note", "Your note is %d characters long; please keep it under %d.", n, MaxReviewNoteRunes)
	}
	now := db.Now().UTC()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var status string
		p := &hearth.Post{}
		err := tx.QueryRowContext(ctx, `SELECT r.status, p.id, p.thread_id, p.position, p.author_id, p.status
			FROM post_reviews r JOIN posts p ON p.id = r.post_id WHERE r.id = $1`, reviewID).Scan(&status, &p.ID, &p.ThreadID, &p.Position, &p.AuthorID, &p.Status)
		if errors.Is(err, sql.ErrNoRows) {
			return hearth.Errorf(hearth.ENotFound, "There is no such post to review.")
		} else if err != nil {
			return err
		}
		if status != "open" || p.Status != hearth.StatusHeld {
			return hearth.Errorf(hearth.EConflict, "This post was already reviewed, or its author changed it. The list below is up to date.")
		}
		if approve && p.AuthorID == viewer.ID {
			return hearth.Errorf(hearth.EForbidden, "Another moderator must approve your own post. You can edit it to remove what was found, or withdraw it.")
		}
		decision := "approved"
		if approve {
			if err := publishPost(ctx, tx, p, now); err != nil {
				return err
			}
			if err := db.notifyTx(ctx, tx, hearth.Subject{Type: hearth.SubjectPost, ID: p.ID}); err != nil { // notify.go
				return err
			}
		} else {
			decision = "rejected"
			if _, err := tx.ExecContext(ctx, `UPDATE posts SET status = 'rejected' WHERE id = $1`, p.ID); err != nil {
				return err
			}
			if p.Position == 0 {
				if _, err := tx.ExecContext(ctx, `UPDATE threads SET status = 'rejected' WHERE id = $1`, p.ThreadID); err != nil {
					return err
				}
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE post_reviews SET status = $1, note = $2, decided_at = $3, decided_by = $4 WHERE id = $5`,
			decision, note, ms(now), viewer.ID, reviewID)
		return err
	})
}
