package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hearth-community/hearth"
)

// pageCache keeps rendered public pages for signed-out readers, who are
// most readers: a page is rendered once and then served as bytes, with a
// gzip copy made once and an ETag for 304s.
//
// Correctness rules:
//   - Only GETs from signed-out readers are looked up or stored, only for
//     routes wrapped in cachedPage, and only with no query or ?page=N.
//   - Only 200 responses that the renderer left shareable are stored:
//     render marks every page for a signed-in viewer or of a non-public
//     community "private, no-store", and such pages are never stored, nor
//     is a response that sets a cookie.
//   - Entries carry tags ("t:<id>", "c:<slug>", "home", "lists", "all")
//     with the tags' generations at render time. A write bumps the
//     generations of what it changes (see invalidateOnWrite) before its
//     response leaves, so the next read renders afresh. A render that
//     raced with a write is served but not stored.
//   - The cache is per process. Writes by other processes (the CLI, other
//     nodes) are not seen, so entries also expire after a short TTL.
type pageCache struct {
	ttl      time.Duration
	maxBytes int
	now      func() time.Time

	mu      sync.RWMutex
	entries map[string]*cachedPage
	data    map[string]*cachedData
	gens    map[string]uint64
	// epoch counts resets of gens (which would otherwise grow with every
	// thread ever written); an entry from an older epoch is stale.
	epoch uint64
	size  int
	// threadSlugs remembers each thread's community, learned from thread
	// pages, so that an API reply can invalidate its community's pages.
	threadSlugs map[string]string
	// flights are the renders in progress, by key: readers who miss the
	// same page at once wait for one render instead of each making one
	// (after a write or at startup, a busy page would otherwise be
	// rendered by every connection at the same moment).
	flights map[string]*flight
}

type flight struct {
	gens    []uint64 // the generations the render started from
	done    chan struct{}
	page    *cachedPage // set before done closes when the page was storable
	value   any         // the same, for data (threadcache.go)
	waiters atomic.Int32
}

// stamp is what every entry carries: when it expires, and the
// generations of its tags when its data was read.
type stamp struct {
	expires time.Time
	tags    []string
	gens    []uint64
	size    int
}

type cachedPage struct {
	stamp
	body   []byte
	header http.Header
	etag   string
	// Header values made once: the ETag and length of each encoding.
	etagPlain, etagGzip, lenPlain, lenGzip []string

	gzOnce sync.Once
	gz     []byte
}

// cachedData is a value other than a whole page (see threadcache.go),
// under the same rules of generations and expiry.
type cachedData struct {
	stamp
	value any
}

func newPageCache(ttl time.Duration, maxBytes int) *pageCache {
	return &pageCache{ttl: ttl, maxBytes: maxBytes, now: time.Now, entries: map[string]*cachedPage{},
		data: map[string]*cachedData{}, gens: map[string]uint64{}, threadSlugs: map[string]string{}, flights: map[string]*flight{}}
}

// newStamp stamps an entry read with gens, expiring after the TTL.
func (c *pageCache) newStamp(tags []string, gens []uint64, size int) stamp {
	return stamp{expires: c.now().Add(c.ttl), tags: tags, gens: gens, size: size}
}

// snapshot returns the current generations of tags, and the epoch.
func (c *pageCache) snapshot(tags []string) []uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	g := make([]uint64, len(tags)+1)
	for i, t := range tags {
		g[i] = c.gens[t]
	}
	g[len(tags)] = c.epoch
	return g
}

// get returns a live entry for key.
func (c *pageCache) get(key string) *cachedPage {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e := c.entries[key]
	if e == nil || !c.fresh(&e.stamp) {
		return nil
	}
	return e
}

// getData returns the live value stored under key, or nil.
func (c *pageCache) getData(key string) any {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e := c.data[key]
	if e == nil || !c.fresh(&e.stamp) {
		return nil
	}
	return e.value
}

// fresh reports whether no tag of e has changed and e has not expired.
// The caller holds c.mu.
func (c *pageCache) fresh(e *stamp) bool {
	return !c.now().After(e.expires) && c.current(e)
}

// put stores e under key unless a tag changed since gens were taken.
func (c *pageCache) put(key string, e *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.current(&e.stamp) {
		return
	}
	if old := c.entries[key]; old != nil {
		c.size -= old.size
	}
	c.entries[key] = e
	c.size += e.size
	c.bound()
}

