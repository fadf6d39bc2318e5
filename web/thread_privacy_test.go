package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/web"
)

// threadReaders are the kinds of reader of a members-only thread in a
// public community; the last three are members of it.
var threadReaders = []string{"anon", "outsider", "staff", "member", "author", "cmod"}

func mayReadThread(reader string) bool { return reader != "anon" && reader != "outsider" }

// newThreadPrivacyFixture is the standard fixture's server with the page cache
// on (so that a page rendered for a member could leak through it), and
// in c-public a members-only thread started through the form, with a
// reply, followed by a community follower who is not a member.
func newThreadPrivacyFixture(t *testing.T) (*fixture, *hearth.Thread, map[string]string) {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t)
	f.srv.Close()
	for _, h := range []string{"member", "cmod"} {
		m, err := f.db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: pw})
		if err != nil {
			t.Fatal(err)
		}
		f.members[h] = m
		f.db.AddMember(ctx, "c-public", h)
	}
	staff, err := f.db.CreateMember(ctx, hearth.NewMember{Handle: "staff", Email: "staff@example.org", Password: pw, Role: hearth.RoleModerator})
	if err != nil {
		t.Fatal(err)
	}
	f.members["staff"] = staff
	if err := f.db.SetModerator(ctx, "c-public", "cmod"); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"outsider", "member", "cmod", "staff"} {
		if err := f.db.Follow(ctx, f.members[h], hearth.FollowTarget{Kind: hearth.FollowCommunity, Key: "c-public"}); err != nil {
			t.Fatal(err)
		}
	}
	f.srv = httptest.NewServer(web.NewServer(f.db, web.Config{PostsPerMinute: 1000, PageCacheTTL: time.Minute, BaseURL: "https://hearth.example"},
		slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(f.srv.Close)
	// The author starts it with the form, as in a browser without script.
	res := f.post(f.signedIn("author"), "/c/c-public/new", url.Values{"title": {"Quiet zinnia question"},
		"body": {"Only for members: zinnia and a hard diagnosis."}, "visibility": {"community"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.code, res.body)
	}
	ts, _, err := f.db.ListThreads(ctx, f.members["author"], "c-public", 1)
	if err != nil || len(ts) != 2 || ts[0].Title != "Quiet zinnia question" || ts[0].Visibility != hearth.ThreadCommunity {
		t.Fatalf("threads: %v %v", ts, err)
	}
	quiet := ts[0]
	if _, err := f.db.CreateReply(ctx, f.members["member"], quiet.ID, "A zinnia reply."); err != nil {
		t.Fatal(err)
	}
	tokens := map[string]string{}
	for _, h := range threadReaders[1:] {
		if tokens[h], err = f.db.CreateToken(ctx, f.members[h].ID, "test"); err != nil {
			t.Fatal(err)
		}
	}
	return f, quiet, tokens
}

func (f *fixture) api(token, method, path, body string) response {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return f.do(f.client(), req)
}

// TestThreadPrivacyPages is the matrix of reader kinds and paths: the
// members-only thread shows to the community's members and staff, and to
// nobody else anywhere; public channels never carry it.
func TestThreadPrivacyPages(t *testing.T) {
	f, quiet, tokens := newThreadPrivacyFixture(t)
	path := threadPath(quiet)
	clients := map[string]*http.Client{"anon": f.client()}
	for _, h := range threadReaders[1:] {
		clients[h] = f.signedIn(h)
	}
	// Members read it first, so that any cache shared between readers
	// (pagecache.go, threadcache.go) holds it before the others ask.
	for _, h := range []string{"member", "cmod", "member"} {
		if res := f.get(clients[h], path); res.code != 200 {
			t.Fatalf("%s warming: %d", h, res.code)
		}
	}
	open := threadPath(f.threads[hearth.Public])
	f.get(clients["anon"], open)
	const title = "Quiet zinnia question"
	paths := []struct {
		name string
		// public channels never carry the thread, whoever asks.
		public bool
		sees   func(t *testing.T, reader string, c *http.Client) bool
	}{
		{"thread page", false, func(t *testing.T, reader string, c *http.Client) bool {
			res := f.get(c, path)
			if res.code == 200 {
				if !strings.Contains(res.body, `<meta name="robots" content="noindex">`) || strings.Contains(res.body, `property="og:title"`) ||
					!strings.Contains(res.body, "A zinnia reply.") || !strings.Contains(res.body, "Members of this community only") {
					t.Errorf("thread page for %s lacks noindex or the reply, or has Open Graph tags", reader)
				}
				return true
			}
			if res.code != http.StatusNotFound || strings.Contains(res.body, title) || strings.Contains(res.body, "zinnia") {
				t.Errorf("thread page for %s: %d, want 404 without the thread", reader, res.code)
			}
			return false
		}},
		{"community list", false, func(t *testing.T, reader string, c *http.Client) bool {
			res := f.get(c, "/c/c-public")
			want := "1 thread"
			if mayReadThread(reader) {
				want = "2 threads"
			}
			if home := f.get(c, "/"); !strings.Contains(home.body, want) {
				t.Errorf("home for %s does not count %q", reader, want)
			}
			return strings.Contains(res.body, title)
		}},
		{"home", false, func(t *testing.T, reader string, c *http.Client) bool {
			return strings.Contains(f.get(c, "/").body, title)
		}},
		{"search", false, func(t *testing.T, reader string, c *http.Client) bool {
			return strings.Contains(f.get(c, "/search?q=zinnia").body, "Quiet") // the title, marked
		}},
		{"profile", false, func(t *testing.T, reader string, c *http.Client) bool {
			return strings.Contains(f.get(c, "/u/member").body, title)
		}},
		{"community feed", true, func(t *testing.T, reader string, c *http.Client) bool {
			return strings.Contains(f.get(c, "/feeds/c/c-public.atom").body, "zinnia")
		}},
		{"thread feed", true, func(t *testing.T, reader string, c *http.Client) bool {
			res := f.get(c, "/feeds/t/"+itoa(quiet.ID)+".atom")
			return res.code == 200 || strings.Contains(res.body, "zinnia")
		}},
		{"sitemap", true, func(t *testing.T, reader string, c *http.Client) bool {
			res := f.get(c, "/sitemap.xml")
			if !strings.Contains(res.body, open) {
				t.Errorf("sitemap lacks the open thread")
			}
			return strings.Contains(res.body, "/t/"+itoa(quiet.ID))
		}},
		{"API thread show", false, func(t *testing.T, reader string, c *http.Client) bool {
			res := f.api(tokens[reader], "GET", "/api/v1/threads/"+itoa(quiet.ID), "")
			if res.code != 200 && (res.code != 404 || strings.Contains(res.body, "zinnia")) {
				t.Errorf("API for %s: %d %s", reader, res.code, res.body)
			}
			return res.code == 200 && strings.Contains(res.body, `"visibility": "community"`)
		}},
		{"API thread list", false, func(t *testing.T, reader string, c *http.Client) bool {
			return strings.Contains(f.api(tokens[reader], "GET", "/api/v1/communities/c-public/threads", "").body, title)
		}},
		{"API search", false, func(t *testing.T, reader string, c *http.Client) bool {
			return strings.Contains(f.api(tokens[reader], "GET", "/api/v1/search?q=zinnia", "").body, "Quiet")
		}},
		{"notifications", false, func(t *testing.T, reader string, c *http.Client) bool {
			if reader == "anon" {
				return false
			}
			// Everyone else follows the community; the author hears of
			// the reply.
			return strings.Contains(f.get(c, "/notifications").body, title)
		}},
	}
	for _, p := range paths {
		for _, reader := range threadReaders {
			t.Run(p.name+"/"+reader, func(t *testing.T) {
				want := mayReadThread(reader) && !p.public
				if got := p.sees(t, reader, clients[reader]); got != want {
					t.Errorf("%s sees the members-only thread on %s: %v, want %v", reader, p.name, got, want)
				}
			})
		}
	}
	// The open thread of the same community stays public and cached.
	if res := f.get(clients["anon"], open); res.code != 200 || !strings.Contains(res.body, `property="og:title"`) {
		t.Errorf("open thread for a signed-out reader: %d", res.code)
	}
}

// TestThreadPrivacyForms: the edit form changes who may read a thread
// and the signed-out page cache follows at once; a community's default;
// a rejected choice comes back with the text intact; hidden memberships
// on the profile and in the API.
func TestThreadPrivacyForms(t *testing.T) {
	f, quiet, tokens := newThreadPrivacyFixture(t)
	anon, author := f.client(), f.signedIn("author")
	open := f.threads[hearth.Public]
	if res := f.get(anon, threadPath(open)); res.code != 200 || !strings.Contains(res.body, "Hidden title public") {
		t.Fatalf("open thread: %d", res.code)
	}
	// The opening post's edit form offers the choice; making the thread
	// members-only drops the signed-out page cached a moment ago.
	tp, err := f.db.FindThreadPage(context.Background(), f.members["author"], open.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	edit := threadPath(open) + "/p/" + itoa(tp.Opening.ID) + "/edit"
	if res := f.get(author, edit); !strings.Contains(res.body, `name="visibility" value="open" checked`) {
		t.Errorf("edit form lacks the visibility choice: %s", res.body)
	}
	if res := f.post(author, edit, url.Values{"body": {tp.Opening.Body}, "visibility": {"community"}}); res.code != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.code, res.body)
	}
	if res := f.get(anon, threadPath(open)); res.code != 404 || strings.Contains(res.body, "Hidden title public") {
		t.Errorf("after the change, signed out: %d", res.code)
	}
	if res := f.get(anon, "/c/c-public"); strings.Contains(res.body, "Hidden title public") {
		t.Errorf("the cached community page still lists it")
	}
	// A member who is not the author cannot change it.
	tq, _ := f.db.FindThreadPage(context.Background(), f.members["author"], quiet.ID, 1)
	if res := f.post(f.signedIn("member"), threadPath(quiet)+"/p/"+itoa(tq.Opening.ID)+"/edit", url.Values{"body": {"x"}, "visibility": {"open"}}); res.code == http.StatusSeeOther {
		t.Errorf("a member edited another's thread")
	}
	// A choice that does not exist comes back named, with the text.
	res := f.post(author, "/c/c-public/new", url.Values{"title": {"Kept title"}, "body": {"Kept body text"}, "visibility": {"secret"}})
	if res.code != http.StatusBadRequest || !strings.Contains(res.body, "Kept body text") || !strings.Contains(res.body, "Choose who may read the thread") {
		t.Errorf("bad choice: %d %s", res.code, res.body)
	}

	// The community's default: its moderator sets it; the form starts with it.
	cmod := f.signedIn("cmod")
	if res := f.get(cmod, "/c/c-public/settings"); !strings.Contains(res.body, `name="thread_default" value="open" checked`) {
		t.Errorf("settings page lacks the default: %s", res.body)
	}
	if res := f.post(f.signedIn("member"), "/c/c-public/settings/threads", url.Values{"thread_default": {"community"}}); res.code != http.StatusForbidden {
		t.Errorf("a member set the default: %d", res.code)
	}
	if res := f.post(cmod, "/c/c-public/settings/threads", url.Values{"thread_default": {"community"}}); res.code != http.StatusSeeOther {
		t.Fatalf("set default: %d %s", res.code, res.body)
	}
	if res := f.get(author, "/c/c-public/new"); !strings.Contains(res.body, `name="visibility" value="community" checked`) {
		t.Errorf("the new-thread form does not start with the default")
	}
	// Through the API, without a choice, the default applies.
	res = f.api(tokens["member"], "POST", "/api/v1/communities/c-public/threads", `{"title": "API thread", "body": "From the API."}`)
	if res.code != http.StatusCreated || !strings.Contains(res.body, `"visibility": "community"`) {
		t.Errorf("API create: %d %s", res.code, res.body)
	}

	// Hidden memberships.
	member := f.signedIn("member")
	if res := f.get(member, "/settings/privacy"); res.code != 200 || !strings.Contains(res.body, `name="hide_memberships"`) {
		t.Fatalf("privacy settings: %d", res.code)
	}
	if res := f.post(member, "/settings/privacy", url.Values{"hide_memberships": {"1"}}); res.code != http.StatusSeeOther {
		t.Fatalf("save privacy: %d", res.code)
	}
	for _, tc := range []struct {
		reader string
		shows  bool
	}{{"anon", false}, {"outsider", false}, {"author", false}, {"member", true}, {"staff", true}} {
		c := anon
		if tc.reader != "anon" {
			c = f.signedIn(tc.reader)
		}
		page := communitiesSection(f.get(c, "/u/member").body)
		if got := strings.Contains(page, `<a href="/c/c-public">`); got != tc.shows {
			t.Errorf("profile for %s lists the member's community: %v, want %v", tc.reader, got, tc.shows)
		}
		if !tc.shows && !strings.Contains(page, "keeps their communities private") {
			t.Errorf("profile for %s does not say the list is private", tc.reader)
		}
		api := f.api(tokens[tc.reader], "GET", "/api/v1/members/member", "").body
		if got := strings.Contains(api, `"slug": "c-public"`); got != tc.shows {
			t.Errorf("API member for %s lists the community: %v, want %v: %s", tc.reader, got, tc.shows, api)
		}
		if got := strings.Contains(communitiesSection(f.get(c, "/u/author").body), `<a href="/c/c-public">`); !got {
			t.Errorf("the author's communities are hidden from %s", tc.reader)
		}
	}
}

// communitiesSection is the Communities section of a profile page.
func communitiesSection(page string) string {
	_, after, _ := strings.Cut(page, `id="communities"`)
	section, _, _ := strings.Cut(after, "</section>")
	return section
}
