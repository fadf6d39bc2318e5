package linkcheck_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/linkcheck"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { os.Exit(sqldbtest.Main(m)) }

// site is a local test server that plays every kind of site: the links
// in the directory name made-up hosts, and the test client sends every
// connection to this server on 127.0.0.1 whatever the host.
type site struct {
	srv *httptest.Server

	mu       sync.Mutex
	seen     map[string][]string    // host+path -> methods, in order
	times    map[string][]time.Time // host -> request times
	agents   map[string]bool
	inFlight int
	maxIn    int
}

func newSite(t *testing.T) *site {
	s := &site{seen: map[string][]string{}, times: map[string][]time.Time{}, agents: map[string]bool{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.seen[r.Host+r.URL.Path] = append(s.seen[r.Host+r.URL.Path], r.Method)
		s.times[r.Host] = append(s.times[r.Host], time.Now())
		s.agents[r.UserAgent()] = true
		s.inFlight++
		s.maxIn = max(s.maxIn, s.inFlight)
		s.mu.Unlock()
		defer func() { s.mu.Lock(); s.inFlight--; s.mu.Unlock() }()
		switch r.URL.Path {
		case "/ok":
		case "/gone":
			http.NotFound(w, r)
		case "/removed":
			w.WriteHeader(http.StatusGone)
		case "/nohead":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
			}
		case "/forbidden":
			w.WriteHeader(http.StatusForbidden)
		case "/error":
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/redirect":
			http.Redirect(w, r, "/ok", http.StatusFound)
		case "/slow":
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
		case "/busy":
			time.Sleep(80 * time.Millisecond)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// client reaches the local server for any host name.
func (s *site) client() *http.Client {
	addr := s.srv.Listener.Addr().String()
	d := &net.Dialer{}
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, addr)
	}}}
}

func addOrgs(t *testing.T, db *sqldb.DB, urls map[string]string) map[string]int64 {
	t.Helper()
	var news []hearth.NewOrganization
	var names []string
	for name, u := range urls {
		names = append(names, name)
		news = append(news, hearth.NewOrganization{Name: name, Kind: hearth.OrgClinic, Region: "TX", Website: "https://" + name + ".example.org/",
			Channels: map[hearth.ChannelKind]string{hearth.ChannelBlog: u}})
	}
	orgs, err := db.CreateOrganizations(context.Background(), news)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for i, o := range orgs {
		ids[names[i]] = o.ID
	}
	return ids
}

func TestCheckLinks(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	s := newSite(t)
	ids := addOrgs(t, db, map[string]string{
		"ok":        "http://a.example.org/ok",
		"gone":      "http://b.example.org/gone",
		"removed":   "http://c.example.org/removed",
		"nohead":    "http://d.example.org/nohead",
		"forbidden": "http://e.example.org/forbidden",
		"error":     "http://f.example.org/error",
		"redirect":  "http://g.example.org/redirect",
		"slow":      "http://h.example.org/slow",
	})
	when := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	sum, err := linkcheck.CheckLinks(ctx, db, s.client(), linkcheck.Options{Timeout: 300 * time.Millisecond, HostDelay: time.Millisecond,
		Now: func() time.Time { return when }})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Checked != 8 || sum.OK != 3 || sum.Dead != 2 || sum.Unknown != 3 {
		t.Errorf("summary: %+v", sum)
	}
	for name, want := range map[string]struct {
		status hearth.ChannelStatus
		note   string
	}{
		"ok":        {hearth.ChannelOK, ""},
		"gone":      {hearth.ChannelDead, "page not found (404)"},
		"removed":   {hearth.ChannelDead, "page removed (410)"},
		"nohead":    {hearth.ChannelOK, ""},
		"forbidden": {hearth.ChannelUnknown, "turned the checker away (403)"},
		"error":     {hearth.ChannelUnknown, "server error (503)"},
		"redirect":  {hearth.ChannelOK, ""},
		"slow":      {hearth.ChannelUnknown, "did not answer in time"},
	} {
		o, err := db.FindOrganization(ctx, nil, ids[name])
		if err != nil {
			t.Fatal(err)
		}
		c := o.Channel(hearth.ChannelBlog)
		if c.Status != want.status || !strings.Contains(c.CheckNote, want.note) || c.CheckedAt == nil || !c.CheckedAt.Equal(when) {
			t.Errorf("%s: %+v, checked %v; want %s %q at %v", name, c, c.CheckedAt, want.status, want.note, when)
		}
	}
	s.mu.Lock()
	// HEAD first; GET only when HEAD did not settle it.
	for path, want := range map[string]string{
		"a.example.org/ok": "HEAD", "b.example.org/gone": "HEAD", "d.example.org/nohead": "HEAD GET",
		"e.example.org/forbidden": "HEAD GET", "g.example.org/redirect": "HEAD", "g.example.org/ok": "HEAD",
	} {
		if got := strings.Join(s.seen[path], " "); got != want {
			t.Errorf("%s: methods %q, want %q", path, got, want)
		}
	}
	if len(s.agents) != 1 || !s.agents[linkcheck.UserAgent] {
		t.Errorf("user agents: %v", s.agents)
	}

	s.mu.Unlock()
	// Everything was just checked: a second run finds nothing due.
	sum, err = linkcheck.CheckLinks(ctx, db, s.client(), linkcheck.Options{Now: func() time.Time { return when.Add(time.Hour) }})
	if err != nil || sum.Checked != 0 {
		t.Errorf("second run: %+v %v", sum, err)
	}
	// A week later they are due again.
	sum, err = linkcheck.CheckLinks(ctx, db, s.client(), linkcheck.Options{Timeout: 300 * time.Millisecond, HostDelay: time.Millisecond, Limit: 3,
		Now: func() time.Time { return when.Add(8 * 24 * time.Hour) }})
	if err != nil || sum.Checked != 3 {
		t.Errorf("a week later, limit 3: %+v %v", sum, err)
	}
}

