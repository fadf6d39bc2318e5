package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/hearth-community/hearth"
)

// Links from directory entries to the communities and events they host
// (hearth.DirectoryLinkService, migration 0012). What a reader sees is
// decided in SQL with canReadCommunity, like every other read.

func scanLinkedCommunity(row rowScanner) (*hearth.LinkedCommunity, error) {
	var c hearth.LinkedCommunity
	var vis string
	var mod int
	if err := row.Scan(&c.Slug, &c.Name, &vis, &mod); err != nil {
		return nil, err
	}
	c.Visibility, c.Moderates = hearth.Visibility(vis), mod == 1
	return &c, nil
}

// viewerModerates is 1 when the viewer ($1, staff flag $2) moderates the
// community aliased c, as Community.CanModerate: site staff moderate
// every community.
const viewerModerates = `CASE WHEN CAST($2 AS INTEGER) = 1 OR EXISTS (SELECT 1 FROM memberships vm WHERE vm.community_id = c.id
	AND vm.member_id = CAST($1 AS BIGINT) AND vm.status = 'active' AND vm.is_moderator = 1) THEN 1 ELSE 0 END`

// upcomingEvent is the condition that the event aliased e has not ended
// as of $4.
const upcomingEvent = `(e.ends_at IS NULL OR e.ends_at > CAST($4 AS BIGINT))`

// linkedEvents reads events with their hosts and schedule changes.
func linkedEvents(ctx context.Context, q querier, query string, args ...any) ([]*hearth.Event, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	es, err := scanAll(rows, err, func(r rowScanner) (*hearth.Event, error) { return scanEvent(r) })
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		if err := loadEventDetails(ctx, q, e); err != nil {
			return nil, err
		}
	}
	if es == nil {
		es = []*hearth.Event{}
	}
	return es, nil
}

// OrganizationLinks lists the communities and upcoming events linked to
// an entry that the viewer may read.
func (db *DB) OrganizationLinks(ctx context.Context, viewer *hearth.Member, orgID int64) (*hearth.OrgLinks, error) {
	vid, staff := viewerArgs(viewer)
	rows, err := db.read.QueryContext(ctx, `SELECT c.slug, c.name, c.visibility, `+viewerModerates+` FROM directory_links l JOIN communities c ON c.id = l.community_id
		WHERE l.org_id = $3 AND `+canReadCommunity+` ORDER BY c.name, c.id`, vid, staff, orgID)
	cs, err := scanAll(rows, err, scanLinkedCommunity)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		cs = []*hearth.LinkedCommunity{}
	}
	es, err := linkedEvents(ctx, db.read, `SELECT `+eventColumns+` FROM directory_links l JOIN events e ON e.id = l.event_id
		JOIN communities c ON c.id = e.community_id
		WHERE l.org_id = $3 AND `+upcomingEvent+` AND `+canReadCommunity+` ORDER BY e.starts_at, e.id`, vid, staff, orgID, ms(db.Now()))
	if err != nil {
		return nil, err
	}
	return &hearth.OrgLinks{Communities: cs, Events: es}, nil
}

// mayLinkOrg refuses, with the reason in plain words, members who may
// not link entry orgID: only administrators and members whose claim on
// the entry is approved may.
func mayLinkOrg(ctx context.Context, q querier, viewer *hearth.Member, orgID int64) error {
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in to link an organization to communities and events.")
	}
	var name string
	if err := q.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, orgID).Scan(&name); errors.Is(err, sql.ErrNoRows) {
		return notFoundOrg()
	} else if err != nil {
		return err
	}
	if hearth.CanManageDirectory(viewer) {
		return nil
	}
	var status string
	err := q.QueryRowContext(ctx, `SELECT status FROM org_claims WHERE org_id = $1 AND member_id = $2`, orgID, viewer.ID).Scan(&status)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return hearth.Errorf(hearth.EForbidden, "Only staff of %s whose request to manage its entry was approved can link it to communities and events. Ask to manage the entry first.", name)
	case err != nil:
		return err
	case hearth.ClaimStatus(status) != hearth.ClaimApproved:
		return hearth.Errorf(hearth.EForbidden, "Your request to manage %s is still waiting for an administrator. Once it is approved, you can link it to the communities you moderate.", name)
	}
	return nil
}

