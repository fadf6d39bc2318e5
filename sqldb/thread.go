package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hearth-community/hearth"
)

var _ hearth.ThreadService = (*DB)(nil)

// Excerpter makes the plain-text preview of a post; markup.Excerpt fits.
var Excerpter = func(src string, n int) string {
	src = strings.Join(strings.Fields(src), " ")
	if utf8.RuneCountInString(src) <= n {
		return src
	}
	return string([]rune(src)[:n]) + "…"
}

const excerptRunes = 200

// CreateThread starts a thread with its opening post.
func (db *DB) CreateThread(ctx context.Context, viewer *hearth.Member, slug string, n hearth.NewThread) (*hearth.Thread, error) {
	return db.createThread(ctx, viewer, slug, n, nil)
}

// createThread starts a thread, held for review when hold is not nil
// (review.go).
func (db *DB) createThread(ctx context.Context, viewer *hearth.Member, slug string, n hearth.NewThread, hold *hearth.Hold) (*hearth.Thread, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to start a thread.")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	html := string(db.Render(n.Body))
	now := db.Now().UTC()
	t := &hearth.Thread{Title: n.Title, Author: viewer.Handle, AuthorRole: viewer.Role, Excerpt: Excerpter(n.Body, excerptRunes),
		CreatedAt: now.Truncate(time.Millisecond), LastActivityAt: now.Truncate(time.Millisecond), Status: hearth.StatusPublished}
	if hold != nil {
		t.Status = hearth.StatusHeld
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkSanctions(ctx, tx, viewer.ID, now); err != nil { // moderation.go
			return err
		}
		c, err := findCommunity(ctx, tx, viewer, slug, true)
		if err != nil {
			return err
		}
		if !c.CanPost(viewer) {
			return hearth.Errorf(hearth.EForbidden, "Only members of %s can start threads there. Ask to join first.", c.Name)
		}
		if n.Anonymous && !c.AllowAnonymous {
			return hearth.ErrAnonymousNotAllowed(c.Name) // anonymous.go
		}
		t.CommunityID, t.CommunitySlug, t.CommunityName = c.ID, c.Slug, c.Name
		t.Visibility = threadVisibilityFor(c, n.Visibility) // thread_privacy.go
		if err := tx.QueryRowContext(ctx, `INSERT INTO threads (community_id, author_id, title, excerpt, created_at, last_activity_at, visibility)
			VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id`, c.ID, viewer.ID, t.Title, t.Excerpt, ms(now), string(t.Visibility)).Scan(&t.ID); err != nil {
			return err
		}
		var postID int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO posts (thread_id, position, author_id, body, body_html, created_at) VALUES ($1, 0, $2, $3, $4, $5) RETURNING id`,
			t.ID, viewer.ID, n.Body, html, ms(now)).Scan(&postID); err != nil {
			return err
		}
		if _, err := applyWarning(ctx, tx, t.ID, postID, 0); err != nil { // care.go
			return err
		}
		if n.Anonymous {
			if err := markAnonymous(ctx, tx, t.ID, postID, true); err != nil { // anonymous.go
				return err
			}
		}
		if hold != nil {
			return holdNew(ctx, tx, hold, t.ID, postID, 0, now)
		}
		return db.notifyTx(ctx, tx, hearth.Subject{Type: hearth.SubjectPost, ID: postID}) // notify.go
	})
	if err != nil {
		return nil, err
	}
	if n.Anonymous {
		t.Author, t.AuthorRole, t.Anonymous = "", "", true
	}
	return t, nil
}

// CreateReply adds a reply at the end of a thread.
func (db *DB) CreateReply(ctx context.Context, viewer *hearth.Member, threadID int64, body string) (*hearth.Post, error) {
	return db.createReply(ctx, viewer, threadID, body, nil, false)
}

// createReply adds a reply, held for review when hold is not nil.
// anonymous posts it as "a member" (anonymous.go).
func (db *DB) createReply(ctx context.Context, viewer *hearth.Member, threadID int64, body string, hold *hearth.Hold, anonymous bool) (*hearth.Post, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to reply.")
	}
	if err := hearth.CheckText(body); err != nil {
		return nil, err
	}
	body, err := hearth.CleanBody(body)
	if err != nil {
		return nil, err
	}
	now := db.Now().UTC()
	p := &hearth.Post{ThreadID: threadID, Author: viewer.Handle, AuthorID: viewer.ID, AuthorRole: viewer.Role, Body: body,
		BodyHTML: db.Render(body), CreatedAt: now.Truncate(time.Millisecond), Status: hearth.StatusPublished}
	if hold != nil {
		p.Status = hearth.StatusHeld
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkSanctions(ctx, tx, viewer.ID, now); err != nil { // moderation.go
			return err
		}
		t, c, err := findThread(ctx, tx, viewer, threadID)
		if err != nil {
			return err
		}
		if !c.CanPost(viewer) {
			return hearth.Errorf(hearth.EForbidden, "Only members of %s can reply there. Ask to join first.", c.Name)
		}
		if anonymous && !c.AllowAnonymous {
			return hearth.ErrAnonymousNotAllowed(c.Name) // anonymous.go
		}
		// Bumping the count hands out the position atomically on both
		// SQLite and PostgreSQL.
		if hold != nil {
			if p.Position, err = heldPosition(ctx, tx, t.ID); err != nil {
				return err
			}
		} else if err := tx.QueryRowContext(ctx, `UPDATE threads SET reply_count = reply_count + 1, last_activity_at = $1 WHERE id = $2 RETURNING reply_count`,
			ms(now), t.ID).Scan(&p.Position); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO posts (thread_id, position, author_id, body, body_html, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			t.ID, p.Position, viewer.ID, body, string(p.BodyHTML), ms(now)).Scan(&p.ID); err != nil {
			return err
		}
		if p.Warning, err = applyWarning(ctx, tx, t.ID, p.ID, p.Position); err != nil { // care.go
			return err
		}
		if anonymous {
			if err := markAnonymous(ctx, tx, t.ID, p.ID, false); err != nil { // anonymous.go
				return err
			}
		}
		if hold != nil {
			return holdNew(ctx, tx, hold, t.ID, p.ID, p.Position, now)
		}
		return db.notifyTx(ctx, tx, hearth.Subject{Type: hearth.SubjectPost, ID: p.ID}) // notify.go
	})
	if err != nil {
		return nil, err
	}
	if anonymous {
		p.Author, p.AuthorRole, p.Anonymous = "", "", true
	}
	return p, nil
}

const threadColumns = `t.id, t.community_id, c.slug, c.name, t.title, ` + threadAuthorColumns + `, t.excerpt, t.reply_count, t.created_at, t.last_activity_at, t.status, t.visibility`

func scanThread(row interface{ Scan(...any) error }) (*hearth.Thread, error) {
	var t hearth.Thread
	var role string
	var created, active int64
	if err := row.Scan(&t.ID, &t.CommunityID, &t.CommunitySlug, &t.CommunityName, &t.Title, &t.Author, &role, &t.Anonymous, &t.Excerpt,
		&t.ReplyCount, &created, &active, &t.Status, &t.Visibility); err != nil {
		return nil, err
	}
	t.AuthorRole, t.CreatedAt, t.LastActivityAt = hearth.Role(role), fromMS(created), fromMS(active)
	return &t, nil
}

func notFoundThread() error {
	return hearth.Errorf(hearth.ENotFound, "This thread does not exist, or you need to sign in or join its community to read it.")
}

// findThread returns a thread and its community if the viewer may read it.
func findThread(ctx context.Context, q querier, viewer *hearth.Member, id int64) (*hearth.Thread, *hearth.Community, error) {
	vid, staff := viewerArgs(viewer)
	t, err := scanThread(q.QueryRowContext(ctx, `SELECT `+threadColumns+` FROM threads t
		JOIN communities c ON c.id = t.community_id JOIN members a ON a.id = t.author_id
		WHERE t.id = $3 AND `+canReadThread+` AND `+canSeeThread, vid, staff, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, notFoundThread()
	} else if err != nil {
		return nil, nil, err
	}
	// The query above checked that the viewer may read the community;
	// callers check what they may do there, which needs no counts.
	c, err := scanCommunity(q.QueryRowContext(ctx, `SELECT `+communityColumnsNoCounts+` FROM communities c WHERE c.id = $2`, vid, t.CommunityID))
	return t, c, err
}

const postColumns = `p.id, p.thread_id, p.position, ` + postAuthorColumns + `, p.body, p.body_html, p.created_at, p.edited_at, p.status, p.mod_note, p.content_warning, p.content_warning_note`

func scanPost(row interface{ Scan(...any) error }) (*hearth.Post, error) {
	var p hearth.Post
	var role, html string
	var created int64
	var edited sql.NullInt64
	var cwKind string // care.go
	if err := row.Scan(&p.ID, &p.ThreadID, &p.Position, &p.Author, &p.AuthorID, &role, &p.Anonymous, &p.Body, &html, &created, &edited, &p.Status, &p.ModNote, &cwKind, &p.Warning.Note); err != nil {
		return nil, err
	}
	p.AuthorRole, p.BodyHTML, p.CreatedAt = hearth.Role(role), template.HTML(html), fromMS(created)
	p.Warning.Kind = hearth.WarningKind(cwKind)
	if edited.Valid {
		e := fromMS(edited.Int64)
		p.EditedAt = &e
	}
	return &p, nil
}

// FindThreadPage returns one page of a thread the viewer may read. Page
// numbers below 1 mean 1; past the end, the last page.
func (db *DB) FindThreadPage(ctx context.Context, viewer *hearth.Member, id int64, page int) (*hearth.ThreadPage, error) {
	t, c, err := findThread(ctx, db.read, viewer, id)
	if err != nil {
		return nil, err
	}
	vid, _ := viewerArgs(viewer)
	if err := db.read.QueryRowContext(ctx, `SELECT `+communityCounts+` FROM communities c WHERE c.id = $2`, vid, c.ID).Scan(&c.MemberCount, &c.ThreadCount); err != nil {
		return nil, err
	}
	pages := max(1, (t.ReplyCount+hearth.RepliesPerPage-1)/hearth.RepliesPerPage)
	page = min(max(page, 1), pages)
	first := (page-1)*hearth.RepliesPerPage + 1
	_, staff := viewerArgs(viewer)
	rows, err := db.read.QueryContext(ctx, `SELECT `+postColumns+` FROM posts p JOIN members a ON a.id = p.author_id
		WHERE p.thread_id = $1 AND (p.position = 0 OR p.position BETWEEN $2 AND $3) AND `+canSeePost("$4", "$5")+` ORDER BY p.position`,
		id, first, first+hearth.RepliesPerPage-1, vid, staff)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tp := &hearth.ThreadPage{Thread: t, Community: c, Page: page, Pages: pages}
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, err
		}
		if p.Position == 0 {
			tp.Opening = p
		} else {
			tp.Replies = append(tp.Replies, p)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if tp.Opening == nil {
		return nil, notFoundThread()
	}
	if err := db.attachHeld(ctx, viewer, tp); err != nil {
		return nil, err
	}
	if err := db.markModerators(ctx, tp); err != nil { // moderation.go: the community moderator badge
		return nil, err
	}
	return tp, nil
}

// FindPost returns a post and its thread if the viewer may read them.
func (db *DB) FindPost(ctx context.Context, viewer *hearth.Member, postID int64) (*hearth.Post, *hearth.Thread, error) {
	return findPost(ctx, db.read, viewer, postID)
}

func findPost(ctx context.Context, q querier, viewer *hearth.Member, postID int64) (*hearth.Post, *hearth.Thread, error) {
	vid, staff := viewerArgs(viewer)
	p, err := scanPost(q.QueryRowContext(ctx, `SELECT `+postColumns+` FROM posts p JOIN members a ON a.id = p.author_id WHERE p.id = $1 AND `+canSeePost("$2", "$3"),
		postID, vid, staff))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, hearth.Errorf(hearth.ENotFound, "This post does not exist.")
	} else if err != nil {
		return nil, nil, err
	}
	t, _, err := findThread(ctx, q, viewer, p.ThreadID)
	if err != nil {
		return nil, nil, err
	}
	return p, t, nil
}

// EditPost replaces a post's body, keeping the old one as a revision.
// Only the author may edit.
func (db *DB) EditPost(ctx context.Context, viewer *hearth.Member, postID int64, body string) (*hearth.Post, error) {
	return db.editPost(ctx, viewer, postID, body, nil)
}

// editPost edits a post, holding it for review when hold is not nil.
func (db *DB) editPost(ctx context.Context, viewer *hearth.Member, postID int64, body string, hold *hearth.Hold) (*hearth.Post, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to edit your post.")
	}
	if err := hearth.CheckText(body); err != nil {
		return nil, err
	}
	body, err := hearth.CleanBody(body)
	if err != nil {
		return nil, err
	}
	html := db.Render(body)
	now := db.Now().UTC()
	var p *hearth.Post
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if err := checkSanctions(ctx, tx, viewer.ID, now); err != nil { // moderation.go
			return err
		}
		var t *hearth.Thread
		if p, t, err = findPost(ctx, tx, viewer, postID); err != nil {
			return err
		}
		if p.AuthorID != viewer.ID {
			return hearth.Errorf(hearth.EForbidden, "You can only edit your own posts.")
		}
		if p.Body == body {
			if hold != nil {
				return db.afterEdit(ctx, tx, p, hold, now) // sent for review unchanged
			}
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO post_revisions (post_id, body, body_html, edited_at) VALUES ($1, $2, $3, $4)`,
			p.ID, p.Body, string(p.BodyHTML), ms(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE posts SET body = $1, body_html = $2, edited_at = $3 WHERE id = $4`, body, string(html), ms(now), p.ID); err != nil {
			return err
		}
		if p.Position == 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE threads SET excerpt = $1 WHERE id = $2
				AND NOT EXISTS (SELECT 1 FROM posts wp WHERE wp.thread_id = $2 AND wp.position = 0 AND wp.content_warning <> '')`, // care.go
				Excerpter(body, excerptRunes), t.ID); err != nil {
				return err
			}
		}
		edited := now.Truncate(time.Millisecond)
		p.Body, p.BodyHTML, p.EditedAt = body, html, &edited
		return db.afterEdit(ctx, tx, p, hold, now)
	})
	return p, err
}

