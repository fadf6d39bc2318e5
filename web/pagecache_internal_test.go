package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
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
		{"/notifications/3/read", nil},
		{"/settings/notifications", nil},
		{"/password/reset/abc", []string{"sessions"}},
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
	// Forgetting every tag (too many of them) drops every page, and a
	// render that started before is not stored.
	c.put("k", &cachedPage{body: []byte("new"), stamp: c.newStamp(tags, c.snapshot(tags), 3)})
	before := c.snapshot(tags)
	for i := range maxTags + 1 {
		c.invalidate("t:" + strconv.Itoa(i+100))
	}
	if len(c.gens) > maxTags || c.get("k") != nil {
		t.Fatalf("%d tags remembered, page kept: %v", len(c.gens), c.get("k") != nil)
	}
	c.put("k", &cachedPage{body: []byte("old"), stamp: c.newStamp(tags, before, 3)})
	if c.get("k") != nil {
		t.Fatal("a page rendered before the reset was stored")
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
		reflect.TypeFor[hearth.Community]():  "ID Slug Name Description Rules RulesHTML Visibility CreatedAt MemberCount ThreadCount ThreadDefault Membership IsModerator AllowAnonymous",
		reflect.TypeFor[hearth.Thread]():     "ID CommunityID CommunitySlug CommunityName Title Author AuthorRole Excerpt ReplyCount CreatedAt LastActivityAt Status Visibility Anonymous",
		reflect.TypeFor[hearth.Post]():       "ID ThreadID Position Author AuthorID AuthorRole Body BodyHTML CreatedAt EditedAt Status ReviewNote ModNote AuthorModerates Anonymous Warning",
		reflect.TypeFor[postView]():          "P Base CanPost Own Mute",
		// The thread page's head and content are shared too (renderShared).
		reflect.TypeFor[view](): "Title Description Canonical NoIndex Viewer Site Path Data OG Feed Follow Unread Head CrisisNotice",
		reflect.TypeFor[form](): "Values Error Field Privacy Advice AdviceOK Readability Care CareOK",
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

// unreadStore answers CountUnread from a map and counts the calls.
type unreadStore struct {
	Store
	unread map[int64]int
	calls  int
}

func (s *unreadStore) CountUnread(ctx context.Context, v *hearth.Member) (int, error) {
	s.calls++
	return s.unread[v.ID], nil
}

func TestViewerStatesUnread(t *testing.T) {
	st := &unreadStore{unread: map[int64]int{1: 3, 2: 5}}
	s := &Server{store: st, viewerStates: newViewerStates(time.Hour)}
	ctx := context.Background()
	jo, al := &hearth.Member{ID: 1}, &hearth.Member{ID: 2}
	count := func(m *hearth.Member, want int) {
		t.Helper()
		if n, err := s.countUnread(ctx, m); err != nil || n != want {
			t.Fatalf("member %d: %d %v, want %d", m.ID, n, err, want)
		}
	}
	count(jo, 3)
	count(jo, 3)
	count(al, 5)
	if st.calls != 2 {
		t.Fatalf("%d lookups for three counts of two members, want 2", st.calls)
	}
	st.unread[1], st.unread[2] = 0, 6
	s.viewerStates.forget(jo.ID) // jo marked them read
	count(jo, 0)
	count(al, 5) // al's is still the cached one
	s.viewerStates.forgetAll()
	count(al, 6)
	s.viewerStates.now = func() time.Time { return time.Now().Add(2 * time.Hour) }
	st.unread[2] = 7
	count(al, 7) // expired
}

// TestWritesForgetViewerStates: which requests forget whose unread count.
func TestWritesForgetViewerStates(t *testing.T) {
	st := &unreadStore{unread: map[int64]int{1: 3, 2: 5}}
	s := &Server{store: st, cache: newPageCache(time.Hour, 1<<20), sessions: newSessionCache(time.Hour), viewerStates: newViewerStates(time.Hour)}
	jo, al := &hearth.Member{ID: 1}, &hearth.Member{ID: 2}
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusSeeOther) })
	h := s.invalidateOnWrite(ok)
	for _, tc := range []struct {
		method, path string
		by           *hearth.Member
		jo, al       bool // whose counts are looked up again
	}{
		{"GET", "/c/x/t/1", jo, false, false},
		{"GET", "/notifications", jo, true, false},
		{"POST", "/c/x/t/1/reply", jo, true, false},
		{"POST", "/notifications/7/read", al, false, true},
		{"POST", "/api/v1/threads/1/replies", nil, true, true},
		{"POST", "/mod/review/3", al, true, true},
		{"POST", "/password/reset/x", nil, false, false},
	} {
		s.countUnread(context.Background(), jo)
		s.countUnread(context.Background(), al)
		calls := st.calls
		r := httptest.NewRequest(tc.method, tc.path, nil)
		if tc.by != nil {
			r = r.WithContext(withMember(r.Context(), tc.by))
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		s.countUnread(context.Background(), jo)
		if got := st.calls > calls; got != tc.jo {
			t.Errorf("%s %s: jo's count looked up again: %v", tc.method, tc.path, got)
		}
		calls = st.calls
		s.countUnread(context.Background(), al)
		if got := st.calls > calls; got != tc.al {
			t.Errorf("%s %s: al's count looked up again: %v", tc.method, tc.path, got)
		}
	}
}

