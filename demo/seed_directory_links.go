package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// seedDirectoryLinks has each OrgHost's staff member claim the entry,
// the admin approve it, and the claimant link the community and its
// events, through the same rules as the site (events must exist first).
func seedDirectoryLinks(ctx context.Context, db *sqldb.DB, now time.Time, members map[string]*hearth.Member) error {
	var admin *hearth.Member
	for _, m := range Members {
		if m.Role == string(hearth.RoleAdmin) {
			admin = members[m.Handle]
			break
		}
	}
	for _, h := range OrgHosts {
		domain := h.Slug + ".example.org"
		orgs, err := db.OrganizationsByDomain(ctx, []string{domain})
		if err != nil {
			return err
		}
		o := orgs[domain]
		if o == nil {
			return fmt.Errorf("directory links: no entry %s", h.Slug)
		}
		db.Now = func() time.Time { return now.Add(-9 * 24 * time.Hour) }
		claim, err := db.ClaimOrganization(ctx, members[h.Handle], o.ID, h.Note)
		if err != nil {
			return fmt.Errorf("directory links: claim by %s: %w", h.Handle, err)
		}
		db.Now = func() time.Time { return now.Add(-8 * 24 * time.Hour) }
		if err := db.DecideClaim(ctx, admin, claim.ID, true); err != nil {
			return err
		}
		targets := []hearth.OrgLinkTarget{{Community: h.Community}}
		events, err := db.ListEvents(ctx, members[h.Handle], h.Community)
		if err != nil {
			return err
		}
		for _, title := range h.Events {
			found := false
			for _, e := range events {
				if e.Title == title {
					targets, found = append(targets, hearth.OrgLinkTarget{EventID: e.ID}), true
				}
			}
			if !found {
				return fmt.Errorf("directory links: no event %q in %s", title, h.Community)
			}
		}
		db.Now = func() time.Time { return now.Add(-7 * 24 * time.Hour) }
		for _, t := range targets {
			if err := db.LinkOrganization(ctx, members[h.Handle], o.ID, t); err != nil {
				return fmt.Errorf("directory links: %s to %+v: %w", h.Slug, t, err)
			}
		}
	}
	return nil
}
