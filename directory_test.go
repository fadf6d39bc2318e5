package hearth_test

import (
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
)

func TestCleanChannelURL(t *testing.T) {
	for _, tc := range []struct {
		kind hearth.ChannelKind
		in   string
		want string // the cleaned URL, or a piece of the error message
		ok   bool
	}{
		{hearth.ChannelFacebook, "https://www.facebook.com/RiverbendHealth", "https://www.facebook.com/RiverbendHealth", true},
		{hearth.ChannelFacebook, "  HTTPS://M.Facebook.com/page  ", "https://m.facebook.com/page", true},
		{hearth.ChannelFacebook, "https://fb.me/page", "https://fb.me/page", true},
		{hearth.ChannelFacebook, "https://notfacebook.com/page", "is not on facebook.com", false},
		{hearth.ChannelFacebook, "https://facebook.com.evil.example/page", "is not on facebook.com", false},
		{hearth.ChannelFacebook, "https://www.facebook.com/", "home page", false},
		{hearth.ChannelX, "https://twitter.com/clinic", "https://twitter.com/clinic", true},
		{hearth.ChannelX, "https://x.com/clinic", "https://x.com/clinic", true},
		{hearth.ChannelYouTube, "https://youtu.be/abc", "https://youtu.be/abc", true},
		{hearth.ChannelYouTube, "https://vimeo.com/abc", "youtube.com or youtu.be", false},
		{hearth.ChannelInstagram, "http://instagram.com/clinic/", "http://instagram.com/clinic/", true},
		{hearth.ChannelLinkedIn, "https://www.linkedin.com/company/x", "https://www.linkedin.com/company/x", true},
		{hearth.ChannelTikTok, "https://www.tiktok.com/@x", "https://www.tiktok.com/@x", true},
		{hearth.ChannelMastodon, "https://mastodon.example.org/@clinic", "https://mastodon.example.org/@clinic", true},
		{hearth.ChannelMastodon, "https://mastodon.example.org/about", "does not name an account", false},
		{hearth.ChannelBlog, "https://blog.example.org/", "https://blog.example.org/", true},
		{hearth.ChannelBlog, "blog.example.org/news", "must start with https://", false},
		{hearth.ChannelBlog, "ftp://blog.example.org/news", "not ftp:", false},
		{hearth.ChannelBlog, "javascript://alert(1)", "not javascript:", false},
		{hearth.ChannelBlog, "https://", "no site name", false},
		{hearth.ChannelBlog, "https://user:pw@blog.example.org/", "user name or password", false},
		{hearth.ChannelBlog, "https://127.0.0.1/blog", "bare IP address", false},
		{hearth.ChannelBlog, "https://[::1]/blog", "bare IP address", false},
		{hearth.ChannelBlog, "https://localhost/blog", "public website", false},
		{hearth.ChannelBlog, "https://blog example.org/", "has a space", false},
		{hearth.ChannelBlog, "https://blog.example.org/" + strings.Repeat("a", 600), "limit is 500", false},
		{hearth.ChannelPodcast, "https://pod_cast.example.org/", "public website", false},
	} {
		got, err := hearth.CleanChannelURL(tc.kind, tc.in)
		switch {
		case tc.ok && err != nil:
			t.Errorf("%s %q: %v", tc.kind, tc.in, err)
		case tc.ok && got != tc.want:
			t.Errorf("%s %q: got %q, want %q", tc.kind, tc.in, got, tc.want)
		case !tc.ok && err == nil:
			t.Errorf("%s %q: accepted as %q", tc.kind, tc.in, got)
		case !tc.ok && (!strings.Contains(err.Message, tc.want) || err.Field != string(tc.kind)):
			t.Errorf("%s %q: error %q (field %q), want it to mention %q", tc.kind, tc.in, err.Message, err.Field, tc.want)
		}
	}
}