// putData stores a value under key unless a tag changed since gens were
// taken.
func (c *pageCache) putData(key string, value any, st stamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.current(&st) {
		return
	}
	if old := c.data[key]; old != nil {
		c.size -= old.size
	}
	c.data[key] = &cachedData{stamp: st, value: value}
	c.size += st.size
	c.bound()
}

// current reports whether no tag of e changed since e's data was read.
// The caller holds c.mu.
func (c *pageCache) current(e *stamp) bool {
	if len(e.gens) != len(e.tags)+1 || e.gens[len(e.tags)] != c.epoch {
		return false
	}
	for i, t := range e.tags {
		if c.gens[t] != e.gens[i] {
			return false
		}
	}
	return true
}

// bound evicts when the cache holds more than maxBytes: first stale
// entries, then arbitrary ones (Go's map order is random) until it is at
// most three quarters full. The caller holds c.mu.
func (c *pageCache) bound() {
	if c.size <= c.maxBytes {
		return
	}
	for k, e := range c.entries {
		if !c.fresh(&e.stamp) {
			c.size -= e.size
			delete(c.entries, k)
		}
	}
	for k, e := range c.data {
		if !c.fresh(&e.stamp) {
			c.size -= e.size
			delete(c.data, k)
		}
	}
	for k, e := range c.entries {
		if c.size <= c.maxBytes*3/4 {
			return
		}
		c.size -= e.size
		delete(c.entries, k)
	}
	for k, e := range c.data {
		if c.size <= c.maxBytes*3/4 {
			return
		}
		c.size -= e.size
		delete(c.data, k)
	}
}

// invalidate bumps the generations of tags, so that every page rendered
// with an older generation is rendered again.
func (c *pageCache) invalidate(tags ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, t := range tags {
		c.gens[t]++
	}
	if len(c.gens) > maxTags {
		// Start again rather than remember every tag ever written.
		clear(c.gens)
		clear(c.entries)
		clear(c.data)
		c.size = 0
		c.epoch++
	}
}

// maxTags bounds how many tags' generations the cache remembers.
const maxTags = 50_000

func (c *pageCache) learnThread(id, slug string) {
	c.mu.RLock()
	known := c.threadSlugs[id] == slug
	c.mu.RUnlock()
	if known {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.threadSlugs) > 100_000 {
		clear(c.threadSlugs)
	}
	c.threadSlugs[id] = slug
}

func (c *pageCache) threadSlug(id string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.threadSlugs[id]
}

// pageTags names what a cached page shows, from its route's path values.
func pageTags(r *http.Request) []string {
	switch {
	case r.PathValue("id") != "":
		return []string{"t:" + r.PathValue("id"), "all"}
	case r.PathValue("slug") != "":
		return []string{"c:" + r.PathValue("slug"), "lists", "all"}
	}
	return []string{"home", "all"}
}

// cacheable reports whether a request may be answered from the cache:
// a GET or HEAD from a signed-out reader, with no query but a page number.
func cacheable(r *http.Request) bool {
	if (r.Method != http.MethodGet && r.Method != http.MethodHead) || viewer(r) != nil {
		return false
	}
	if r.URL.RawQuery == "" {
		return true
	}
	p, ok := strings.CutPrefix(r.URL.RawQuery, "page=")
	if !ok || p == "" || len(p) > 6 {
		return false
	}
	for _, ch := range p {
		if ch < '0' || ch > '9' {
			return false
		}
	}
	return true
}

// pageKey is a page's key in the cache: the escaped path (so that an
// escaped "?" in it is not taken for a query) and the query; and the
// Host when no site address is configured, since pages then carry
// absolute links built from it (share.go), and a forged Host must not
// reach other readers.
func (s *Server) pageKey(r *http.Request) string {
	key := r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	if s.cfg.BaseURL == "" {
		key = r.Host + " " + key
	}
	return key
}

