package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"

	"github.com/hearth-community/hearth"
)

var _ hearth.CommunityService = (*DB)(nil)

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$`)

// CreateCommunity creates a community.
func (db *DB) CreateCommunity(ctx context.Context, n hearth.NewCommunity) (*hearth.Community, error) {
	n.Slug = strings.ToLower(strings.TrimSpace(n.Slug))
	n.Name = strings.TrimSpace(n.Name)
	if err := hearth.CheckText(n.Slug, n.Name, n.Description, n.Rules); err != nil {
		return nil, err
	}
	if !slugPattern.MatchString(n.Slug) {
		return nil, hearth.FieldErrorf("slug", "A community address is 3 to 50 lowercase letters, digits and dashes.")
	}
	if n.Name == "" {
		return nil, hearth.FieldErrorf("name", "Please give the community a name.")
	}
	if !n.Visibility.Valid() {
		return nil, hearth.FieldErrorf("visibility", "Visibility must be public, members or private.")
	}
	c := &hearth.Community{Slug: n.Slug, Name: n.Name, Description: n.Description, Rules: n.Rules, Visibility: n.Visibility, CreatedAt: db.Now().UTC()}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO communities (slug, name, description, rules, rules_html, visibility, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			c.Slug, c.Name, c.Description, c.Rules, string(db.Render(c.Rules)), string(c.Visibility), ms(c.CreatedAt)).Scan(&c.ID)
	})
	if isUnique(err) {
		return nil, hearth.FieldErrorf("slug", "A community with the address %q already exists.", n.Slug)
	}
	return c, err
}

var communityColumns = communityColumnsHead + communityCounts + `,` + communityColumnsViewer

// communityCounts are a community's member and thread counts. Counting a
// big community's threads is the costliest part of reading a community,
// so reads that only check what the viewer may do leave them out
// (communityColumnsNoCounts).
// The thread count has only the threads the viewer ($1) may read
// (thread_privacy.go).
var communityCounts = `
	(SELECT COUNT(*) FROM memberships cm WHERE cm.community_id = c.id AND cm.status = 'active'),
	(SELECT COUNT(*) FROM threads ct WHERE ct.community_id = c.id AND ct.status = 'published' AND ` + threadAudience("ct", "CAST($1 AS BIGINT)",
	"EXISTS (SELECT 1 FROM members ctv WHERE ctv.id = CAST($1 AS BIGINT) AND ctv.role IN ('moderator','admin'))") + `)`

const communityColumnsHead = `c.id, c.slug, c.name, c.description, c.rules, c.rules_html, c.visibility, c.created_at, c.thread_default,`

const communityColumnsViewer = `
	COALESCE((SELECT vm.status FROM memberships vm WHERE vm.community_id = c.id AND vm.member_id = $1), ''),
	COALESCE((SELECT vm.is_moderator FROM memberships vm WHERE vm.community_id = c.id AND vm.member_id = $1 AND vm.status = 'active'), 0),
	COALESCE((SELECT cs.allow_anonymous FROM community_settings cs WHERE cs.community_id = c.id), 0)`

// communityColumnsNoCounts is communityColumns with 0 for both counts.
const communityColumnsNoCounts = communityColumnsHead + ` 0, 0,` + communityColumnsViewer

func scanCommunity(row interface{ Scan(...any) error }) (*hearth.Community, error) {
	var c hearth.Community
	var vis string
	var created int64
	var mod int
	if err := row.Scan(&c.ID, &c.Slug, &c.Name, &c.Description, &c.Rules, &c.RulesHTML, &vis, &created, &c.ThreadDefault,
		&c.MemberCount, &c.ThreadCount, &c.Membership, &mod, &c.AllowAnonymous); err != nil {
		return nil, err
	}
	c.Visibility, c.CreatedAt, c.IsModerator = hearth.Visibility(vis), fromMS(created), mod == 1
	return &c, nil
}

// ListCommunities lists the communities the viewer may read, by name.
func (db *DB) ListCommunities(ctx context.Context, viewer *hearth.Member) ([]*hearth.Community, error) {
	id, staff := viewerArgs(viewer)
	rows, err := db.read.QueryContext(ctx, `SELECT `+communityColumns+` FROM communities c WHERE `+canReadCommunity+` ORDER BY c.name`, id, staff)
	return scanAll(rows, err, scanCommunity)
}

// ListAllCommunities lists every community, for operators and the seeder.
func (db *DB) ListAllCommunities(ctx context.Context) ([]*hearth.Community, error) {
	return db.ListCommunities(ctx, &hearth.Member{Role: hearth.RoleAdmin})
}

func notFoundCommunity(slug string) error {
	return hearth.Errorf(hearth.ENotFound, "There is no community at /c/%s, or you need to sign in or join to see it.", slug)
}

// FindCommunity returns a community the viewer may read.
func (db *DB) FindCommunity(ctx context.Context, viewer *hearth.Member, slug string) (*hearth.Community, error) {
	return findCommunity(ctx, db.read, viewer, slug, true)
}

// findCommunity finds a community by slug; with mustRead, one the viewer
// may not read is not found. Private communities stay findable without
// mustRead so that outsiders can ask to join.
func findCommunity(ctx context.Context, q querier, viewer *hearth.Member, slug string, mustRead bool) (*hearth.Community, error) {
	id, staff := viewerArgs(viewer)
	query, args := `SELECT `+communityColumns+` FROM communities c WHERE c.slug = $3 AND `+canReadCommunity, []any{id, staff, slug}
	if !mustRead {
		// PostgreSQL must see every parameter used, so drop the staff flag.
		query, args = `SELECT `+communityColumns+` FROM communities c WHERE c.slug = $2`, []any{id, slug}
	}
	c, err := scanCommunity(q.QueryRowContext(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFoundCommunity(slug)
	}
	return c, err
}

// FindCommunityForJoin returns a community even when it is private, with
// only what its about page may show to an outsider: the name, the
// description and the rules.
func (db *DB) FindCommunityForJoin(ctx context.Context, viewer *hearth.Member, slug string) (*hearth.Community, error) {
	return findCommunity(ctx, db.read, viewer, slug, false)
}

// Join makes the viewer a member of a public or members-only community,
// or records a request to join a private one.
func (db *DB) Join(ctx context.Context, viewer *hearth.Member, slug string) (string, error) {
	if viewer == nil {
		return "", hearth.Errorf(hearth.EUnauthorized, "Please sign in to join a community.")
	}
	var status string
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		c, err := findCommunity(ctx, tx, viewer, slug, false)
		if err != nil {
			return err
		}
		if c.Membership != hearth.MembershipNone {
			status = c.Membership
			return nil
		}
		status = hearth.MembershipActive
		if c.Visibility == hearth.Private && !viewer.IsStaff() {
			status = hearth.MembershipPending
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO memberships (community_id, member_id, status, created_at) VALUES ($1, $2, $3, $4)`,
			c.ID, viewer.ID, status, ms(db.Now()))
		if err == nil && status == hearth.MembershipActive {
			err = db.offerMentorTx(ctx, tx, c.ID, viewer.ID) // mentor.go
		}
		return err
	})
	return status, err
}

