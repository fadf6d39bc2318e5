package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
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

const phi = "Call me at 555-201-4477. My son Liam Carter had his first seizure at school."

// newPrivacyFixture is a server with a member, a clinician, a moderator,
// a reader, one public community and a thread in it. With frozen, the
// clock stops (the test clock otherwise ticks a second per reading).
func newPrivacyFixture(t *testing.T, frozen ...bool) (*fixture, *hearth.Thread) {
	t.Helper()
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	f := &fixture{t: t, db: db, threads: map[hearth.Visibility]*hearth.Thread{}, members: map[string]*hearth.Member{}}
	for h, role := range map[string]hearth.Role{"parent": hearth.RoleMember, "rn_jo": hearth.RoleClinician, "mod_kim": hearth.RoleModerator,
		"reader": hearth.RoleMember, "guide": hearth.RoleMentor} {
		m, err := db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: pw, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		f.members[h] = m
	}
	if _, err := db.CreateCommunity(ctx, hearth.NewCommunity{Slug: "epilepsy", Name: "Epilepsy", Visibility: hearth.Public}); err != nil {
		t.Fatal(err)
	}
	th, err := db.CreateThread(ctx, f.members["parent"], "epilepsy", hearth.NewThread{Title: "First seizure at school", Body: "What did you tell the teachers?"})
	if err != nil {
		t.Fatal(err)
	}
	if len(frozen) > 0 && frozen[0] {
		now := db.Now()
		db.Now = func() time.Time { return now }
	}
	f.srv = httptest.NewServer(web.NewServer(db, web.Config{PostsPerMinute: 1000}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(f.srv.Close)
	return f, th
}

var redactButton = regexp.MustCompile(`name="redact" value="([^"]+)"`)

// textarea returns the text of the body field on a page.
func textarea(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<textarea id="body"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no body field on the page")
	}
	return html.UnescapeString(m[1])
}

func TestPrivacyGuardReplyForm(t *testing.T) {
	f, th := newPrivacyFixture(t)
	c := f.signedIn("parent")
	reply := threadPath(th) + "/reply"

	// Sending a reply with a phone number and a child's full name
	// publishes nothing and shows both, marked and named.
	res := f.post(c, reply, url.Values{"body": {"  " + phi + "\r\n"}})
	if res.code != http.StatusOK {
		t.Fatalf("reply with findings: %d", res.code)
	}
	for _, want := range []string{"We found 2 things that could identify someone", "<mark>555-201-4477</mark>", "<mark>Liam Carter</mark>",
		"This looks like a phone number", "This looks like a person&#39;s name", "Replace with [phone]", "Replace with [name]",
		`name="action" value="redact_all"`, `name="publish_anyway" value="1"`, "Publish anyway", `role="alert"`, "Nothing was posted yet"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("findings page lacks %s", want)
		}
	}
	if got := textarea(t, res.body); got != phi {
		t.Errorf("text not kept: %q", got)
	}
	if page := f.get(f.client(), threadPath(th)); strings.Contains(page.body, "555-201-4477") {
		t.Fatal("the reply was published")
	}

	// One click replaces one finding, server-side.
	buttons := redactButton.FindAllStringSubmatch(res.body, -1)
	if len(buttons) != 2 {
		t.Fatalf("want 2 Replace buttons, got %d", len(buttons))
	}
	res = f.post(c, reply, url.Values{"body": {phi}, "redact": {html.UnescapeString(buttons[0][1])}})
	body := textarea(t, res.body)
	if res.code != 200 || body != strings.Replace(phi, "555-201-4477", "[phone]", 1) || !strings.Contains(res.body, "Replaced “555-201-4477” with [phone].") ||
		!strings.Contains(res.body, "We found 1 thing") {
		t.Fatalf("replace one: %d %q", res.code, body)
	}
	// A button pressed after the text changed replaces nothing.
	stale := redactButton.FindStringSubmatch(res.body)[1]
	res = f.post(c, reply, url.Values{"body": {body + " Thanks!"}, "redact": {html.UnescapeString(stale)}})
	if !strings.Contains(res.body, "Your text changed after we checked it") || textarea(t, res.body) != body+" Thanks!" {
		t.Fatalf("stale replace: %q", textarea(t, res.body))
	}
	// Forged offsets are refused too.
	res = f.post(c, reply, url.Values{"body": {body}, "redact": {"body:0:4:" + strings.Split(html.UnescapeString(stale), ":")[3]}})
	if textarea(t, res.body) != body {
		t.Fatalf("forged offsets changed the text: %q", textarea(t, res.body))
	}
	// Replace all, then a check finds nothing and still publishes nothing.
	res = f.post(c, reply, url.Values{"body": {body}, "action": {"redact_all"}})
	body = textarea(t, res.body)
	if body != "Call me at [phone]. My son [name] had his first seizure at school." || !strings.Contains(res.body, "No private details found") {
		t.Fatalf("replace all: %q", body)
	}
	res = f.post(c, reply, url.Values{"body": {body}, "action": {"check"}})
	if res.code != 200 || !strings.Contains(res.body, "No private details found") {
		t.Fatalf("check: %d", res.code)
	}
	if res = f.post(c, reply, url.Values{"body": {body}}); res.code != http.StatusSeeOther {
		t.Fatalf("post the redacted reply: %d", res.code)
	}
	if page := f.get(f.client(), threadPath(th)); !strings.Contains(page.body, "My son [name] had his first seizure") {
		t.Fatal("redacted reply not published")
	}

	// A check of text with findings shows them without posting.
	res = f.post(c, reply, url.Values{"body": {phi}, "action": {"check"}})
	if res.code != 200 || !strings.Contains(res.body, "<mark>Liam Carter</mark>") {
		t.Fatalf("check with findings: %d", res.code)
	}
	// Members may publish anyway; so may mentors.
	for _, who := range []string{"parent", "guide"} {
		res = f.post(f.signedIn(who), reply, url.Values{"body": {phi + " (" + who + ")"}, "publish_anyway": {"1"}})
		if res.code != http.StatusSeeOther {
			t.Fatalf("%s publishes anyway: %d", who, res.code)
		}
		if page := f.get(f.client(), threadPath(th)); !strings.Contains(page.body, "("+who+")") {
			t.Errorf("%s's confirmed reply not published", who)
		}
	}
}