func TestNewOrganizationCheck(t *testing.T) {
	good := func() hearth.NewOrganization {
		return hearth.NewOrganization{Name: "  Riverbend   Regional ", Kind: "Patient organisation", City: "Dayton", Region: "ohio", Country: "usa",
			Website: "https://WWW.Riverbend.example.org/", Channels: map[hearth.ChannelKind]string{hearth.ChannelFacebook: "https://facebook.com/rb", hearth.ChannelX: " "}}
	}
	n := good()
	if ps := n.Check(); len(ps) != 0 {
		t.Fatalf("good entry: %v", ps)
	}
	if n.Name != "Riverbend Regional" || n.Kind != hearth.OrgPatientGroup || n.Region != "OH" || n.Country != "US" ||
		n.Website != "https://www.riverbend.example.org/" || n.Domain() != "riverbend.example.org" || len(n.Channels) != 1 {
		t.Errorf("not normalized: %+v domain %q", n, n.Domain())
	}
	// Check is idempotent, so that storage can check again.
	again := n
	if ps := again.Check(); len(ps) != 0 || again.Website != n.Website {
		t.Errorf("second check: %v %+v", ps, again)
	}

	for _, tc := range []struct {
		name   string
		change func(*hearth.NewOrganization)
		fields []string
	}{
		{"missing name", func(n *hearth.NewOrganization) { n.Name = " " }, []string{"name"}},
		{"long name", func(n *hearth.NewOrganization) { n.Name = strings.Repeat("x", 201) }, []string{"name"}},
		{"formula name", func(n *hearth.NewOrganization) { n.Name = "=HYPERLINK(\"x\")" }, []string{"name"}},
		{"unknown kind", func(n *hearth.NewOrganization) { n.Kind = "spa" }, []string{"kind"}},
		{"missing kind", func(n *hearth.NewOrganization) { n.Kind = "" }, []string{"kind"}},
		{"unknown state", func(n *hearth.NewOrganization) { n.Region = "Ohoi" }, []string{"region"}},
		{"missing state", func(n *hearth.NewOrganization) { n.Region = "" }, []string{"region"}},
		{"bad country", func(n *hearth.NewOrganization) { n.Country = "Canada" }, []string{"country"}},
		{"missing website", func(n *hearth.NewOrganization) { n.Website = "" }, []string{"website"}},
		{"bad website", func(n *hearth.NewOrganization) { n.Website = "riverbend.example.org" }, []string{"website"}},
		{"invalid UTF-8", func(n *hearth.NewOrganization) { n.City = "Dayton\xff" }, []string{""}},
		{"two problems", func(n *hearth.NewOrganization) {
			n.Kind = "spa"
			n.Channels[hearth.ChannelYouTube] = "https://vimeo.com/x"
		}, []string{"kind", "youtube"}},
	} {
		n := good()
		tc.change(&n)
		ps := n.Check()
		var fields []string
		for _, p := range ps {
			fields = append(fields, p.Field)
			if p.Code != hearth.EInvalid || p.Message == "" {
				t.Errorf("%s: problem %+v", tc.name, p)
			}
		}
		if strings.Join(fields, ",") != strings.Join(tc.fields, ",") {
			t.Errorf("%s: problems in %v, want %v (%v)", tc.name, fields, tc.fields, ps)
		}
	}

	// Outside the US the region is free text and may be empty.
	n = good()
	n.Country, n.Region = "ca", "Ontario"
	if ps := n.Check(); len(ps) != 0 || n.Country != "CA" || n.Region != "Ontario" {
		t.Errorf("Canadian entry: %v %+v", ps, n)
	}
}

func TestParseOrgKindAndStates(t *testing.T) {
	for in, want := range map[string]hearth.OrgKind{"hospital": hearth.OrgHospital, "Public Health Agency": hearth.OrgPublicHealth,
		"research_center": hearth.OrgResearch, "patient-organization": hearth.OrgPatientGroup, "Research centre": hearth.OrgResearch} {
		if got, ok := hearth.ParseOrgKind(in); !ok || got != want {
			t.Errorf("ParseOrgKind(%q) = %q, %v", in, got, ok)
		}
	}
	if _, ok := hearth.ParseOrgKind("spa"); ok {
		t.Error("spa is a kind")
	}
	for _, k := range hearth.OrgKinds {
		if got, ok := hearth.ParseOrgKind(k.Label()); !ok || got != k {
			t.Errorf("label %q does not parse back", k.Label())
		}
	}
	for in, want := range map[string]string{"oh": "OH", "New  York": "NY", "district of columbia": "DC", "PR": "PR"} {
		if got, ok := hearth.ParseUSState(in); !ok || got != want {
			t.Errorf("ParseUSState(%q) = %q, %v", in, got, ok)
		}
	}
	if len(hearth.USStates()) < 51 {
		t.Error("states missing")
	}
	o := hearth.Organization{City: "Dayton", Region: "OH", Country: "US"}
	if o.Place() != "Dayton, Ohio" {
		t.Errorf("Place = %q", o.Place())
	}
	o = hearth.Organization{City: "Toronto", Region: "Ontario", Country: "CA"}
	if o.Place() != "Toronto, Ontario, CA" {
		t.Errorf("Place = %q", o.Place())
	}
}

func TestOrgFilterClean(t *testing.T) {
	f := hearth.OrgFilter{Query: "  river   bend ", Kind: "Hospital", Region: "ohio", Page: -3}
	if err := f.Clean(); err != nil {
		t.Fatal(err)
	}
	if f.Query != "river bend" || f.Kind != hearth.OrgHospital || f.Region != "OH" || f.Page != 1 || f.PerPage != hearth.OrgsPerPage {
		t.Errorf("cleaned: %+v", f)
	}
	if err := (&hearth.OrgFilter{Kind: "spa"}).Clean(); hearth.ErrorCode(err) != hearth.EInvalid {
		t.Errorf("unknown kind: %v", err)
	}
	if err := (&hearth.OrgFilter{Channel: "myspace"}).Clean(); hearth.ErrorCode(err) != hearth.EInvalid {
		t.Errorf("unknown channel: %v", err)
	}
	s := hearth.DirectoryStats{Total: 3, WithChannel: 2}
	if s.SharePercent() != 67 {
		t.Errorf("share %d", s.SharePercent())
	}
}
