package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
	"github.com/hearth-community/hearth/web"
)

// triedFixture is a real server with a public community "epi" and a
// members-only one "kids", each with a moderator, six members and a
// treatment list. In each, Levetiracetam (also called Keppra) has six
// reports by six members and Lamotrigine three: one cell above the
// threshold and one below.
type triedFixture struct {
	*fixture
	lev, lam, other map[string]int64 // treatment IDs by community slug
}

func newTriedFixture(t *testing.T) *triedFixture {
	t.Helper()
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	f := &triedFixture{fixture: &fixture{t: t, db: db, members: map[string]*hearth.Member{}},
		lev: map[string]int64{}, lam: map[string]int64{}, other: map[string]int64{}}
	for _, h := range []string{"modder", "outsider", "member0", "member1", "member2", "member3", "member4", "member5"} {
		m, err := db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		f.members[h] = m
	}
	now := hearth.MonthOf(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)).Index()
	for _, c := range []struct {
		slug string
		v    hearth.Visibility
	}{{"epi", hearth.Public}, {"kids", hearth.MembersOnly}} {
		if _, err := db.CreateCommunity(ctx, hearth.NewCommunity{Slug: c.slug, Name: "Community " + c.slug, Visibility: c.v}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetModerator(ctx, c.slug, "modder"); err != nil {
			t.Fatal(err)
		}
		mod := f.members["modder"]
		lev, err := db.AddTreatment(ctx, mod, c.slug, hearth.NewTreatment{Name: "Levetiracetam", Category: hearth.CategoryMedication, Synonyms: []string{"Keppra"}})
		if err != nil {
			t.Fatal(err)
		}
		lam, err := db.AddTreatment(ctx, mod, c.slug, hearth.NewTreatment{Name: "Lamotrigine", Category: hearth.CategoryMedication})
		if err != nil {
			t.Fatal(err)
		}
		other, err := db.AddTreatment(ctx, mod, c.slug, hearth.NewTreatment{Name: "Ketogenic diet", Category: hearth.CategoryDiet})
		if err != nil {
			t.Fatal(err)
		}
		f.lev[c.slug], f.lam[c.slug], f.other[c.slug] = lev.ID, lam.ID, other.ID
		effs := []hearth.Effectiveness{hearth.EffectMajor, hearth.EffectMajor, hearth.EffectModerate, hearth.EffectSlight, hearth.EffectNone, hearth.EffectMajor}
		for i := range 6 {
			h := fmt.Sprintf("member%d", i)
			db.AddMember(ctx, c.slug, h)
			in := hearth.ReportInput{TreatmentID: lev.ID, ForWhom: hearth.ForSelf, Started: hearth.MonthFromIndex(now - 3 - i*6), StillUsing: i != 4,
				Effectiveness: effs[i], SideEffects: []hearth.SideEffect{{Name: "tiredness", Severity: hearth.SeverityMild}}, Body: fmt.Sprintf("Words of %s in %s", h, c.slug)}
			if i == 4 {
				in.Stopped, in.StopReason = hearth.MonthFromIndex(now-1), hearth.StopNotEffective
			}
			if _, err := db.CreateReport(ctx, f.members[h], c.slug, in); err != nil {
				t.Fatal(err)
			}
			if i < 3 {
				if _, err := db.CreateReport(ctx, f.members[h], c.slug, hearth.ReportInput{TreatmentID: lam.ID, ForWhom: hearth.ForChild,
					Started: hearth.MonthFromIndex(now - 2), StillUsing: true, Effectiveness: hearth.EffectMajor}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	f.srv = httptest.NewServer(web.NewServer(db, web.Config{PostsPerMinute: 1000}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(f.srv.Close)
	return f
}

// itemOf returns the ranked-list item of a treatment on a summary page.
func itemOf(t *testing.T, page, name string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<li[^>]*>\s*<h3><a href="[^"]*">` + regexp.QuoteMeta(name) + `</a></h3>.*?</li>`).FindString(page)
	if m == "" {
		t.Fatalf("%s is not in the ranked list", name)
	}
	return m
}

func TestTriedSummaryPage(t *testing.T) {
	f := newTriedFixture(t)
	c := f.client()
	res := f.get(c, "/c/epi/tried")
	if res.code != 200 {
		t.Fatalf("summary: %d %s", res.code, res.body)
	}
	page := res.body
	for _, want := range []string{hearth.TriedNote[:40], `role="img"`, `aria-labelledby="helped-chart-title helped-chart-desc"`,
		`<title id="helped-chart-title">`, `<desc id="helped-chart-desc">`, `<table class="numbers" aria-labelledby="helped-caption">`, "Also called Keppra"} {
		if !strings.Contains(page, strings.ReplaceAll(want, "'", "&#39;")) {
			t.Errorf("summary lacks %q", want)
		}
	}
	lev := itemOf(t, page, "Levetiracetam")
	// 6 reports: major 3, moderate 1 → helped quite a bit or a lot 67%; 5 of 6 still using.
	for _, want := range []string{"6 reports", "67% say it helped quite a bit or a lot", "83% still using it", "tiredness (6)"} {
		if !strings.Contains(lev, want) {
			t.Errorf("levetiracetam item lacks %q: %s", want, lev)
		}
	}
	lam := itemOf(t, page, "Lamotrigine")
	if !strings.Contains(lam, "Not enough reports yet") || regexp.MustCompile(`\d`).MatchString(stripTags(lam)) {
		t.Errorf("lamotrigine shows a number: %s", lam)
	}
	if !strings.Contains(itemOf(t, page, "Ketogenic diet"), "Not enough reports yet") {
		t.Error("a treatment with no reports should read like a small one")
	}
	// The table beside the chart has the same numbers; the small cell has no row.
	if !regexp.MustCompile(`<th scope="row">Levetiracetam</th><td>6</td><td>1 <span class="pct">\(17%\)</span></td><td>1 `).MatchString(page) {
		t.Error("the table does not carry levetiracetam's numbers")
	}
	if strings.Contains(page, `<th scope="row">Lamotrigine</th>`) {
		t.Error("lamotrigine has a table row")
	}

	// Filters: reports about a child are Lamotrigine's 3 only; about
	// oneself with under 6 months on treatment, levetiracetam has 1.
	for _, q := range []string{"?for_whom=child", "?duration=short", "?for_whom=self&duration=long&category=medication"} {
		page := f.get(c, "/c/epi/tried"+q).body
		for _, name := range []string{"Levetiracetam", "Lamotrigine"} {
			if it := itemOf(t, page, name); !strings.Contains(it, "Not enough reports yet") {
				t.Errorf("%s%s: %s", name, q, it)
			}
		}
		if strings.Contains(page, `role="img"`) {
			t.Errorf("%s draws a chart with no cell above the threshold", q)
		}
	}
	page = f.get(c, "/c/epi/tried?category=diet").body
	if strings.Contains(page, "Levetiracetam</a>") || !strings.Contains(page, "Ketogenic diet</a>") {
		t.Error("the category filter should list diets only")
	}
	bad := f.get(c, "/c/epi/tried?for_whom=martian")
	if bad.code != 400 || !strings.Contains(bad.body, `role="alert"`) || !strings.Contains(bad.body, "6 reports") {
		t.Errorf("unknown filter: %d; want the unfiltered page with a message", bad.code)
	}
	// The community page links here.
	if !strings.Contains(f.get(c, "/c/epi").body, `href="/c/epi/tried"`) {
		t.Error("the community page does not link to What we tried")
	}
}

func stripTags(s string) string { return regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, "") }

func TestTriedTreatmentPage(t *testing.T) {
	f := newTriedFixture(t)
	c := f.client()
	res := f.get(c, fmt.Sprintf("/c/epi/tried/t/%d", f.lev["epi"]))
	if res.code != 200 {
		t.Fatalf("treatment page: %d", res.code)
	}
	for _, want := range []string{"<h1>Levetiracetam</h1>", "6 reports", `<th scope="row">Helped a lot</th><td>3</td><td>50%</td>`,
		`<th scope="row">tiredness</th><td>6</td><td>6</td><td>0</td><td>0</td>`, "Words of member3 in epi", `id="side-effects-chart-title"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("treatment page lacks %q", want)
		}
	}
	small := f.get(c, fmt.Sprintf("/c/epi/tried/t/%d", f.lam["epi"])).body
	if !strings.Contains(small, "Not enough reports yet") || strings.Contains(small, "<table") || strings.Contains(small, `role="img"`) {
		t.Error("lamotrigine's page shows numbers")
	}
	filtered := f.get(c, fmt.Sprintf("/c/epi/tried/t/%d?duration=short", f.lev["epi"])).body
	if !strings.Contains(filtered, "Not enough reports yet") || strings.Contains(filtered, "<table") {
		t.Error("a filtered treatment page shows a small cell")
	}
	// The experiences are not filtered: a filter would tell each author's answers.
	if !strings.Contains(filtered, "Words of member5 in epi") {
		t.Error("the experiences should not follow the filter")
	}
	if f.get(c, fmt.Sprintf("/c/epi/tried/t/%d", f.lev["kids"])).code != 404 {
		t.Error("a treatment of another community is found")
	}
	if f.get(c, "/c/epi/tried/t/nope").code != 404 || f.get(c, "/c/epi/tried/x/y").code != 404 {
		t.Error("bad paths should be 404")
	}
}

func TestTriedCSVAndAPI(t *testing.T) {
	f := newTriedFixture(t)
	c := f.client()
	res := f.get(c, "/c/epi/tried.csv")
	if res.code != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", res.code, res.header.Get("Content-Type"))
	}
	recs, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := map[string]int{}
	for i, h := range recs[0] {
		head[h] = i
	}
	rows := map[string][]string{}
	for _, r := range recs[1:] {
		rows[r[0]] = r
	}
	lev, lam := rows["Levetiracetam"], rows["Lamotrigine"]
	if lev[head["reports"]] != "6" || lev[head["effectiveness_major"]] != "3" || lev[head["still_using"]] != "5" ||
		lev[head["stopped_not_effective"]] != "" || // 1 stopped: too few to say why
		lev[head["side_effects_named"]] != "tiredness (6)" || lev[head["other_names"]] != "Keppra" {
		t.Errorf("levetiracetam row: %v", lev)
	}
	if lam[head["note"]] != hearth.NotEnoughReports || strings.Join(lam[3:len(lam)-1], "") != "" {
		t.Errorf("lamotrigine row carries numbers: %v", lam)
	}
	filtered, _ := csv.NewReader(strings.NewReader(f.get(c, "/c/epi/tried.csv?duration=short").body)).ReadAll()
	for _, r := range filtered[1:] {
		if strings.Join(r[3:len(r)-1], "") != "" {
			t.Errorf("filtered csv row carries numbers: %v", r)
		}
	}

	var out struct {
		Threshold  int
		Note       string
		Treatments []map[string]any
	}
	res = f.get(c, "/api/v1/communities/epi/tried")
	if err := json.Unmarshal([]byte(res.body), &out); err != nil || res.code != 200 {
		t.Fatalf("api: %d %v", res.code, err)
	}
	if out.Threshold != hearth.TriedK || out.Note != hearth.TriedNote || len(out.Treatments) != 3 {
		t.Fatalf("api body: %+v", out)
	}
	first := out.Treatments[0]
	if first["enough"] != true || first["reports"] != 6.0 || first["effectiveness"].(map[string]any)["major"] != 3.0 {
		t.Errorf("api levetiracetam: %v", first)
	}
	for _, st := range out.Treatments[1:] {
		if st["enough"] != false || st["message"] != hearth.NotEnoughReports || len(st) != 3 {
			t.Errorf("api small cell carries more than its name: %v", st)
		}
	}
	res = f.get(c, "/api/v1/communities/epi/tried?for_whom=child")
	if strings.Contains(res.body, `"reports"`) {
		t.Errorf("filtered api shows a small cell: %s", res.body)
	}
	if res := f.get(c, "/api/v1/communities/epi/tried?duration=forever"); res.code != 400 {
		t.Errorf("unknown filter: %d", res.code)
	}
	res = f.get(c, fmt.Sprintf("/api/v1/communities/epi/tried/treatments/%d", f.lev["epi"]))
	if res.code != 200 || !strings.Contains(res.body, `"reports": 6`) || !strings.Contains(res.body, "Words of member0") {
		t.Errorf("api treatment: %d %s", res.code, res.body)
	}
	res = f.get(c, "/api/v1/communities/epi/tried/treatments")
	if res.code != 200 || !strings.Contains(res.body, `"Keppra"`) {
		t.Errorf("api treatment list: %d", res.code)
	}

	// Reporting through the API, with a synonym.
	token := f.mustToken("member0")
	post := func(body string) response {
		req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/communities/epi/tried", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		return f.do(c, req)
	}
	res = post(`{"new_treatment": "keppra", "for_whom": "child", "started": "2025-02", "still_using": true, "effectiveness": "moderate"}`)
	if res.code != 201 || !strings.Contains(res.body, `"treatment": "Levetiracetam"`) {
		t.Errorf("api report: %d %s", res.code, res.body)
	}
	res = post(`{"treatment_id": 1, "for_whom": "self", "started": "2031-01", "still_using": true, "effectiveness": "major"}`)
	if res.code != 400 || !strings.Contains(res.body, `"field": "started_month"`) {
		t.Errorf("api future start: %d %s", res.code, res.body)
	}
}

func TestTriedVisibilityOverHTTP(t *testing.T) {
	f := newTriedFixture(t)
	paths := []string{"/c/kids/tried", "/c/kids/tried.csv", fmt.Sprintf("/c/kids/tried/t/%d", f.lev["kids"]),
		"/api/v1/communities/kids/tried", fmt.Sprintf("/api/v1/communities/kids/tried/treatments/%d", f.lev["kids"])}
	anon := f.client()
	for _, p := range paths {
		res := f.get(anon, p)
		if res.code != 404 || strings.Contains(res.body, "Levetiracetam") || strings.Contains(res.body, "Words of") {
			t.Errorf("anonymous %s: %d", p, res.code)
		}
	}
	member := f.signedIn("outsider") // members-only: any signed-in member reads
	for _, p := range paths[:3] {
		if res := f.get(member, p); res.code != 200 || !strings.Contains(res.body, "Levetiracetam") {
			t.Errorf("signed in %s: %d", p, res.code)
		}
	}
	if res := f.get(member, "/c/kids/tried"); res.header.Get("Cache-Control") != "private, no-store" || !strings.Contains(res.body, `name="robots" content="noindex"`) {
		t.Error("a members-only summary must not be cached or indexed")
	}
}

// reportForm is a valid report form for a treatment.
func reportForm(treatment string) url.Values {
	return url.Values{"treatment": {treatment}, "for_whom": {"self"}, "started_month": {"3"}, "started_year": {"2025"},
		"still_using": {"yes"}, "effectiveness": {"moderate"}, "se_name_0": {"Dizziness"}, "se_sev_0": {"mild"},
		"body": {"It took a few weeks to settle."}}
}

func TestTriedReportForm(t *testing.T) {
	f := newTriedFixture(t)
	anon := f.client()
	if res := f.get(anon, "/c/epi/tried/new"); res.code != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/signin") {
		t.Errorf("signed out form: %d", res.code)
	}
	c := f.signedIn("outsider")
	form := f.get(c, "/c/epi/tried/new")
	if form.code != 200 || strings.Count(form.body, `name="se_name_`) != 4 || !strings.Contains(form.body, "<legend>Who is this report about?</legend>") ||
		!strings.Contains(form.body, ">Levetiracetam (Keppra)</option>") {
		t.Fatalf("form: %d, %d side-effect rows", form.code, strings.Count(form.body, `name="se_name_`))
	}
	for _, tc := range []struct {
		name, field, value, errField, message string
	}{
		{"unknown effectiveness", "effectiveness", "miraculous", "effectiveness", "not one of the choices"},
		{"start in the future", "started_year", "2031", "started_month", "is in the future"},
		{"treatment of another community", "treatment", fmt.Sprint(f.lev["kids"]), "treatment", "not on the list"},
		{"invalid UTF-8", "body", "bad \xff byte", "body", "could not read"},
		{"text over the limit", "body", strings.Repeat("word ", 1001), "body", "the limit is 5000"},
		{"year not a number", "started_year", "last year", "started_year", "four digits"},
		{"side effect without severity", "se_sev_0", "", "se_sev_0", "how bad"},
	} {
		vals := reportForm(fmt.Sprint(f.lev["epi"]))
		vals.Set(tc.field, tc.value)
		vals.Set("new_name", "")
		res := f.post(c, "/c/epi/tried/new", vals)
		if res.code != 400 || !strings.Contains(res.body, `role="alert"`) || !strings.Contains(res.body, tc.message) {
			t.Errorf("%s: %d, want 400 with %q", tc.name, res.code, tc.message)
			continue
		}
		// The form comes back refilled, the faulty field marked.
		if tc.field != "body" && !strings.Contains(res.body, "It took a few weeks to settle.") {
			t.Errorf("%s: the text was lost", tc.name)
		}
		if !regexp.MustCompile(`name="` + tc.errField + `"[^>]*aria-invalid="true"`).MatchString(res.body) {
			t.Errorf("%s: field %s not marked invalid", tc.name, tc.errField)
		}
	}
	// A treatment typed by a synonym counts for it.
	vals := reportForm("")
	vals.Set("new_name", "KEPPRA")
	res := f.post(c, "/c/epi/tried/new", vals)
	if res.code != http.StatusSeeOther || res.header.Get("Location") != fmt.Sprintf("/c/epi/tried/t/%d#experiences", f.lev["epi"]) {
		t.Fatalf("report by synonym: %d %s %s", res.code, res.header.Get("Location"), res.body)
	}
	summary := f.get(c, "/c/epi/tried").body
	if !strings.Contains(itemOf(t, summary, "Levetiracetam"), "7 reports") {
		t.Error("the synonym's report did not count for levetiracetam")
	}
	// The same treatment for the same person again: a clear message.
	if res := f.post(c, "/c/epi/tried/new", reportForm(fmt.Sprint(f.lev["epi"]))); res.code != 400 || !strings.Contains(res.body, "already have a report") {
		t.Errorf("duplicate: %d", res.code)
	}
	// A new name becomes a proposal, listed under "Your reports".
	vals = reportForm("new")
	vals.Set("new_name", "Cannabidiol")
	vals.Set("category", "medication")
	if res := f.post(c, "/c/epi/tried/new", vals); res.code != http.StatusSeeOther || res.header.Get("Location") != "/c/epi/tried#own" {
		t.Errorf("proposal: %d %s", res.code, res.header.Get("Location"))
	}
	summary = f.get(c, "/c/epi/tried").body
	if !strings.Contains(summary, "Cannabidiol</strong> (waiting for a moderator") || strings.Contains(summary, "Cannabidiol</a>") {
		t.Error("the proposal should show in the member's reports only")
	}
}

func TestTriedEditAndHistory(t *testing.T) {
	f := newTriedFixture(t)
	own, err := f.db.ListOwnReports(context.Background(), f.members["member0"], "epi")
	if err != nil || len(own) != 2 {
		t.Fatalf("own reports: %v %v", own, err)
	}
	id := own[len(own)-1].ID // the levetiracetam report
	edit := fmt.Sprintf("/c/epi/tried/%d/edit", id)
	c := f.signedIn("member0")
	res := f.get(c, edit)
	if res.code != 200 || !strings.Contains(res.body, `value="tiredness"`) || !strings.Contains(res.body, "Words of member0 in epi") {
		t.Fatalf("edit form: %d", res.code)
	}
	// Others cannot open it, nor its history; a wrong community is not found.
	other := f.signedIn("member1")
	for _, p := range []string{edit, fmt.Sprintf("/c/epi/tried/%d/history", id), fmt.Sprintf("/c/kids/tried/%d/edit", id)} {
		cl := other
		if strings.Contains(p, "kids") {
			cl = c
		}
		if res := f.get(cl, p); res.code != 404 {
			t.Errorf("%s: %d, want 404", p, res.code)
		}
	}
	if res := f.post(other, edit, reportForm(fmt.Sprint(f.lev["epi"]))); res.code != 404 {
		t.Errorf("another member's update: %d", res.code)
	}
	vals := reportForm(fmt.Sprint(f.lev["epi"]))
	vals.Set("effectiveness", "bogus")
	if res := f.post(c, edit, vals); res.code != 400 || !strings.Contains(res.body, "It took a few weeks to settle.") {
		t.Errorf("bad update: %d", res.code)
	}
	vals.Set("effectiveness", "none")
	vals.Set("still_using", "no")
	vals.Set("stopped_month", "9")
	vals.Set("stopped_year", "2026")
	vals.Set("stop_reason", "side_effects")
	if res := f.post(c, edit, vals); res.code != http.StatusSeeOther {
		t.Fatalf("update: %d %s", res.code, res.body)
	}
	hist := f.get(c, fmt.Sprintf("/c/epi/tried/%d/history", id))
	if hist.code != 200 || !strings.Contains(hist.body, "Stopped in September 2026: side effects") || !strings.Contains(hist.body, "Words of member0 in epi") ||
		!strings.Contains(hist.body, "Helped a lot") || !strings.Contains(hist.body, "Did not help") {
		t.Errorf("history: %d %s", hist.code, hist.body)
	}
}

func TestTriedModeratorPage(t *testing.T) {
	f := newTriedFixture(t)
	member := f.signedIn("member0")
	if res := f.get(member, "/c/epi/tried/treatments"); res.code != 403 {
		t.Errorf("a member opens the treatment list: %d", res.code)
	}
	if res := f.post(member, "/c/epi/tried/treatments", url.Values{"action": {"add"}, "name": {"VNS"}, "category": {"device"}}); res.code != 403 {
		t.Errorf("a member adds a treatment: %d", res.code)
	}
	vals := reportForm("new")
	vals.Set("new_name", "Keppra XR")
	vals.Set("category", "medication")
	f.post(member, "/c/epi/tried/new", vals)
	mod := f.signedIn("modder")
	page := f.get(mod, "/c/epi/tried/treatments")
	if page.code != 200 || !strings.Contains(page.body, "<h3>Keppra XR</h3>") || !strings.Contains(page.body, "proposed by") {
		t.Fatalf("moderator page: %d", page.code)
	}
	pending, _ := f.db.ListPendingTreatments(context.Background(), f.members["modder"], "epi")
	res := f.post(mod, "/c/epi/tried/treatments", url.Values{"action": {"merge"}, "id": {fmt.Sprint(pending[0].ID)}, "into": {fmt.Sprint(f.lev["epi"])}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("merge: %d %s", res.code, res.body)
	}
	if !strings.Contains(f.get(mod, "/c/epi/tried").body, "Also called Keppra, Keppra XR") {
		t.Error("merged name is not a synonym")
	}
	res = f.post(mod, "/c/epi/tried/treatments", url.Values{"action": {"add"}, "name": {"keppra"}, "category": {"medication"}})
	if res.code != 400 || !strings.Contains(res.body, "already a name of Levetiracetam") || !strings.Contains(res.body, `value="keppra"`) {
		t.Errorf("adding a name in use: %d", res.code)
	}
	res = f.post(mod, "/c/epi/tried/treatments", url.Values{"action": {"add"}, "name": {"Vagus nerve stimulation"}, "category": {"device"}, "synonyms": {"VNS, vagus nerve stimulator"}})
	if res.code != http.StatusSeeOther || !strings.Contains(f.get(mod, "/c/epi/tried/treatments").body, "also called vagus nerve stimulator, VNS") {
		t.Errorf("add: %d", res.code)
	}
}

// With the page cache on, a new report shows on the next anonymous view.
func TestTriedPagesCachedAndInvalidated(t *testing.T) {
	f := newTriedFixture(t)
	cached := httptest.NewServer(web.NewServer(f.db, web.Config{PostsPerMinute: 1000, PageCacheTTL: time.Hour}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(cached.Close)
	f.srv = cached
	anon := f.client()
	treatment := fmt.Sprintf("/c/epi/tried/t/%d", f.lev["epi"])
	first := f.get(anon, "/c/epi/tried")
	if !strings.Contains(itemOf(t, first.body, "Levetiracetam"), "6 reports") || first.header.Get("ETag") == "" {
		t.Fatal("first view should be cached, with an ETag")
	}
	f.get(anon, treatment)
	if res := f.post(f.signedIn("outsider"), "/c/epi/tried/new", reportForm(fmt.Sprint(f.lev["epi"]))); res.code != http.StatusSeeOther {
		t.Fatalf("report: %d", res.code)
	}
	if item := itemOf(t, f.get(anon, "/c/epi/tried").body, "Levetiracetam"); !strings.Contains(item, "7 reports") {
		t.Errorf("stale summary after a report: %s", item)
	}
	if !strings.Contains(f.get(anon, treatment).body, "7 reports") {
		t.Error("stale treatment page after a report")
	}
}
