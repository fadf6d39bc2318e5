package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"html/template"
	"time"

	"github.com/hearth-community/hearth"
)

var _ hearth.StoryService = (*DB)(nil)

// canReadStory is the visibility rule of a story s, for the viewer's ID
// in $1 (0 when signed out): public stories are read by anyone,
// members-only stories by any signed-in member.
const canReadStory = `(s.visibility = 'public' OR CAST($1 AS BIGINT) > 0)`

// canSeeComment is the rule for a comment sc of a readable story s, with
// the viewer's ID in $1 and staff flag in $2: published comments are seen
// by every reader; held ones by the story's author and site moderators.
const canSeeComment = `(sc.status = 'published' OR (sc.status = 'held' AND (CAST($2 AS INTEGER) = 1 OR s.author_id = CAST($1 AS BIGINT))))`

const storyColumns = `s.id, s.author_id, a.handle, a.role, s.title, s.body, s.body_html, s.excerpt, s.visibility,
	COALESCE(s.cover, ''), s.cover_alt, COALESCE(u.width, 0), COALESCE(u.height, 0), s.created_at, s.edited_at,
	(SELECT COUNT(*) FROM story_comments pc WHERE pc.story_id = s.id AND pc.status = 'published'), s.content_warning, s.content_warning_note`

const storyFrom = ` FROM stories s JOIN members a ON a.id = s.author_id LEFT JOIN uploads u ON u.name = s.cover `

func scanStory(row interface{ Scan(...any) error }) (*hearth.Story, error) {
	var s hearth.Story
	var role, vis, html, cwKind string
	var created int64
	var edited sql.NullInt64
	if err := row.Scan(&s.ID, &s.AuthorID, &s.Author, &role, &s.Title, &s.Body, &html, &s.Excerpt, &vis,
		&s.Cover, &s.CoverAlt, &s.CoverWidth, &s.CoverHeight, &created, &edited, &s.CommentCount, &cwKind, &s.Warning.Note); err != nil {
		return nil, err
	}
	s.Warning.Kind = hearth.WarningKind(cwKind) // care.go
	s.AuthorRole, s.BodyHTML, s.Visibility, s.CreatedAt = hearth.Role(role), template.HTML(html), hearth.Visibility(vis), fromMS(created)
	if edited.Valid {
		e := fromMS(edited.Int64)
		s.EditedAt = &e
	}
	return &s, nil
}

func notFoundStory() error {
	return hearth.Errorf(hearth.ENotFound, "This story does not exist, or you need to sign in to read it.")
}

// findStory returns a story the viewer may read.
func findStory(ctx context.Context, q querier, viewer *hearth.Member, id int64) (*hearth.Story, error) {
	vid, _ := viewerArgs(viewer)
	s, err := scanStory(q.QueryRowContext(ctx, `SELECT `+storyColumns+storyFrom+`WHERE s.id = $2 AND `+canReadStory, vid, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFoundStory()
	}
	return s, err
}

// FindStory returns a story the viewer may read, with the number of
// comments waiting for approval when the viewer moderates it.
func (db *DB) FindStory(ctx context.Context, viewer *hearth.Member, id int64) (*hearth.Story, error) {
	s, err := findStory(ctx, db.read, viewer, id)
	if err != nil {
		return nil, err
	}
	if s.CanModerate(viewer) {
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM story_comments WHERE story_id = $1 AND status = 'held'`, s.ID).Scan(&s.HeldCount); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// ListStories lists one page of a member's stories that the viewer may
// read, newest first, and the number of pages.
func (db *DB) ListStories(ctx context.Context, viewer *hearth.Member, handle string, page int) ([]*hearth.Story, int, error) {
	m, err := db.FindMemberByHandle(ctx, handle)
	if err != nil {
		return nil, 0, err
	}
	vid, _ := viewerArgs(viewer)
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM stories s WHERE s.author_id = $2 AND `+canReadStory, vid, m.ID).Scan(&n); err != nil {
		return nil, 0, err
	}
	pages := max(1, (n+hearth.StoriesPerPage-1)/hearth.StoriesPerPage)
	page = min(max(page, 1), pages)
	rows, err := db.read.QueryContext(ctx, `SELECT `+storyColumns+storyFrom+`WHERE s.author_id = $2 AND `+canReadStory+`
		ORDER BY s.created_at DESC, s.id DESC LIMIT $3 OFFSET $4`, vid, m.ID, hearth.StoriesPerPage, (page-1)*hearth.StoriesPerPage)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var ss []*hearth.Story
	for rows.Next() {
		s, err := scanStory(rows)
		if err != nil {
			return nil, 0, err
		}
		ss = append(ss, s)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if viewer != nil && (viewer.ID == m.ID || viewer.IsStaff()) && len(ss) > 0 {
		if err := db.countHeld(ctx, m.ID, ss); err != nil {
			return nil, 0, err
		}
	}
	return ss, pages, nil
}

// countHeld fills in the comments waiting for approval on an author's
// stories, for the author and moderators.
func (db *DB) countHeld(ctx context.Context, authorID int64, ss []*hearth.Story) error {
	rows, err := db.read.QueryContext(ctx, `SELECT sc.story_id, COUNT(*) FROM story_comments sc JOIN stories s ON s.id = sc.story_id
		WHERE s.author_id = $1 AND sc.status = 'held' GROUP BY sc.story_id`, authorID)
	if err != nil {
		return err
	}
	defer rows.Close()
	held := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		held[id] = n
	}
	for _, s := range ss {
		s.HeldCount = held[s.ID]
	}
	return rows.Err()
}

// checkCover verifies that a cover upload belongs to the author.
func checkCover(ctx context.Context, tx *sql.Tx, viewer *hearth.Member, name string) error {
	var owner int64
	err := tx.QueryRowContext(ctx, `SELECT member_id FROM uploads WHERE name = $1`, name).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != viewer.ID) {
		return hearth.FieldErrorf("cover", "We could not find the image you chose. Please choose it again.")
	}
	return err
}