func TestFormEmpty(t *testing.T) {
	for _, tc := range []struct {
		f    *form
		want bool
	}{
		{&form{Values: map[string]string{}}, true},
		{&form{Values: map[string]string{"body": ""}}, true},
		{&form{Values: map[string]string{"body": "quoted"}}, false},
		{&form{Values: map[string]string{}, Error: "too long"}, false},
		{&form{Values: map[string]string{}, Field: "body"}, false},
		{&form{Values: map[string]string{}, Privacy: &privacyReport{}}, false},
	} {
		if got := formEmpty(tc.f); got != tc.want {
			t.Errorf("formEmpty(%+v) = %v", tc.f, got)
		}
	}
}

// TestPageCacheOneRenderForManyReaders: readers who miss the same page at
// once wait for one render; a reader who arrives after a write renders
// afresh.
func TestPageCacheOneRenderForManyReaders(t *testing.T) {
	s := &Server{cache: newPageCache(time.Hour, 1<<20), cfg: Config{BaseURL: "https://hearth.example"}}
	var mu sync.Mutex
	renders := 0
	started, release := make(chan struct{}, 100), make(chan struct{})
	version := "v1"
	h := s.cachedPage(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		renders++
		v := version
		mu.Unlock()
		started <- struct{}{}
		<-release
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("page " + v))
	})
	get := func() string {
		rec := httptest.NewRecorder()
		h(rec, httptest.NewRequest("GET", "/", nil))
		return rec.Body.String()
	}
	var wg sync.WaitGroup
	bodies := make([]string, 10)
	wg.Go(func() { bodies[0] = get() })
	<-started // the leader is rendering
	for i := 1; i < 9; i++ {
		wg.Go(func() { bodies[i] = get() })
	}
	for !waiting(s, 8) {
		runtime.Gosched()
	}
	// A write now: a reader arriving after it must not get the render
	// that started before it.
	mu.Lock()
	version = "v2"
	mu.Unlock()
	s.cache.invalidate("home")
	wg.Go(func() { bodies[9] = get() })
	close(release)
	wg.Wait()
	for i, b := range bodies[:9] {
		if b != "page v1" {
			t.Errorf("reader %d got %q", i, b)
		}
	}
	if bodies[9] != "page v2" {
		t.Errorf("the reader after the write got %q", bodies[9])
	}
	if renders != 2 {
		t.Errorf("%d renders for ten readers, want 2", renders)
	}
}

// waiting reports whether n readers wait for the render of "/".
func waiting(s *Server, n int32) bool {
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	fl := s.cache.flights["/"]
	return fl != nil && fl.waiters.Load() >= n
}

// threadStore serves one public thread page, slowly, counting reads.
type threadStore struct {
	Store
	mu      sync.Mutex
	reads   int
	release chan struct{}
}

func (s *threadStore) FindThreadPage(ctx context.Context, v *hearth.Member, id int64, page int) (*hearth.ThreadPage, error) {
	s.mu.Lock()
	s.reads++
	s.mu.Unlock()
	<-s.release
	return &hearth.ThreadPage{Thread: &hearth.Thread{ID: id, CommunitySlug: "c"}, Community: &hearth.Community{Slug: "c", Visibility: hearth.Public},
		Opening: &hearth.Post{ID: 1}, Page: 1, Pages: 1}, nil
}

func (s *threadStore) ThreadHasUnpublished(ctx context.Context, id int64) (bool, error) {
	return false, nil
}

func TestThreadSnapshotOneReadForManyReaders(t *testing.T) {
	st := &threadStore{release: make(chan struct{})}
	s := &Server{store: st, cache: newPageCache(time.Hour, 1<<20)}
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			tp, snap, err := s.findThreadPage(context.Background(), &hearth.Member{ID: int64(i + 1)}, 7, 1)
			if err != nil || snap == nil || tp.Thread.ID != 7 {
				t.Errorf("reader %d: %v %v %v", i, tp, snap, err)
			}
		})
	}
	for {
		s.cache.mu.Lock()
		fl := s.cache.flights["thread:7:1"]
		n := int32(0)
		if fl != nil {
			n = fl.waiters.Load()
		}
		s.cache.mu.Unlock()
		if n == 9 {
			break
		}
		runtime.Gosched()
	}
	close(st.release)
	wg.Wait()
	if st.reads != 1 {
		t.Errorf("%d reads for ten readers, want 1", st.reads)
	}
}