// cachedPage serves a public page from the cache for signed-out readers,
// rendering and storing it on a miss.
func (s *Server) cachedPage(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.cache == nil || !cacheable(r) {
			h(w, r)
			return
		}
		key := s.pageKey(r)
		if e := s.cache.get(key); e != nil {
			s.serveCached(w, r, e)
			return
		}
		tags := pageTags(r)
		fl, arrived, leader := s.cache.join(key, tags)
		if !leader {
			fl.waiters.Add(1)
			select {
			case <-fl.done:
			case <-r.Context().Done():
				return
			}
			// The render's page serves this reader too unless a write
			// came between its start and this reader's arrival.
			if fl.page != nil && slices.Equal(fl.gens, arrived) {
				s.serveCached(w, r, fl.page)
				return
			}
			fl = &flight{gens: s.cache.snapshot(tags), done: make(chan struct{})}
		} else {
			defer s.cache.land(key, fl)
		}
		gens := fl.gens
		rec := &pageRecorder{header: http.Header{}, status: http.StatusOK}
		h(rec, r)
		if !rec.storable() {
			rec.copyTo(w)
			return
		}
		if id := r.PathValue("id"); id != "" {
			s.cache.learnThread(id, r.PathValue("slug"))
		}
		sum := sha256.Sum256(rec.body.Bytes())
		e := &cachedPage{body: bytes.Clone(rec.body.Bytes()), header: rec.header, stamp: s.cache.newStamp(tags, gens, 2*rec.body.Len()),
			etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12])}
		e.header.Del("Content-Length")
		e.etagPlain, e.etagGzip = []string{e.etag + `"`}, []string{e.etag + `-gz"`}
		e.lenPlain = []string{strconv.Itoa(len(e.body))}
		s.cache.put(key, e)
		fl.page = e
		s.serveCached(w, r, e)
	}
}

// join returns the render in progress for key, or starts one (leader),
// and the tags' generations now, as the reader arrives: for a leader,
// before the render reads anything.
func (c *pageCache) join(key string, tags []string) (fl *flight, gens []uint64, leader bool) {
	gens = c.snapshot(tags)
	c.mu.Lock()
	defer c.mu.Unlock()
	if fl := c.flights[key]; fl != nil {
		return fl, gens, false
	}
	fl = &flight{gens: gens, done: make(chan struct{})}
	c.flights[key] = fl
	return fl, gens, true
}

// land ends a render: its waiters go on.
func (c *pageCache) land(key string, fl *flight) {
	c.mu.Lock()
	if c.flights[key] == fl {
		delete(c.flights, key)
	}
	c.mu.Unlock()
	close(fl.done)
}

// serveCached writes a cached page: a 304 when the reader has it, the
// gzip copy when the reader accepts gzip, else the bytes as rendered.
// Cache-Control no-cache lets browsers keep the page but ask each time,
// so a new reply shows at once and an unchanged page costs a 304.
func (s *Server) serveCached(w http.ResponseWriter, r *http.Request, e *cachedPage) {
	h := w.Header()
	for k, v := range e.header {
		h[k] = v
	}
	gz := acceptsGzip(r)
	h["Etag"] = e.etagPlain
	if gz {
		h["Etag"] = e.etagGzip
	}
	h["Cache-Control"] = cacheControlNoCache
	h["Vary"] = varyAcceptEncoding
	if etagMatch(r.Header.Get("If-None-Match"), e.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := e.body
	h["Content-Length"] = e.lenPlain
	if gz {
		body = e.gzipped()
		h["Content-Encoding"] = contentEncodingGzip
		h["Content-Length"] = e.lenGzip
	}
	if r.Method == http.MethodHead {
		body = nil
	}
	writeCorked(w, r, http.StatusOK, body)
}

var (
	cacheControlNoCache = []string{"no-cache"}
	varyAcceptEncoding  = []string{"Accept-Encoding"}
	contentEncodingGzip = []string{"gzip"}
)

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return w
}}

// gzipped compresses the page once, on the first request that wants it.
func (e *cachedPage) gzipped() []byte {
	e.gzOnce.Do(func() {
		var buf bytes.Buffer
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&buf)
		zw.Write(e.body)
		zw.Close()
		gzipWriters.Put(zw)
		e.gz = buf.Bytes()
		e.lenGzip = []string{strconv.Itoa(len(e.gz))}
	})
	return e.gz
}

// acceptsGzip reports whether Accept-Encoding allows gzip (q=0 refuses).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		if !ok {
			return true
		}
		v, err := strconv.ParseFloat(q, 64)
		return err == nil && v > 0
	}
	return false
}

// etagMatch reports whether an If-None-Match header names the page (in
// either encoding; weak comparison, as RFC 9110 asks for If-None-Match).
func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag+`"` || t == etag+`-gz"` {
			return true
		}
	}
	return false
}

// pageRecorder holds a rendered response so that it can be stored.
type pageRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (p *pageRecorder) Header() http.Header { return p.header }

func (p *pageRecorder) WriteHeader(status int) {
	if !p.wrote {
		p.status, p.wrote = status, true
	}
}

func (p *pageRecorder) Write(b []byte) (int, error) {
	p.wrote = true
	return p.body.Write(b)
}

