package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/markup"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
	"github.com/hearth-community/hearth/web"
)

// safeClock is a settable clock that handlers may read concurrently.
type safeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *safeClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *safeClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// evFixture is a real server on a real database with a public and a
// private community, a host who moderates both, two members of both, an
// outsider and a site admin; a weekly New York chat, a one-off that is
// live now in each community, and the clock at Sunday 2026-11-01 12:00 UTC.
type evFixture struct {
	t       *testing.T
	db      *sqldb.DB
	web     *web.Server
	srv     *httptest.Server
	clock   *safeClock
	members map[string]*hearth.Member
	weekly  *hearth.Event
	live    *hearth.Event
	private *hearth.Event
}

const evPassword = "a long enough password"

var evStart = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func newEvFixture(t *testing.T) *evFixture {
	t.Helper()
	db, _ := sqldbtest.MustOpen(t)
	return newEvFixtureOn(t, db, true)
}

// newEvFixtureOn serves db; with seed, it fills it first.
func newEvFixtureOn(t *testing.T, db *sqldb.DB, seed bool) *evFixture {
	t.Helper()
	ctx := context.Background()
	f := &evFixture{t: t, db: db, clock: &safeClock{t: evStart}, members: map[string]*hearth.Member{}}
	db.Now = f.clock.Now
	if seed {
		for h, role := range map[string]hearth.Role{"host_nurse": hearth.RoleClinician, "member_a": hearth.RoleMember, "member_b": hearth.RoleMember,
			"outsider": hearth.RoleMember, "admin_x": hearth.RoleAdmin} {
			m, err := db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: evPassword, Role: role})
			if err != nil {
				t.Fatal(err)
			}
			f.members[h] = m
		}
		for slug, v := range map[string]hearth.Visibility{"pub": hearth.Public, "priv": hearth.Private} {
			if _, err := db.CreateCommunity(ctx, hearth.NewCommunity{Slug: slug, Name: "Community " + slug, Visibility: v}); err != nil {
				t.Fatal(err)
			}
			db.SetModerator(ctx, slug, "host_nurse")
			db.AddMember(ctx, slug, "member_a")
			db.AddMember(ctx, slug, "member_b")
		}
		var err error
		host := f.members["host_nurse"]
		if f.weekly, err = db.CreateEvent(ctx, host, "pub", hearth.NewEvent{Title: "Sunday night chat", Description: "Weekly, with **questions**.",
			Hosts: "host_nurse", Date: "2026-11-01", Time: "21:00", TimeZone: "America/New_York", Duration: "60", Repeat: "weekly"}); err != nil {
			t.Fatal(err)
		}
		now := hearth.NewEvent{Title: "Ask the nurse now", Hosts: "host_nurse", Date: "2026-11-01", Time: "11:50", TimeZone: "UTC", Duration: "120"}
		if f.live, err = db.CreateEvent(ctx, host, "pub", now); err != nil {
			t.Fatal(err)
		}
		now.Title = "Private circle"
		if f.private, err = db.CreateEvent(ctx, host, "priv", now); err != nil {
			t.Fatal(err)
		}
	} else {
		for _, h := range []string{"host_nurse", "member_a", "member_b", "outsider", "admin_x"} {
			m, err := db.FindMemberByHandle(ctx, h)
			if err != nil {
				t.Fatal(err)
			}
			f.members[h] = m
		}
	}
	f.web = web.NewServer(db, web.Config{PostsPerMinute: 1000}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	web.SetLiveHeartbeat(f.web, 100*time.Millisecond)
	f.srv = httptest.NewServer(f.web)
	t.Cleanup(func() { f.web.Close(); f.srv.Close() })
	return f
}

type evResponse struct {
	code   int
	body   string
	header http.Header
}

func (f *evFixture) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (f *evFixture) as(handle string) *http.Client {
	f.t.Helper()
	c := f.client()
	if r := f.post(c, "/signin", url.Values{"login": {handle}, "password": {evPassword}}); r.code != http.StatusSeeOther {
		f.t.Fatalf("sign in as %s: %d", handle, r.code)
	}
	return c
}

func (f *evFixture) do(c *http.Client, req *http.Request) evResponse {
	f.t.Helper()
	res, err := c.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return evResponse{res.StatusCode, string(b), res.Header}
}

func (f *evFixture) get(c *http.Client, path string) evResponse {
	f.t.Helper()
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	return f.do(c, req)
}