// LinkTargets lists the communities the viewer moderates and the
// upcoming events in them that are not linked to the entry yet.
func (db *DB) LinkTargets(ctx context.Context, viewer *hearth.Member, orgID int64) (*hearth.OrgLinks, error) {
	if err := mayLinkOrg(ctx, db.read, viewer, orgID); err != nil {
		return nil, err
	}
	vid, staff := viewerArgs(viewer)
	const moderates = `(CAST($2 AS INTEGER) = 1 OR EXISTS (SELECT 1 FROM memberships vm WHERE vm.community_id = c.id
		AND vm.member_id = CAST($1 AS BIGINT) AND vm.status = 'active' AND vm.is_moderator = 1))`
	rows, err := db.read.QueryContext(ctx, `SELECT c.slug, c.name, c.visibility, 1 FROM communities c WHERE `+moderates+`
		AND NOT EXISTS (SELECT 1 FROM directory_links l WHERE l.org_id = $3 AND l.community_id = c.id) ORDER BY c.name, c.id`, vid, staff, orgID)
	cs, err := scanAll(rows, err, scanLinkedCommunity)
	if err != nil {
		return nil, err
	}
	es, err := linkedEvents(ctx, db.read, `SELECT `+eventColumns+` FROM events e JOIN communities c ON c.id = e.community_id
		WHERE `+moderates+` AND `+upcomingEvent+`
		AND NOT EXISTS (SELECT 1 FROM directory_links l WHERE l.org_id = $3 AND l.event_id = e.id) ORDER BY c.name, e.title, e.id`, vid, staff, orgID, ms(db.Now()))
	if err != nil {
		return nil, err
	}
	return &hearth.OrgLinks{Communities: cs, Events: es}, nil
}

// linkTarget finds the community of a link target that the viewer may
// read, and whether the viewer moderates it. ID is the target's own ID
// (the community's or the event's).
func linkTarget(ctx context.Context, q querier, viewer *hearth.Member, t hearth.OrgLinkTarget) (id int64, name string, moderates bool, e *hearth.Event, err error) {
	if t.Community != "" {
		c, err := findCommunity(ctx, q, viewer, t.Community, true)
		if err != nil {
			return 0, "", false, nil, err
		}
		return c.ID, c.Name, c.CanModerate(viewer), nil, nil
	}
	e, err = findEvent(ctx, q, viewer, t.EventID)
	if err != nil {
		return 0, "", false, nil, err
	}
	return e.ID, e.CommunityName, viewer.IsStaff() || e.IsModerator, e, nil
}

// LinkOrganization links an entry to a community the viewer moderates,
// or to an upcoming event in one.
func (db *DB) LinkOrganization(ctx context.Context, viewer *hearth.Member, orgID int64, t hearth.OrgLinkTarget) error {
	if err := t.Validate(); err != nil {
		return err
	}
	now := db.Now()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := mayLinkOrg(ctx, tx, viewer, orgID); err != nil {
			return err
		}
		id, community, moderates, e, err := linkTarget(ctx, tx, viewer, t)
		if err != nil {
			return err
		}
		if !moderates && !hearth.CanManageDirectory(viewer) {
			return hearth.Errorf(hearth.EForbidden, "You do not moderate %s, so you cannot link it, or its events, to an organization. A moderator of %s or an administrator can.", community, community)
		}
		column, what := "community_id", community
		if e != nil {
			if e.Ended(now) {
				return hearth.FieldErrorf("event", "%q has ended; only events still to come can be linked.", e.Title)
			}
			column, what = "event_id", e.Title
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM directory_links WHERE org_id = $1 AND `+column+` = $2`, orgID, id).Scan(&n); err != nil {
			return err
		} else if n > 0 {
			return hearth.Errorf(hearth.EConflict, "%s is already linked to this organization.", what)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO directory_links (org_id, `+column+`, linked_by, created_at) VALUES ($1, $2, $3, $4)`,
			orgID, id, viewer.ID, ms(now))
		if isUnique(err) {
			return hearth.Errorf(hearth.EConflict, "%s is already linked to this organization.", what)
		}
		return err
	})
}

