package web

import (
	"context"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
)

func TestWriteTags(t *testing.T) {
	s := &Server{cache: newPageCache(time.Hour, 1<<20)}
	s.cache.learnThread("7", "epilepsy")
	for _, tc := range []struct {
		path string
		want []string
	}{
		{"/signin", nil},
		{"/signout", nil},
		{"/api/v1/privacy/scan", nil},
		{"/c/epilepsy/join", []string{"c:epilepsy", "home"}},
		{"/c/epilepsy/new", []string{"c:epilepsy", "home"}},
		{"/c/epilepsy/t/7/reply", []string{"c:epilepsy", "home", "t:7"}},
		{"/c/epilepsy/t/7/p/12/edit", []string{"c:epilepsy", "home", "t:7"}},
		{"/api/v1/communities/epilepsy/threads", []string{"c:epilepsy", "home"}},
		{"/api/v1/threads/7/replies", []string{"t:7", "c:epilepsy", "home"}},
		{"/api/v1/threads/8/replies", []string{"t:8", "lists", "home"}},
		{"/mod/posts/3/hide", []string{"all"}},
		{"/api/v1/posts/3", []string{"all"}},
	} {
		if got := s.writeTags(tc.path); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.path, got, tc.want)
		}
	}
}

func TestCacheable(t *testing.T) {
	for target, want := range map[string]bool{
		"/c/x/t/1":             true,
		"/c/x/t/1?page=2":      true,
		"/c/x/t/1?page=":       false,
		"/c/x/t/1?page=2&x=1":  false,
		"/c/x/t/1?quote=5":     false,
		"/c/x/t/1?page=999999": true,
	} {
		if got := cacheable(httptest.NewRequest("GET", target, nil)); got != want {
			t.Errorf("GET %s: %v, want %v", target, got, want)
		}
	}
	if cacheable(httptest.NewRequest("POST", "/c/x/t/1", nil)) {
		t.Error("POST is cacheable")
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                   false,
		"gzip":               true,
		"GZIP":               true,
		"br, gzip, deflate":  true,
		"gzip;q=0":           false,
		"gzip; q=0.5":        true,
		"deflate, x-gzip":    false,
		"identity;q=1, gzip": true,
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", header)
		if got := acceptsGzip(r); got != want {
			t.Errorf("%q: %v, want %v", header, got, want)
		}
	}
}

func TestPageCacheGenerations(t *testing.T) {
	c := newPageCache(time.Hour, 1<<20)
	tags := []string{"t:1", "all"}
	// A render that raced with a write is not stored.
	gens := c.snapshot(tags)
	c.invalidate("t:1")
	c.put("k", &cachedPage{body: []byte("old"), stamp: c.newStamp(tags, gens, 3)})
	if c.get("k") != nil {
		t.Fatal("stored a page rendered before a write")
	}
	c.put("k", &cachedPage{body: []byte("new"), stamp: c.newStamp(tags, c.snapshot(tags), 3)})
	if e := c.get("k"); e == nil || string(e.body) != "new" {
		t.Fatal("fresh page not stored")
	}
	c.invalidate("t:2")
	if c.get("k") == nil {
		t.Fatal("another thread's write dropped the page")
	}
	c.invalidate("all")
	if c.get("k") != nil {
		t.Fatal("invalidating all kept the page")
	}
	// Expiry.
	st := c.newStamp(tags, c.snapshot(tags), 3)
	st.expires = c.now().Add(-time.Second)
	c.put("k", &cachedPage{body: []byte("new"), stamp: st})
	if c.get("k") != nil {
		t.Fatal("expired page served")
	}
	// The size bound holds.
	for i := range 100 {
		c.put(string(rune('a'+i)), &cachedPage{body: make([]byte, 50<<10), stamp: c.newStamp(tags, c.snapshot(tags), 50<<10)})
		c.putData(string(rune('a'+i)), i, c.newStamp(tags, c.snapshot(tags), 50<<10))
	}
	if c.size > 1<<20 {
		t.Fatalf("cache holds %d bytes, bound %d", c.size, 1<<20)
	}
}