// Leave removes the viewer's membership or request.
func (db *DB) Leave(ctx context.Context, viewer *hearth.Member, slug string) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in first.")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE member_id = $1 AND community_id = (SELECT id FROM communities WHERE slug = $2)`, viewer.ID, slug)
		return err
	})
}

// ListPending lists requests to join, for the community's moderators.
func (db *DB) ListPending(ctx context.Context, viewer *hearth.Member, slug string) ([]*hearth.Member, error) {
	c, err := db.FindCommunity(ctx, viewer, slug)
	if err != nil {
		return nil, err
	}
	if !c.CanModerate(viewer) {
		return nil, hearth.Errorf(hearth.EForbidden, "Only this community's moderators can see requests to join.")
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+memberColumns+` FROM memberships ms JOIN members m ON m.id = ms.member_id
		WHERE ms.community_id = $1 AND ms.status = 'pending' ORDER BY ms.created_at`, c.ID)
	return scanAll(rows, err, scanMember)
}

// Approve accepts or declines a request to join.
func (db *DB) Approve(ctx context.Context, viewer *hearth.Member, slug, handle string, accept bool) error {
	c, err := db.FindCommunity(ctx, viewer, slug)
	if err != nil {
		return err
	}
	if !c.CanModerate(viewer) {
		return hearth.Errorf(hearth.EForbidden, "Only this community's moderators can answer requests to join.")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		q := `UPDATE memberships SET status = 'active' WHERE community_id = $1 AND status = 'pending' AND member_id = (SELECT id FROM members WHERE handle = $2)`
		if !accept {
			q = `DELETE FROM memberships WHERE community_id = $1 AND status = 'pending' AND member_id = (SELECT id FROM members WHERE handle = $2)`
		}
		res, err := tx.ExecContext(ctx, q, c.ID, hearth.NormalizeHandle(handle))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return hearth.Errorf(hearth.ENotFound, "There is no request to join from @%s.", handle)
		}
		if accept { // an approved request makes a newcomer: offer a mentor (mentor.go)
			var id int64
			if err := tx.QueryRowContext(ctx, `SELECT id FROM members WHERE handle = $1`, hearth.NormalizeHandle(handle)).Scan(&id); err != nil {
				return err
			}
			return db.offerMentorTx(ctx, tx, c.ID, id)
		}
		return nil
	})
}

// SetModerator makes a member an active moderator of a community.
func (db *DB) SetModerator(ctx context.Context, slug, handle string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO memberships (community_id, member_id, status, is_moderator, created_at)
			SELECT c.id, m.id, 'active', 1, $3 FROM communities c, members m WHERE c.slug = $1 AND m.handle = $2
			ON CONFLICT (community_id, member_id) DO UPDATE SET status = 'active', is_moderator = 1`, slug, hearth.NormalizeHandle(handle), ms(db.Now()))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return hearth.Errorf(hearth.ENotFound, "No community %q or member @%s.", slug, handle)
		}
		return nil
	})
}

// AddMember makes a member an active member of a community (seeding and
// admin tools; members use Join).
func (db *DB) AddMember(ctx context.Context, slug, handle string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO memberships (community_id, member_id, status, created_at)
			SELECT c.id, m.id, 'active', $3 FROM communities c, members m WHERE c.slug = $1 AND m.handle = $2
			ON CONFLICT (community_id, member_id) DO UPDATE SET status = 'active'`, slug, hearth.NormalizeHandle(handle), ms(db.Now()))
		return err
	})
}
