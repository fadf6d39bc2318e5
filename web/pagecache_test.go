package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
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

// newCachedFixture is the usual fixture served with the page cache on,
// with a TTL long enough that only invalidation can refresh a page.
func newCachedFixture(t *testing.T) *fixture {
	f := newFixture(t)
	f.srv.Close()
	f.srv = httptest.NewUnstartedServer(web.NewServer(f.db, web.Config{PostsPerMinute: 1000, PageCacheTTL: time.Hour},
		slog.New(slog.NewTextHandler(io.Discard, nil))))
	f.srv.Config.ConnContext = web.ConnContext // as hearth serve does: pages are sent corked
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) getWith(c *http.Client, path string, header map[string]string) response {
	f.t.Helper()
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return f.do(c, req)
}

func TestPageCacheServesPublicPagesToSignedOutReaders(t *testing.T) {
	f := newCachedFixture(t)
	path := threadPath(f.threads[hearth.Public])
	first := f.get(f.client(), path)
	if first.code != 200 || first.header.Get("Etag") == "" || first.header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("first read: %d, ETag %q, Cache-Control %q", first.code, first.header.Get("Etag"), first.header.Get("Cache-Control"))
	}
	if first.header.Get("Content-Security-Policy") == "" {
		t.Error("cached page lost the security headers")
	}
	// A write that bypasses the web layer is not seen until the TTL: this
	// shows that the second read really came from the cache.
	if _, err := f.db.CreateReply(context.Background(), f.members["insider"], f.threads[hearth.Public].ID, "Written behind the cache's back"); err != nil {
		t.Fatal(err)
	}
	second := f.get(f.client(), path)
	if second.body != first.body || second.header.Get("Etag") != first.header.Get("Etag") {
		t.Fatal("second read was rendered again, not served from the cache")
	}
	// A reply through the site shows at once, with both replies.
	res := f.post(f.signedIn("insider"), path+"/reply", url.Values{"body": {"Posted through the form"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("reply: %d %s", res.code, res.body)
	}
	third := f.get(f.client(), path)
	for _, want := range []string{"Posted through the form", "Written behind the cache", "3 replies"} {
		if !strings.Contains(third.body, want) {
			t.Errorf("after a reply, the anonymous page lacks %q", want)
		}
	}
	if third.header.Get("Etag") == first.header.Get("Etag") {
		t.Error("ETag did not change with the page")
	}
	// The community page and the home page show the new count too.
	for _, p := range []string{"/c/c-public", "/"} {
		if body := f.get(f.client(), p).body; !strings.Contains(body, "3 replies") {
			t.Errorf("%s does not show the new reply count", p)
		}
	}
}

func TestPageCacheAPIReplyAppearsAtOnce(t *testing.T) {
	f := newCachedFixture(t)
	th := f.threads[hearth.Public]
	// Cache all three pages that show the thread.
	for _, p := range []string{threadPath(th), "/c/c-public", "/"} {
		if res := f.get(f.client(), p); res.code != 200 || !strings.Contains(res.body, "1 reply") {
			t.Fatalf("%s: %d", p, res.code)
		}
	}
	req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/threads/"+itoa(th.ID)+"/replies", strings.NewReader(`{"body":"Sent by a script"}`))
	req.Header.Set("Authorization", "Bearer "+f.mustToken("insider"))
	if res := f.do(f.client(), req); res.code != http.StatusCreated {
		t.Fatalf("API reply: %d %s", res.code, res.body)
	}
	if body := f.get(f.client(), threadPath(th)).body; !strings.Contains(body, "Sent by a script") {
		t.Error("the API reply is missing from the cached thread page")
	}
	for _, p := range []string{"/c/c-public", "/"} {
		if body := f.get(f.client(), p).body; !strings.Contains(body, "2 replies") {
			t.Errorf("%s still shows the old reply count", p)
		}
	}
}

func TestPageCacheJoinUpdatesMemberCount(t *testing.T) {
	f := newCachedFixture(t)
	if body := f.get(f.client(), "/c/c-public/about").body; !strings.Contains(body, "2 members") {
		t.Fatalf("about page before joining lacks %q", "2 members")
	}
	if res := f.post(f.signedIn("outsider"), "/c/c-public/join", nil); res.code != http.StatusSeeOther {
		t.Fatalf("join: %d", res.code)
	}
	for _, p := range []string{"/c/c-public/about", "/c/c-public", "/"} {
		if body := f.get(f.client(), p).body; !strings.Contains(body, "3 members") {
			t.Errorf("%s still shows the old member count", p)
		}
	}
}

func TestPageCacheNeverCrossesViewers(t *testing.T) {
	f := newCachedFixture(t)
	insider := f.signedIn("insider")
	// Signed-in reads first: nothing they see may reach a signed-out reader.
	for _, th := range f.threads {
		if res := f.get(insider, threadPath(th)); res.code != 200 || res.header.Get("Etag") != "" || !strings.Contains(res.header.Get("Cache-Control"), "no-store") {
			t.Fatalf("insider reads %s: %d, ETag %q, Cache-Control %q", th.Title, res.code, res.header.Get("Etag"), res.header.Get("Cache-Control"))
		}
	}
	f.get(insider, "/")
	f.get(insider, "/c/c-public")
	for v, th := range f.threads {
		res := f.get(f.client(), threadPath(th))
		if v != hearth.Public {
			if res.code != http.StatusNotFound || strings.Contains(res.body, th.Title) {
				t.Errorf("signed-out reader got the %s thread: %d", v, res.code)
			}
			continue
		}
		if res.code != 200 || strings.Contains(res.body, "Sign out") || strings.Contains(res.body, "Post reply") {
			t.Errorf("signed-out reader got a signed-in page of the public thread")
		}
	}
	for _, p := range []string{"/", "/c/c-public"} {
		if body := f.get(f.client(), p).body; strings.Contains(body, "Sign out") || strings.Contains(body, "Secret name members") {
			t.Errorf("signed-out reader of %s got what the insider sees", p)
		}
	}
	// And the other way: a page cached for signed-out readers never
	// reaches a signed-in one.
	if res := f.get(insider, threadPath(f.threads[hearth.Public])); !strings.Contains(res.body, "Sign out") || !strings.Contains(res.body, "Post reply") {
		t.Error("insider got the signed-out page")
	}
	if body := f.get(insider, "/").body; !strings.Contains(body, "Secret name members") {
		t.Error("insider's home page lacks the members-only community")
	}
}

func TestPageCacheSkipsQueriesAndErrors(t *testing.T) {
	f := newCachedFixture(t)
	path := threadPath(f.threads[hearth.Public])
	for _, p := range []string{path + "?quote=1", path + "?page=x", "/c/nope", "/c/c-members/t/" + itoa(f.threads[hearth.MembersOnly].ID)} {
		if res := f.get(f.client(), p); res.header.Get("Etag") != "" {
			t.Errorf("%s was cached (%d)", p, res.code)
		}
	}
	if res := f.get(f.client(), path+"?page=1"); res.code != 200 || res.header.Get("Etag") == "" {
		t.Errorf("?page=1 was not cached: %d", res.code)
	}
	// A session cookie that no longer works is cleared, and the reader
	// gets the signed-out page.
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	req.AddCookie(&http.Cookie{Name: "hearth_session", Value: "expired"})
	res := f.do(f.client(), req)
	if res.code != 200 || !strings.Contains(res.header.Get("Set-Cookie"), "hearth_session=;") || strings.Contains(res.body, "Sign out") {
		t.Errorf("stale cookie: %d, Set-Cookie %q", res.code, res.header.Get("Set-Cookie"))
	}
}

func TestPageCacheETagAndGzip(t *testing.T) {
	f := newCachedFixture(t)
	path := threadPath(f.threads[hearth.Public])
	// Go's client asks for gzip and unzips unless told otherwise.
	plain := f.getWith(f.client(), path, map[string]string{"Accept-Encoding": "identity"})
	etag := plain.header.Get("Etag")
	if plain.code != 200 || etag == "" || plain.header.Get("Vary") != "Accept-Encoding" {
		t.Fatalf("plain: %d ETag %q Vary %q", plain.code, etag, plain.header.Get("Vary"))
	}
	if res := f.getWith(f.client(), path, map[string]string{"If-None-Match": etag}); res.code != http.StatusNotModified || res.body != "" {
		t.Fatalf("If-None-Match with the current ETag: %d, %d bytes", res.code, len(res.body))
	}
	if res := f.getWith(f.client(), path, map[string]string{"If-None-Match": `"old", W/` + etag}); res.code != http.StatusNotModified {
		t.Errorf("If-None-Match with a list and a weak ETag: %d", res.code)
	}
	if res := f.getWith(f.client(), path, map[string]string{"If-None-Match": `"something-else"`, "Accept-Encoding": "identity"}); res.code != 200 || res.body != plain.body {
		t.Errorf("If-None-Match with another ETag: %d", res.code)
	}

	// Setting Accept-Encoding ourselves stops Go's client from unzipping.
	gz := f.getWith(f.client(), path, map[string]string{"Accept-Encoding": "br, gzip;q=0.8"})
	if gz.header.Get("Content-Encoding") != "gzip" || gz.header.Get("Etag") == etag || len(gz.body) >= len(plain.body) {
		t.Fatalf("gzip: encoding %q, ETag %q, %d bytes of %d", gz.header.Get("Content-Encoding"), gz.header.Get("Etag"), len(gz.body), len(plain.body))
	}
	zr, err := gzip.NewReader(bytes.NewReader([]byte(gz.body)))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if string(unzipped) != plain.body {
		t.Error("the gzip copy differs from the page")
	}
	if res := f.getWith(f.client(), path, map[string]string{"Accept-Encoding": "gzip", "If-None-Match": gz.header.Get("Etag")}); res.code != http.StatusNotModified {
		t.Errorf("If-None-Match with the gzip ETag: %d", res.code)
	}
	if res := f.getWith(f.client(), path, map[string]string{"Accept-Encoding": "gzip;q=0"}); res.header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 still got gzip")
	}

	// After a reply the old ETag no longer matches.
	f.post(f.signedIn("insider"), path+"/reply", url.Values{"body": {"A new reply"}})
	res := f.getWith(f.client(), path, map[string]string{"If-None-Match": etag, "Accept-Encoding": "identity"})
	if res.code != 200 || !strings.Contains(res.body, "A new reply") || res.header.Get("Etag") == etag {
		t.Errorf("after a reply, If-None-Match with the old ETag: %d", res.code)
	}
}