func TestPrivacyGuardThreadAndEditForms(t *testing.T) {
	f, th := newPrivacyFixture(t)
	c := f.signedIn("parent")
	// Findings in the title are shown and replaced like those in the body.
	res := f.post(c, "/c/epilepsy/new", url.Values{"title": {"Emma Johnson's first EEG"}, "body": {"Born March 3, 2019 and doing well."}})
	if res.code != 200 || !strings.Contains(res.body, "<mark>Emma Johnson</mark>") || !strings.Contains(res.body, ", in your title:") ||
		!strings.Contains(res.body, "<mark>March 3, 2019</mark>") {
		t.Fatalf("new thread with findings: %d", res.code)
	}
	res = f.post(c, "/c/epilepsy/new", url.Values{"title": {"Emma Johnson's first EEG"}, "body": {"Born March 3, 2019 and doing well."}, "action": {"redact_all"}})
	if !strings.Contains(res.body, `value="[name]&#39;s first EEG"`) || textarea(t, res.body) != "Born [date] and doing well." {
		t.Fatalf("replace all in a new thread: %s", textarea(t, res.body))
	}
	// Bad input still comes back as the form, before any check.
	if res = f.post(c, "/c/epilepsy/new", url.Values{"title": {" "}, "body": {phi}}); res.code != 400 || !strings.Contains(res.body, "Please give your thread a title") {
		t.Fatalf("empty title: %d", res.code)
	}

	// Editing: the guard runs on the new text.
	page := f.get(c, threadPath(th))
	pid := regexp.MustCompile(`/p/(\d+)/edit`).FindStringSubmatch(page.body)[1]
	edit := threadPath(th) + "/p/" + pid + "/edit"
	if res = f.post(c, edit, url.Values{"body": {phi}}); res.code != 200 || !strings.Contains(res.body, "<mark>555-201-4477</mark>") {
		t.Fatalf("edit with findings: %d", res.code)
	}
	if res = f.post(c, edit, url.Values{"body": {phi}, "publish_anyway": {"1"}}); res.code != http.StatusSeeOther {
		t.Fatalf("edit, publish anyway: %d", res.code)
	}
	// The script comes with the forms only.
	if !strings.Contains(f.get(c, threadPath(th)).body, "/static/privacy.") || strings.Contains(f.get(c, "/").body, "privacy.") {
		t.Error("privacy.js is not (only) on the pages with a post form")
	}
	js := regexp.MustCompile(`/static/privacy\.[0-9a-f]{12}\.js`).FindString(f.get(c, "/c/epilepsy/new").body)
	if res := f.get(f.client(), js); res.code != 200 || len(res.body) > 5000 {
		t.Errorf("privacy.js: %d, %d bytes", res.code, len(res.body))
	}
}

