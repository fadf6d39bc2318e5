package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

func TestContentDirectory(t *testing.T) {
	if len(Orgs) < 50 {
		t.Errorf("%d organizations, want at least 50", len(Orgs))
	}
	states, kinds, names, slugs := map[string]bool{}, map[string]int{}, map[string]bool{}, map[string]bool{}
	none := 0
	for _, o := range Orgs {
		if names[o.Name] || slugs[o.Slug] {
			t.Errorf("duplicate %q / %q", o.Name, o.Slug)
		}
		names[o.Name], slugs[o.Slug] = true, true
		states[o.State] = true
		kinds[o.Kind]++
		if o.Channels == "" {
			none++
		}
		n := hearth.NewOrganization{Name: o.Name, Kind: hearth.OrgKind(o.Kind), City: o.City, Region: o.State, Website: orgWebsite(o),
			Channels: map[hearth.ChannelKind]string{}}
		for k, u := range orgChannels(o) {
			n.Channels[hearth.ChannelKind(k)] = u
			if u == "" {
				t.Errorf("%s: unknown channel %q", o.Name, k)
			}
		}
		if err := n.Validate(); err != nil {
			t.Errorf("%s: %v", o.Name, err)
		}
		if !strings.HasSuffix(n.Domain(), ".example.org") {
			t.Errorf("%s: website %s is not under example.org", o.Name, n.Website)
		}
		for _, re := range contentForbidden {
			if re.re.MatchString(o.Name) {
				t.Errorf("%s: name holds a %s", o.Name, re.what)
			}
		}
	}
	if len(states) < 20 {
		t.Errorf("%d states, want at least 20", len(states))
	}
	for _, k := range hearth.OrgKinds {
		if kinds[string(k)] == 0 {
			t.Errorf("no demo organization of kind %s", k)
		}
	}
	if none == 0 || none > len(Orgs)/4 {
		t.Errorf("%d organizations without channels; want a few, as in life", none)
	}
	handles := contentMembersByHandle()
	for _, c := range OrgClaims {
		if _, ok := handles[c.Handle]; !ok || !slugs[c.Slug] {
			t.Errorf("claim %+v names an unknown member or organization", c)
		}
	}
}

func TestSeedDirectory(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if err := Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	st, err := db.DirectoryStats(ctx, hearth.OrgFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Total != len(Orgs) || st.WithChannel == st.Total || st.ByChannel[0].Dead == 0 && st.ByChannel[1].Dead == 0 {
		t.Errorf("stats: %+v", st)
	}
	p, _ := db.ListOrganizations(ctx, hearth.OrgFilter{Query: "lakeshore children"})
	if len(p.Orgs) != 1 || strings.Join(p.Orgs[0].ManagedBy, ",") != "peds_endo_doc" {
		t.Errorf("managed entry: %+v", p.Orgs)
	}
}
