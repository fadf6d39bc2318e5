package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

func TestSeedDirectoryLinks(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	h := demo.OrgHosts[0]
	orgs, err := db.OrganizationsByDomain(ctx, []string{h.Slug + ".example.org"})
	if err != nil {
		t.Fatal(err)
	}
	o := orgs[h.Slug+".example.org"]
	full, err := db.FindOrganization(ctx, nil, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	managed := false
	for _, m := range full.ManagedBy {
		managed = managed || m == h.Handle
	}
	if !managed {
		t.Errorf("%s does not manage %s: %v", h.Handle, o.Name, full.ManagedBy)
	}
	l, err := db.OrganizationLinks(ctx, nil, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Communities) != 1 || l.Communities[0].Slug != h.Community || len(l.Events) != 1 || l.Events[0].Title != h.Events[0] {
		t.Fatalf("links of %s: %+v", o.Name, l)
	}
	hosts, err := db.CommunityHosts(ctx, h.Community)
	if err != nil || len(hosts) != 1 || hosts[0].ID != o.ID {
		t.Errorf("hosts of %s: %v %v", h.Community, hosts, err)
	}
}