// storable reports whether the response is a shareable page.
func (p *pageRecorder) storable() bool {
	cc := p.header.Get("Cache-Control")
	return p.status == http.StatusOK && p.header.Get("Set-Cookie") == "" &&
		!strings.Contains(cc, "private") && !strings.Contains(cc, "no-store") &&
		strings.HasPrefix(p.header.Get("Content-Type"), "text/html")
}

func (p *pageRecorder) copyTo(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range p.header {
		h[k] = v
	}
	w.WriteHeader(p.status)
	w.Write(p.body.Bytes())
}

// invalidateOnWrite bumps the cache generations of the pages that a
// successful unsafe request (POST and the like) may have changed, before
// its response is sent: after the store call returned, so after the
// commit, and before the reader can follow the redirect. Known routes
// invalidate precisely; any other write invalidates every page, so that
// a new kind of write (a moderator hiding a post, say) is safe by default.
func (s *Server) invalidateOnWrite(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.cache == nil || r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
			if v := viewer(r); s.cache != nil && v != nil && strings.HasPrefix(r.URL.Path, "/notifications") {
				s.viewerStates.forget(v.ID) // reading notifications marks them read
			}
			next.ServeHTTP(w, r)
			return
		}
		if r.URL.Path == "/signout" {
			if c, err := r.Cookie(sessionCookie); err == nil {
				s.sessions.forget(c.Value)
			}
		}
		next.ServeHTTP(&invalidatingWriter{ResponseWriter: w, cache: s.cache, sessions: s.sessions, viewers: s.viewerStates,
			tags: func() []string { return s.writeTags(r.URL.Path) }, member: viewer(r), api: strings.HasPrefix(r.URL.Path, "/api/")}, r)
	})
}

// writeTags lists the cache tags a write to path may change.
func (s *Server) writeTags(path string) []string {
	seg := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(seg) == 1 && (seg[0] == "signin" || seg[0] == "signout" || seg[0] == "signup"):
		return nil // sessions and accounts show on no public page
	case path == "/api/v1/privacy/scan":
		return nil // reads the text it is sent, writes nothing
	case seg[0] == "notifications" || seg[0] == "settings" || seg[0] == "unsubscribe":
		return nil // a member's own notifications and settings show on no public page
	case seg[0] == "messages" || (len(seg) >= 3 && seg[0] == "api" && seg[2] == "messages"):
		return nil // private messages show on no cached page (messages.go)
	case seg[0] == "password":
		return []string{"sessions"} // a new password may end sessions
	case path == "/api/v1/privacy/scan":
		return nil // a check while typing writes nothing (privacy.go)
	case seg[0] == "events" || path == "/settings/timezone" || (len(seg) >= 3 && seg[0] == "api" && seg[2] == "events"):
		return eventWriteTags(seg) // live messages and RSVPs change no cached page (events.go)
	case len(seg) >= 2 && seg[0] == "c":
		tags := []string{"c:" + seg[1], "home"}
		if len(seg) >= 4 && seg[2] == "t" {
			tags = append(tags, "t:"+seg[3])
		}
		return tags
	case len(seg) == 5 && seg[0] == "api" && seg[1] == "v1" && seg[2] == "communities" && seg[4] == "threads":
		return []string{"c:" + seg[3], "home"}
	case len(seg) == 5 && seg[0] == "api" && seg[1] == "v1" && seg[2] == "threads" && seg[4] == "replies":
		if slug := s.cache.threadSlug(seg[3]); slug != "" {
			return []string{"t:" + seg[3], "c:" + slug, "home"}
		}
		return []string{"t:" + seg[3], "lists", "home"}
	}
	return []string{"all"}
}

// invalidatingWriter invalidates when a success status is written.
type invalidatingWriter struct {
	http.ResponseWriter
	tags     func() []string
	cache    *pageCache
	sessions *sessionCache
	viewers  *viewerStates
	member   *hearth.Member // the signed-in writer, if any
	api      bool           // a write through the API
	done     bool
}

func (w *invalidatingWriter) WriteHeader(status int) {
	if !w.done {
		w.done = true
		if status < 400 {
			tags := w.tags()
			w.cache.invalidate(tags...)
			switch {
			case slices.Contains(tags, "all"):
				// A write we do not know may end sessions or change a
				// member's role.
				w.sessions.forgetAll()
				w.viewers.forgetAll()
			case slices.Contains(tags, "sessions"):
				w.sessions.forgetAll()
			case w.api:
				w.viewers.forgetAll() // the API's member is not known here
			case w.member != nil:
				w.viewers.forget(w.member.ID)
			}
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *invalidatingWriter) Write(b []byte) (int, error) {
	if !w.done {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *invalidatingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