func (f *evFixture) post(c *http.Client, path string, form url.Values) evResponse {
	f.t.Helper()
	req, _ := http.NewRequest("POST", f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return f.do(c, req)
}

func (f *evFixture) api(method, path, token, body string) evResponse {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return f.do(f.client(), req)
}

func id(e *hearth.Event) string { return strconv.FormatInt(e.ID, 10) }

func TestEventPagesAndVisibility(t *testing.T) {
	f := newEvFixture(t)
	anon, outsider, member := f.client(), f.as("outsider"), f.as("member_a")
	list := f.get(anon, "/events")
	if list.code != 200 || !strings.Contains(list.body, "Sunday night chat") || !strings.Contains(list.body, "Ask the nurse now") ||
		!strings.Contains(list.body, "Live now") || strings.Contains(list.body, "Private circle") {
		t.Errorf("anonymous /events: %d\n%s", list.code, list.body)
	}
	if !strings.Contains(f.get(member, "/events").body, "Private circle") {
		t.Error("a member does not see the private community's event")
	}
	for who, c := range map[string]*http.Client{"anonymous": anon, "outsider": outsider} {
		for _, path := range []string{"/events/" + id(f.private), "/events/" + id(f.private) + ".ics", "/events/" + id(f.private) + "/live",
			"/events/" + id(f.private) + "/live/stream", "/c/priv/events.ics", "/api/v1/events/" + id(f.private),
			"/api/v1/events/" + id(f.private) + "/messages"} {
			if r := f.get(c, path); r.code != http.StatusNotFound || strings.Contains(r.body, "Private circle") {
				t.Errorf("%s GET %s: %d", who, path, r.code)
			}
		}
		if r := f.get(c, "/events?c=priv"); r.code != http.StatusNotFound {
			t.Errorf("%s lists the private community's events: %d", who, r.code)
		}
	}
	if r := f.get(member, "/events/"+id(f.private)); r.code != 200 || !strings.Contains(r.body, "Private circle") || r.header.Get("Cache-Control") != "private, no-store" {
		t.Errorf("member, private event: %d %q", r.code, r.header.Get("Cache-Control"))
	}
	// The weekly chat in its own zone, in the reader's chosen zone, and
	// with an unknown zone.
	page := f.get(anon, "/events/"+id(f.weekly))
	for _, want := range []string{"Every Sunday at 9:00 p.m., America/New York time", "Sunday, November 1, 2026, 9:00 p.m. to 10:00 p.m. EST",
		"Times are in each event's own time zone", "Weekly, with <strong>questions</strong>."} {
		if !strings.Contains(page.body, want) {
			t.Errorf("event page lacks %q", want)
		}
	}
	if r := f.get(anon, "/events/"+id(f.weekly)+"?tz=Europe/Berlin"); !strings.Contains(r.body, "Monday, November 2, 2026, 3:00 a.m. to 4:00 a.m. CET") ||
		!strings.Contains(r.body, "Europe/Berlin time") {
		t.Errorf("?tz=Europe/Berlin:\n%s", r.body)
	}
	if r := f.get(anon, "/events/"+id(f.weekly)+"?tz=Mars/Olympus"); r.code != 200 || !strings.Contains(r.body, "We do not know the time zone “Mars/Olympus”") {
		t.Errorf("unknown zone: %d", r.code)
	}
	// A saved zone applies to every page, and ?tz= still wins.
	if r := f.post(member, "/settings/timezone", url.Values{"time_zone": {"Australia/Sydney"}, "next": {"/events"}}); r.code != http.StatusSeeOther {
		t.Fatalf("save zone: %d %s", r.code, r.body)
	}
	if r := f.get(member, "/events/"+id(f.weekly)); !strings.Contains(r.body, "Monday, November 2, 2026, 1:00 p.m. to 2:00 p.m. AEDT") {
		t.Errorf("saved zone not used")
	}
	if r := f.post(member, "/settings/timezone", url.Values{"time_zone": {"Nowhere/Land"}}); r.code != 400 || !strings.Contains(r.body, "Nowhere/Land") ||
		!strings.Contains(r.body, `aria-invalid="true"`) {
		t.Errorf("bad zone: %d", r.code)
	}
	// Signed out, the settings form is a GET that carries ?tz= back.
	if r := f.get(anon, "/settings/timezone?tz=Asia/Tokyo&next=/events/"+id(f.weekly)); r.code != http.StatusSeeOther ||
		r.header.Get("Location") != "/events/"+id(f.weekly)+"?tz=Asia%2FTokyo" {
		t.Errorf("signed-out zone choice: %d %q", r.code, r.header.Get("Location"))
	}
}

func TestEventICSAndFeed(t *testing.T) {
	f := newEvFixture(t)
	host := f.as("host_nurse")
	if r := f.post(host, "/events/"+id(f.weekly)+"/sessions", url.Values{"action": {"skip"}, "date": {"2026-11-08"}}); r.code != http.StatusSeeOther {
		t.Fatalf("skip: %d %s", r.code, r.body)
	}
	r := f.get(f.client(), "/events/"+id(f.weekly)+".ics")
	if r.code != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/calendar") {
		t.Fatalf(".ics: %d %q", r.code, r.header.Get("Content-Type"))
	}
	cal, err := ics.ParseCalendar(strings.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != 1 || evs[0].GetProperty(ics.ComponentPropertyRrule).Value != "FREQ=WEEKLY;BYDAY=SU" ||
		evs[0].GetProperty(ics.ComponentPropertyExdate).Value != "20261108T210000" || len(cal.Timezones()) != 1 {
		t.Errorf("calendar:\n%s", r.body)
	}
	feed := f.get(f.client(), "/c/pub/events.ics")
	cal, err = ics.ParseCalendar(strings.NewReader(feed.body))
	if err != nil || len(cal.Events()) != 2 {
		t.Errorf("community feed: %v\n%s", err, feed.body)
	}
	priv := f.get(f.as("member_a"), "/c/priv/events.ics")
	if priv.code != 200 || priv.header.Get("Cache-Control") != "private, no-store" || !strings.Contains(priv.body, "Private circle") {
		t.Errorf("member's private feed: %d %q", priv.code, priv.header.Get("Cache-Control"))
	}
}

func TestScheduleAndManageEvents(t *testing.T) {
	f := newEvFixture(t)
	host, member := f.as("host_nurse"), f.as("member_a")
	if r := f.get(member, "/events/new"); r.code != http.StatusForbidden {
		t.Errorf("member opens the form: %d", r.code)
	}
	if r := f.get(f.client(), "/events/new"); r.code != http.StatusSeeOther {
		t.Errorf("signed out: %d", r.code)
	}
	good := url.Values{"community": {"pub"}, "title": {"Caregivers' evening"}, "description": {"Monthly."}, "hosts": {"host_nurse, member_a"},
		"date": {"2026-11-26"}, "time": {"19:00"}, "time_zone": {"America/Chicago"}, "duration": {"90"}, "repeat": {"monthly_last"}}
	bad := url.Values{}
	for k, v := range good {
		bad[k] = v
	}
	bad.Set("time_zone", "Chicago")
	r := f.post(host, "/events/new", bad)
	if r.code != http.StatusBadRequest || !strings.Contains(r.body, "We do not know the time zone") || !strings.Contains(r.body, `value="Caregivers&#39; evening"`) ||
		!strings.Contains(r.body, `id="time_zone" name="time_zone" list="zones" required autocomplete="off" value="Chicago" aria-describedby="zone-hint form-error" aria-invalid="true"`) {
		t.Errorf("bad zone: %d\n%s", r.code, r.body)
	}
	bad.Set("time_zone", "America/Chicago")
	bad.Set("date", "2026-11-19")
	if r := f.post(host, "/events/new", bad); r.code != http.StatusBadRequest || !strings.Contains(r.body, "is not the last Thursday") {
		t.Errorf("not the last Thursday: %d", r.code)
	}
	if r := f.post(member, "/events/new", good); r.code != http.StatusForbidden {
		t.Errorf("member schedules: %d", r.code)
	}
	r = f.post(host, "/events/new", good)
	if r.code != http.StatusSeeOther {
		t.Fatalf("schedule: %d %s", r.code, r.body)
	}
	loc := r.header.Get("Location")
	page := f.get(f.client(), loc)
	if !strings.Contains(page.body, "Monthly on the last Thursday at 7:00 p.m., America/Chicago time") || !strings.Contains(page.body, "@member_a") {
		t.Errorf("new event page:\n%s", page.body)
	}
	// A co-host (member_a) may edit; the form comes back filled.
	edit := f.get(member, loc+"/edit")
	if edit.code != 200 || !strings.Contains(edit.body, `value="monthly_last" checked`) {
		t.Errorf("edit form: %d", edit.code)
	}
	// Move a session and see it on the page.
	r = f.post(host, "/events/"+id(f.weekly)+"/sessions", url.Values{"action": {"move"}, "date": {"2026-11-15"}, "new_date": {"2026-11-14"}, "new_time": {"10:00"}})
	if r.code != http.StatusSeeOther {
		t.Fatalf("move: %d %s", r.code, r.body)
	}
	page = f.get(f.client(), "/events/"+id(f.weekly))
	if !strings.Contains(page.body, "Saturday, November 14, 2026, 10:00 a.m. to 11:00 a.m. EST") || !strings.Contains(page.body, "it was due Sunday, November 15") {
		t.Errorf("moved session not shown")
	}
	r = f.post(host, "/events/"+id(f.weekly)+"/sessions", url.Values{"action": {"move"}, "date": {"2026-11-22"}, "new_date": {"someday"}, "new_time": {"10:00"}})
	if r.code != http.StatusBadRequest || !strings.Contains(r.body, "Please give the new date and time") || !strings.Contains(r.body, `value="someday"`) {
		t.Errorf("bad move: %d", r.code)
	}
	if r := f.post(member, "/events/"+id(f.weekly)+"/sessions", url.Values{"action": {"skip"}, "date": {"2026-11-22"}}); r.code != http.StatusForbidden {
		t.Errorf("member skips: %d", r.code)
	}
}

func TestRSVP(t *testing.T) {
	f := newEvFixture(t)
	member := f.as("member_a")
	if r := f.post(f.client(), "/events/"+id(f.weekly)+"/rsvp", url.Values{"date": {"2026-11-08"}, "going": {"yes"}}); r.code != http.StatusSeeOther ||
		!strings.HasPrefix(r.header.Get("Location"), "/signin") {
		t.Errorf("signed out RSVP: %d %q", r.code, r.header.Get("Location"))
	}
	if r := f.post(member, "/events/"+id(f.weekly)+"/rsvp", url.Values{"date": {"2026-11-08"}, "going": {"yes"}}); r.code != http.StatusSeeOther {
		t.Fatalf("RSVP: %d %s", r.code, r.body)
	}
	if r := f.get(member, "/events/"+id(f.weekly)); !strings.Contains(r.body, "You said you will be there") {
		t.Error("RSVP not shown")
	}
	f.as("member_b")
	if r := f.get(f.as("member_b"), "/events/"+id(f.weekly)); !strings.Contains(r.body, "1 person has said they will be there") {
		t.Error("count not shown to another member")
	}
	if r := f.post(member, "/events/"+id(f.weekly)+"/rsvp", url.Values{"date": {"2026-11-09"}, "going": {"yes"}}); r.code != http.StatusBadRequest {
		t.Errorf("RSVP to a day without a session: %d", r.code)
	}
}

// --- The live room ---------------------------------------------------

func TestLiveRoomWithoutJavaScript(t *testing.T) {
	f := newEvFixture(t)
	host, member := f.as("host_nurse"), f.as("member_a")
	room := "/events/" + id(f.live) + "/live"
	r := f.get(f.client(), room)
	if r.code != 200 || !strings.Contains(r.body, "Live now") || !strings.Contains(r.body, "Sign in</a> or <a href=\"/signup\">join</a> to write") ||
		!strings.Contains(r.header.Get("Cache-Control"), "no-store") {
		t.Fatalf("anonymous room: %d %q", r.code, r.header.Get("Cache-Control"))
	}
	if r := f.post(host, room, url.Values{"body": {"What helps you sleep?"}, "question": {"1"}}); r.code != http.StatusSeeOther {
		t.Fatalf("question: %d %s", r.code, r.body)
	}
	if r := f.post(member, room, url.Values{"body": {"A dark, cool room."}, "topic": {"1"}}); r.code != http.StatusSeeOther ||
		!regexp.MustCompile(`^/events/\d+/live#m\d+$`).MatchString(r.header.Get("Location")) {
		t.Fatalf("answer: %d %q", r.code, r.header.Get("Location"))
	}
	if r := f.post(member, room, url.Values{"body": {"Sneaky question"}, "question": {"1"}}); r.code != http.StatusForbidden || !strings.Contains(r.body, "Sneaky question") {
		t.Errorf("a member's numbered question: %d", r.code)
	}
	page := f.get(member, room)
	for _, want := range []string{`<span class="tag">Q1</span>`, `<a class="tag" href="#q1">Q1</a>`, "A dark, cool room.", `<option value="1" selected>Q1: What helps you sleep?</option>`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("room lacks %q", want)
		}
	}
	// The privacy guard: refused with the findings named and the text
	// kept, until the member confirms.
	leaky := "Call me at 555-867-5309 after the chat"
	r = f.post(member, room, url.Values{"body": {leaky}})
	if r.code != 200 || !strings.Contains(r.body, "a phone number") || !strings.Contains(r.body, "<mark>555-867-5309</mark>") || !strings.Contains(r.body, ">"+leaky+"</textarea>") ||
		!strings.Contains(r.body, "Send anyway") {
		t.Errorf("findings: %d\n%s", r.code, r.body)
	}
	if r := f.post(member, room, url.Values{"body": {leaky}, "publish_anyway": {"1"}}); r.code != http.StatusSeeOther {
		t.Errorf("confirmed: %d", r.code)
	}
	// A clinician cannot confirm identifiers into a live chat.
	r = f.post(host, room, url.Values{"body": {"Patient John Smith, MRN 12345678, did well"}, "publish_anyway": {"1"}})
	if r.code != 200 || !strings.Contains(r.body, "Clinicians and staff cannot post details like these") || strings.Contains(r.body, "Send anyway") {
		t.Errorf("clinician with identifiers: %d", r.code)
	}
	// An empty message comes back with the problem named.
	if r := f.post(member, room, url.Values{"body": {"  "}}); r.code != 400 || !strings.Contains(r.body, "Your message is empty") {
		t.Errorf("empty: %d", r.code)
	}
	// Moderators hide; members cannot.
	msgs, _ := f.db.ListLiveMessages(context.Background(), nil, f.live.ID, "2026-11-01", 0, 100)
	last := msgs[len(msgs)-1]
	if r := f.post(member, fmt.Sprintf("%s/%d/hide", room, last.ID), nil); r.code != http.StatusForbidden {
		t.Errorf("member hides: %d", r.code)
	}
	if !strings.Contains(f.get(host, room).body, `/hide"`) || strings.Contains(f.get(member, room).body, `/hide"`) {
		t.Error("Hide buttons for the wrong people")
	}
	if r := f.post(host, fmt.Sprintf("%s/%d/hide", room, last.ID), nil); r.code != http.StatusSeeOther {
		t.Errorf("moderator hides: %d", r.code)
	}
	if strings.Contains(f.get(member, room).body, "555-867-5309") {
		t.Error("hidden message still shown")
	}
	// After the end: no posting, and the page points to the transcript.
	f.clock.Set(evStart.Add(2 * time.Hour))
	if r := f.post(member, room, url.Values{"body": {"Too late"}}); r.code != http.StatusConflict || !strings.Contains(r.body, "Too late") {
		t.Errorf("after the end: %d", r.code)
	}
	page = f.get(f.client(), room)
	if !strings.Contains(page.body, "This chat is not live right now") || !strings.Contains(page.body, "Read the transcript of") {
		t.Errorf("ended room:\n%s", page.body)
	}
	// The transcript thread, lazily archived on that request.
	re := regexp.MustCompile(`href="(/c/pub/t/\d+[^"]*)">Read the transcript`)
	m := re.FindStringSubmatch(page.body)
	if m == nil {
		t.Fatal("no transcript link")
	}
	thread := f.get(f.client(), m[1])
	if thread.code != 200 || !strings.Contains(thread.body, "Q1: What helps you sleep?") || !strings.Contains(thread.body, "A dark, cool room.") ||
		strings.Contains(thread.body, "555-867-5309") || strings.Contains(thread.body, "John Smith") {
		t.Errorf("transcript: %d\n%s", thread.code, thread.body)
	}
}

