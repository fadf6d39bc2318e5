package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// seedDirectory writes the demo directory, a few link checks and the
// demo members' claims on entries.
func seedDirectory(ctx context.Context, db *sqldb.DB, now time.Time, members map[string]*hearth.Member) error {
	news := make([]hearth.NewOrganization, len(Orgs))
	for i, o := range Orgs {
		chans := map[hearth.ChannelKind]string{}
		for k, u := range orgChannels(o) {
			chans[hearth.ChannelKind(k)] = u
		}
		news[i] = hearth.NewOrganization{Name: o.Name, Kind: hearth.OrgKind(o.Kind), City: o.City, Region: o.State,
			Country: "US", Website: orgWebsite(o), Channels: chans}
	}
	db.Now = func() time.Time { return now.Add(-60 * 24 * time.Hour) }
	created, err := db.CreateOrganizations(ctx, news)
	if err != nil {
		return fmt.Errorf("directory: %w", err)
	}
	bySlug := map[string]*hearth.Organization{}
	for i, o := range Orgs {
		bySlug[o.Slug] = created[i]
	}
	for _, c := range OrgChecks {
		o := bySlug[c.Slug]
		var ch *hearth.Channel
		if o != nil {
			ch = o.Channel(hearth.ChannelKind(c.Channel))
		}
		if ch == nil {
			return fmt.Errorf("directory check: no %s channel for %s", c.Channel, c.Slug)
		}
		if err := db.RecordChannelCheck(ctx, hearth.ChannelCheck{OrgID: o.ID, Kind: ch.Kind, URL: ch.URL,
			Status: hearth.ChannelStatus(c.Status), Note: c.Note, CheckedAt: now.Add(-time.Duration(c.DaysAgo) * 24 * time.Hour)}); err != nil {
			return err
		}
	}
	var admin *hearth.Member
	for _, m := range Members {
		if m.Role == string(hearth.RoleAdmin) {
			admin = members[m.Handle]
			break
		}
	}
	for i, c := range OrgClaims {
		db.Now = func() time.Time { return now.Add(-time.Duration(20-i) * 24 * time.Hour) }
		claim, err := db.ClaimOrganization(ctx, members[c.Handle], bySlug[c.Slug].ID, c.Note)
		if err != nil {
			return fmt.Errorf("directory claim by %s: %w", c.Handle, err)
		}
		if c.Approved {
			db.Now = func() time.Time { return now.Add(-time.Duration(18-i) * 24 * time.Hour) }
			if err := db.DecideClaim(ctx, admin, claim.ID, true); err != nil {
				return fmt.Errorf("directory claim by %s: %w", c.Handle, err)
			}
		}
	}
	return nil
}
