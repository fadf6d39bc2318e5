package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
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

// fixture is a real server on a real SQLite file with a few members,
// one community of each visibility and a thread in each.
type fixture struct {
	t       *testing.T
	db      *sqldb.DB
	srv     *httptest.Server
	threads map[hearth.Visibility]*hearth.Thread
	members map[string]*hearth.Member
}

const pw = "a long enough password"

// reader is the member ("insider" or "outsider"; nil for "anonymous") and
// the membership in the fixture's communities that who reads with.
func (f *fixture) reader(who string) (*hearth.Member, string) {
	if who == "insider" {
		return f.members[who], hearth.MembershipActive
	}
	if who != "anonymous" {
		return f.members[who], ""
	}
	return nil, ""
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	f := &fixture{t: t, db: db, threads: map[hearth.Visibility]*hearth.Thread{}, members: map[string]*hearth.Member{}}
	for _, h := range []string{"author", "insider", "outsider"} {
		m, err := db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		f.members[h] = m
	}
	for _, v := range []hearth.Visibility{hearth.Public, hearth.MembersOnly, hearth.Private} {
		slug := "c-" + string(v)
		if _, err := db.CreateCommunity(ctx, hearth.NewCommunity{Slug: slug, Name: "Secret name " + string(v), Visibility: v, Rules: "- Be kind"}); err != nil {
			t.Fatal(err)
		}
		db.AddMember(ctx, slug, "author")
		db.AddMember(ctx, slug, "insider")
		th, err := db.CreateThread(ctx, f.members["author"], slug, hearth.NewThread{Title: "Hidden title " + string(v), Body: "Body of the " + string(v) + " thread"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateReply(ctx, f.members["insider"], th.ID, "Reply in "+string(v)); err != nil {
			t.Fatal(err)
		}
		f.threads[v] = th
	}
	f.srv = httptest.NewServer(web.NewServer(db, web.Config{PostsPerMinute: 1000}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(f.srv.Close)
	return f
}

// client is a browser-like client with its own cookie jar that does not
// follow redirects, so tests see them.
func (f *fixture) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (f *fixture) signedIn(handle string) *http.Client {
	c := f.client()
	res := f.post(c, "/signin", url.Values{"login": {handle}, "password": {pw}})
	if res.code != http.StatusSeeOther {
		f.t.Fatalf("sign in as %s: %d %s", handle, res.code, res.body)
	}
	return c
}

type response struct {
	code   int
	body   string
	header http.Header
}

func (f *fixture) do(c *http.Client, req *http.Request) response {
	f.t.Helper()
	res, err := c.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{res.StatusCode, string(b), res.Header}
}

func (f *fixture) get(c *http.Client, path string) response {
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	return f.do(c, req)
}

func (f *fixture) post(c *http.Client, path string, form url.Values) response {
	req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// What a browser sends for a same-origin form.
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return f.do(c, req)
}

func threadPath(t *hearth.Thread) string {
	return "/c/" + t.CommunitySlug + "/t/" + itoa(t.ID)
}

func itoa(n int64) string {
	return strings.TrimSpace(strings.Replace(string(mustJSON(n)), "\n", "", -1))
}

func mustJSON(v any) []byte { b, _ := json.Marshal(v); return b }

func TestVisibilityOnEveryPage(t *testing.T) {
	f := newFixture(t)
	clients := map[string]*http.Client{"anonymous": f.client(), "insider": f.signedIn("insider"), "outsider": f.signedIn("outsider")}
	for who, c := range clients {
		home := f.get(c, "/").body
		profile := f.get(c, "/u/insider").body
		for v, th := range f.threads {
			viewer, membership := f.reader(who)
			want := hearth.CanRead(v, viewer, membership)
			page := f.get(c, threadPath(th))
			if want && (page.code != 200 || !strings.Contains(page.body, th.Title) || !strings.Contains(page.body, "Reply in "+string(v))) {
				t.Errorf("%s: %s thread: %d, want the thread", who, v, page.code)
			}
			if !want {
				if page.code != http.StatusNotFound {
					t.Errorf("%s: %s thread: status %d, want 404", who, v, page.code)
				}
				for name, body := range map[string]string{"thread page": page.body, "home": home, "profile": profile} {
					if strings.Contains(body, th.Title) || strings.Contains(body, "Secret name "+string(v)) {
						t.Errorf("%s: %s: leaks the %s community or thread", who, name, v)
					}
				}
				list := f.get(c, "/c/c-"+string(v))
				if list.code == 200 || strings.Contains(list.body, th.Title) {
					t.Errorf("%s: community page of %s: %d shows threads", who, v, list.code)
				}
				api := f.get(c, "/api/v1/threads/"+itoa(th.ID))
				if api.code != 404 || !strings.Contains(api.body, `"code": "not_found"`) {
					t.Errorf("%s: API thread %s: %d %s", who, v, api.code, api.body)
				}
			} else if !strings.Contains(home, th.Title) {
				t.Errorf("%s: home does not list readable %s thread", who, v)
			}
		}
	}
	// The API with a token sees what its member sees.
	tok, _ := f.db.CreateToken(context.Background(), f.members["insider"].ID, "test")
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/threads/"+itoa(f.threads[hearth.Private].ID), nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	if res := f.do(f.client(), req); res.code != 200 || !strings.Contains(res.body, "Reply in private") {
		t.Errorf("insider's token cannot read the private thread: %d", res.code)
	}
	req, _ = http.NewRequest("GET", f.srv.URL+"/api/v1/communities", nil)
	if res := f.do(f.client(), req); strings.Contains(res.body, "c-private") || strings.Contains(res.body, "c-members") || !strings.Contains(res.body, "c-public") {
		t.Errorf("anonymous community list: %s", res.body)
	}
}

func TestSignUpPostReplyEditQuote(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	res := f.post(c, "/signup", url.Values{"handle": {"new_parent"}, "email": {"np@example.org"}, "password": {pw}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("sign up: %d %s", res.code, res.body)
	}
	if home := f.get(c, "/"); !strings.Contains(home.body, `<a href="/u/new_parent">@new_parent</a>`) {
		t.Fatal("not signed in after sign-up")
	}
	body := "My son started Keppra (see http://bit.ly/a8F11D ) and https://en.wikipedia.org/wiki/Epilepsy_(disambiguation) helped. Thanks @author!"
	res = f.post(c, "/c/c-public/new", url.Values{"title": {"Keppra and mood"}, "body": {body}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("create thread: %d %s", res.code, res.body)
	}
	loc := res.header.Get("Location")
	page := f.get(c, loc)
	for _, want := range []string{
		`<h1>Keppra and mood</h1>`,
		`href="http://bit.ly/a8F11D"`,
		`href="https://en.wikipedia.org/wiki/Epilepsy_(disambiguation)"`,
		`href="/u/author"`,
		`rel="nofollow ugc noopener"`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("thread page lacks %s", want)
		}
	}
	base := regexp.MustCompile(`^/c/c-public/t/\d+`).FindString(loc)
	res = f.post(c, base+"/reply", url.Values{"body": {"Second thought: <script>alert(1)</script> **bold**"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("reply: %d", res.code)
	}
	page = f.get(c, base)
	if strings.Contains(page.body, "<script>alert") || !strings.Contains(page.body, "<strong>bold</strong>") {
		t.Errorf("reply not rendered safely")
	}
	pid := regexp.MustCompile(`/p/(\d+)/edit`).FindAllStringSubmatch(page.body, -1)
	if len(pid) != 2 {
		t.Fatalf("want 2 edit links on own posts, got %d", len(pid))
	}
	edit := base + "/p/" + pid[1][1] + "/edit"
	if res := f.post(c, edit, url.Values{"body": {"Second thought, edited"}}); res.code != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.code, res.body)
	}
	hist := f.get(c, base+"/p/"+pid[1][1]+"/history")
	if !strings.Contains(hist.body, "Second thought, edited") || !strings.Contains(hist.body, "<strong>bold</strong>") {
		t.Errorf("history lacks the versions")
	}
	// Someone else may not edit it.
	other := f.signedIn("outsider")
	if res := f.post(other, edit, url.Values{"body": {"hijacked"}}); res.code != http.StatusForbidden {
		t.Errorf("editing another member's post: %d", res.code)
	}
	quote := f.get(other, base+"?quote="+pid[1][1])
	if !strings.Contains(quote.body, "&gt; **@new_parent wrote:**") {
		t.Errorf("quote did not prefill the reply box")
	}
	if res := f.post(c, "/signout", nil); res.code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", res.code)
	}
	if home := f.get(c, "/"); strings.Contains(home.body, ">Sign out<") {
		t.Error("still signed in after sign-out")
	}
}

// TestBadInputKeepsText checks that each kind of bad input comes back as
// the form, refilled, with the problem named, and never a 500.
func TestBadInputKeepsText(t *testing.T) {
	f := newFixture(t)
	c := f.signedIn("author")
	long := strings.Repeat("Our story is long. ", 110000) // about 2 MB
	cases := []struct {
		name, path string
		form       url.Values
		code       int
		message    string
		kept       string
	}{
		{"empty title", "/c/c-public/new", url.Values{"title": {"  "}, "body": {"My words stay here"}}, 400, "Please give your thread a title", "My words stay here"},
		{"2 MB post", "/c/c-public/new", url.Values{"title": {"Long one"}, "body": {long}}, 400, "the limit is 40000", "Our story is long. Our story is long."},
		{"invalid UTF-8", "/c/c-public/new", url.Values{"title": {"Bad \xff bytes"}, "body": {"text kept \xfe here"}}, 400, "could not read", "text kept \uFFFD here"},
		{"empty reply", threadPath(f.threads[hearth.Public]) + "/reply", url.Values{"body": {"   "}}, 400, "Your post is empty", ""},
		{"2 MB reply", threadPath(f.threads[hearth.Public]) + "/reply", url.Values{"body": {long}}, 400, "the limit is 40000", "Our story is long."},
		{"duplicate handle", "/signup", url.Values{"handle": {"insider"}, "email": {"fresh@example.org"}, "password": {pw}}, 400, "is taken", "fresh@example.org"},
		{"wrong password", "/signin", url.Values{"login": {"insider"}, "password": {"wrong password!"}}, 400, "do not match", "insider"},
	}
	for _, tc := range cases {
		cl := c
		if tc.path == "/signup" || tc.path == "/signin" {
			cl = f.client()
		}
		res := f.post(cl, tc.path, tc.form)
		if res.code != tc.code {
			t.Errorf("%s: status %d, want %d", tc.name, res.code, tc.code)
		}
		if !strings.Contains(res.body, tc.message) || !strings.Contains(res.body, `role="alert"`) {
			t.Errorf("%s: message %q missing", tc.name, tc.message)
		}
		if !strings.Contains(res.body, tc.kept) {
			t.Errorf("%s: the member's text was not kept", tc.name)
		}
	}
	// A reply from a session that ended keeps the text too.
	res := f.post(f.client(), threadPath(f.threads[hearth.Public])+"/reply", url.Values{"body": {"Typed while signed out"}})
	if res.code != 401 || !strings.Contains(res.body, "Typed while signed out") {
		t.Errorf("signed-out reply: %d, text kept=%v", res.code, strings.Contains(res.body, "Typed while signed out"))
	}
}

func TestSecurityHeadersAndCSRF(t *testing.T) {
	f := newFixture(t)
	res := f.get(f.client(), "/")
	csp := res.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("weak CSP: %q", csp)
	}
	if res.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
	c := f.signedIn("author")
	req, _ := http.NewRequest("POST", f.srv.URL+"/c/c-public/new", strings.NewReader(url.Values{"title": {"x"}, "body": {"y"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := f.do(c, req); res.code != http.StatusForbidden {
		t.Errorf("cross-site form post: %d, want 403", res.code)
	}
	var cookie *http.Cookie
	for _, ck := range c.Jar.Cookies(mustURL(f.srv.URL)) {
		cookie = ck
	}
	if cookie == nil {
		t.Fatal("no session cookie")
	}
	res = f.post(f.client(), "/signin", url.Values{"login": {"author"}, "password": {pw}})
	sc := res.header.Get("Set-Cookie")
	if !strings.Contains(sc, "HttpOnly") || !strings.Contains(sc, "SameSite=Lax") {
		t.Errorf("session cookie flags: %q", sc)
	}
	// Static files are fingerprinted and cached for a year.
	css := regexp.MustCompile(`/static/style\.[0-9a-f]{12}\.css`).FindString(f.get(f.client(), "/").body)
	if res := f.get(f.client(), css); res.code != 200 || !strings.Contains(res.header.Get("Cache-Control"), "immutable") {
		t.Errorf("static %s: %d %q", css, res.code, res.header.Get("Cache-Control"))
	}
}

func TestSignInRateLimit(t *testing.T) {
	f := newFixture(t)
	var last response
	for range 12 {
		last = f.post(f.client(), "/signin", url.Values{"login": {"insider"}, "password": {"guess guess guess"}})
	}
	if last.code != http.StatusTooManyRequests || !strings.Contains(last.body, "Too many sign-in attempts") {
		t.Fatalf("after 12 wrong passwords: %d", last.code)
	}
	// Once an account is over its limit, even the right password waits.
	if res := f.post(f.client(), "/signin", url.Values{"login": {"insider"}, "password": {pw}}); res.code != http.StatusTooManyRequests {
		t.Errorf("right password after 12 wrong ones: %d, want 429", res.code)
	}
}

// Successful sign-ins do not count against the account: a member on many
// devices (or a browser test suite) is never locked out by them.
func TestSignInSuccessesDoNotLockAccount(t *testing.T) {
	f := newFixture(t)
	srv := httptest.NewServer(web.NewServer(f.db, web.Config{SigninsPerIP: 1000}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for i := range 15 {
		res, err := noRedirect.PostForm(srv.URL+"/signin", url.Values{"login": {"author"}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("successful sign-in %d: %d, want 303", i+1, res.StatusCode)
		}
	}
}

func mustURL(s string) *url.URL { u, _ := url.Parse(s); return u }

func TestAPI(t *testing.T) {
	f := newFixture(t)
	tok, err := f.db.CreateToken(context.Background(), f.members["author"].ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	call := func(method, path, token, body string) (int, map[string]any) {
		req, _ := http.NewRequest(method, f.srv.URL+path, bytes.NewBufferString(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		req.Header.Set("Content-Type", "application/json")
		res := f.do(f.client(), req)
		var out map[string]any
		if err := json.Unmarshal([]byte(res.body), &out); err != nil {
			t.Fatalf("%s %s: not JSON: %s", method, path, res.body)
		}
		return res.code, out
	}
	code, out := call("POST", "/api/v1/communities/c-public/threads", tok, `{"title":"From the API","body":"Hello from a script"}`)
	if code != 201 {
		t.Fatalf("create thread: %d %v", code, out)
	}
	id := int64(out["thread"].(map[string]any)["id"].(float64))
	code, out = call("POST", "/api/v1/threads/"+itoa(id)+"/replies", tok, `{"body":"A reply with **bold**"}`)
	if code != 201 || out["body_html"] != "<p>A reply with <strong>bold</strong></p>\n" {
		t.Fatalf("create reply: %d %v", code, out)
	}
	code, out = call("GET", "/api/v1/threads/"+itoa(id), "", "")
	if code != 200 || len(out["replies"].([]any)) != 1 || out["opening"].(map[string]any)["body"] != "Hello from a script" {
		t.Fatalf("read thread: %d %v", code, out)
	}
	for _, tc := range []struct {
		method, path, token, body string
		code                      int
		errCode                   string
	}{
		{"POST", "/api/v1/communities/c-public/threads", "", `{"title":"x","body":"y"}`, 401, "unauthorized"},
		{"POST", "/api/v1/communities/c-public/threads", "hearth_pat_wrong", `{"title":"x","body":"y"}`, 401, "unauthorized"},
		{"POST", "/api/v1/communities/c-public/threads", tok, `{"title":"","body":"y"}`, 400, "invalid"},
		{"POST", "/api/v1/communities/c-public/threads", tok, `{"title":`, 400, "invalid"},
		{"POST", "/api/v1/communities/nope/threads", tok, `{"title":"x","body":"y"}`, 404, "not_found"},
		{"POST", "/api/v1/threads/" + itoa(f.threads[hearth.Private].ID) + "/replies", f.mustToken("outsider"), `{"body":"y"}`, 404, "not_found"},
		{"GET", "/api/v1/threads/abc", "", "", 404, "not_found"},
		{"GET", "/api/v1/nothing", "", "", 404, "not_found"},
		{"GET", "/api/v1/me", "", "", 401, "unauthorized"},
	} {
		code, out := call(tc.method, tc.path, tc.token, tc.body)
		if code != tc.code || out["code"] != tc.errCode || out["message"] == "" {
			t.Errorf("%s %s: %d %v, want %d %s", tc.method, tc.path, code, out, tc.code, tc.errCode)
		}
	}
}

func (f *fixture) mustToken(handle string) string {
	tok, err := f.db.CreateToken(context.Background(), f.members[handle].ID, "test")
	if err != nil {
		f.t.Fatal(err)
	}
	return tok
}

func TestJoinPrivateCommunity(t *testing.T) {
	f := newFixture(t)
	out := f.signedIn("outsider")
	if res := f.get(out, "/c/c-private"); res.code != http.StatusSeeOther || res.header.Get("Location") != "/c/c-private/about" {
		t.Fatalf("outsider on private community: %d %s", res.code, res.header.Get("Location"))
	}
	about := f.get(out, "/c/c-private/about")
	if !strings.Contains(about.body, "Ask to join") || strings.Contains(about.body, "Hidden title") {
		t.Fatalf("about page for outsiders")
	}
	f.post(out, "/c/c-private/join", nil)
	if about := f.get(out, "/c/c-private/about"); !strings.Contains(about.body, "You asked to join") {
		t.Fatal("request not recorded")
	}
	if res := f.get(out, threadPath(f.threads[hearth.Private])); res.code != 404 {
		t.Fatalf("pending member reads private thread: %d", res.code)
	}
	// The community's moderator accepts.
	f.db.SetModerator(context.Background(), "c-private", "author")
	mod := f.signedIn("author")
	if res := f.get(f.signedIn("insider"), "/c/c-private/requests"); res.code != 403 {
		t.Errorf("non-moderator sees requests: %d", res.code)
	}
	if res := f.get(mod, "/c/c-private/requests"); !strings.Contains(res.body, "Accept @outsider") {
		t.Fatal("moderator does not see the request")
	}
	f.post(mod, "/c/c-private/requests", url.Values{"handle": {"outsider"}, "answer": {"accept"}})
	if res := f.get(out, threadPath(f.threads[hearth.Private])); res.code != 200 {
		t.Fatalf("accepted member cannot read: %d", res.code)
	}
}

func TestHealthAndNotFound(t *testing.T) {
	f := newFixture(t)
	if res := f.get(f.client(), "/healthz"); res.code != 200 || res.body != "ok\n" {
		t.Errorf("healthz: %d %q", res.code, res.body)
	}
	for _, p := range []string{"/nope", "/c/nope", "/c/c-public/t/999999", "/c/c-public/t/abc", "/u/nobody", "/c/c-members/t/" + itoa(f.threads[hearth.Public].ID)} {
		if res := f.get(f.client(), p); res.code != 404 || !strings.Contains(res.body, "<h1>") {
			t.Errorf("%s: %d", p, res.code)
		}
	}
	_ = time.Now
}

func TestSitemapIsPublicOnly(t *testing.T) {
	f := newFixture(t)
	res := f.get(f.signedIn("insider"), "/sitemap.xml")
	if res.code != 200 || !strings.Contains(res.body, "<urlset") {
		t.Fatalf("sitemap: %d %s", res.code, res.body)
	}
	if !strings.Contains(res.body, "/c/c-public/t/"+itoa(f.threads[hearth.Public].ID)) {
		t.Error("sitemap lacks the public thread")
	}
	for _, v := range []hearth.Visibility{hearth.MembersOnly, hearth.Private} {
		if strings.Contains(res.body, "/c/c-"+string(v)) {
			t.Errorf("sitemap lists the %s community", v)
		}
	}
	if robots := f.get(f.client(), "/robots.txt"); !strings.Contains(robots.body, "Sitemap: ") {
		t.Error("robots.txt does not point at the sitemap")
	}
}