// sseEvent is one Server-Sent Event (or comment) as a client reads it.
type sseEvent struct {
	id, name, data string
}

// sseClient reads a stream in the background.
type sseClient struct {
	events chan sseEvent
	cancel context.CancelFunc
	res    *http.Response
}

// openStream connects to a live room's stream as a browser would.
func (f *evFixture) openStream(c *http.Client, base, path, lastID string) *sseClient {
	f.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", base+path, nil)
	req.Header.Set("Accept", "text/event-stream")
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	res, err := c.Do(req)
	if err != nil {
		cancel()
		f.t.Fatal(err)
	}
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" || res.Header.Get("Cache-Control") != "no-store" {
		cancel()
		f.t.Fatalf("stream: %d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
	}
	s := &sseClient{events: make(chan sseEvent, 1000), cancel: cancel, res: res}
	go func() {
		defer close(s.events)
		defer res.Body.Close()
		br := bufio.NewReader(res.Body)
		var ev sseEvent
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case line == "":
				if ev.name != "" || ev.data != "" {
					s.events <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, ":"):
				s.events <- sseEvent{name: "comment", data: strings.TrimSpace(line[1:])}
			case strings.HasPrefix(line, "id: "):
				ev.id = line[4:]
			case strings.HasPrefix(line, "event: "):
				ev.name = line[7:]
			case strings.HasPrefix(line, "data: "):
				ev.data = line[6:]
			}
		}
	}()
	f.t.Cleanup(cancel)
	return s
}