func TestPolite(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	s := newSite(t)
	// Three links on one host, and four hosts with one slow-ish link each.
	urls := map[string]string{}
	for _, n := range []string{"one", "two", "three"} {
		urls["same-"+n] = "http://same.example.org/busy?n=" + n
	}
	for _, h := range []string{"p", "q", "r", "s"} {
		urls["other-"+h] = "http://" + h + ".example.org/busy"
	}
	addOrgs(t, db, urls)
	delay := 150 * time.Millisecond
	sum, err := linkcheck.CheckLinks(ctx, db, s.client(), linkcheck.Options{Concurrency: 2, HostDelay: delay, UserAgent: "test-agent/1"})
	if err != nil || sum.Checked != 7 || sum.OK != 7 {
		t.Fatalf("run: %+v %v", sum, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.maxIn > 2 {
		t.Errorf("%d requests at once, want at most 2", s.maxIn)
	}
	times := s.times["same.example.org"]
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	if len(times) != 3 {
		t.Fatalf("same host: %d requests", len(times))
	}
	for i := 1; i < len(times); i++ {
		// The pause runs from the end of one request to the start of the next.
		if gap := times[i].Sub(times[i-1]); gap < delay {
			t.Errorf("requests to one host %v apart, want at least %v", gap, delay)
		}
	}
	if !s.agents["test-agent/1"] || len(s.agents) != 1 {
		t.Errorf("user agents: %v", s.agents)
	}
}

func TestCancel(t *testing.T) {
	db, _ := sqldbtest.MustOpen(t)
	s := newSite(t)
	addOrgs(t, db, map[string]string{"slow": "http://h.example.org/slow", "slow2": "http://i.example.org/slow"})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	sum, err := linkcheck.CheckLinks(ctx, db, s.client(), linkcheck.Options{Timeout: 10 * time.Second})
	if err == nil || time.Since(start) > 3*time.Second {
		t.Errorf("cancelled run: %+v %v after %v", sum, err, time.Since(start))
	}
	// Nothing half-checked was recorded.
	due, _ := db.ChannelsToCheck(context.Background(), time.Now(), 10)
	if len(due) != 2 {
		t.Errorf("due after a cancelled run: %d", len(due))
	}
}

func TestNewClientRefusesLocalAddresses(t *testing.T) {
	s := newSite(t)
	res, err := linkcheck.NewClient().Get(s.srv.URL + "/ok")
	if err == nil {
		res.Body.Close()
		t.Fatal("the production client reached 127.0.0.1")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.seen) != 0 {
		t.Errorf("requests reached the local server: %v", s.seen)
	}
}