func TestThreadSnapshotOwnPostsAndVisibility(t *testing.T) {
	f := newCachedFixture(t)
	author, insider, outsider := f.signedIn("author"), f.signedIn("insider"), f.signedIn("outsider")
	pub := threadPath(f.threads[hearth.Public])
	// Whoever reads first, each reader gets the Edit link on their own
	// post only: the opening post is the author's, reply 1 the insider's.
	for round := range 2 {
		for who, c := range map[string]*http.Client{"author": author, "insider": insider, "outsider": outsider} {
			body := f.get(c, pub).body
			if got, want := strings.Contains(body, `aria-label="Edit post 0"`), who == "author"; got != want {
				t.Errorf("round %d, %s: Edit link on the opening post: %v", round, who, got)
			}
			if got, want := strings.Contains(body, `aria-label="Edit post 1"`), who == "insider"; got != want {
				t.Errorf("round %d, %s: Edit link on reply 1: %v", round, who, got)
			}
			if !strings.Contains(body, "Post reply") || !strings.Contains(body, ">Quote</a>") {
				t.Errorf("round %d, %s: no reply form or quote links", round, who)
			}
		}
	}
	// A members-only thread read by a signed-in member is never shown to
	// a signed-out reader; a private one never to a non-member.
	for i := range 2 {
		if res := f.get(outsider, threadPath(f.threads[hearth.MembersOnly])); res.code != 200 {
			t.Fatalf("signed-in outsider on the members-only thread: %d", res.code)
		}
		if res := f.get(f.client(), threadPath(f.threads[hearth.MembersOnly])); res.code != 404 || strings.Contains(res.body, "Reply in members") {
			t.Errorf("read %d: signed-out reader got the members-only thread: %d", i, res.code)
		}
		if res := f.get(insider, threadPath(f.threads[hearth.Private])); res.code != 200 {
			t.Fatalf("insider on the private thread: %d", res.code)
		}
		if res := f.get(outsider, threadPath(f.threads[hearth.Private])); res.code != 404 || strings.Contains(res.body, "Reply in private") {
			t.Errorf("read %d: outsider got the private thread: %d", i, res.code)
		}
	}
	// A reply through the site shows at once to signed-in readers too.
	f.post(insider, pub+"/reply", url.Values{"body": {"Second thoughts from the insider"}})
	if body := f.get(author, pub).body; !strings.Contains(body, "Second thoughts from the insider") {
		t.Error("signed-in reader does not see the new reply")
	}
}