// ListRevisions lists a post's earlier versions, newest first.
func (db *DB) ListRevisions(ctx context.Context, viewer *hearth.Member, postID int64) ([]*hearth.Revision, error) {
	if _, _, err := db.FindPost(ctx, viewer, postID); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT body, body_html, edited_at FROM post_revisions WHERE post_id = $1 ORDER BY id DESC`, postID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var rs []*hearth.Revision
	for rows.Next() {
		var r hearth.Revision
		var html string
		var at int64
		if err := rows.Scan(&r.Body, &html, &at); err != nil {
			return nil, err
		}
		r.BodyHTML, r.EditedAt = template.HTML(html), fromMS(at)
		rs = append(rs, &r)
	}
	return rs, rows.Err()
}

func (db *DB) listThreads(ctx context.Context, viewer *hearth.Member, where string, limit, offset int, args ...any) ([]*hearth.Thread, error) {
	vid, staff := viewerArgs(viewer)
	rows, err := db.read.QueryContext(ctx, `SELECT `+threadColumns+` FROM threads t
		JOIN communities c ON c.id = t.community_id JOIN members a ON a.id = t.author_id
		WHERE `+canReadThread+` AND `+canListThread+where+` ORDER BY t.last_activity_at DESC, t.id DESC LIMIT $3 OFFSET $4`,
		append([]any{vid, staff, limit, offset}, args...)...)
	return scanAll(rows, err, scanThread)
}

// ListThreads lists one page of a community's threads and the page count.
func (db *DB) ListThreads(ctx context.Context, viewer *hearth.Member, slug string, page int) ([]*hearth.Thread, int, error) {
	c, err := db.FindCommunity(ctx, viewer, slug)
	if err != nil {
		return nil, 0, err
	}
	pages := max(1, (c.ThreadCount+hearth.ThreadsPerPage-1)/hearth.ThreadsPerPage)
	page = min(max(page, 1), pages)
	ts, err := db.listThreads(ctx, viewer, ` AND t.community_id = $5`, hearth.ThreadsPerPage, (page-1)*hearth.ThreadsPerPage, c.ID)
	return ts, pages, err
}

// RecentThreads lists the most recently active threads the viewer may read.
func (db *DB) RecentThreads(ctx context.Context, viewer *hearth.Member, limit int) ([]*hearth.Thread, error) {
	return db.listThreads(ctx, viewer, ``, limit, 0)
}

// ListMemberPosts lists threads a member started or replied in, that the
// viewer may read.
func (db *DB) ListMemberPosts(ctx context.Context, viewer *hearth.Member, handle string, limit int) ([]*hearth.Thread, error) {
	return db.listThreads(ctx, viewer, ` AND t.id IN (SELECT p.thread_id FROM posts p JOIN members pm ON pm.id = p.author_id
		WHERE pm.handle = $5 AND p.anonymous = 0 AND (p.status = 'published' OR p.author_id = CAST($1 AS BIGINT)))`,
		limit, 0, hearth.NormalizeHandle(handle))
}
