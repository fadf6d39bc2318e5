package sqldb_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

func linkedNames(l *hearth.OrgLinks) (cs, es []string) {
	for _, c := range l.Communities {
		cs = append(cs, c.Slug)
	}
	for _, e := range l.Events {
		es = append(es, e.CommunitySlug+":"+e.Title)
	}
	return cs, es
}

func TestDirectoryLinks(t *testing.T) {
	ctx := context.Background()
	f := newEventFixture(t) // nurse_mod moderates "open" (public) and "closed" (private)
	db := f.db
	org := seedDirectory(t, db)[3]
	mustCode := func(err error, code, words string) {
		t.Helper()
		if hearth.ErrorCode(err) != code || !strings.Contains(hearth.ErrorMessage(err), words) {
			t.Fatalf("want %s with %q, got %v", code, words, err)
		}
	}
	open := hearth.OrgLinkTarget{Community: "open"}

	// Without a claim, and while the claim waits: a clear refusal.
	mustCode(db.LinkOrganization(ctx, f.mod, org.ID, open), hearth.EForbidden, "Ask to manage the entry first")
	claim, err := db.ClaimOrganization(ctx, f.mod, org.ID, "Nurse educator at the alliance.")
	if err != nil {
		t.Fatal(err)
	}
	mustCode(db.LinkOrganization(ctx, f.mod, org.ID, open), hearth.EForbidden, "still waiting for an administrator")
	if _, err := db.LinkTargets(ctx, f.mod, org.ID); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Fatalf("link targets of a pending claimant: %v", err)
	}
	if err := db.DecideClaim(ctx, f.staff, claim.ID, true); err != nil {
		t.Fatal(err)
	}
	// Approved, the claimant links what they moderate.
	targets, err := db.LinkTargets(ctx, f.mod, org.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cs, es := linkedNames(targets); !slices.Equal(cs, []string{"closed", "open"}) || len(es) != 3 {
		t.Fatalf("targets: %v %v", cs, es)
	}
	for _, tg := range []hearth.OrgLinkTarget{open, {Community: "closed"}, {EventID: f.week.ID}, {EventID: f.privateEvent.ID}, {EventID: f.publicEvent.ID}} {
		if err := db.LinkOrganization(ctx, f.mod, org.ID, tg); err != nil {
			t.Fatalf("link %+v: %v", tg, err)
		}
	}
	mustCode(db.LinkOrganization(ctx, f.mod, org.ID, open), hearth.EConflict, "already linked")
	mustCode(db.LinkOrganization(ctx, f.mod, org.ID, hearth.OrgLinkTarget{}), hearth.EInvalid, "one community or one event")
	mustCode(db.LinkOrganization(ctx, f.mod, org.ID+100, open), hearth.ENotFound, "")
	if targets, err = db.LinkTargets(ctx, f.mod, org.ID); err != nil || len(targets.Communities)+len(targets.Events) != 0 {
		t.Fatalf("targets once all are linked: %+v %v", targets, err)
	}

	// An approved claimant who does not moderate the community may not.
	other := seedDirectory2(t, db)
	c2, err := db.ClaimOrganization(ctx, f.member, other.ID, "Volunteer.")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.DecideClaim(ctx, f.staff, c2.ID, true); err != nil {
		t.Fatal(err)
	}
	mustCode(db.LinkOrganization(ctx, f.member, other.ID, open), hearth.EForbidden, "You do not moderate open community")
	mustCode(db.LinkOrganization(ctx, f.member, other.ID, hearth.OrgLinkTarget{EventID: f.week.ID}), hearth.EForbidden, "You do not moderate")
	if targets, err = db.LinkTargets(ctx, f.member, other.ID); err != nil || len(targets.Communities)+len(targets.Events) != 0 {
		t.Fatalf("targets of a claimant who moderates nothing: %+v %v", targets, err)
	}
	// A private community the claimant cannot read is not found.
	c3, err := db.ClaimOrganization(ctx, f.outsider, other.ID, "Board member.")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.DecideClaim(ctx, f.staff, c3.ID, true); err != nil {
		t.Fatal(err)
	}
	mustCode(db.LinkOrganization(ctx, f.outsider, other.ID, hearth.OrgLinkTarget{Community: "closed"}), hearth.ENotFound, "")
	// An administrator links any community.
	if err := db.LinkOrganization(ctx, f.staff, other.ID, open); err != nil {
		t.Fatal(err)
	}

	// Each reader sees what they may read, decided in SQL.
	for _, tc := range []struct {
		name   string
		viewer *hearth.Member
		cs, es []string
	}{
		{"signed out", nil, []string{"open"}, []string{"open:Ask the nurse", "open:Sunday chat"}},
		{"outsider", f.outsider, []string{"open"}, []string{"open:Ask the nurse", "open:Sunday chat"}},
		{"member", f.member, []string{"closed", "open"}, []string{"closed:Ask the nurse", "open:Ask the nurse", "open:Sunday chat"}},
		{"admin", f.staff, []string{"closed", "open"}, []string{"closed:Ask the nurse", "open:Ask the nurse", "open:Sunday chat"}},
	} {
		l, err := db.OrganizationLinks(ctx, tc.viewer, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		cs, es := linkedNames(l)
		slices.Sort(es)
		if !slices.Equal(cs, tc.cs) || !slices.Equal(es, tc.es) {
			t.Errorf("%s sees %v %v, want %v %v", tc.name, cs, es, tc.cs, tc.es)
		}
	}
	hosts, err := db.CommunityHosts(ctx, "open")
	if err != nil || len(hosts) != 2 || hosts[0].Name != org.Name {
		t.Fatalf("hosts of open: %v %v", hosts, err)
	}

	// An event that has ended leaves the list and cannot be linked.
	f.at(time.Date(2026, 11, 1, 15, 0, 0, 0, time.UTC))
	l, _ := db.OrganizationLinks(ctx, nil, org.ID)
	if _, es := linkedNames(l); !slices.Equal(es, []string{"open:Sunday chat"}) {
		t.Errorf("after the one-off event: %v", es)
	}
	mustCode(db.LinkOrganization(ctx, f.staff, other.ID, hearth.OrgLinkTarget{EventID: f.publicEvent.ID}), hearth.EInvalid, "has ended")

	// Unlinking: not by a member who is neither staff of the entry nor a
	// moderator; by the claimant; a second time, not found.
	mustCode(db.UnlinkOrganization(ctx, f.outsider, org.ID, open), hearth.EForbidden, "Only the organization's approved staff")
	mustCode(db.UnlinkOrganization(ctx, nil, org.ID, open), hearth.EUnauthorized, "")
	if err := db.UnlinkOrganization(ctx, f.mod, org.ID, hearth.OrgLinkTarget{Community: "closed"}); err != nil {
		t.Fatal(err)
	}
	mustCode(db.UnlinkOrganization(ctx, f.mod, org.ID, hearth.OrgLinkTarget{Community: "closed"}), hearth.ENotFound, "does not exist")
	// The community's moderator removes a link to it made by another.
	if err := db.UnlinkOrganization(ctx, f.mod, other.ID, open); err != nil {
		t.Fatalf("moderator unlinks their community: %v", err)
	}
	if hosts, _ := db.CommunityHosts(ctx, "open"); len(hosts) != 1 {
		t.Errorf("hosts after unlinking: %v", hosts)
	}
	l, _ = db.OrganizationLinks(ctx, f.staff, org.ID)
	if cs, _ := linkedNames(l); !slices.Equal(cs, []string{"open"}) {
		t.Errorf("after unlinking: %v", cs)
	}
}

// seedDirectory2 adds one more organization.
func seedDirectory2(t testing.TB, db interface {
	CreateOrganizations(context.Context, []hearth.NewOrganization) ([]*hearth.Organization, error)
}) *hearth.Organization {
	t.Helper()
	orgs, err := db.CreateOrganizations(context.Background(), []hearth.NewOrganization{newOrg("Prairie Hills Clinic", "clinic", "Omaha", "NE", "prairie.example.org")})
	if err != nil {
		t.Fatal(err)
	}
	return orgs[0]
}

// BenchmarkDirectoryLinks measures the two reads that pages add: the
// "Hosted by" line of a community page and an entry's links.
func BenchmarkDirectoryLinks(b *testing.B) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(b)
	mod, member, admin := mustMember(b, db, "nurse_mod", hearth.RoleClinician), mustMember(b, db, "member_one", hearth.RoleMember),
		mustMember(b, db, "site_admin", hearth.RoleAdmin)
	for _, c := range []struct {
		slug string
		v    hearth.Visibility
	}{{"open", hearth.Public}, {"closed", hearth.Private}} {
		mustCommunity(b, db, c.slug, c.v)
		if err := db.SetModerator(ctx, c.slug, mod.Handle); err != nil {
			b.Fatal(err)
		}
		if err := db.AddMember(ctx, c.slug, member.Handle); err != nil {
			b.Fatal(err)
		}
	}
	week, err := db.CreateEvent(ctx, mod, "open", hearth.NewEvent{Title: "Sunday chat", Hosts: mod.Handle, Date: "2026-11-01", Time: "21:00",
		TimeZone: "America/New_York", Duration: "60", Repeat: "weekly"})
	if err != nil {
		b.Fatal(err)
	}
	org := seedDirectory2(b, db)
	claim, err := db.ClaimOrganization(ctx, mod, org.ID, "Nurse.")
	if err != nil {
		b.Fatal(err)
	}
	if err := db.DecideClaim(ctx, admin, claim.ID, true); err != nil {
		b.Fatal(err)
	}
	for _, tg := range []hearth.OrgLinkTarget{{Community: "open"}, {Community: "closed"}, {EventID: week.ID}} {
		if err := db.LinkOrganization(ctx, mod, org.ID, tg); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("CommunityHosts", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.CommunityHosts(ctx, "open"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("OrganizationLinks", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.OrganizationLinks(ctx, member, org.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}
