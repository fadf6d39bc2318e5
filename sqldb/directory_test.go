package sqldb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

func newOrg(name, kind, city, state, domain string, channels ...string) hearth.NewOrganization {
	n := hearth.NewOrganization{Name: name, Kind: hearth.OrgKind(kind), City: city, Region: state, Website: "https://www." + domain + "/",
		Channels: map[hearth.ChannelKind]string{}}
	for _, c := range channels {
		k := hearth.ChannelKind(c)
		switch k {
		case hearth.ChannelFacebook:
			n.Channels[k] = "https://www.facebook.com/" + name[:3]
		case hearth.ChannelYouTube:
			n.Channels[k] = "https://www.youtube.com/@" + name[:3]
		default:
			n.Channels[k] = "https://" + c + "." + domain + "/"
		}
	}
	return n
}

// seedDirectory adds six organizations in four states.
func seedDirectory(t *testing.T, db *sqldb.DB) []*hearth.Organization {
	t.Helper()
	orgs, err := db.CreateOrganizations(context.Background(), []hearth.NewOrganization{
		newOrg("Riverbend Regional Medical Center", "hospital", "Dayton", "OH", "riverbend.example.org", "facebook", "youtube", "blog"),
		newOrg("Lakeshore Children's Hospital", "hospital", "Milwaukee", "WI", "lakeshore.example.org", "facebook"),
		newOrg("Cedar Hollow Memorial", "hospital", "Bowling Green", "KY", "cedar.example.org"),
		newOrg("Great Lakes Epilepsy Alliance", "patient organization", "Chicago", "IL", "glea.example.org", "facebook", "forum", "podcast"),
		newOrg("Dayton Free Clinic", "clinic", "Dayton", "Ohio", "dfc.example.org", "blog"),
		newOrg("100% Kids_Health Fund", "patient_organization", "Columbus", "OH", "kids.example.org"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return orgs
}

func TestDirectoryCreateAndFind(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	orgs := seedDirectory(t, db)
	o, err := db.FindOrganization(ctx, nil, orgs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if o.Name != "Riverbend Regional Medical Center" || o.Kind != hearth.OrgHospital || o.Region != "OH" || o.Country != "US" ||
		o.Domain != "riverbend.example.org" || len(o.Channels) != 3 || o.CreatedAt.IsZero() {
		t.Fatalf("found %+v", o)
	}
	for i, k := range []hearth.ChannelKind{hearth.ChannelFacebook, hearth.ChannelYouTube, hearth.ChannelBlog} {
		if c := o.Channels[i]; c.Kind != k || c.Status != hearth.ChannelUnchecked || c.CheckedAt != nil {
			t.Errorf("channel %d: %+v, want %s unchecked", i, c, k)
		}
	}
	if _, err := db.FindOrganization(ctx, nil, 9999); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("missing organization: %v", err)
	}

	// One transaction: a batch with a domain already listed adds nothing.
	_, err = db.CreateOrganizations(ctx, []hearth.NewOrganization{
		newOrg("Brand New Clinic", "clinic", "Austin", "TX", "brandnew.example.org"),
		newOrg("Riverbend Again", "hospital", "Dayton", "OH", "RIVERBEND.example.org"),
	})
	if hearth.ErrorCode(err) != hearth.EInvalid || hearth.ErrorField(err) != "website" {
		t.Fatalf("duplicate domain: %v", err)
	}
	found, err := db.OrganizationsByDomain(ctx, []string{"brandnew.example.org", "riverbend.example.org", "nope.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found["riverbend.example.org"] == nil {
		t.Errorf("by domain after a failed batch: %v", found)
	}
	// An invalid entry is refused before anything is written.
	if _, err := db.CreateOrganizations(ctx, []hearth.NewOrganization{{Name: "No website", Kind: "clinic", Region: "TX"}}); hearth.ErrorCode(err) != hearth.EInvalid {
		t.Errorf("invalid entry: %v", err)
	}
}

func TestDirectoryListAndFilters(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	seedDirectory(t, db)
	names := func(f hearth.OrgFilter) []string {
		t.Helper()
		p, err := db.ListOrganizations(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, o := range p.Orgs {
			out = append(out, o.Name)
		}
		return out
	}
	for _, tc := range []struct {
		f    hearth.OrgFilter
		want string
	}{
		{hearth.OrgFilter{}, "[100% Kids_Health Fund Cedar Hollow Memorial Dayton Free Clinic Great Lakes Epilepsy Alliance Lakeshore Children's Hospital Riverbend Regional Medical Center]"},
		{hearth.OrgFilter{Query: "dayton"}, "[Dayton Free Clinic Riverbend Regional Medical Center]"}, // name or city
		{hearth.OrgFilter{Query: "DAYTON clinic"}, "[Dayton Free Clinic]"},                            // every word
		{hearth.OrgFilter{Query: "%"}, "[100% Kids_Health Fund]"},                                     // wildcards are literal
		{hearth.OrgFilter{Query: "s_h"}, "[100% Kids_Health Fund]"},                                   // so is _
		{hearth.OrgFilter{Kind: hearth.OrgHospital}, "[Cedar Hollow Memorial Lakeshore Children's Hospital Riverbend Regional Medical Center]"},
		{hearth.OrgFilter{Region: "OH"}, "[100% Kids_Health Fund Dayton Free Clinic Riverbend Regional Medical Center]"},
		{hearth.OrgFilter{Region: "ohio", Kind: hearth.OrgClinic}, "[Dayton Free Clinic]"},
		{hearth.OrgFilter{Channel: hearth.ChannelFacebook}, "[Great Lakes Epilepsy Alliance Lakeshore Children's Hospital Riverbend Regional Medical Center]"},
		{hearth.OrgFilter{Channel: hearth.ChannelBlog, Region: "OH"}, "[Dayton Free Clinic Riverbend Regional Medical Center]"},
		{hearth.OrgFilter{Query: "nothing like this"}, "[]"},
	} {
		if got := fmt.Sprint(names(tc.f)); got != tc.want {
			t.Errorf("%+v: got %s, want %s", tc.f, got, tc.want)
		}
	}

	p, err := db.ListOrganizations(ctx, hearth.OrgFilter{PerPage: 4, Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	if p.Total != 6 || p.Pages != 2 || p.Page != 2 || len(p.Orgs) != 2 || p.Orgs[1].Name != "Riverbend Regional Medical Center" || len(p.Orgs[1].Channels) != 3 {
		t.Errorf("page 2: %+v", p)
	}
	p, _ = db.ListOrganizations(ctx, hearth.OrgFilter{PerPage: 4, Page: 99})
	if p.Page != 2 {
		t.Errorf("past the end: page %d", p.Page)
	}
	if _, err := db.ListOrganizations(ctx, hearth.OrgFilter{Kind: "spa"}); hearth.ErrorCode(err) != hearth.EInvalid {
		t.Errorf("unknown kind: %v", err)
	}
	all, err := db.ExportOrganizations(ctx, hearth.OrgFilter{Region: "OH"})
	if err != nil || len(all) != 3 {
		t.Errorf("export: %d, %v", len(all), err)
	}
}

func TestDirectoryStats(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	orgs := seedDirectory(t, db)
	fb := orgs[0].Channel(hearth.ChannelFacebook)
	if err := db.RecordChannelCheck(ctx, hearth.ChannelCheck{OrgID: orgs[0].ID, Kind: fb.Kind, URL: fb.URL, Status: hearth.ChannelDead,
		Note: "page not found (404)", CheckedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	s, err := db.DirectoryStats(ctx, hearth.OrgFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Total != 6 || s.WithChannel != 4 || s.SharePercent() != 67 {
		t.Errorf("totals: %+v", s)
	}
	if len(s.ByChannel) != len(hearth.ChannelKinds) {
		t.Fatalf("by channel: %+v", s.ByChannel)
	}
	got := fmt.Sprint(s.ByChannel[:4])
	want := "[{facebook Facebook 3 1} {blog Blog 2 0} {youtube YouTube 1 0} {podcast Podcast 1 0}]"
	if got != want {
		t.Errorf("by channel:\n got %s\nwant %s", got, want)
	}
	if last := s.ByChannel[len(s.ByChannel)-1]; last.Orgs != 0 {
		t.Errorf("channels with none listed come last: %+v", s.ByChannel)
	}
	got = fmt.Sprint(s.ByRegion)
	want = "[{US OH Ohio 3} {US IL Illinois 1} {US KY Kentucky 1} {US WI Wisconsin 1}]"
	if got != want {
		t.Errorf("by region:\n got %s\nwant %s", got, want)
	}

	// The numbers follow the filter.
	s, err = db.DirectoryStats(ctx, hearth.OrgFilter{Kind: hearth.OrgHospital})
	if err != nil {
		t.Fatal(err)
	}
	if s.Total != 3 || s.WithChannel != 2 || s.ByChannel[0].Kind != hearth.ChannelFacebook || s.ByChannel[0].Orgs != 2 || len(s.ByRegion) != 3 {
		t.Errorf("hospitals: %+v", s)
	}
	s, err = db.DirectoryStats(ctx, hearth.OrgFilter{Query: "no such thing"})
	if err != nil || s.Total != 0 || s.WithChannel != 0 || s.SharePercent() != 0 || len(s.ByRegion) != 0 {
		t.Errorf("nothing: %+v %v", s, err)
	}
}

func TestDirectoryLinkChecks(t *testing.T) {
	ctx := context.Background()
	db, clock := sqldbtest.MustOpen(t)
	orgs := seedDirectory(t, db)
	due, err := db.ChannelsToCheck(ctx, clock.T, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 8 {
		t.Fatalf("due: %d %+v", len(due), due)
	}
	checked := clock.T.Add(-time.Hour)
	c := due[0]
	c.Status, c.Note, c.CheckedAt = hearth.ChannelDead, "page not found (404)", checked
	if err := db.RecordChannelCheck(ctx, c); err != nil {
		t.Fatal(err)
	}
	// A result for a URL that has changed since is dropped.
	stale := due[1]
	stale.URL, stale.Status, stale.CheckedAt = "https://old.example.org/", hearth.ChannelOK, checked
	if err := db.RecordChannelCheck(ctx, stale); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordChannelCheck(ctx, hearth.ChannelCheck{OrgID: c.OrgID, Kind: c.Kind, URL: c.URL, Status: hearth.ChannelUnchecked}); hearth.ErrorCode(err) != hearth.EInvalid {
		t.Errorf("recording 'unchecked': %v", err)
	}
	o, _ := db.FindOrganization(ctx, nil, c.OrgID)
	ch := o.Channel(c.Kind)
	if ch.Status != hearth.ChannelDead || ch.CheckedAt == nil || !ch.CheckedAt.Equal(checked.Truncate(time.Millisecond)) || ch.CheckNote != "page not found (404)" {
		t.Errorf("recorded: %+v", ch)
	}
	o, _ = db.FindOrganization(ctx, nil, stale.OrgID)
	if ch := o.Channel(stale.Kind); ch.Status != hearth.ChannelUnchecked {
		t.Errorf("stale result recorded: %+v", ch)
	}
	// Checked just now: not due before an hour ago; due after.
	due, _ = db.ChannelsToCheck(ctx, checked.Add(-time.Minute), 100)
	if len(due) != 7 {
		t.Errorf("due after one check: %d", len(due))
	}
	due, _ = db.ChannelsToCheck(ctx, clock.T, 100)
	if len(due) != 8 || due[len(due)-1].OrgID != c.OrgID || due[len(due)-1].Kind != c.Kind {
		t.Errorf("the checked link should come last: %+v", due)
	}
	due, _ = db.ChannelsToCheck(ctx, clock.T, 3)
	if len(due) != 3 {
		t.Errorf("limit: %d", len(due))
	}
	_ = orgs
}

func TestDirectoryClaims(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	orgs := seedDirectory(t, db)
	mk := func(h string, role hearth.Role) *hearth.Member {
		m, err := db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: "a long enough password", Role: role})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	staff, other, mod, admin := mk("rb_comms", hearth.RoleMember), mk("someone", hearth.RoleMember), mk("a_mod", hearth.RoleModerator), mk("boss", hearth.RoleAdmin)
	id := orgs[0].ID

	if _, err := db.ClaimOrganization(ctx, nil, id, "hi"); hearth.ErrorCode(err) != hearth.EUnauthorized {
		t.Errorf("signed out: %v", err)
	}
	if _, err := db.ClaimOrganization(ctx, staff, id, "  "); hearth.ErrorField(err) != "note" {
		t.Errorf("empty note: %v", err)
	}
	if _, err := db.ClaimOrganization(ctx, staff, 9999, "Comms"); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("no such organization: %v", err)
	}
	c, err := db.ClaimOrganization(ctx, staff, id, "Communications manager")
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != hearth.ClaimPending || c.Member != "rb_comms" || c.OrgName != orgs[0].Name || c.ApprovedAt != nil {
		t.Errorf("claim: %+v", c)
	}
	again, err := db.ClaimOrganization(ctx, staff, id, "Asking twice")
	if err != nil || again.ID != c.ID || again.Note != "Communications manager" {
		t.Errorf("asking again: %+v %v", again, err)
	}
	o, _ := db.FindOrganization(ctx, staff, id)
	if o.ViewerClaim != hearth.ClaimPending || len(o.ManagedBy) != 0 {
		t.Errorf("pending: %+v", o)
	}
	other2, _ := db.ClaimOrganization(ctx, other, id, "I also work there")

	for _, m := range []*hearth.Member{nil, staff, mod} {
		if _, err := db.ListClaims(ctx, m); err == nil {
			t.Errorf("%v listed claims", m)
		}
		if err := db.DecideClaim(ctx, m, c.ID, true); err == nil {
			t.Errorf("%v approved a claim", m)
		}
	}
	if err := db.DecideClaim(ctx, admin, c.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := db.DecideClaim(ctx, admin, c.ID, true); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("approving twice: %v", err)
	}
	if err := db.DecideClaim(ctx, admin, other2.ID, false); err != nil {
		t.Fatal(err)
	}
	o, _ = db.FindOrganization(ctx, staff, id)
	if o.ViewerClaim != hearth.ClaimApproved || fmt.Sprint(o.ManagedBy) != "[rb_comms]" {
		t.Errorf("approved: %+v", o)
	}
	o, _ = db.FindOrganization(ctx, other, id)
	if o.ViewerClaim != hearth.ClaimNone {
		t.Errorf("declined claim still there: %+v", o.ViewerClaim)
	}
	list, err := db.ListClaims(ctx, admin)
	if err != nil || len(list) != 1 || list[0].ApprovedBy != "boss" || list[0].ApprovedAt == nil || list[0].Status != hearth.ClaimApproved {
		t.Errorf("claims: %+v %v", list, err)
	}
	p, _ := db.ListOrganizations(ctx, hearth.OrgFilter{Query: "riverbend"})
	if fmt.Sprint(p.Orgs[0].ManagedBy) != "[rb_comms]" {
		t.Errorf("list managers: %v", p.Orgs[0].ManagedBy)
	}
	// Declining an approved claim withdraws it.
	if err := db.DecideClaim(ctx, admin, c.ID, false); err != nil {
		t.Fatal(err)
	}
	if o, _ = db.FindOrganization(ctx, nil, id); len(o.ManagedBy) != 0 {
		t.Errorf("withdrawn: %v", o.ManagedBy)
	}
}

func TestDirectoryCopiesToPostgres(t *testing.T) {
	ctx := context.Background()
	src, _ := sqldbtest.MustOpen(t)
	if src.Dialect() != "sqlite" {
		t.Skip("copies from SQLite")
	}
	orgs := seedDirectory(t, src)
	admin, err := src.CreateMember(ctx, hearth.NewMember{Handle: "boss", Email: "boss@example.org", Password: "a long enough password", Role: hearth.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	c, err := src.ClaimOrganization(ctx, admin, orgs[0].ID, "Runs the place")
	if err != nil {
		t.Fatal(err)
	}
	if err := src.DecideClaim(ctx, admin, c.ID, true); err != nil {
		t.Fatal(err)
	}
	fb := orgs[0].Channel(hearth.ChannelFacebook)
	if err := src.RecordChannelCheck(ctx, hearth.ChannelCheck{OrgID: orgs[0].ID, Kind: fb.Kind, URL: fb.URL, Status: hearth.ChannelOK, CheckedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	dst, err := sqldb.Open(ctx, sqldbtest.NewPostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	counts, err := sqldb.CopyTo(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if counts["organizations"] != 6 || counts["org_channels"] != 8 || counts["org_claims"] != 1 {
		t.Fatalf("copied %v", counts)
	}
	a, _ := src.FindOrganization(ctx, admin, orgs[0].ID)
	b, err := dst.FindOrganization(ctx, admin, orgs[0].ID)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if err != nil || string(ja) != string(jb) || len(b.ManagedBy) != 1 || b.Channels[0].CheckedAt == nil {
		t.Errorf("copy differs:\n%v\n%v (%v)", a, b, err)
	}
	// New entries get ids after the copied ones.
	more, err := dst.CreateOrganizations(ctx, []hearth.NewOrganization{newOrg("After The Copy", "clinic", "Austin", "TX", "after.example.org")})
	if err != nil || more[0].ID != orgs[len(orgs)-1].ID+1 {
		t.Errorf("after copy: %v %v", more, err)
	}
}