// CreateStory publishes a story by the viewer.
func (db *DB) CreateStory(ctx context.Context, viewer *hearth.Member, n hearth.NewStory) (*hearth.Story, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to write a story.")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	if n.RemoveCover {
		n.Cover = ""
	}
	if n.Cover == "" {
		n.CoverAlt = ""
	}
	now := db.Now().UTC()
	html := db.Render(n.Body)
	var id int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var cover any
		if n.Cover != "" {
			if err := checkCover(ctx, tx, viewer, n.Cover); err != nil {
				return err
			}
			cover = n.Cover
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO stories (author_id, title, body, body_html, excerpt, visibility, cover, cover_alt, created_at,
			content_warning, content_warning_note)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			viewer.ID, n.Title, n.Body, string(html), storyExcerpt(n), string(n.Visibility), cover, n.CoverAlt, ms(now),
			string(n.Warning.Kind), n.Warning.Note).Scan(&id); err != nil {
			return err
		}
		return db.notifyTx(ctx, tx, hearth.Subject{Type: hearth.SubjectStory, ID: id})
	})
	if err != nil {
		return nil, err
	}
	return findStory(ctx, db.write, viewer, id)
}

// EditStory replaces a story's title, text, visibility and cover. Only
// its author may. A cover that is replaced or removed is deleted.
func (db *DB) EditStory(ctx context.Context, viewer *hearth.Member, id int64, n hearth.NewStory) (*hearth.Story, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to edit your story.")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	now := db.Now().UTC()
	html := db.Render(n.Body)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		s, err := findStory(ctx, tx, viewer, id)
		if err != nil {
			return err
		}
		if s.AuthorID != viewer.ID {
			return hearth.Errorf(hearth.EForbidden, "You can only edit your own stories.")
		}
		cover := s.Cover
		switch {
		case n.RemoveCover:
			cover = ""
		case n.Cover != "" && n.Cover != s.Cover:
			if err := checkCover(ctx, tx, viewer, n.Cover); err != nil {
				return err
			}
			cover = n.Cover
		}
		alt := n.CoverAlt
		var coverArg any
		if cover == "" {
			alt = ""
		} else {
			coverArg = cover
		}
		if _, err := tx.ExecContext(ctx, `UPDATE stories SET title = $1, body = $2, body_html = $3, excerpt = $4, visibility = $5,
			cover = $6, cover_alt = $7, edited_at = $8, content_warning = $9, content_warning_note = $10 WHERE id = $11`,
			n.Title, n.Body, string(html), storyExcerpt(n), string(n.Visibility), coverArg, alt, ms(now),
			string(n.Warning.Kind), n.Warning.Note, id); err != nil {
			return err
		}
		if s.Cover != "" && s.Cover != cover {
			return deleteUnusedUpload(ctx, tx, s.Cover)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return findStory(ctx, db.write, viewer, id)
}

// deleteUnusedUpload deletes an upload's row when no story uses it.
func deleteUnusedUpload(ctx context.Context, tx *sql.Tx, name string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM uploads WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM stories WHERE cover = $1)`, name)
	return err
}

// DeleteStory deletes a story with its comments and its cover's record.
func (db *DB) DeleteStory(ctx context.Context, viewer *hearth.Member, id int64) (string, error) {
	if viewer == nil {
		return "", hearth.Errorf(hearth.EUnauthorized, "Please sign in to delete your story.")
	}
	var cover string
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		s, err := findStory(ctx, tx, viewer, id)
		if err != nil {
			return err
		}
		if s.AuthorID != viewer.ID && !viewer.IsStaff() {
			return hearth.Errorf(hearth.EForbidden, "You can only delete your own stories.")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM stories WHERE id = $1`, id); err != nil {
			return err
		}
		cover = s.Cover
		if cover != "" {
			return deleteUnusedUpload(ctx, tx, cover)
		}
		return nil
	})
	return cover, err
}