// UnlinkOrganization removes a link. The entry's approved claimants and
// administrators may remove any of its links, and a community's
// moderators the links to their community and its events.
func (db *DB) UnlinkOrganization(ctx context.Context, viewer *hearth.Member, orgID int64, t hearth.OrgLinkTarget) error {
	if err := t.Validate(); err != nil {
		return err
	}
	if viewer == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Please sign in to change an organization's links.")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		id, community, moderates, e, err := linkTarget(ctx, tx, viewer, t)
		if err != nil {
			return err
		}
		if !moderates {
			if err := mayLinkOrg(ctx, tx, viewer, orgID); err != nil {
				if hearth.ErrorCode(err) == hearth.EForbidden {
					return hearth.Errorf(hearth.EForbidden, "Only the organization's approved staff, moderators of %s and administrators can remove this link.", community)
				}
				return err
			}
		}
		column := "community_id"
		if e != nil {
			column = "event_id"
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM directory_links WHERE org_id = $1 AND `+column+` = $2`, orgID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return hearth.Errorf(hearth.ENotFound, "That link does not exist; it may have been removed already.")
		}
		return nil
	})
}

// CommunityHosts lists the directory entries linked to a community.
func (db *DB) CommunityHosts(ctx context.Context, slug string) ([]hearth.OrgRef, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT o.id, o.name FROM directory_links l JOIN communities c ON c.id = l.community_id
		JOIN organizations o ON o.id = l.org_id WHERE c.slug = $1 ORDER BY o.name, o.id`, slug)
	return scanOrgRefs(rows, err)
}

// EventHosts lists, for each event, the directory entries linked to it or
// to the community it is in: an organization that hosts a community hosts
// its chats too. An entry linked both ways is listed once. A list of
// events costs one query per idChunk events, not one per event.
func (db *DB) EventHosts(ctx context.Context, eventIDs []int64) (map[int64][]hearth.OrgRef, error) {
	hosts := map[int64][]hearth.OrgRef{}
	for chunk := range slices.Chunk(eventIDs, idChunk) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := db.read.QueryContext(ctx, `SELECT DISTINCT e.id, o.id, o.name FROM events e
			JOIN directory_links l ON l.event_id = e.id OR l.community_id = e.community_id
			JOIN organizations o ON o.id = l.org_id
			WHERE e.id IN (`+inList(0, len(chunk))+`) ORDER BY e.id, o.name, o.id`, args...)
		type eventHost struct {
			event int64
			org   hearth.OrgRef
		}
		found, err := scanAll(rows, err, func(r rowScanner) (eventHost, error) {
			var h eventHost
			err := r.Scan(&h.event, &h.org.ID, &h.org.Name)
			h.org.URL = orgURL(h.org.ID)
			return h, err
		})
		if err != nil {
			return nil, err
		}
		for _, h := range found {
			hosts[h.event] = append(hosts[h.event], h.org)
		}
	}
	return hosts, nil
}

// scanOrgRefs reads (id, name) rows, never returning nil, so that JSON
// says "hosted_by": [] rather than null.
func scanOrgRefs(rows *sql.Rows, err error) ([]hearth.OrgRef, error) {
	refs, err := scanAll(rows, err, func(r rowScanner) (hearth.OrgRef, error) {
		var o hearth.OrgRef
		err := r.Scan(&o.ID, &o.Name)
		o.URL = orgURL(o.ID)
		return o, err
	})
	if refs == nil && err == nil {
		refs = []hearth.OrgRef{}
	}
	return refs, err
}

// orgURL is a directory entry's page.
func orgURL(id int64) string { return fmt.Sprintf("/directory/%d", id) }
