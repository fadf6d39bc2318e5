package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
	"github.com/hearth-community/hearth/web"
)

// dirFixture is a real server on a fresh database with a member, an
// admin and six organizations in four states, one link found dead.
type dirFixture struct {
	t    *testing.T
	db   *sqldb.DB
	srv  *httptest.Server
	orgs []*hearth.Organization
}

const dirPassword = "a long enough password"

func newDirFixture(t *testing.T) *dirFixture {
	t.Helper()
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	for h, role := range map[string]hearth.Role{"rb_comms": hearth.RoleMember, "boss": hearth.RoleAdmin, "a_mod": hearth.RoleModerator} {
		if _, err := db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: dirPassword, Role: role}); err != nil {
			t.Fatal(err)
		}
	}
	mk := func(name, kind, city, state, domain string, channels map[hearth.ChannelKind]string) hearth.NewOrganization {
		return hearth.NewOrganization{Name: name, Kind: hearth.OrgKind(kind), City: city, Region: state, Website: "https://www." + domain + "/", Channels: channels}
	}
	orgs, err := db.CreateOrganizations(ctx, []hearth.NewOrganization{
		mk("Riverbend Regional Medical Center", "hospital", "Dayton", "OH", "riverbend.example.org", map[hearth.ChannelKind]string{
			hearth.ChannelFacebook: "https://www.facebook.com/riverbend", hearth.ChannelYouTube: "https://www.youtube.com/@riverbend", hearth.ChannelBlog: "https://www.riverbend.example.org/blog"}),
		mk("Lakeshore Children's Hospital", "hospital", "Milwaukee", "WI", "lakeshore.example.org", map[hearth.ChannelKind]string{hearth.ChannelFacebook: "https://www.facebook.com/lakeshore"}),
		mk("Cedar Hollow Memorial", "hospital", "Bowling Green", "KY", "cedar.example.org", nil),
		mk("Great Lakes Epilepsy Alliance", "patient_organization", "Chicago", "IL", "glea.example.org", map[hearth.ChannelKind]string{
			hearth.ChannelFacebook: "https://www.facebook.com/glea", hearth.ChannelForum: "https://forum.glea.example.org/"}),
		mk("Dayton Free Clinic", "clinic", "Dayton", "OH", "dfc.example.org", map[hearth.ChannelKind]string{hearth.ChannelBlog: "https://dfc.example.org/news"}),
		mk("Columbus Kids Health Fund", "patient_organization", "Columbus", "OH", "kids.example.org", nil),
	})
	if err != nil {
		t.Fatal(err)
	}
	fb := orgs[0].Channel(hearth.ChannelFacebook)
	if err := db.RecordChannelCheck(ctx, hearth.ChannelCheck{OrgID: orgs[0].ID, Kind: fb.Kind, URL: fb.URL, Status: hearth.ChannelDead,
		Note: "page not found (404)", CheckedAt: time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	f := &dirFixture{t: t, db: db, orgs: orgs}
	f.srv = httptest.NewServer(web.NewServer(db, web.Config{PostsPerMinute: 1000}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(f.srv.Close)
	return f
}

type dirResponse struct {
	code   int
	body   string
	header http.Header
}

func (f *dirFixture) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (f *dirFixture) do(c *http.Client, req *http.Request) dirResponse {
	f.t.Helper()
	res, err := c.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return dirResponse{res.StatusCode, string(b), res.Header}
}

func (f *dirFixture) get(c *http.Client, path string) dirResponse {
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	return f.do(c, req)
}

func (f *dirFixture) post(c *http.Client, path string, form url.Values) dirResponse {
	req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return f.do(c, req)
}

// upload posts a file the way a browser sends the import form.
func (f *dirFixture) upload(c *http.Client, mode, filename, content string) dirResponse {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if mode != "" {
		mw.WriteField("mode", mode)
	}
	if filename != "" {
		fw, _ := mw.CreateFormFile("file", filename)
		fw.Write([]byte(content))
	}
	mw.Close()
	req, _ := http.NewRequest("POST", f.srv.URL+"/admin/directory/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return f.do(c, req)
}

func (f *dirFixture) signedIn(handle string) *http.Client {
	c := f.client()
	if res := f.post(c, "/signin", url.Values{"login": {handle}, "password": {dirPassword}}); res.code != http.StatusSeeOther {
		f.t.Fatalf("sign in as %s: %d", handle, res.code)
	}
	return c
}

// tableRows reads "<th scope="row">Label</th><td>N</td>…" rows of the
// table with the given caption.
func tableRows(t *testing.T, page, caption string) map[string][]string {
	t.Helper()
	i := strings.Index(page, ">"+caption+"</caption>")
	if i < 0 {
		t.Fatalf("no table %q", caption)
	}
	table := page[i : i+strings.Index(page[i:], "</table>")]
	rows := map[string][]string{}
	for _, m := range regexp.MustCompile(`<tr><th scope="row">([^<]*)</th>((?:<td>[^<]*</td>)+)</tr>`).FindAllStringSubmatch(table, -1) {
		for _, c := range regexp.MustCompile(`<td>([^<]*)</td>`).FindAllStringSubmatch(m[2], -1) {
			rows[m[1]] = append(rows[m[1]], c[1])
		}
	}
	return rows
}

func TestDirectoryPage(t *testing.T) {
	f := newDirFixture(t)
	c := f.client()
	res := f.get(c, "/directory")
	if res.code != 200 {
		t.Fatalf("GET /directory: %d %s", res.code, res.body)
	}
	for _, o := range f.orgs {
		if !strings.Contains(res.body, fmt.Sprintf(`<a href="/directory/%d">%s</a>`, o.ID, strings.ReplaceAll(o.Name, "'", "&#39;"))) {
			t.Errorf("list lacks %s", o.Name)
		}
	}
	if !strings.Contains(res.body, "<strong>4 of 6 organizations</strong> (67%)") {
		t.Errorf("share of organizations with a channel missing")
	}
	// The charts' numbers: each table says what its chart draws.
	channels := tableRows(t, res.body, "Organizations by channel")
	for label, want := range map[string]string{"Facebook": "3 1", "Blog": "2 0", "YouTube": "1 0", "Community forum": "1 0", "TikTok": "0 0"} {
		if got := strings.Join(channels[label], " "); got != want {
			t.Errorf("channel table %s: %q, want %q", label, got, want)
		}
	}
	regions := tableRows(t, res.body, "Organizations by state or region")
	if fmt.Sprint(regions) != "map[Illinois:[1] Kentucky:[1] Ohio:[3] Wisconsin:[1]]" {
		t.Errorf("region table: %v", regions)
	}
	for _, id := range []string{"channel-chart", "region-chart"} {
		svg := regexp.MustCompile(`(?s)<svg[^>]*aria-labelledby="` + id + `-title ` + id + `-desc"[^>]*>.*?</svg>`).FindString(res.body)
		if svg == "" || !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, `<title id="`+id+`-title">`) || strings.Contains(svg, "style=") {
			t.Errorf("%s is not an accessible SVG: %.300s", id, svg)
		}
	}
	if !strings.Contains(res.body, "Facebook 3, Blog 2, YouTube 1") || !strings.Contains(res.body, "Ohio 3, Illinois 1") {
		t.Errorf("chart descriptions lack the numbers")
	}
	// The bars draw the same numbers, in the table's order.
	if got := svgBars(res.body, "channel-chart"); got != "Facebook 3, Blog 2, YouTube 1, Community forum 1, X (Twitter) 0, Instagram 0, LinkedIn 0, TikTok 0, Podcast 0, Mastodon 0" {
		t.Errorf("channel bars: %s", got)
	}
	if got := svgBars(res.body, "region-chart"); got != "Ohio 3, Illinois 1, Kentucky 1, Wisconsin 1" {
		t.Errorf("region bars: %s", got)
	}

	// Filters narrow the list and the numbers together.
	res = f.get(c, "/directory?kind=hospital&state=oh")
	if res.code != 200 || !strings.Contains(res.body, "Riverbend Regional") || strings.Contains(res.body, "Dayton Free Clinic") ||
		!strings.Contains(res.body, "<strong>1 of 1 organization</strong> (100%) that match your search") {
		t.Errorf("filtered: %d", res.code)
	}
	if !strings.Contains(res.body, `<option value="OH" selected>Ohio</option>`) || !strings.Contains(res.body, `<option value="hospital" selected>Hospital</option>`) {
		t.Errorf("the form does not show the filter")
	}
	if !strings.Contains(res.body, `href="/directory.csv?kind=hospital&amp;state=OH"`) {
		t.Errorf("CSV link does not carry the filter")
	}
	res = f.get(c, "/directory?q=dayton&channel=blog")
	if !strings.Contains(res.body, "Showing 1 to 2 of 2 organizations that match") {
		t.Errorf("search by city and channel")
	}
	res = f.get(c, "/directory?q=nothing+like+this")
	if res.code != 200 || !strings.Contains(res.body, "No organization matches your search") || strings.Contains(res.body, "<svg") {
		t.Errorf("no results: %d", res.code)
	}
	if res = f.get(c, "/directory?kind=spa"); res.code != http.StatusBadRequest || !strings.Contains(res.body, "not a kind of organization") {
		t.Errorf("bad kind: %d", res.code)
	}
}

func TestDirectoryPaging(t *testing.T) {
	f := newDirFixture(t)
	var news []hearth.NewOrganization
	for i := range 30 {
		news = append(news, hearth.NewOrganization{Name: fmt.Sprintf("Zz Clinic %02d", i), Kind: hearth.OrgClinic, Region: "TX",
			Website: fmt.Sprintf("https://zz%d.example.org/", i)})
	}
	if _, err := f.db.CreateOrganizations(context.Background(), news); err != nil {
		t.Fatal(err)
	}
	res := f.get(f.client(), "/directory?kind=clinic&page=2")
	if !strings.Contains(res.body, "Showing 26 to 31 of 31 organizations") ||
		!strings.Contains(res.body, `<a href="/directory?kind=clinic&amp;page=2" aria-current="page">2</a>`) {
		t.Errorf("page 2: %s", res.body)
	}
}

func TestDirectoryOrganizationPage(t *testing.T) {
	f := newDirFixture(t)
	c := f.client()
	o := f.orgs[0]
	res := f.get(c, fmt.Sprintf("/directory/%d", o.ID))
	if res.code != 200 {
		t.Fatalf("%d", res.code)
	}
	for _, want := range []string{"<h1>Riverbend Regional Medical Center</h1>", "Hospital in Dayton, Ohio",
		`<a href="https://www.riverbend.example.org/">`, `<a href="https://www.facebook.com/riverbend">`,
		`<strong>Not working</strong> when checked <time datetime="2026-11-03T08:00:00Z">November 3, 2026</time>: page not found (404)`,
		"Not checked yet", `href="/signin?next=/directory/`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("organization page lacks %q", want)
		}
	}
	for _, path := range []string{"/directory/9999", "/directory/abc", "/directory/-1"} {
		if res := f.get(c, path); res.code != http.StatusNotFound {
			t.Errorf("%s: %d", path, res.code)
		}
	}
}

func TestDirectoryClaim(t *testing.T) {
	f := newDirFixture(t)
	o := f.orgs[0]
	page := fmt.Sprintf("/directory/%d", o.ID)
	if res := f.post(f.client(), page+"/claim", url.Values{"note": {"Comms"}}); res.code != http.StatusSeeOther || res.header.Get("Location") != "/signin?next="+page {
		t.Errorf("signed out: %d %s", res.code, res.header.Get("Location"))
	}
	member := f.signedIn("rb_comms")
	res := f.post(member, page+"/claim", url.Values{"note": {"   "}})
	if res.code != http.StatusBadRequest || !strings.Contains(res.body, `role="alert"`) || !strings.Contains(res.body, `aria-invalid="true"`) {
		t.Errorf("empty note: %d", res.code)
	}
	long := strings.Repeat("Communications manager. ", 30)
	res = f.post(member, page+"/claim", url.Values{"note": {long}})
	if res.code != http.StatusBadRequest || !strings.Contains(res.body, strings.TrimSpace(long)) {
		t.Errorf("long note does not come back intact: %d", res.code)
	}
	res = f.post(member, page+"/claim", url.Values{"note": {"Communications manager; I can reply from my work email."}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("claim: %d %s", res.code, res.body)
	}
	if res = f.get(member, page); !strings.Contains(res.body, "You asked to manage this entry") || strings.Contains(res.body, "Managed by") {
		t.Errorf("pending claim not shown")
	}

	// Only administrators see and answer claims.
	if res = f.get(f.client(), "/admin/directory/claims"); res.code != http.StatusSeeOther {
		t.Errorf("claims signed out: %d", res.code)
	}
	for _, h := range []string{"rb_comms", "a_mod"} {
		c := f.signedIn(h)
		if res = f.get(c, "/admin/directory/claims"); res.code != http.StatusForbidden {
			t.Errorf("claims page as %s: %d", h, res.code)
		}
		if res = f.post(c, "/admin/directory/claims", url.Values{"claim": {"1"}, "answer": {"approve"}}); res.code != http.StatusForbidden {
			t.Errorf("approving as %s: %d", h, res.code)
		}
	}
	admin := f.signedIn("boss")
	res = f.get(admin, "/admin/directory/claims")
	m := regexp.MustCompile(`name="claim" value="(\d+)"`).FindStringSubmatch(res.body)
	if res.code != 200 || m == nil || !strings.Contains(res.body, "I can reply from my work email.") {
		t.Fatalf("claims page: %d", res.code)
	}
	if res = f.post(admin, "/admin/directory/claims", url.Values{"claim": {m[1]}, "answer": {"approve"}}); res.code != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", res.code, res.body)
	}
	res = f.get(f.client(), page)
	if !strings.Contains(res.body, `Managed by <a href="/u/rb_comms">@rb_comms</a>`) {
		t.Errorf("approved claim not shown to readers")
	}
	if res = f.get(member, page); !strings.Contains(res.body, "You manage this entry.") {
		t.Errorf("manager does not see it")
	}
	if res = f.post(admin, "/admin/directory/claims", url.Values{"claim": {"x"}, "answer": {"approve"}}); res.code != http.StatusBadRequest {
		t.Errorf("bad claim id: %d", res.code)
	}
}

const dirCSVHeader = "name,kind,city,region,country,website,facebook,x,youtube,instagram,linkedin,tiktok,blog,podcast,forum,mastodon\n"

func TestDirectoryImportPage(t *testing.T) {
	f := newDirFixture(t)
	file := dirCSVHeader +
		"Hill Country Clinic,clinic,Austin,TX,US,https://hill.example.org/,https://www.facebook.com/hill,,,,,,,,,\n" +
		"Bad Kind,day spa,Austin,TX,US,https://spa.example.org/,,,,,,,,,,\n" +
		"Riverbend Copy,hospital,Dayton,OH,US,https://riverbend.example.org/,,,,,,,,,,\n"

	if res := f.get(f.client(), "/admin/directory/import"); res.code != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/signin") {
		t.Errorf("signed out: %d", res.code)
	}
	member := f.signedIn("rb_comms")
	if res := f.get(member, "/admin/directory/import"); res.code != http.StatusForbidden {
		t.Errorf("member form: %d", res.code)
	}
	if res := f.upload(member, "good-rows", "d.csv", file); res.code != http.StatusForbidden {
		t.Errorf("member upload: %d", res.code)
	}
	admin := f.signedIn("boss")
	if res := f.get(admin, "/admin/directory/import"); res.code != 200 || !strings.Contains(res.body, `enctype="multipart/form-data"`) {
		t.Errorf("admin form: %d", res.code)
	}

	// All or nothing: problems listed, nothing imported.
	res := f.upload(admin, "all-or-nothing", "d.csv", file)
	if res.code != 200 || !strings.Contains(res.body, "Nothing was imported: 2 of 3 rows have problems.") {
		t.Errorf("all or nothing: %d %s", res.code, res.body)
	}
	problems := tableRows(t, res.body, "Rows with problems")
	if fmt.Sprint(problems["3"]) != `[kind &#34;day spa&#34; is not a kind we know. Use one of: hospital, clinic, patient organization, research center, public health agency, other.]` ||
		!strings.Contains(fmt.Sprint(problems["4"]), "already lists Riverbend Regional Medical Center") {
		t.Errorf("problems: %v", problems)
	}
	if !strings.Contains(res.body, `value="all-or-nothing" checked`) {
		t.Errorf("the chosen mode is not kept")
	}
	if n := f.count(); n != 6 {
		t.Errorf("all or nothing imported something: %d", n)
	}

	// Good rows: the good one goes in, the others are listed.
	res = f.upload(admin, "good-rows", "d.csv", file)
	if res.code != 200 || !strings.Contains(res.body, "Imported 1 of 3 rows. The other 2 rows have problems") {
		t.Errorf("good rows: %d", res.code)
	}
	if n := f.count(); n != 7 {
		t.Errorf("after good rows: %d", n)
	}

	// Unusable files come back as the form with the problem named.
	for _, tc := range []struct{ mode, name, content, says string }{
		{"good-rows", "", "", "Please choose a CSV file"},
		{"good-rows", "empty.csv", "", "is empty"},
		{"good-rows", "x.csv", "name,kind,fax\n", `&#34;fax&#34;, is not a column we know`},
		{"sometimes", "d.csv", file, "Please choose what to do"},
		{"good-rows", "big.csv", dirCSVHeader + strings.Repeat("x", 11<<20), "larger than 10 MB"},
	} {
		res := f.upload(admin, tc.mode, tc.name, tc.content)
		if res.code/100 != 4 || !strings.Contains(res.body, `role="alert"`) || !strings.Contains(res.body, tc.says) {
			t.Errorf("%s %q: %d, want the form saying %q", tc.mode, tc.name, res.code, tc.says)
		}
	}
}

func (f *dirFixture) count() int {
	p, err := f.db.ListOrganizations(context.Background(), hearth.OrgFilter{})
	if err != nil {
		f.t.Fatal(err)
	}
	return p.Total
}

func TestDirectoryCSVExport(t *testing.T) {
	f := newDirFixture(t)
	res := f.get(f.client(), "/directory.csv?state=OH")
	if res.code != 200 || res.header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(res.header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("export: %d %v", res.code, res.header)
	}
	recs, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 || strings.Join(recs[0], ",")+"\n" != dirCSVHeader || recs[3][0] != "Riverbend Regional Medical Center" ||
		recs[3][6] != "https://www.facebook.com/riverbend" || recs[3][12] != "https://www.riverbend.example.org/blog" {
		t.Errorf("export: %q", recs)
	}
	if res := f.get(f.client(), "/directory.csv"); strings.Count(res.body, "\n") != 7 {
		t.Errorf("full export has %d lines", strings.Count(res.body, "\n"))
	}
}

func TestDirectoryAPI(t *testing.T) {
	f := newDirFixture(t)
	c := f.client()
	res := f.get(c, "/api/v1/directory?kind=hospital&per_page=2")
	var list struct {
		Organizations []hearth.Organization `json:"organizations"`
		Total, Page   int
		Pages         int
		Stats         hearth.DirectoryStats
	}
	if err := json.Unmarshal([]byte(res.body), &list); err != nil || res.code != 200 {
		t.Fatalf("%d %v %s", res.code, err, res.body)
	}
	if list.Total != 3 || list.Pages != 2 || len(list.Organizations) != 2 || list.Stats.Total != 3 || list.Stats.WithChannel != 2 ||
		list.Stats.ByChannel[0].Kind != hearth.ChannelFacebook || list.Stats.ByChannel[0].Orgs != 2 || list.Stats.ByChannel[0].Dead != 1 {
		t.Errorf("list: %+v", list)
	}
	res = f.get(c, fmt.Sprintf("/api/v1/directory/%d", f.orgs[0].ID))
	var o hearth.Organization
	if err := json.Unmarshal([]byte(res.body), &o); err != nil || res.code != 200 {
		t.Fatalf("%d %v", res.code, err)
	}
	if o.Name != f.orgs[0].Name || len(o.Channels) != 3 || o.Channels[0].Status != hearth.ChannelDead || o.Channels[0].CheckedAt == nil || o.ManagedBy == nil {
		t.Errorf("show: %+v", o)
	}
	for path, code := range map[string]int{"/api/v1/directory/9999": 404, "/api/v1/directory?channel=myspace": 400} {
		res := f.get(c, path)
		var e map[string]string
		json.Unmarshal([]byte(res.body), &e)
		if res.code != code || e["code"] == "" || e["message"] == "" {
			t.Errorf("%s: %d %s", path, res.code, res.body)
		}
	}
}

// svgBars reads a bar chart back: each bar's label and the total drawn
// after it, as "Label N, Label N".
func svgBars(page, id string) string {
	svg := regexp.MustCompile(`(?s)<svg[^>]*aria-labelledby="` + id + `-title[^>]*>.*?</svg>`).FindString(page)
	var out []string
	// Row labels start at x=0; each bar's total follows its label.
	texts := regexp.MustCompile(`<text x="([0-9.]+)" y="[0-9]+">([^<]*)</text>`).FindAllStringSubmatch(svg, -1)
	for i, tx := range texts {
		if tx[1] == "0" && i+1 < len(texts) && texts[i+1][1] != "0" {
			out = append(out, html.UnescapeString(tx[2])+" "+texts[i+1][2])
		}
	}
	return strings.Join(out, ", ")
}
