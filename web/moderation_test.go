package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
	"github.com/hearth-community/hearth/web"
)

// modFixture is a real server (page cache on) with one member of every
// role the moderation rules know: a member, a mentor, a clinician, the
// moderator of another community ("other"), the moderator of this
// community ("pub"), a site moderator and an admin; an API token for
// each; and a thread in "pub" by a member who is none of them.
type modFixture struct {
	*fixture
	thread *hearth.Thread
	tokens map[string]string
	seq    atomic.Int64
}

// roles in the order of the matrix; "anonymous" has no account.
var roles = []string{"anonymous", "member", "mentor", "clinician", "othermod", "thismod", "sitemod", "admin"}

func newModFixture(t *testing.T) *modFixture {
	t.Helper()
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	f := &modFixture{fixture: &fixture{t: t, db: db, threads: map[hearth.Visibility]*hearth.Thread{}, members: map[string]*hearth.Member{}},
		tokens: map[string]string{}}
	for h, role := range map[string]hearth.Role{"author": hearth.RoleMember, "member": hearth.RoleMember, "mentor": hearth.RoleMentor,
		"clinician": hearth.RoleClinician, "othermod": hearth.RoleMember, "thismod": hearth.RoleMember, "sitemod": hearth.RoleModerator,
		"admin": hearth.RoleAdmin} {
		m, err := db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: pw, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		f.members[h] = m
		if f.tokens[h], err = db.CreateToken(ctx, m.ID, "test"); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []string{"pub", "other"} {
		if _, err := db.CreateCommunity(ctx, hearth.NewCommunity{Slug: c, Name: "Community " + c, Visibility: hearth.Public}); err != nil {
			t.Fatal(err)
		}
	}
	db.SetModerator(ctx, "pub", "thismod")
	db.SetModerator(ctx, "other", "othermod")
	var err error
	if f.thread, err = db.CreateThread(ctx, f.members["author"], "pub", hearth.NewThread{Title: "Rescue meds at school", Body: "Who keeps the rescue medicine at your school?"}); err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(web.NewServer(db, web.Config{PostsPerMinute: 100000, PageCacheTTL: time.Minute}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(f.srv.Close)
	return f
}

// client returns a signed-in client for a role, or a signed-out one.
func (f *modFixture) as(role string) *http.Client {
	if role == "anonymous" {
		return f.client()
	}
	return f.signedIn(role)
}

// newAuthor makes a fresh member, so that suspending or banning one
// leaves the others alone.
func (f *modFixture) newAuthor() *hearth.Member {
	f.t.Helper()
	h := fmt.Sprintf("writer%d", f.seq.Add(1))
	m, err := f.db.CreateMember(context.Background(), hearth.NewMember{Handle: h, Email: h + "@example.org", Password: pw})
	if err != nil {
		f.t.Fatal(err)
	}
	return m
}

// newReply is a fresh published reply by a fresh author.
func (f *modFixture) newReply(body string) *hearth.Post {
	f.t.Helper()
	p, err := f.db.CreateReply(context.Background(), f.newAuthor(), f.thread.ID, body)
	if err != nil {
		f.t.Fatal(err)
	}
	return p
}

// newHeld is a fresh first post waiting for approval.
func (f *modFixture) newHeld() *hearth.Post {
	f.t.Helper()
	p, err := f.db.HoldReply(context.Background(), f.newAuthor(), f.thread.ID, "Hello, my first post here.", hearth.Hold{Reason: hearth.ReasonFirstPost})
	if err != nil {
		f.t.Fatal(err)
	}
	return p
}

func (f *modFixture) apiCall(role, method, path string, body any) (int, map[string]any) {
	f.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, f.srv.URL+path, rd)
	if tok := f.tokens[role]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func (f *modFixture) auditLines() int {
	f.t.Helper()
	n := 0
	if err := f.db.EachAudit(context.Background(), f.members["admin"], func(*hearth.AuditEntry) error { n++; return nil }); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *modFixture) postPath(p *hearth.Post) string {
	return fmt.Sprintf("/c/pub/t/%d/p/%d", f.thread.ID, p.ID)
}

// matrixAction is one action of the role matrix: how to take it through
// the pages and through the API (each on fresh data), who may, and
// whether it writes a line in the audit log.
type matrixAction struct {
	name    string
	allowed []string
	audited bool
	// unseen: the others may not even read the post (a held one): not
	// found, not forbidden.
	unseen bool
	// web and api return the status; okWeb and okAPI are the statuses of
	// success.
	web          func(f *modFixture, c *http.Client) int
	api          func(f *modFixture, role string) int
	okWeb, okAPI int
}

var (
	everyone   = []string{"member", "mentor", "clinician", "othermod", "thismod", "sitemod", "admin"}
	moderators = []string{"thismod", "sitemod", "admin"}
	staff      = []string{"sitemod", "admin"}
	admins     = []string{"admin"}
)

func postAction(action string, extra url.Values, body map[string]any, fresh func(f *modFixture) *hearth.Post) (func(*modFixture, *http.Client) int, func(*modFixture, string) int) {
	web := func(f *modFixture, c *http.Client) int {
		p := fresh(f)
		form := url.Values{"action": {action}, "reason": {"Rule 4: no selling."}}
		for k, v := range extra {
			form[k] = v
		}
		return f.post(c, fmt.Sprintf("/mod/posts/%d", p.ID), form).code
	}
	api := func(f *modFixture, role string) int {
		p := fresh(f)
		in := map[string]any{"action": action, "reason": "Rule 4: no selling."}
		for k, v := range body {
			in[k] = v
		}
		code, _ := f.apiCall(role, "POST", fmt.Sprintf("/api/v1/mod/posts/%d", p.ID), in)
		return code
	}
	return web, api
}

func published(f *modFixture) *hearth.Post { return f.newReply("Buy my supplements, link in bio.") }
func held(f *modFixture) *hearth.Post      { return f.newHeld() }

func matrix() []matrixAction {
	var as []matrixAction
	add := func(name string, allowed []string, audited bool, okWeb, okAPI int, web func(*modFixture, *http.Client) int, api func(*modFixture, string) int) {
		as = append(as, matrixAction{name: name, allowed: allowed, audited: audited, web: web, api: api, okWeb: okWeb, okAPI: okAPI})
	}
	unseen := func() { as[len(as)-1].unseen = true }
	add("open the queue", append([]string{"mentor", "othermod"}, moderators...), false, 200, 200,
		func(f *modFixture, c *http.Client) int { return f.get(c, "/mod").code },
		func(f *modFixture, role string) int {
			code, _ := f.apiCall(role, "GET", "/api/v1/mod/queue", nil)
			return code
		})
	add("flag a post", everyone, false, 303, 201,
		func(f *modFixture, c *http.Client) int {
			return f.post(c, f.postPath(published(f))+"/flag", url.Values{"reason": {"spam"}}).code
		},
		func(f *modFixture, role string) int {
			code, _ := f.apiCall(role, "POST", fmt.Sprintf("/api/v1/posts/%d/flags", published(f).ID), map[string]any{"reason": "spam"})
			return code
		})
	add("open a post's moderation page", moderators, false, 200, 200,
		func(f *modFixture, c *http.Client) int {
			return f.get(c, fmt.Sprintf("/mod/posts/%d", published(f).ID)).code
		},
		func(f *modFixture, role string) int {
			code, _ := f.apiCall(role, "GET", fmt.Sprintf("/api/v1/mod/posts/%d", published(f).ID), nil)
			return code
		})
	w, a := postAction("approve", nil, nil, held)
	add("approve a first post", moderators, true, 303, 200, w, a)
	unseen()
	w, a = postAction("return", nil, nil, held)
	add("return a post to its author", moderators, true, 303, 200, w, a)
	unseen()
	w, a = postAction("hide", nil, nil, published)
	add("hide", moderators, true, 303, 200, w, a)
	w, a = postAction("edit", url.Values{"body": {"Supplements helped me."}}, map[string]any{"body": "Supplements helped me."}, published)
	add("edit with a note", moderators, true, 303, 200, w, a)
	w, a = postAction("remove", nil, nil, published)
	add("remove", moderators, true, 303, 200, w, a)
	w, a = postAction("warn", nil, nil, published)
	add("warn the author", moderators, true, 303, 200, w, a)
	w, a = postAction("suspend", url.Values{"days": {"3"}}, map[string]any{"days": 3}, published)
	add("suspend the author", staff, true, 303, 200, w, a)
	w, a = postAction("ban", nil, nil, published)
	add("ban the author", staff, true, 303, 200, w, a)
	add("suspend a member from their record", staff, true, 303, 200,
		func(f *modFixture, c *http.Client) int {
			return f.post(c, "/mod/members/"+f.newAuthor().Handle, url.Values{"action": {"suspend"}, "reason": {"Spam."}, "days": {"7"}}).code
		},
		func(f *modFixture, role string) int {
			code, _ := f.apiCall(role, "POST", "/api/v1/mod/members/"+f.newAuthor().Handle, map[string]any{"action": "suspend", "reason": "Spam.", "days": 7})
			return code
		})
	add("read the audit log", admins, false, 200, 200,
		func(f *modFixture, c *http.Client) int { return f.get(c, "/admin/audit").code },
		func(f *modFixture, role string) int {
			code, _ := f.apiCall(role, "GET", "/api/v1/admin/audit", nil)
			return code
		})
	add("export the audit log", admins, false, 200, 200,
		func(f *modFixture, c *http.Client) int { return f.get(c, "/admin/audit.csv").code },
		func(f *modFixture, role string) int {
			code, _ := f.apiCall(role, "GET", "/api/v1/admin/audit?page=2", nil)
			return code
		})
	add("verify a clinician", admins, true, 303, 200,
		func(f *modFixture, c *http.Client) int {
			return f.post(c, "/admin/members/"+f.newAuthor().Handle+"/verify", url.Values{"profession": {"Registered nurse"}, "license": {"RN-1"}}).code
		},
		func(f *modFixture, role string) int {
			code, _ := f.apiCall(role, "POST", "/api/v1/admin/members/"+f.newAuthor().Handle+"/verify", map[string]any{"profession": "Registered nurse", "license": "RN-1"})
			return code
		})
	add("change community settings", moderators, true, 303, 200,
		func(f *modFixture, c *http.Client) int {
			return f.post(c, "/c/pub/settings", url.Values{"hold_first_posts": {"1"}}).code
		},
		func(f *modFixture, role string) int {
			code, _ := f.apiCall(role, "POST", "/api/v1/communities/pub/settings", map[string]any{"hold_first_posts": false})
			return code
		})
	add("welcome a new member", append([]string{"mentor", "othermod"}, moderators...), true, 303, 200,
		func(f *modFixture, c *http.Client) int {
			return f.post(c, "/mod/welcome/"+f.newAuthor().Handle, nil).code
		},
		func(f *modFixture, role string) int {
			code, _ := f.apiCall(role, "POST", "/api/v1/mod/welcome/"+f.newAuthor().Handle, nil)
			return code
		})
	return as
}

// TestRoleMatrix takes every moderation action as every role, through
// the pages and through the API: the roles allowed succeed and write one
// line in the audit log; the others are refused (signed out: asked to
// sign in) and write nothing.
func TestRoleMatrix(t *testing.T) {
	f := newModFixture(t)
	clients := map[string]*http.Client{}
	for _, r := range roles {
		clients[r] = f.as(r)
	}
	for _, a := range matrix() {
		for _, role := range roles {
			allowed := false
			for _, r := range a.allowed {
				allowed = allowed || r == role
			}
			wantWeb, wantAPI := a.okWeb, a.okAPI
			switch {
			case role == "anonymous":
				wantWeb, wantAPI = 401, 401
				if a.okWeb == 200 { // a page: sign in first
					wantWeb = 303
				}
			case !allowed && a.unseen:
				wantWeb, wantAPI = 404, 404
			case !allowed:
				wantWeb, wantAPI = 403, 403
			}
			before := f.auditLines()
			if got := a.web(f, clients[role]); got != wantWeb {
				t.Errorf("%s as %s, page: %d, want %d", a.name, role, got, wantWeb)
			}
			mid := f.auditLines()
			if got := a.api(f, role); got != wantAPI {
				t.Errorf("%s as %s, API: %d, want %d", a.name, role, got, wantAPI)
			}
			after := f.auditLines()
			want := 0
			if allowed && a.audited {
				want = 1
			}
			if mid-before != want || after-mid != want {
				t.Errorf("%s as %s: %d and %d audit lines, want %d each", a.name, role, mid-before, after-mid, want)
			}
		}
	}
}

// TestQueueScope: each moderator's queue holds only what they may act on.
func TestQueueScope(t *testing.T) {
	f := newModFixture(t)
	p := f.newReply("Stop your insulin and try my herbal cure instead.")
	if res := f.post(f.signedIn("member"), f.postPath(p)+"/flag", url.Values{"reason": {"harmful_advice"}, "note": {"tells people to stop insulin"}}); res.code != 303 {
		t.Fatalf("flag: %d", res.code)
	}
	h := f.newHeld()
	for role, want := range map[string]bool{"mentor": false, "othermod": false, "thismod": true, "sitemod": true, "admin": true} {
		page := f.get(f.signedIn(role), "/mod")
		sees := strings.Contains(page.body, "Stop your insulin") && strings.Contains(page.body, "tells people to stop insulin") &&
			strings.Contains(page.body, "Harmful medical advice (1)") && strings.Contains(page.body, fmt.Sprintf(`action="/mod/posts/%d"`, h.ID))
		if page.code != 200 || sees != want {
			t.Errorf("%s's queue: %d, shows the items: %v, want %v", role, page.code, sees, want)
		}
		if want && !strings.Contains(page.body, "Who keeps the rescue medicine") {
			t.Errorf("%s's queue lacks the thread the reply is in", role)
		}
	}
	// A failed quick action brings the queue back with the item's error.
	res := f.post(f.signedIn("thismod"), fmt.Sprintf("/mod/posts/%d", p.ID), url.Values{"action": {"hide"}, "from": {"queue"}})
	if res.code != 400 || !strings.Contains(res.body, "Please give a reason") || !strings.Contains(res.body, `role="alert"`) {
		t.Errorf("hide without a reason from the queue: %d", res.code)
	}
	res = f.post(f.signedIn("thismod"), fmt.Sprintf("/mod/posts/%d", p.ID), url.Values{"action": {"hide"}, "from": {"queue"}, "reason": {"Dangerous: stopping insulin."}})
	if res.code != 303 || res.header.Get("Location") != "/mod?done=hide" {
		t.Fatalf("hide from the queue: %d %s", res.code, res.header.Get("Location"))
	}
	if page := f.get(f.signedIn("thismod"), "/mod?done=hide"); strings.Contains(page.body, "Stop your insulin") || !strings.Contains(page.body, "Hidden.") {
		t.Error("the hidden post is still in the queue, or no notice")
	}
}

// TestHiddenPostsLeaveEveryPath hides a reply and a thread and checks the
// thread page (cached for signed-out readers), the community page, the
// API, search and the feeds, for readers and for moderators.
func TestHiddenPostsLeaveEveryPath(t *testing.T) {
	f := newModFixture(t)
	anon, member, mod := f.client(), f.signedIn("member"), f.signedIn("thismod")
	p := f.newReply("Quokka tonic cures seizures, order today")
	thread := threadPath(f.thread)
	feed := fmt.Sprintf("/feeds/t/%d.atom", f.thread.ID)
	check := func(when string, want bool) {
		t.Helper()
		for name, got := range map[string]bool{
			"page (signed out)": strings.Contains(f.get(anon, thread).body, "Quokka tonic"),
			"page (member)":     strings.Contains(f.get(member, thread).body, "Quokka tonic"),
			"API":               strings.Contains(f.get(anon, fmt.Sprintf("/api/v1/threads/%d", f.thread.ID)).body, "Quokka tonic"),
			"search":            strings.Contains(f.get(member, "/search?q=quokka").body, "Quokka"),
			"feed":              strings.Contains(f.get(anon, feed).body, "Quokka tonic"),
		} {
			if got != want {
				t.Errorf("%s: %s shows the reply: %v, want %v", when, name, got, want)
			}
		}
	}
	check("published", true) // (and now cached)
	if res := f.post(mod, fmt.Sprintf("/mod/posts/%d", p.ID), url.Values{"action": {"hide"}, "reason": {"No selling (rule 4)."}}); res.code != 303 {
		t.Fatalf("hide: %d %s", res.code, res.body)
	}
	check("hidden", false)
	if page := f.get(mod, thread); !strings.Contains(page.body, "Quokka tonic") || !strings.Contains(page.body, "Hidden by a moderator") ||
		!strings.Contains(page.body, "No selling (rule 4).") {
		t.Error("the moderator does not see the hidden reply with its reason")
	}
	if res := f.post(mod, fmt.Sprintf("/mod/posts/%d", p.ID), url.Values{"action": {"approve"}}); res.code != 303 {
		t.Fatalf("approve: %d", res.code)
	}
	check("approved again", true)

	// A removed thread leaves the community page, its feed and search.
	op := mustOpeningID(t, f)
	if res := f.post(mod, fmt.Sprintf("/mod/posts/%d", op), url.Values{"action": {"remove"}, "reason": {"Off topic."}}); res.code != 303 {
		t.Fatalf("remove: %d", res.code)
	}
	for name, path := range map[string]string{"community": "/c/pub", "community feed": "/feeds/c/pub.atom", "home": "/", "search": "/search?q=rescue"} {
		if strings.Contains(f.get(anon, path).body, "Rescue meds at school") {
			t.Errorf("%s still lists the removed thread", name)
		}
	}
	if res := f.get(anon, thread); res.code != 404 {
		t.Errorf("the removed thread: %d", res.code)
	}
	if res := f.get(mod, thread); res.code != 200 || !strings.Contains(res.body, "Removed by a moderator") {
		t.Errorf("the moderator opens the removed thread: %d", res.code)
	}
}

func mustOpeningID(t *testing.T, f *modFixture) int64 {
	t.Helper()
	mp, err := f.db.FindThreadPage(context.Background(), f.members["admin"], f.thread.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	return mp.Opening.ID
}

func TestFlagForm(t *testing.T) {
	f := newModFixture(t)
	p := f.newReply("You should double your insulin tonight, trust me.")
	member := f.signedIn("member")
	page := f.get(member, threadPath(f.thread))
	flagLink := fmt.Sprintf(`href="%s/flag"`, f.postPath(p))
	if !strings.Contains(page.body, flagLink) {
		t.Fatal("no flag link on the reply")
	}
	if strings.Contains(f.get(f.client(), threadPath(f.thread)).body, "/flag") {
		t.Error("signed-out readers get flag links")
	}
	form := f.get(member, f.postPath(p)+"/flag")
	for _, want := range []string{"What is wrong with this post?", "Private details", "Harmful medical advice", "Spam or selling", "Harassment or hate", "Something else",
		"double your insulin"} {
		if !strings.Contains(form.body, want) {
			t.Errorf("flag form lacks %q", want)
		}
	}
	if strings.Contains(form.body, "/mod/posts/") {
		t.Error("a member is offered moderation")
	}
	if !strings.Contains(f.get(f.signedIn("thismod"), f.postPath(p)+"/flag").body, fmt.Sprintf(`href="/mod/posts/%d"`, p.ID)) {
		t.Error("the community's moderator is not offered moderation from the flag page")
	}
	// "Something else" needs a note: the form comes back, the note kept.
	res := f.post(member, f.postPath(p)+"/flag", url.Values{"reason": {"other"}})
	if res.code != 400 || !strings.Contains(res.body, "tell the moderators in a few words") || !strings.Contains(res.body, `value="other" required checked`) {
		t.Errorf("other without a note: %d", res.code)
	}
	res = f.post(member, f.postPath(p)+"/flag", url.Values{"reason": {"harmful_advice"}, "note": {"Dosing advice."}})
	if res.code != 303 {
		t.Fatalf("flag: %d", res.code)
	}
	if page := f.get(member, res.header.Get("Location")); !strings.Contains(page.body, "Thank you. The moderators will read the post") {
		t.Error("no thanks")
	}
	// A community moderator's post carries their badge; a member's none.
	f.db.CreateReply(context.Background(), f.members["thismod"], f.thread.ID, "Please keep it kind, everyone.")
	if page := f.get(f.client(), threadPath(f.thread)).body; strings.Count(page, `<span class="badge">Community moderator</span>`) != 1 {
		t.Errorf("community moderator badges: %d", strings.Count(page, `<span class="badge">Community moderator</span>`))
	}
	// One's own post cannot be flagged.
	own, _ := f.db.CreateReply(context.Background(), f.members["member"], f.thread.ID, "My own words.")
	if res := f.post(member, f.postPath(own)+"/flag", url.Values{"reason": {"spam"}}); res.code != 403 {
		t.Errorf("flagging one's own post: %d", res.code)
	}
	if strings.Contains(f.get(member, threadPath(f.thread)).body, fmt.Sprintf(`href="%s/flag"`, f.postPath(own))) {
		t.Error("a flag link on one's own post")
	}
}

func TestModeratorEditAndNotice(t *testing.T) {
	f := newModFixture(t)
	author := f.newAuthor()
	p, _ := f.db.CreateReply(context.Background(), author, f.thread.ID, "Call my clinic at 555-010-2299 for cheap pills.")
	mod := f.signedIn("thismod")
	page := f.get(mod, fmt.Sprintf("/mod/posts/%d", p.ID))
	for _, want := range []string{"Moderate a reply by @" + author.Handle, "Who keeps the rescue medicine", `value="edit"`, `value="hide"`, `value="warn"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("moderation page lacks %q", want)
		}
	}
	if strings.Contains(page.body, `value="suspend"`) || strings.Contains(page.body, `value="ban"`) {
		t.Error("a community moderator is offered suspend or ban")
	}
	if res := f.post(mod, fmt.Sprintf("/mod/posts/%d", p.ID), url.Values{"action": {"edit"}, "reason": {"Took out a phone number and an ad."}, "body": {""}}); res.code != 400 ||
		!strings.Contains(res.body, "Your post is empty") || !strings.Contains(res.body, "Took out a phone number") {
		t.Errorf("an empty edit: %d", res.code)
	}
	if res := f.post(mod, fmt.Sprintf("/mod/posts/%d", p.ID), url.Values{"action": {"edit"}, "reason": {"Took out a phone number and an ad."},
		"body": {"Call my clinic for help."}}); res.code != 303 {
		t.Fatalf("edit: %d", res.code)
	}
	thread := f.get(f.client(), threadPath(f.thread)).body
	if strings.Contains(thread, "555-010-2299") || !strings.Contains(thread, "Edited by a moderator:</strong> Took out a phone number and an ad.") {
		t.Error("the edit or its note is not on the page")
	}
	// The author is told, in notifications and on /notices.
	ac := f.client()
	f.db.CreateSession(context.Background(), author.ID)
	res := f.post(ac, "/signin", url.Values{"login": {author.Handle}, "password": {pw}})
	if res.code != 303 {
		t.Fatalf("author signs in: %d", res.code)
	}
	if page := f.get(ac, "/notifications"); !strings.Contains(page.body, "From the moderators: A moderator edited your post") {
		t.Error("no notification")
	}
	if page := f.get(ac, "/notices"); !strings.Contains(page.body, "Took out a phone number and an ad.") || !strings.Contains(page.body, "A moderator edited your post") {
		t.Error("no notice")
	}
}

func TestSuspensionThroughThePages(t *testing.T) {
	f := newModFixture(t)
	author := f.newAuthor()
	ac := f.client()
	if res := f.post(ac, "/signin", url.Values{"login": {author.Handle}, "password": {pw}}); res.code != 303 {
		t.Fatal("sign in")
	}
	tok, _ := f.db.CreateToken(context.Background(), author.ID, "t")
	f.tokens[author.Handle] = tok
	if res := f.post(f.signedIn("sitemod"), "/mod/members/"+author.Handle, url.Values{"action": {"suspend"}, "reason": {"Cooling off."}, "days": {"3"}}); res.code != 303 {
		t.Fatalf("suspend: %d", res.code)
	}
	// The session ends at once, though pages and sessions are cached.
	if page := f.get(ac, "/"); strings.Contains(page.body, "@"+author.Handle) {
		t.Error("the suspended member is still signed in")
	}
	if res := f.post(ac, threadPath(f.thread)+"/reply", url.Values{"body": {"Still here"}}); res.code == 303 {
		t.Error("the suspended member replied")
	}
	res := f.post(f.client(), "/signin", url.Values{"login": {author.Handle}, "password": {pw}})
	if res.code != 403 || !strings.Contains(res.body, "suspended until") || !strings.Contains(res.body, "Cooling off.") {
		t.Errorf("sign-in while suspended: %d", res.code)
	}
	if code, out := f.apiCall(author.Handle, "POST", fmt.Sprintf("/api/v1/threads/%d/replies", f.thread.ID), map[string]any{"body": "via the API"}); code != 403 ||
		!strings.Contains(fmt.Sprint(out["message"]), "suspended") {
		t.Errorf("posting by token while suspended: %d %v", code, out)
	}
	page := f.get(f.signedIn("sitemod"), "/mod/members/"+author.Handle)
	if !strings.Contains(page.body, "Suspended until") || !strings.Contains(page.body, `value="lift"`) {
		t.Error("the record does not show the suspension")
	}
	if res := f.post(f.signedIn("sitemod"), "/mod/members/"+author.Handle, url.Values{"action": {"lift"}, "reason": {"Appeal granted."}}); res.code != 303 {
		t.Fatalf("lift: %d", res.code)
	}
	if res := f.post(f.client(), "/signin", url.Values{"login": {author.Handle}, "password": {pw}}); res.code != 303 {
		t.Errorf("sign-in after the lift: %d", res.code)
	}
}

func TestAdviceWarning(t *testing.T) {
	f := newModFixture(t)
	member, clin := f.signedIn("member"), f.signedIn("clinician")
	reply := threadPath(f.thread) + "/reply"
	advice := "Honestly, take 400 mg of ibuprofen and double the dose if it still hurts."
	res := f.post(member, reply, url.Values{"body": {advice}})
	if res.code != 200 || !strings.Contains(res.body, "like medical advice for the reader") || !strings.Contains(res.body, "<mark>take 400 mg</mark>") ||
		!strings.Contains(res.body, `name="advice_ok" value="1"`) || !strings.Contains(res.body, "Nothing was posted yet") {
		t.Fatalf("a reply with dosing instructions: %d", res.code)
	}
	if textarea(t, res.body) != advice {
		t.Error("the text was not kept")
	}
	if strings.Contains(f.get(f.client(), threadPath(f.thread)).body, "400 mg") {
		t.Fatal("posted without confirming")
	}
	if res := f.post(member, reply, url.Values{"body": {advice}, "advice_ok": {"1"}}); res.code != 303 {
		t.Fatalf("post anyway: %d", res.code)
	}
	// First-person experience is not advice.
	if res := f.post(member, reply, url.Values{"body": {"My doctor told me to take 200 mg at night, and it helped."}}); res.code != 303 {
		t.Errorf("a member's experience: %d", res.code)
	}
	// A member's own thread is not checked; a clinician's is.
	thread := url.Values{"title": {"What worked for headaches"}, "body": {"Take 400 mg of ibuprofen, it works."}}
	if res := f.post(member, "/c/pub/new", thread); res.code != 303 {
		t.Errorf("a member's thread: %d", res.code)
	}
	if res := f.post(clin, "/c/pub/new", thread); res.code != 200 || !strings.Contains(res.body, "You post as a clinician") {
		t.Errorf("a clinician's thread: %d", res.code)
	}
	// With both advice and private details: advice first; "Post anyway"
	// is carried through the privacy step.
	both := "Call Liam Carter at 555-201-4477. Take 2 tablets tonight."
	res = f.post(member, reply, url.Values{"body": {both}})
	if !strings.Contains(res.body, "like medical advice for the reader") {
		t.Fatal("advice not found first")
	}
	res = f.post(member, reply, url.Values{"body": {both}, "advice_ok": {"1"}})
	if res.code != 200 || !strings.Contains(res.body, "could identify someone") || !strings.Contains(res.body, `<input type="hidden" name="advice_ok" value="1">`) {
		t.Fatalf("the privacy step after Post anyway: %d", res.code)
	}
	// The API.
	code, out := f.apiCall("member", "POST", fmt.Sprintf("/api/v1/threads/%d/replies", f.thread.ID), map[string]any{"body": "You should stop your medication."})
	list, _ := out["advice"].([]any)
	if code != 400 || len(list) != 1 || list[0].(map[string]any)["text"] != "You should stop your medication" || list[0].(map[string]any)["start"] != 0.0 {
		t.Errorf("API advice: %d %v", code, out)
	}
	if code, _ := f.apiCall("member", "POST", fmt.Sprintf("/api/v1/threads/%d/replies", f.thread.ID), map[string]any{"body": "You should stop your medication.", "advice_ok": true}); code != 201 {
		t.Errorf("API advice_ok: %d", code)
	}
}

func TestReadabilityMeter(t *testing.T) {
	f := newModFixture(t)
	member := f.signedIn("member")
	dense := "Pharmacokinetic considerations notwithstanding, anticonvulsant polytherapy necessitates individualized titration schedules, " +
		"particularly regarding hepatically metabolized compounds whose bioavailability demonstrates considerable interindividual variability."
	res := f.post(member, threadPath(f.thread)+"/reply", url.Values{"body": {dense}, "action": {"check"}})
	if res.code != 200 || !regexp.MustCompile(`Reading level: about grade \d+\. Many readers find this hard`).MatchString(res.body) {
		t.Errorf("a dense text on Check: %d", res.code)
	}
	plain := "We tried the keto diet for a year. It was hard at first. I weighed every meal. Our son had fewer seizures after three months."
	res = f.post(member, threadPath(f.thread)+"/reply", url.Values{"body": {plain}, "action": {"check"}})
	if !strings.Contains(res.body, "Easy to read for most people") {
		t.Error("a plain text on Check")
	}
	if page := f.get(member, threadPath(f.thread)); !strings.Contains(page.body, "/static/readability.") {
		t.Error("no live meter script")
	}
}

func TestFirstPostHoldThroughThePages(t *testing.T) {
	f := newModFixture(t)
	if res := f.post(f.signedIn("thismod"), "/c/pub/settings", url.Values{"hold_first_posts": {"1"}}); res.code != 303 {
		t.Fatalf("settings: %d", res.code)
	}
	if page := f.get(f.signedIn("thismod"), "/c/pub/settings"); !strings.Contains(page.body, `value="1" checked`) {
		t.Error("the setting does not show")
	}
	newbie := f.newAuthor()
	c := f.client()
	f.post(c, "/signin", url.Values{"login": {newbie.Handle}, "password": {pw}})
	res := f.post(c, "/c/pub/new", url.Values{"title": {"Hello from a new parent"}, "body": {"Our daughter was diagnosed last week."}})
	if res.code != 303 {
		t.Fatalf("first thread: %d", res.code)
	}
	if page := f.get(c, res.header.Get("Location")); !strings.Contains(page.body, "Waiting for review") {
		t.Error("the author does not see that the post waits")
	}
	if strings.Contains(f.get(f.client(), "/c/pub").body, "Hello from a new parent") {
		t.Error("the held first thread is listed")
	}
	q := f.get(f.signedIn("thismod"), "/mod")
	if !strings.Contains(q.body, "A new member&#39;s first post in this community") || !strings.Contains(q.body, "Hello from a new parent") {
		t.Fatal("the queue does not show the first post")
	}
	id := regexp.MustCompile(`action="/mod/posts/(\d+)"`).FindStringSubmatch(q.body)[1]
	if res := f.post(f.signedIn("thismod"), "/mod/posts/"+id, url.Values{"action": {"approve"}, "from": {"queue"}}); res.code != 303 {
		t.Fatalf("approve: %d", res.code)
	}
	if !strings.Contains(f.get(f.client(), "/c/pub").body, "Hello from a new parent") {
		t.Error("the approved thread is not listed")
	}
	// Spam from a new account waits too, through the API.
	code, out := f.apiCall("member", "POST", "/api/v1/communities/other/threads", map[string]any{"title": "Miracle cure", "body": "Contact Dr Ade on WhatsApp +234 801 234 5678", "publish_anyway": true})
	if code != 201 || out["thread"].(map[string]any)["status"] != "held" {
		t.Errorf("spam by the API: %d %v", code, out)
	}
	_ = strconv.Itoa
}

func TestAuditPagesAndCSV(t *testing.T) {
	f := newModFixture(t)
	p := f.newReply("=HYPERLINK(\"http://evil.example\") buy now")
	f.db.ModeratePost(context.Background(), f.members["sitemod"], p.ID, hearth.PostAction{Action: hearth.ActRemove, Reason: "=1+1 spam"})
	admin := f.signedIn("admin")
	page := f.get(admin, "/admin/audit")
	if page.code != 200 || !strings.Contains(page.body, "@sitemod") || !strings.Contains(page.body, "Remove") || !strings.Contains(page.body, fmt.Sprintf(`href="/mod/posts/%d"`, p.ID)) {
		t.Errorf("audit page: %d", page.code)
	}
	if page := f.get(admin, "/admin/audit?action=hide"); strings.Contains(page.body, "@sitemod") {
		t.Error("the filter lets other actions through")
	}
	csv := f.get(admin, "/admin/audit.csv")
	if csv.code != 200 || !strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") || !strings.Contains(csv.body, "'=1+1 spam") ||
		!strings.HasPrefix(csv.body, "id,time_utc,actor,actor_role,action") {
		t.Errorf("CSV: %d %q", csv.code, csv.body)
	}
}

func TestVerificationPages(t *testing.T) {
	f := newModFixture(t)
	nurse := f.newAuthor()
	admin := f.signedIn("admin")
	if res := f.post(admin, "/admin/members/"+nurse.Handle+"/verify", url.Values{"profession": {"Registered nurse"}}); res.code != 400 ||
		!strings.Contains(res.body, "license number") || !strings.Contains(res.body, `value="Registered nurse"`) {
		t.Errorf("without a license: %d", res.code)
	}
	if res := f.post(admin, "/admin/members/"+nurse.Handle+"/verify", url.Values{"profession": {"Registered nurse"}, "license": {"RN-445201"}, "region": {"Ohio"}}); res.code != 303 {
		t.Fatalf("verify: %d", res.code)
	}
	profile := f.get(f.client(), "/u/"+nurse.Handle).body
	if !strings.Contains(profile, `<span class="badge">Clinician</span>`) || !strings.Contains(profile, "Verified clinician: Registered nurse (Ohio)") ||
		!strings.Contains(profile, "checked by @admin") || strings.Contains(profile, "RN-445201") {
		t.Error("the profile does not show the verification (or shows the license number)")
	}
	// The badge and the disclaimer on their posts.
	f.db.CreateReply(context.Background(), &hearth.Member{ID: nurse.ID, Handle: nurse.Handle, Role: hearth.RoleClinician}, f.thread.ID, "Seizure first aid: time it, keep them safe.")
	thread := f.get(f.client(), threadPath(f.thread)).body
	if !strings.Contains(thread, "General information, not medical advice for your situation.") {
		t.Error("no disclaimer on the verified clinician's post")
	}
	if res := f.post(admin, "/admin/members/"+nurse.Handle+"/verify", url.Values{"op": {"revoke"}, "reason": {"License lapsed."}}); res.code != 303 {
		t.Fatalf("revoke: %d", res.code)
	}
	if strings.Contains(f.get(f.client(), "/u/"+nurse.Handle).body, "Verified clinician") {
		t.Error("a withdrawn verification still shows")
	}
}