func TestThreadSnapshotHeldPosts(t *testing.T) {
	f := newCachedFixture(t)
	th := f.threads[hearth.Public]
	pub := threadPath(th)
	f.get(f.signedIn("outsider"), pub) // a snapshot of the thread as it is now
	// A held reply changes what its author sees, and not what others see.
	// It is written behind the cache's back, so only the TTL would refresh
	// a snapshot: the test makes a new server, as a restart would.
	if _, err := f.db.HoldReply(context.Background(), f.members["insider"], th.ID, "Waiting for a moderator", hearth.Hold{Reason: hearth.ReasonPrivacy}); err != nil {
		t.Fatal(err)
	}
	f = reopen(t, f)
	insider, outsider := f.signedIn("insider"), f.signedIn("outsider")
	for i := range 2 {
		for who, c := range map[string]*http.Client{"outsider": outsider, "insider": insider, "anonymous": f.client()} {
			body := f.get(c, pub).body
			if got, want := strings.Contains(body, "Waiting for a moderator"), who == "insider"; got != want {
				t.Errorf("read %d: %s sees the held reply: %v", i, who, got)
			}
		}
	}
}

// reopen serves the fixture's database from a new cached server.
func reopen(t *testing.T, f *fixture) *fixture {
	g := *f
	g.srv = httptest.NewServer(web.NewServer(f.db, web.Config{PostsPerMinute: 1000, PageCacheTTL: time.Hour},
		slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(g.srv.Close)
	f.srv.Close()
	return &g
}

// TestCachedPagesMatchUncached: with every cache on, each reader gets
// exactly the page they get with none, first and second time alike.
func TestCachedPagesMatchUncached(t *testing.T) {
	f := newFixture(t)
	// Pages carry absolute links; one site address makes both servers' equal.
	cfg := web.Config{PostsPerMinute: 1000, BaseURL: "https://hearth.example"}
	plain := httptest.NewServer(web.NewServer(f.db, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer plain.Close()
	cfg.PageCacheTTL = time.Hour
	f.srv.Close()
	f.srv = httptest.NewServer(web.NewServer(f.db, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer f.srv.Close()
	readers := map[string]func() *http.Client{"anonymous": f.client}
	for _, h := range []string{"author", "insider", "outsider"} {
		readers[h] = func() *http.Client { return f.signedIn(h) }
	}
	paths := []string{"/", "/c/c-public", "/c/c-public/about", "/c/c-members", "/c/c-private/about"}
	for _, th := range f.threads {
		paths = append(paths, threadPath(th), threadPath(th)+"?page=1", threadPath(th)+"?quote=1")
	}
	for who, newClient := range readers {
		cached := newClient()
		// The same session, on the server without caches.
		u, _ := url.Parse(f.srv.URL)
		p, _ := url.Parse(plain.URL)
		jar := cached.Jar
		uncached := f.client()
		uncached.Jar.SetCookies(p, jar.Cookies(u))
		for _, path := range paths {
			want := f.getFrom(uncached, plain.URL, path)
			for i := range 2 {
				got := f.get(cached, path)
				if got.code != want.code || got.body != want.body {
					t.Errorf("%s, read %d of %s: cached %d (%d bytes), uncached %d (%d bytes)\n%s", who, i, path, got.code, len(got.body), want.code, len(want.body), firstDiff(got.body, want.body))
				}
			}
		}
	}
}

func (f *fixture) getFrom(c *http.Client, base, path string) response {
	f.t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	return f.do(c, req)
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return fmt.Sprintf("cached: …%.80s\nuncached: …%.80s", a[max(0, i-40):], b[max(0, i-40):])
}

func TestSignOutEndsCachedSessionAtOnce(t *testing.T) {
	f := newCachedFixture(t)
	c := f.signedIn("insider")
	if body := f.get(c, "/").body; !strings.Contains(body, "Sign out") {
		t.Fatal("not signed in")
	}
	u, _ := url.Parse(f.srv.URL)
	token := c.Jar.Cookies(u)[0].Value
	if res := f.post(c, "/signout", nil); res.code != http.StatusSeeOther {
		t.Fatalf("sign out: %d", res.code)
	}
	req, _ := http.NewRequest("GET", f.srv.URL+"/", nil)
	req.AddCookie(&http.Cookie{Name: "hearth_session", Value: token})
	if res := f.do(f.client(), req); strings.Contains(res.body, "Sign out") {
		t.Error("the session still works after signing out")
	}
}