// next returns the next event that is not a comment, waiting at most d.
func (s *sseClient) next(t *testing.T, d time.Duration) sseEvent {
	t.Helper()
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatal("stream closed")
			}
			if ev.name != "comment" {
				return ev
			}
		case <-timer.C:
			t.Fatalf("no event within %v", d)
		}
	}
}

type streamMsg struct {
	ID     int64  `json:"id"`
	HTML   string `json:"html"`
	Kind   string `json:"kind"`
	Number int    `json:"number"`
}

func decode(t *testing.T, ev sseEvent) streamMsg {
	t.Helper()
	var m streamMsg
	if err := json.Unmarshal([]byte(ev.data), &m); err != nil {
		t.Fatalf("event %q: %v", ev.data, err)
	}
	return m
}

// Several clients at once: every message reaches every client within a
// second, in order, none lost; a client that reconnects with
// Last-Event-ID gets what it missed; a hidden message is removed live.
func TestLiveStream(t *testing.T) {
	f := newEvFixture(t)
	stream := "/events/" + id(f.live) + "/live/stream"
	room := "/events/" + id(f.live) + "/live"
	writers := []*http.Client{f.as("member_a"), f.as("member_b"), f.as("host_nurse")}
	var readers []*sseClient
	for i := 0; i < 4; i++ {
		readers = append(readers, f.openStream(f.client(), f.srv.URL, stream, ""))
	}
	modStream := f.openStream(writers[2], f.srv.URL, stream, "")
	const perWriter = 15
	var wg sync.WaitGroup
	for w, c := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWriter; i++ {
				req, _ := http.NewRequest("POST", f.srv.URL+room, strings.NewReader(url.Values{"body": {fmt.Sprintf("writer %d message %d", w, i)}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Sec-Fetch-Site", "same-origin")
				req.Header.Set("X-Requested-With", "live.js")
				res, err := c.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				if res.StatusCode != http.StatusCreated {
					t.Errorf("post: %d", res.StatusCode)
				}
			}
		}()
	}
	wg.Wait()
	total := perWriter * len(writers)
	want, _ := f.db.ListLiveMessages(context.Background(), nil, f.live.ID, "2026-11-01", 0, 1000)
	if len(want) != total {
		t.Fatalf("%d messages stored, want %d", len(want), total)
	}
	for n, s := range append(readers, modStream) {
		for i := 0; i < total; i++ {
			ev := s.next(t, 5*time.Second)
			m := decode(t, ev)
			if ev.name != "message" || ev.id != strconv.FormatInt(want[i].ID, 10) || m.ID != want[i].ID || !strings.Contains(m.HTML, want[i].Body) {
				t.Fatalf("client %d, message %d: %+v, want id %d", n, i, ev, want[i].ID)
			}
			// Only a moderator's stream carries Hide buttons.
			if hasHide := strings.Contains(m.HTML, "/hide"); hasHide != (s == modStream) {
				t.Fatalf("client %d: Hide button %v", n, hasHide)
			}
		}
	}

	// Latency: a message posted now reaches another client within a second.
	start := time.Now()
	if r := f.post(writers[0], room, url.Values{"body": {"quick one"}}); r.code != http.StatusSeeOther {
		t.Fatalf("post: %d", r.code)
	}
	ev := readers[0].next(t, time.Second)
	if d := time.Since(start); ev.name != "message" || !strings.Contains(ev.data, "quick one") || d > time.Second {
		t.Errorf("after %v: %+v", d, ev)
	}
	quick := decode(t, ev)

	// A reader drops out, two messages are posted, and it reconnects
	// with the last ID it saw: it gets exactly those two.
	readers[1].cancel()
	lastSeen := strconv.FormatInt(want[total-1].ID, 10)
	f.post(writers[1], room, url.Values{"body": {"missed one"}})
	f.post(writers[1], room, url.Values{"body": {"missed two"}})
	back := f.openStream(f.client(), f.srv.URL, stream, lastSeen)
	for _, want := range []string{"quick one", "missed one", "missed two"} {
		if ev := back.next(t, 5*time.Second); ev.name != "message" || !strings.Contains(ev.data, want) {
			t.Errorf("replay: %+v, want %q", ev, want)
		}
	}

	// A moderator hides "quick one": every stream is told, and a client
	// that reconnects after it hears of it too.
	if r := f.post(writers[2], fmt.Sprintf("%s/%d/hide", room, quick.ID), nil); r.code != http.StatusSeeOther {
		t.Fatalf("hide: %d", r.code)
	}
	for _, s := range []*sseClient{readers[0], back} {
		for {
			ev := s.next(t, 5*time.Second)
			if ev.name == "message" {
				continue // the missed ones, for readers[0]
			}
			if ev.name != "hide" || ev.data != fmt.Sprintf(`{"id":%d}`, quick.ID) || ev.id != "" {
				t.Errorf("hide event: %+v", ev)
			}
			break
		}
	}
	again := f.openStream(f.client(), f.srv.URL, stream, strconv.FormatInt(quick.ID, 10))
	if ev := again.next(t, 5*time.Second); ev.name != "hide" || !strings.Contains(ev.data, strconv.FormatInt(quick.ID, 10)) {
		t.Errorf("reconnect after a hide: %+v", ev)
	}

	// Idle streams get heartbeat comments.
	gotPing := false
	for deadline := time.After(5 * time.Second); !gotPing; {
		select {
		case ev := <-again.events:
			gotPing = ev.name == "comment" && ev.data == "ping"
		case <-deadline:
			t.Fatal("no heartbeat")
		}
	}

	// The server lets go of a stream whose client left.
	again.cancel()
	waitFor(t, func() bool { return web.LiveSubscribers(f.web, f.live.ID, "2026-11-01") == len(readers)-1+2 })
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !ok(); {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestLiveStreamEdges(t *testing.T) {
	f := newEvFixture(t)
	// Not live: 204, so that EventSource does not reconnect.
	if r := f.get(f.client(), "/events/"+id(f.weekly)+"/live/stream"); r.code != http.StatusNoContent {
		t.Errorf("stream of a room that is closed: %d", r.code)
	}
	// The stream ends with an "end" event when the session does.
	f.clock.Set(evStart.Add(110*time.Minute - 300*time.Millisecond)) // the session ends at 13:50
	s := f.openStream(f.client(), f.srv.URL, "/events/"+id(f.live)+"/live/stream", "")
	if ev := s.next(t, 5*time.Second); ev.name != "end" {
		t.Errorf("at the end: %+v", ev)
	}
	// A stream outlives the server's write timeout, which is for ordinary
	// requests: each write of the stream sets its own deadline.
	f.clock.Set(evStart)
	short := httptest.NewUnstartedServer(f.web)
	short.Config.ReadTimeout, short.Config.WriteTimeout = 200*time.Millisecond, 200*time.Millisecond
	short.Start()
	defer short.Close()
	s = f.openStream(f.client(), short.URL, "/events/"+id(f.live)+"/live/stream", "")
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); {
		if ev, ok := <-s.events; !ok {
			t.Fatalf("stream closed after the server's timeouts (last %+v)", ev)
		}
	}
	// Closing the server ends open streams.
	f.clock.Set(evStart)
	s = f.openStream(f.client(), f.srv.URL, "/events/"+id(f.live)+"/live/stream", "")
	f.web.Close()
	for deadline := time.After(5 * time.Second); ; {
		select {
		case _, ok := <-s.events:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("stream still open after Close")
		}
	}
}

func TestEventsAPI(t *testing.T) {
	f := newEvFixture(t)
	ctx := context.Background()
	tok, _ := f.db.CreateToken(ctx, f.members["member_a"].ID, "test")
	r := f.api("GET", "/api/v1/events", "", "")
	var list struct {
		Events []struct {
			ID       int64  `json:"id"`
			Title    string `json:"title"`
			TimeZone string `json:"time_zone"`
			RRule    string `json:"rrule"`
			Next     []struct {
				Start time.Time `json:"start"`
				Live  bool      `json:"live"`
			} `json:"next"`
		} `json:"events"`
	}
	if err := json.Unmarshal([]byte(r.body), &list); err != nil || r.code != 200 || len(list.Events) != 2 {
		t.Fatalf("anonymous list: %d %v\n%s", r.code, err, r.body)
	}
	for _, e := range list.Events {
		if e.ID == f.weekly.ID && (e.RRule != "FREQ=WEEKLY;BYDAY=SU" || e.TimeZone != "America/New_York" || !e.Next[0].Start.Equal(time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC))) {
			t.Errorf("weekly in the API: %+v", e)
		}
	}
	if r := f.api("GET", "/api/v1/events", tok, ""); !strings.Contains(r.body, "Private circle") {
		t.Error("a member's token does not list the private event")
	}
	if r := f.api("GET", "/api/v1/events/"+id(f.weekly), "", ""); r.code != 200 || !strings.Contains(r.body, `"schedule": "Every Sunday at 9:00 p.m., America/New York time"`) {
		t.Errorf("show: %d %s", r.code, r.body)
	}
	path := "/api/v1/events/" + id(f.live) + "/messages"
	if r := f.api("POST", path, "", `{"body":"hi"}`); r.code != http.StatusUnauthorized {
		t.Errorf("no token: %d", r.code)
	}
	if r := f.api("POST", path, tok, `{"body":"My number is 555-867-5309"}`); r.code != 400 || !strings.Contains(r.body, `"findings"`) || !strings.Contains(r.body, "PHONE") {
		t.Errorf("findings: %d %s", r.code, r.body)
	}
	r = f.api("POST", path, tok, `{"body":"Hello from the API"}`)
	if r.code != http.StatusCreated || !strings.Contains(r.body, `"author": "member_a"`) {
		t.Fatalf("post: %d %s", r.code, r.body)
	}
	if r := f.api("GET", path, "", ""); r.code != 200 || !strings.Contains(r.body, "Hello from the API") {
		t.Errorf("list: %d %s", r.code, r.body)
	}
	if r := f.api("POST", "/api/v1/events/"+id(f.private)+"/messages", f.mustToken("outsider"), `{"body":"hi"}`); r.code != 404 {
		t.Errorf("outsider posts in the private room: %d", r.code)
	}
	if r := f.api("POST", "/api/v1/events/"+id(f.weekly)+"/rsvp", tok, `{"date":"2026-11-08","going":true}`); r.code != 200 || !strings.Contains(r.body, `"going": true`) {
		t.Errorf("rsvp: %d %s", r.code, r.body)
	}
	if r := f.api("POST", "/api/v1/events/"+id(f.weekly)+"/messages", tok, `{"body":"hi"}`); r.code != http.StatusConflict {
		t.Errorf("post to a room that is closed: %d", r.code)
	}
}

func (f *evFixture) mustToken(handle string) string {
	tok, err := f.db.CreateToken(context.Background(), f.members[handle].ID, "test")
	if err != nil {
		f.t.Fatal(err)
	}
	return tok
}

// A live page is never cached, even with the page cache on, and live
// messages do not flush the cache of other pages.
func TestLivePagesAreNotCached(t *testing.T) {
	f := newEvFixture(t)
	srv := httptest.NewServer(web.NewServer(f.db, web.Config{PostsPerMinute: 1000, PageCacheTTL: time.Hour}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()
	get := func(path string) evResponse {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		return f.do(f.client(), req)
	}
	room := "/events/" + id(f.live) + "/live"
	first := get(room)
	if !strings.Contains(first.header.Get("Cache-Control"), "no-store") {
		t.Errorf("live page Cache-Control %q", first.header.Get("Cache-Control"))
	}
	if _, err := f.db.PostLiveMessage(context.Background(), f.members["member_a"], f.live.ID, hearth.NewLiveMessage{Body: "fresh message"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(get(room).body, "fresh message") {
		t.Error("the live page was served from a cache")
	}
	if r := get("/events"); r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("/events Cache-Control %q", r.header.Get("Cache-Control"))
	}
}

// Two servers on one PostgreSQL schema, as two nodes: a message posted on
// one reaches a stream on the other (LISTEN/NOTIFY), and so does a hide.
func TestLiveAcrossNodes(t *testing.T) {
	dsn := sqldbtest.NewPostgresDSN(t)
	ctx := context.Background()
	open := func() *sqldb.DB {
		db, err := sqldb.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		db.Render = markup.Render
		db.PasswordParams = &sqldb.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		t.Cleanup(func() { db.Close() })
		return db
	}
	a := newEvFixtureOn(t, open(), true)
	b := newEvFixtureOn(t, open(), false)
	stream := "/events/" + id(a.live) + "/live/stream"
	onB := b.openStream(b.client(), b.srv.URL, stream, "")
	waitFor(t, func() bool { return web.LiveListening(b.web) })
	start := time.Now()
	if r := a.post(a.as("member_a"), "/events/"+id(a.live)+"/live", url.Values{"body": {"posted on node A"}}); r.code != http.StatusSeeOther {
		t.Fatalf("post on A: %d %s", r.code, r.body)
	}
	var ev sseEvent
	for ev = onB.next(t, 5*time.Second); ev.name != "message"; ev = onB.next(t, 5*time.Second) {
	}
	if !strings.Contains(ev.data, "posted on node A") {
		t.Fatalf("node B got %+v", ev)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("node B got it after %v", d)
	}
	m := decode(t, ev)
	if r := a.post(a.as("host_nurse"), fmt.Sprintf("/events/%s/live/%d/hide", id(a.live), m.ID), nil); r.code != http.StatusSeeOther {
		t.Fatalf("hide on A: %d", r.code)
	}
	if ev := onB.next(t, 5*time.Second); ev.name != "hide" {
		t.Errorf("node B: %+v", ev)
	}
}

// The posting rate limit applies to the live room as to any post; the
// message comes back with the problem named and the text kept.
func TestLiveRateLimit(t *testing.T) {
	f := newEvFixture(t)
	srv := httptest.NewServer(web.NewServer(f.db, web.Config{PostsPerMinute: 2}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	defer srv.Close()
	c := f.client()
	post := func(path string, form url.Values) evResponse {
		req, _ := http.NewRequest("POST", srv.URL+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		return f.do(c, req)
	}
	if r := post("/signin", url.Values{"login": {"member_a"}, "password": {evPassword}}); r.code != http.StatusSeeOther {
		t.Fatal(r.code)
	}
	room := "/events/" + id(f.live) + "/live"
	for i := 0; i < 2; i++ {
		if r := post(room, url.Values{"body": {fmt.Sprintf("message %d", i)}}); r.code != http.StatusSeeOther {
			t.Fatalf("message %d: %d", i, r.code)
		}
	}
	r := post(room, url.Values{"body": {"one too many"}})
	if r.code != http.StatusTooManyRequests || !strings.Contains(r.body, "one too many</textarea>") || !strings.Contains(r.body, "You are posting very fast") {
		t.Errorf("third message in a minute: %d", r.code)
	}
}
