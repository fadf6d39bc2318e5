package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"github.com/hearth-community/hearth"
)

// Member privacy and control (issue #13): threads that only their
// community's members read, and members who hide their communities. Who
// may read what is decided in SQL (visibility.go canReadThread); this
// file holds the writes and the member's list of communities.

var _ hearth.PrivacyService = (*DB)(nil)

// threadVisibilityFor is the visibility a new thread in c starts with:
// the author's choice, or else the community's default.
func threadVisibilityFor(c *hearth.Community, v hearth.ThreadVisibility) hearth.ThreadVisibility {
	if v.Valid() {
		return v
	}
	if c.ThreadDefault.Valid() {
		return c.ThreadDefault
	}
	return hearth.ThreadOpen
}

func invalidThreadVisibility() error {
	return hearth.FieldErrorf("visibility", "Choose who may read the thread: everyone who may read the community, or its members only.")
}

// SetThreadVisibility changes who may read a thread. Its author and the
// moderators of its community may; readers who lose it find nothing.
func (db *DB) SetThreadVisibility(ctx context.Context, viewer *hearth.Member, threadID int64, v hearth.ThreadVisibility) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in to change who may read your thread.")
	}
	if !v.Valid() {
		return invalidThreadVisibility()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		t, c, err := findThread(ctx, tx, viewer, threadID)
		if err != nil {
			return err
		}
		var authorID int64
		if err := tx.QueryRowContext(ctx, `SELECT author_id FROM threads WHERE id = $1`, t.ID).Scan(&authorID); err != nil {
			return err
		}
		if authorID != viewer.ID && !c.CanModerate(viewer) {
			return hearth.Errorf(hearth.EForbidden, "Only the person who started this thread can change who may read it.")
		}
		_, err = tx.ExecContext(ctx, `UPDATE threads SET visibility = $1 WHERE id = $2`, string(v), t.ID)
		return err
	})
}

// SetThreadDefault sets the visibility new threads in a community start
// with; its moderators and staff may.
func (db *DB) SetThreadDefault(ctx context.Context, viewer *hearth.Member, slug string, v hearth.ThreadVisibility) error {
	if !v.Valid() {
		return invalidThreadVisibility()
	}
	now := db.Now().UTC()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := db.modCommunity(ctx, tx, viewer, slug) // moderation.go
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE communities SET thread_default = $1 WHERE id = $2`, string(v), c.ID); err != nil {
			return err
		}
		return audit(ctx, tx, memberAuditor(viewer), hearth.AuditEntry{Action: hearth.ActSettings, TargetType: "community", TargetID: c.ID,
			Community: c.Slug, Detail: "new threads are read by: " + v.Label()}, now)
	})
}

// SetHideMemberships hides or shows the viewer's communities on their
// profile and in the API.
func (db *DB) SetHideMemberships(ctx context.Context, viewer *hearth.Member, hide bool) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in to change your privacy settings.")
	}
	h := 0
	if hide {
		h = 1
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE members SET hide_memberships = $1 WHERE id = $2`, h, viewer.ID)
		return err
	})
}

// HidesMemberships reports whether the member hides their communities.
func (db *DB) HidesMemberships(ctx context.Context, memberID int64) (bool, error) {
	var h int
	err := db.read.QueryRowContext(ctx, `SELECT hide_memberships FROM members WHERE id = $1`, memberID).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return false, hearth.Errorf(hearth.ENotFound, "There is no such member.")
	}
	return h == 1, err
}

// ListMemberCommunities lists a member's active memberships in the
// communities the viewer may read. A member who hides them shows none,
// except to themself and staff: the rule is in the query, which returns
// no rows then, and a second look says whether the list was withheld.
func (db *DB) ListMemberCommunities(ctx context.Context, viewer *hearth.Member, handle string) ([]*hearth.MemberCommunity, bool, error) {
	vid, staff := viewerArgs(viewer)
	var memberID int64
	var hide int
	err := db.read.QueryRowContext(ctx, `SELECT id, hide_memberships FROM members WHERE handle = $1`, hearth.NormalizeHandle(handle)).Scan(&memberID, &hide)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, hearth.Errorf(hearth.ENotFound, "There is no member @%s.", hearth.NormalizeHandle(handle))
	} else if err != nil {
		return nil, false, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT c.slug, c.name, m.is_moderator FROM memberships m
		JOIN communities c ON c.id = m.community_id JOIN members mm ON mm.id = m.member_id
		WHERE m.member_id = $3 AND m.status = 'active' AND `+canReadCommunity+`
		AND (mm.hide_memberships = 0 OR mm.id = CAST($1 AS BIGINT) OR CAST($2 AS INTEGER) = 1)
		ORDER BY c.name`, vid, staff, memberID)
	cs, err := scanAll(rows, err, func(row rowScanner) (*hearth.MemberCommunity, error) {
		var mc hearth.MemberCommunity
		var mod int
		if err := row.Scan(&mc.Slug, &mc.Name, &mod); err != nil {
			return nil, err
		}
		mc.Moderator = mod == 1
		return &mc, nil
	})
	hidden := hide == 1 && memberID != vid && staff == 0
	return cs, hidden, err
}