// TestThreadSnapshotFields is a tripwire: thread snapshots share a page's
// data and rendered posts between readers (threadcache.go). A new field
// on one of these types must be the same for every reader who may read
// the page, or be handled there; then add it here.
func TestThreadSnapshotFields(t *testing.T) {
	for typ, want := range map[reflect.Type]string{
		reflect.TypeFor[hearth.ThreadPage](): "Thread Community Opening Replies Page Pages",
		reflect.TypeFor[hearth.Community]():  "ID Slug Name Description Rules RulesHTML Visibility CreatedAt MemberCount ThreadCount Membership IsModerator",
		reflect.TypeFor[hearth.Thread]():     "ID CommunityID CommunitySlug CommunityName Title Author AuthorRole Excerpt ReplyCount CreatedAt LastActivityAt Status",
		reflect.TypeFor[hearth.Post]():       "ID ThreadID Position Author AuthorID AuthorRole Body BodyHTML CreatedAt EditedAt Status ReviewNote",
		reflect.TypeFor[postView]():          "P Base CanPost Own",
	} {
		var got []string
		for f := range typ.Fields() {
			got = append(got, f.Name)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%v has fields %v; check web/threadcache.go, then update this test", typ, got)
		}
	}
}

// sessionStore answers FindSession from a map and counts the calls.
type sessionStore struct {
	Store
	members map[string]*hearth.Member
	calls   int
	during  func() // runs inside each lookup
}

func (s *sessionStore) FindSession(ctx context.Context, token string) (*hearth.Member, error) {
	s.calls++
	if s.during != nil {
		s.during()
	}
	if m, ok := s.members[token]; ok {
		c := *m
		return &c, nil
	}
	return nil, hearth.Errorf(hearth.EUnauthorized, "no such session")
}

func TestSessionCache(t *testing.T) {
	st := &sessionStore{members: map[string]*hearth.Member{"tok": {ID: 1, Handle: "jo"}}}
	s := &Server{store: st, sessions: newSessionCache(time.Hour)}
	ctx := context.Background()
	for range 3 {
		if m, err := s.findSession(ctx, "tok"); err != nil || m.Handle != "jo" {
			t.Fatalf("findSession: %v %v", m, err)
		}
	}
	if st.calls != 1 {
		t.Fatalf("%d lookups in storage for three requests, want 1", st.calls)
	}
	// Each request gets its own copy.
	m, _ := s.findSession(ctx, "tok")
	m.Handle = "changed"
	if m, _ := s.findSession(ctx, "tok"); m.Handle != "jo" {
		t.Fatal("a request changed the cached member")
	}
	// Signing out (forget) and unknown writes (forgetAll) go to storage again.
	delete(st.members, "tok")
	s.sessions.forget("tok")
	if _, err := s.findSession(ctx, "tok"); hearth.ErrorCode(err) != hearth.EUnauthorized {
		t.Fatalf("after forget: %v", err)
	}
	st.members["tok"] = &hearth.Member{ID: 1, Handle: "jo"}
	s.findSession(ctx, "tok")
	delete(st.members, "tok")
	s.sessions.forgetAll()
	if _, err := s.findSession(ctx, "tok"); hearth.ErrorCode(err) != hearth.EUnauthorized {
		t.Fatalf("after forgetAll: %v", err)
	}
	// Failures are not cached.
	calls := st.calls
	s.findSession(ctx, "tok")
	if st.calls != calls+1 {
		t.Fatal("a failed lookup was cached")
	}
	// A lookup that raced with a forget is not stored.
	st.members["tok"] = &hearth.Member{ID: 1, Handle: "jo"}
	st.during = func() { s.sessions.forget("tok") }
	s.findSession(ctx, "tok")
	st.during = nil
	calls = st.calls
	s.findSession(ctx, "tok")
	if st.calls != calls+1 {
		t.Fatal("a lookup that raced with signing out was cached")
	}
	// Expiry.
	s.sessions.now = func() time.Time { return time.Now().Add(2 * time.Hour) }
	calls = st.calls
	s.findSession(ctx, "tok")
	if st.calls != calls+1 {
		t.Fatal("an expired entry was used")
	}
}

func TestPageKey(t *testing.T) {
	s := &Server{}
	key := func(target, host string) string {
		r := httptest.NewRequest("GET", target, nil)
		r.Host = host
		return s.pageKey(r)
	}
	if key("/c/x/t/1/a%3Fpage=2", "h") == key("/c/x/t/1/a?page=2", "h") {
		t.Error("an escaped ? in the path is taken for a query")
	}
	if key("/c/x", "good.example") == key("/c/x", "evil.example") {
		t.Error("with no site address, the Host is not part of the key")
	}
	s.cfg.BaseURL = "https://hearth.example"
	if key("/c/x", "good.example") != key("/c/x", "evil.example") {
		t.Error("with a site address, the Host should not matter")
	}
}