func TestPrivacyHoldsStaffPosts(t *testing.T) {
	f, th := newPrivacyFixture(t)
	doc := f.signedIn("rn_jo")
	reader, anon, mod := f.signedIn("reader"), f.client(), f.signedIn("mod_kim")

	res := f.post(doc, threadPath(th)+"/reply", url.Values{"body": {phi}})
	if res.code != 200 || !strings.Contains(res.body, "Send for review") || strings.Contains(res.body, "Publish anyway") {
		t.Fatalf("clinician's findings page: %d", res.code)
	}
	res = f.post(doc, threadPath(th)+"/reply", url.Values{"body": {phi}, "publish_anyway": {"1"}})
	if res.code != http.StatusSeeOther || !strings.HasSuffix(res.header.Get("Location"), "#p-1") {
		t.Fatalf("send for review: %d %s", res.code, res.header.Get("Location"))
	}
	if page := f.get(doc, res.header.Get("Location")); !strings.Contains(page.body, "Waiting for review.") || !strings.Contains(page.body, "555-201-4477") {
		t.Error("the author does not see their held reply")
	}
	// A held thread, too.
	res = f.post(doc, "/c/epilepsy/new", url.Values{"title": {"Clinic news"}, "body": {"Ask for Dr. Alvarez at 555-201-4400."}, "publish_anyway": {"1"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("held thread: %d", res.code)
	}
	heldThread := res.header.Get("Location")
	if page := f.get(doc, "/c/epilepsy"); !strings.Contains(page.body, "Clinic news") || !strings.Contains(page.body, "Waiting for review") {
		t.Error("the author does not find their held thread in the list")
	}

	// No one else sees either, anywhere.
	for who, c := range map[string]*http.Client{"reader": reader, "anonymous": anon} {
		for _, path := range []string{threadPath(th), "/", "/c/epilepsy", "/u/rn_jo", "/api/v1/threads/" + itoa(th.ID), "/api/v1/communities/epilepsy/threads", "/api/v1/communities/epilepsy"} {
			page := f.get(c, path)
			if strings.Contains(page.body, "555-201") || strings.Contains(page.body, "Clinic news") || strings.Contains(page.body, "Liam") {
				t.Errorf("%s sees a held post on %s", who, path)
			}
		}
		if page := f.get(c, heldThread); page.code != 404 {
			t.Errorf("%s opens the held thread: %d", who, page.code)
		}
		if page := f.get(c, "/c/epilepsy"); !strings.Contains(page.body, "1 reply") && strings.Contains(page.body, "2 replies") {
			t.Errorf("%s: the held reply is counted", who)
		}
	}
	if page := f.get(anon, "/"); strings.Contains(page.body, "2 threads") {
		t.Error("the held thread is counted on the home page")
	}

	// The review queue is for site moderators.
	if res := f.get(reader, "/mod/review"); res.code != 403 {
		t.Errorf("reader opens the queue: %d", res.code)
	}
	if res := f.get(anon, "/mod/review"); res.code != http.StatusSeeOther {
		t.Errorf("anonymous opens the queue: %d", res.code)
	}
	if res := f.get(doc, "/mod/review"); res.code != 403 {
		t.Errorf("clinician opens the queue: %d", res.code)
	}
	queue := f.get(mod, "/mod/review")
	if queue.code != 200 || !strings.Contains(queue.body, "<mark>555-201-4477</mark>") || !strings.Contains(queue.body, "<mark>Liam Carter</mark>") ||
		!strings.Contains(queue.body, "<mark>555-201-4400</mark>") || !strings.Contains(queue.body, `href="/mod/review"`) {
		t.Fatalf("queue: %d", queue.code)
	}
	ids := regexp.MustCompile(`action="/mod/review/(\d+)"`).FindAllStringSubmatch(queue.body, -1)
	if len(ids) != 2 {
		t.Fatalf("want 2 held posts, got %d", len(ids))
	}
	// Approve the reply (the older one); return the thread with a note.
	if res := f.post(mod, "/mod/review/"+ids[0][1], url.Values{"decision": {"approve"}}); res.code != http.StatusSeeOther {
		t.Fatalf("approve: %d %s", res.code, res.body)
	}
	if page := f.get(anon, threadPath(th)); !strings.Contains(page.body, "555-201-4477") || strings.Contains(page.body, "Waiting for review") {
		t.Error("approved reply not published")
	}
	long := strings.Repeat("x", 2100)
	if res := f.post(mod, "/mod/review/"+ids[1][1], url.Values{"decision": {"reject"}, "note": {long}}); res.code != 400 || !strings.Contains(res.body, long) ||
		!strings.Contains(res.body, "please keep it under 2000") {
		t.Fatalf("long note: %d", res.code)
	}
	if res := f.post(mod, "/mod/review/"+ids[1][1], url.Values{"decision": {"reject"}, "note": {"Please leave out the doctor's name."}}); res.code != http.StatusSeeOther {
		t.Fatalf("reject: %d", res.code)
	}
	if page := f.get(doc, heldThread); !strings.Contains(page.body, "Not published.") || !strings.Contains(page.body, "Please leave out the doctor&#39;s name.") {
		t.Error("the author does not see the returned thread and note")
	}
	if page := f.get(reader, heldThread); page.code != 404 {
		t.Errorf("reader opens the rejected thread: %d", page.code)
	}
	if queue := f.get(mod, "/mod/review?done=rejected"); !strings.Contains(queue.body, "No posts are waiting") || !strings.Contains(queue.body, "Returned to its author") {
		t.Error("queue not empty after decisions")
	}

	// A moderator's own held post needs another moderator.
	res = f.post(mod, threadPath(th)+"/reply", url.Values{"body": {phi}, "publish_anyway": {"1"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("moderator's held reply: %d", res.code)
	}
	queue = f.get(mod, "/mod/review")
	id := regexp.MustCompile(`action="/mod/review/(\d+)"`).FindStringSubmatch(queue.body)[1]
	if !strings.Contains(queue.body, "another moderator must publish it") {
		t.Error("no note about one's own post")
	}
	if res := f.post(mod, "/mod/review/"+id, url.Values{"decision": {"approve"}, "note": {"kept note"}}); res.code != 403 || !strings.Contains(res.body, "kept note") {
		t.Errorf("self-approval: %d", res.code)
	}
}

func TestPrivacyAPI(t *testing.T) {
	f, th := newPrivacyFixture(t)
	call := func(path, token, body string, header ...string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest("POST", f.srv.URL+path, bytes.NewBufferString(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res := f.do(f.client(), req)
		var out map[string]any
		if err := json.Unmarshal([]byte(res.body), &out); err != nil {
			t.Fatalf("%s: not JSON: %d %s", path, res.code, res.body)
		}
		return res.code, out
	}
	tok := f.mustToken("parent")
	replies := "/api/v1/threads/" + itoa(th.ID) + "/replies"
	code, out := call(replies, tok, `{"body": "  Ça va. `+phi+`"}`)
	if code != 400 || out["code"] != "invalid" || !strings.Contains(out["message"].(string), "publish_anyway") {
		t.Fatalf("reply with findings: %d %v", code, out)
	}
	fs := out["findings"].([]any)
	first := fs[0].(map[string]any)
	// Offsets count code points in the stored (trimmed) text: "Ça va. Call me at " is 18.
	if len(fs) != 2 || first["start"] != 18.0 || first["end"] != 30.0 || first["type"] != "PHONE" || first["text"] != "555-201-4477" ||
		first["placeholder"] != "[phone]" || first["label"] != "This looks like a phone number" || first["field"] != "body" {
		t.Fatalf("findings: %v", fs)
	}
	if code, out = call(replies, tok, `{"body": "`+phi+`", "publish_anyway": true}`); code != 201 || out["status"] != "published" {
		t.Fatalf("publish anyway: %d %v", code, out)
	}
	code, out = call("/api/v1/communities/epilepsy/threads", f.mustToken("rn_jo"), `{"title": "Liam Carter", "body": "Seen today", "publish_anyway": true}`)
	if code != 201 || out["thread"].(map[string]any)["status"] != "held" {
		t.Fatalf("clinician's thread: %d %v", code, out)
	}
	if res := f.get(f.client(), "/api/v1/communities/epilepsy/threads"); strings.Contains(res.body, "Liam Carter") {
		t.Error("held thread listed by the API")
	}

	// The live check: no token, code point offsets, same-origin only, rate limited.
	code, out = call("/api/v1/privacy/scan", "", `{"text": "é 555-201-4477"}`, "Sec-Fetch-Site", "same-origin")
	if code != 200 || out["summary"] != "We found 1 thing that could identify someone" {
		t.Fatalf("scan: %d %v", code, out)
	}
	if f0 := out["findings"].([]any)[0].(map[string]any); f0["start"] != 2.0 || f0["end"] != 14.0 {
		t.Errorf("scan offsets: %v", f0)
	}
	if code, out = call("/api/v1/privacy/scan", "", `{"text": "Nothing here"}`); code != 200 || len(out["findings"].([]any)) != 0 {
		t.Errorf("clean scan: %d %v", code, out)
	}
	if code, _ = call("/api/v1/privacy/scan", "", `{}`); code != 400 {
		t.Errorf("scan without text: %d", code)
	}
	if code, _ = call("/api/v1/privacy/scan", "", `{"text": "`+strings.Repeat("a", 50000)+`"}`); code != 413 {
		t.Errorf("scan of 50,000 characters: %d", code)
	}
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/privacy/scan", strings.NewReader(`{"text": "x"}`))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := f.do(f.client(), req); res.code != 403 {
		t.Errorf("cross-site scan: %d", res.code)
	}
}

func TestPrivacyScanRateLimit(t *testing.T) {
	f, _ := newPrivacyFixture(t, true)
	var res response
	for range 121 {
		req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/privacy/scan", strings.NewReader(`{"text": "x"}`))
		res = f.do(f.client(), req)
	}
	if res.code != 429 || !strings.Contains(res.body, `"code": "rate_limited"`) {
		t.Errorf("121st scan in a minute: %d %s", res.code, res.body)
	}
}

// BenchmarkPrivacyScanEndpoint measures a live check of a 2,000-character
// post through the whole router: JSON in, scan, rate limit, JSON out.
func BenchmarkPrivacyScanEndpoint(b *testing.B) {
	db, _ := sqldbtest.MustOpen(b)
	srv := web.NewServer(db, web.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var post strings.Builder
	for post.Len() < 2000 {
		post.WriteString("Our son started Keppra 500 mg twice a day in March and the nurse, Jenny, called 555-201-4477 to check. ")
	}
	body, _ := json.Marshal(map[string]string{"text": post.String()[:2000]})
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/api/v1/privacy/scan", bytes.NewReader(body))
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}