const commentColumns = `sc.id, sc.story_id, COALESCE(sc.parent_id, 0), COALESCE(ca.handle, ''), COALESCE(sc.author_id, 0), COALESCE(ca.role, ''),
	sc.guest_name, sc.guest_website, sc.body, sc.body_html, sc.status, sc.created_at`

func scanComment(row interface{ Scan(...any) error }) (*hearth.Comment, error) {
	var c hearth.Comment
	var role, html string
	var created int64
	if err := row.Scan(&c.ID, &c.StoryID, &c.ParentID, &c.Author, &c.AuthorID, &role, &c.GuestName, &c.GuestWebsite,
		&c.Body, &html, &c.Status, &created); err != nil {
		return nil, err
	}
	c.AuthorRole, c.BodyHTML, c.CreatedAt = hearth.Role(role), template.HTML(html), fromMS(created)
	return &c, nil
}

// ListComments returns the comments of a story the viewer may read, as
// a tree one level deep. Held comments reach only the story's author and
// site moderators; everyone else gets no trace of them.
func (db *DB) ListComments(ctx context.Context, viewer *hearth.Member, storyID int64) ([]*hearth.Comment, error) {
	vid, staff := viewerArgs(viewer)
	rows, err := db.read.QueryContext(ctx, `SELECT `+commentColumns+` FROM story_comments sc
		JOIN stories s ON s.id = sc.story_id LEFT JOIN members ca ON ca.id = sc.author_id
		WHERE sc.story_id = $3 AND `+canReadStory+` AND `+canSeeComment+` ORDER BY sc.id`, vid, staff, storyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var top []*hearth.Comment
	byID := map[int64]*hearth.Comment{}
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		if c.ParentID == 0 {
			top = append(top, c)
			byID[c.ID] = c
		} else if p := byID[c.ParentID]; p != nil {
			p.Replies = append(p.Replies, c)
		}
		// A reply whose comment the viewer cannot see is left out with it.
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if top == nil {
		// Distinguish "no comments" from "no such story".
		if _, err := findStory(ctx, db.read, viewer, storyID); err != nil {
			return nil, err
		}
	}
	return top, nil
}

// CreateComment adds a comment to a story the viewer may read. Members'
// comments are published at once; a guest's waits for the story's author
// or a moderator, and guests may comment on public stories only.
func (db *DB) CreateComment(ctx context.Context, viewer *hearth.Member, storyID int64, n hearth.NewComment) (*hearth.Comment, error) {
	if viewer != nil {
		n.Guest = nil
	} else if n.Guest == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in, or leave your name and email, to comment.")
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	now := db.Now().UTC()
	c := &hearth.Comment{StoryID: storyID, Body: n.Body, BodyHTML: db.Render(n.Body), Status: hearth.StatusPublished,
		CreatedAt: now.Truncate(time.Millisecond)}
	var authorID any
	guest := hearth.Guest{}
	if viewer != nil {
		c.Author, c.AuthorID, c.AuthorRole, authorID = viewer.Handle, viewer.ID, viewer.Role, viewer.ID
	} else {
		guest = *n.Guest
		c.GuestName, c.GuestWebsite, c.Status = guest.Name, guest.Website, hearth.StatusHeld
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		s, err := findStory(ctx, tx, viewer, storyID)
		if err != nil {
			return err
		}
		if viewer == nil && !s.IsPublic() {
			return notFoundStory()
		}
		var parent any
		if n.ParentID > 0 {
			var pid, grand int64
			var status string
			err := tx.QueryRowContext(ctx, `SELECT id, COALESCE(parent_id, 0), status FROM story_comments WHERE id = $1 AND story_id = $2`,
				n.ParentID, storyID).Scan(&pid, &grand, &status)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && status != hearth.StatusPublished) {
				return hearth.FieldErrorf("body", "The comment you are replying to is no longer here. Your text is below; you can post it as a new comment.")
			} else if err != nil {
				return err
			}
			if grand != 0 {
				pid = grand // replies nest one level: a reply to a reply joins its comment
			}
			c.ParentID, parent = pid, pid
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO story_comments (story_id, parent_id, author_id, guest_name, guest_email, guest_website,
			body, body_html, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			storyID, parent, authorID, guest.Name, guest.Email, guest.Website, c.Body, string(c.BodyHTML), c.Status, ms(now)).Scan(&c.ID); err != nil {
			return err
		}
		if c.Status != hearth.StatusPublished {
			return nil // approval fans it out
		}
		return db.notifyTx(ctx, tx, hearth.Subject{Type: hearth.SubjectComment, ID: c.ID})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// ModerateComment publishes a held comment, or removes a comment with its
// replies. The story's author and site moderators may.
func (db *DB) ModerateComment(ctx context.Context, viewer *hearth.Member, commentID int64, approve bool) (*hearth.Comment, error) {
	if viewer == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to moderate comments.")
	}
	vid, staff := viewerArgs(viewer)
	var c *hearth.Comment
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = scanComment(tx.QueryRowContext(ctx, `SELECT `+commentColumns+` FROM story_comments sc
			JOIN stories s ON s.id = sc.story_id LEFT JOIN members ca ON ca.id = sc.author_id
			WHERE sc.id = $3 AND `+canReadStory+` AND `+canSeeComment, vid, staff, commentID))
		if errors.Is(err, sql.ErrNoRows) {
			return hearth.Errorf(hearth.ENotFound, "This comment does not exist, or it was removed.")
		} else if err != nil {
			return err
		}
		s, err := findStory(ctx, tx, viewer, c.StoryID)
		if err != nil {
			return err
		}
		if !s.CanModerate(viewer) {
			return hearth.Errorf(hearth.EForbidden, "Only the story's author and moderators can approve or remove comments.")
		}
		now := ms(db.Now())
		if approve {
			if c.Status != hearth.StatusHeld {
				return nil
			}
			c.Status = hearth.StatusPublished
			if _, err := tx.ExecContext(ctx, `UPDATE story_comments SET status = 'published', decided_at = $1, decided_by = $2 WHERE id = $3`,
				now, viewer.ID, c.ID); err != nil {
				return err
			}
			return db.notifyTx(ctx, tx, hearth.Subject{Type: hearth.SubjectComment, ID: c.ID})
		}
		c.Status = hearth.CommentRemoved
		_, err = tx.ExecContext(ctx, `UPDATE story_comments SET status = 'removed', decided_at = $1, decided_by = $2
			WHERE (id = $3 OR parent_id = $3) AND status <> 'removed'`, now, viewer.ID, c.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// CreateUpload records an image the viewer uploaded.
func (db *DB) CreateUpload(ctx context.Context, viewer *hearth.Member, u *hearth.Upload) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in to upload an image.")
	}
	u.OwnerID, u.CreatedAt = viewer.ID, db.Now().UTC().Truncate(time.Millisecond)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO uploads (name, member_id, content_type, width, height, size, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, u.Name, u.OwnerID, u.ContentType, u.Width, u.Height, u.Size, ms(u.CreatedAt))
		return err
	})
}

// FindUpload returns an upload that the viewer may see: their own, or
// the cover of a story they may read.
func (db *DB) FindUpload(ctx context.Context, viewer *hearth.Member, name string) (*hearth.Upload, error) {
	vid, _ := viewerArgs(viewer)
	var u hearth.Upload
	var created int64
	var public int
	err := db.read.QueryRowContext(ctx, `SELECT u.name, u.member_id, u.content_type, u.width, u.height, u.size, u.created_at,
		CASE WHEN EXISTS (SELECT 1 FROM stories s WHERE s.cover = u.name AND s.visibility = 'public') THEN 1 ELSE 0 END
		FROM uploads u WHERE u.name = $2 AND (u.member_id = CAST($1 AS BIGINT)
			OR EXISTS (SELECT 1 FROM stories s WHERE s.cover = u.name AND `+canReadStory+`))`, vid, name).
		Scan(&u.Name, &u.OwnerID, &u.ContentType, &u.Width, &u.Height, &u.Size, &created, &public)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, hearth.Errorf(hearth.ENotFound, "There is no image at this address, or you need to sign in to see it.")
	} else if err != nil {
		return nil, err
	}
	u.CreatedAt, u.Public = fromMS(created), public == 1
	return &u, nil
}
