package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/ical"
	"github.com/hearth-community/hearth/live"
)

// Live events: the list, an event's page, its .ics, the community
// calendar feed, the form that schedules one and the reader's time zone.
// The live room and its stream are in events_live.go, the API in
// events_api.go.
//
// Times are shown in the reader's zone: ?tz= when given, else the zone
// saved on their account, else each event's own zone, always named on
// the page. events.js (tz.js) offers the zone the browser reports.

// eventState is the events' share of the Server.
type eventState struct {
	broker    *live.Broker
	heartbeat time.Duration
	// lastArchive is when (storage clock, Unix ms) ended sessions were
	// last archived on a request; see archiveLazily.
	lastArchive atomic.Int64
}

func newEventState(store Store, log *slog.Logger) *eventState {
	var bus live.Bus
	if pg, ok := store.(interface {
		live.Bus
		Dialect() string
	}); ok && pg.Dialect() == "postgres" {
		bus = pg
	}
	return &eventState{broker: live.New(bus, log), heartbeat: 15 * time.Second}
}

func (s *Server) eventRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /events", s.handleEventList)
	mux.HandleFunc("GET /events/new", s.handleEventNew)
	mux.HandleFunc("POST /events/new", s.handleEventCreate)
	mux.HandleFunc("GET /events/{id}", s.handleEventShow) // and /events/{id}.ics
	mux.HandleFunc("GET /events/{id}/edit", s.handleEventEdit)
	mux.HandleFunc("POST /events/{id}/edit", s.handleEventUpdate)
	mux.HandleFunc("POST /events/{id}/rsvp", s.handleEventRSVP)
	mux.HandleFunc("POST /events/{id}/sessions", s.handleEventSession)
	mux.HandleFunc("GET /events/{id}/live", s.handleLiveShow)
	mux.HandleFunc("POST /events/{id}/live", s.handleLivePost)
	mux.HandleFunc("POST /events/{id}/live/{mid}/hide", s.handleLiveHide)
	mux.HandleFunc("GET /events/{id}/live/stream", s.handleLiveStream)
	mux.HandleFunc("GET /c/{slug}/events.ics", s.handleCommunityCalendar)
	mux.HandleFunc("GET /settings/timezone", s.handleTimezoneForm)
	mux.HandleFunc("POST /settings/timezone", s.handleTimezoneSave)

	mux.HandleFunc("GET /api/v1/events", s.api(s.handleAPIEventList))
	mux.HandleFunc("GET /api/v1/events/{id}", s.api(s.handleAPIEventShow))
	mux.HandleFunc("GET /api/v1/events/{id}/messages", s.api(s.handleAPILiveList))
	mux.HandleFunc("POST /api/v1/events/{id}/messages", s.api(s.handleAPILivePost))
	mux.HandleFunc("POST /api/v1/events/{id}/rsvp", s.api(s.handleAPIEventRSVP))
}

// Close ends the live rooms' streams and stops listening for other nodes'
// notes; `hearth serve` calls it when it shuts down, so that open streams
// do not hold the shutdown up.
func (s *Server) Close() { s.events.broker.Close() }

// RunEventTasks archives the transcripts of ended sessions and sends the
// reminders that are due, every interval, until ctx ends. Both are
// claimed in the database, so every node may run it.
func (s *Server) RunEventTasks(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.store.ArchiveDue(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("archive event transcripts", "err", err)
		} else if n > 0 {
			s.eventsChanged()
		}
		if _, err := s.store.SendReminders(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("send event reminders", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// archiveLazily archives ended sessions on a request to the events pages,
// at most every 30 seconds of storage time, so that an installation
// without `hearth serve`'s ticker (or whose ticker has not run yet) still
// links each transcript as soon as someone looks.
func (s *Server) archiveLazily(ctx context.Context) {
	now := s.store.CurrentTime().UnixMilli()
	last := s.events.lastArchive.Load()
	if now >= last && now-last < 30_000 || !s.events.lastArchive.CompareAndSwap(last, now) {
		return
	}
	if n, err := s.store.ArchiveDue(ctx); err != nil {
		s.log.Error("archive event transcripts", "err", err)
	} else if n > 0 {
		s.eventsChanged()
	}
}

// eventsChanged drops cached pages that may list events or transcripts.
func (s *Server) eventsChanged() {
	if s.cache != nil {
		s.cache.invalidate("lists", "home")
	}
}

// eventWriteTags lists the cached pages a write under /events, to the
// events API or to /settings/timezone may change (pagecache.go): live
// messages, RSVPs and time zones change no cached page, so a busy chat
// leaves the cache alone; a new or changed schedule may show on lists.
func eventWriteTags(seg []string) []string {
	if seg[0] == "api" {
		seg = seg[2:] // "events", id, …
	}
	if seg[0] == "settings" || len(seg) >= 3 && (seg[2] == "live" || seg[2] == "rsvp" || seg[2] == "messages") {
		return nil
	}
	return []string{"lists", "home"}
}

// --- Time zones ------------------------------------------------------

// zoneChoice is the zone a page shows times in.
type zoneChoice struct {
	// Loc is nil when each event shows in its own zone.
	Loc  *time.Location
	Name string
	// FromQuery: chosen with ?tz= for this page only.
	FromQuery bool
	// Saved is the zone on the reader's account, if any.
	Saved string
	// Bad is an unknown ?tz= value, to say so.
	Bad string
}

// readerZone picks the zone: ?tz=, the reader's saved zone, or none.
func (s *Server) readerZone(r *http.Request) zoneChoice {
	var z zoneChoice
	if v := viewer(r); v != nil {
		if tz, err := s.store.MemberTimeZone(r.Context(), v); err == nil && tz != "" {
			z.Saved = tz
			if l, err := hearth.LoadZone(tz); err == nil {
				z.Loc, z.Name = l, tz
			}
		}
	}
	if q := strings.TrimSpace(r.URL.Query().Get("tz")); q != "" {
		if l, err := hearth.LoadZone(q); err == nil {
			z.Loc, z.Name, z.FromQuery = l, l.String(), true
		} else {
			z.Bad = q
		}
	}
	return z
}

// in returns the zone to show an event's times in.
func (z zoneChoice) in(e *hearth.Event) *time.Location {
	if z.Loc != nil {
		return z.Loc
	}
	return e.Location()
}

// query is the ?tz= to carry on links, when the zone came from one.
func (z zoneChoice) query() string {
	if z.FromQuery {
		return "?tz=" + url.QueryEscape(z.Name)
	}
	return ""
}

// zoneNoteView is what the zoneNote partial needs.
type zoneNoteView struct {
	Name, Label, Bad, Here string
	FromQuery, SignedIn    bool
}

// note describes the choice for the page at here (a path without ?tz=).
func (z zoneChoice) note(here string, signedIn bool) zoneNoteView {
	n := zoneNoteView{Name: z.Name, Bad: z.Bad, Here: here, FromQuery: z.FromQuery, SignedIn: signedIn}
	if z.Name != "" {
		n.Label = zoneLabel(z.Name)
	}
	return n
}

// zoneLabel names a zone for readers: "America/New_York time".
func zoneLabel(name string) string {
	return strings.ReplaceAll(name, "_", " ") + " time"
}

// commonZones fill the time zone fields' suggestions; any IANA name works.
var commonZones = []string{
	"America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage",
	"Pacific/Honolulu", "America/Puerto_Rico", "America/Toronto", "America/Vancouver", "America/Halifax", "America/St_Johns",
	"America/Mexico_City", "America/Bogota", "America/Lima", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
	"Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Madrid", "Europe/Rome",
	"Europe/Amsterdam", "Europe/Stockholm", "Europe/Warsaw", "Europe/Athens", "Europe/Kyiv", "Europe/Istanbul",
	"Africa/Lagos", "Africa/Nairobi", "Africa/Johannesburg", "Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka",
	"Asia/Bangkok", "Asia/Singapore", "Asia/Manila", "Asia/Shanghai", "Asia/Tokyo", "Asia/Seoul", "Australia/Perth",
	"Australia/Adelaide", "Australia/Brisbane", "Australia/Sydney", "Pacific/Auckland", "UTC",
}

// --- Formatting ------------------------------------------------------

// dayText is "Sunday, March 8, 2026".
func dayText(t time.Time) string { return t.Format("Monday, January 2, 2006") }

// spanText says when a session runs, in loc: "Sunday, March 8, 2026,
// 9:00 p.m. to 10:00 p.m. EDT".
func spanText(start, end time.Time, loc *time.Location) string {
	start, end = start.In(loc), end.In(loc)
	s := dayText(start) + ", " + hearth.ClockTime(start)
	if sy, sm, sd := start.Date(); func() bool { ey, em, ed := end.Date(); return sy != ey || sm != em || sd != ed }() {
		return s + " " + start.Format("MST") + " to " + end.Format("Monday") + " " + hearth.ClockTime(end) + " " + end.Format("MST")
	}
	if start.Format("MST") != end.Format("MST") {
		return s + " " + start.Format("MST") + " to " + hearth.ClockTime(end) + " " + end.Format("MST")
	}
	return s + " to " + hearth.ClockTime(end) + " " + end.Format("MST")
}

// occView is a session as pages show it.
type occView struct {
	Date      string
	When      string
	ISO       string
	WasWhen   string // before it moved
	Live      bool
	Skipped   bool
	Moved     bool
	Started   bool
	RSVP      *hearth.RSVP
	OpensWhen string
}

func newOccView(o hearth.Occurrence, loc *time.Location, now time.Time) *occView {
	v := &occView{Date: o.Date, When: spanText(o.Start, o.End, loc), ISO: o.Start.UTC().Format(time.RFC3339),
		Live: o.OpenAt(now), Skipped: o.Skipped, Moved: o.Moved, Started: !now.Before(o.Start),
		OpensWhen: hearth.ClockTime(o.OpensAt().In(loc)) + " " + o.OpensAt().In(loc).Format("MST")}
	if o.Moved {
		v.WasWhen = spanText(o.Scheduled, o.Scheduled.Add(o.End.Sub(o.Start)), loc)
	}
	return v
}

// scheduleText is the rule in the event's zone, named.
func scheduleText(e *hearth.Event) string {
	return e.Schedule() + ", " + zoneLabel(e.TimeZone)
}

// --- The list --------------------------------------------------------

type eventItem struct {
	E        *hearth.Event
	Next     *occView
	Schedule string
	sortKey  time.Time
}

type eventGroup struct {
	Slug, Name string
	Items      []*eventItem
}

func (s *Server) handleEventList(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	s.archiveLazily(r.Context())
	slug := r.URL.Query().Get("c")
	events, err := s.store.ListEvents(r.Context(), v, slug)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	z := s.readerZone(r)
	now := s.store.CurrentTime()
	var liveNow []*eventItem
	groups := map[string]*eventGroup{}
	for _, e := range events {
		o, ok := e.Next(now)
		if !ok {
			continue
		}
		it := &eventItem{E: e, Next: newOccView(o, z.in(e), now), Schedule: scheduleText(e), sortKey: o.Start}
		if it.Next.Live {
			liveNow = append(liveNow, it)
		}
		g := groups[e.CommunitySlug]
		if g == nil {
			g = &eventGroup{Slug: e.CommunitySlug, Name: e.CommunityName}
			groups[e.CommunitySlug] = g
		}
		g.Items = append(g.Items, it)
	}
	var list []*eventGroup
	for _, g := range groups {
		sort.Slice(g.Items, func(i, j int) bool { return g.Items[i].sortKey.Before(g.Items[j].sortKey) })
		list = append(list, g)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	var community *hearth.Community
	if slug != "" {
		community, _ = s.store.FindCommunity(r.Context(), v, slug)
	}
	canCreate := false
	if v != nil {
		if cs, err := s.store.ListCommunities(r.Context(), v); err == nil {
			for _, c := range cs {
				canCreate = canCreate || c.CanModerate(v)
			}
		}
	}
	title := "Live events"
	if community != nil {
		title = "Live events in " + community.Name
	}
	w.Header().Set("Cache-Control", "no-store") // "live now" changes by the minute
	s.render(w, r, http.StatusOK, "events.html", &view{Title: title,
		Description: "Scheduled live chats with clinicians and peers, shown in your time zone.",
		NoIndex:     community != nil && community.Visibility != hearth.Public,
		Data: map[string]any{"Groups": list, "Live": liveNow, "Zone": z, "Community": community, "CanCreate": canCreate,
			"ZoneQuery": z.query(), "ZoneNote": z.note(r.URL.Path+queryWithout(r, "tz"), v != nil)}})
}

// queryWithout is the request's query without one key, as "?…" or "".
func queryWithout(r *http.Request, key string) string {
	q := r.URL.Query()
	q.Del(key)
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// --- One event -------------------------------------------------------

// findPathEvent loads the event named in the path.
func (s *Server) findPathEvent(r *http.Request) (*hearth.Event, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.store.FindEvent(r.Context(), viewer(r), id)
}

// canManageEvent: hosts, the community's moderators and site staff.
func canManageEvent(v *hearth.Member, e *hearth.Event) bool {
	return v != nil && (v.IsStaff() || e.IsModerator || e.IsHost)
}

type sessionView struct {
	*hearth.EventSession
	When string
	URL  string
}

func (s *Server) handleEventShow(w http.ResponseWriter, r *http.Request) {
	if raw := r.PathValue("id"); strings.HasSuffix(raw, ".ics") {
		s.handleEventICS(w, r, strings.TrimSuffix(raw, ".ics"))
		return
	}
	s.renderEvent(w, r, http.StatusOK, &form{Values: map[string]string{}})
}

// renderEvent shows an event's page, with f carrying a session change
// that came back with a problem.
func (s *Server) renderEvent(w http.ResponseWriter, r *http.Request, status int, f *form) {
	s.archiveLazily(r.Context())
	e, err := s.findPathEvent(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := viewer(r)
	z := s.readerZone(r)
	loc := z.in(e)
	now := s.store.CurrentTime()
	var liveOcc *occView
	if o, ok := e.Live(now); ok {
		liveOcc = newOccView(o, loc, now)
	}
	var upcoming []*occView
	for i, o := range e.Upcoming(now, 8) {
		ov := newOccView(o, loc, now)
		if v != nil && !o.Skipped && i < 4 {
			ov.RSVP, _ = s.store.FindRSVP(r.Context(), v, e.ID, o.Date)
		}
		upcoming = append(upcoming, ov)
	}
	sessions, err := s.store.ListSessions(r.Context(), v, e.ID)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var past []sessionView
	for _, ss := range sessions {
		if !ss.End.After(now) {
			sv := sessionView{EventSession: ss, When: spanText(ss.Start, ss.End, loc)}
			if ss.ThreadID > 0 {
				sv.URL = threadURL(&hearth.Thread{ID: ss.ThreadID, CommunitySlug: e.CommunitySlug, Title: ss.ThreadTitle})
			}
			past = append(past, sv)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "event.html", &view{Title: e.Title, Description: scheduleText(e) + ". A live chat in " + e.CommunityName + ".",
		NoIndex: e.Visibility != hearth.Public,
		Data: map[string]any{"E": e, "Zone": z, "Schedule": scheduleText(e), "Live": liveOcc, "Upcoming": upcoming, "Past": past,
			"CanManage": canManageEvent(v, e), "Ended": e.Ended(now), "Form": f, "ZoneQuery": z.query(),
			"Here": r.URL.Path, "EventZone": zoneLabel(e.TimeZone), "ZoneNote": z.note(r.URL.Path, v != nil),
			"HostedBy": s.eventHosts(r, e.ID)}}) // directory_links.go
}

func (s *Server) handleEventICS(w http.ResponseWriter, r *http.Request, raw string) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		s.errorPage(w, r, hearth.Errorf(hearth.ENotFound, "There is no calendar at this address."))
		return
	}
	e, err := s.store.FindEvent(r.Context(), viewer(r), id)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.writeCalendar(w, r, e.Title, fmt.Sprintf("event-%d.ics", e.ID), e.Visibility, []*hearth.Event{e})
}

// handleCommunityCalendar is the feed of a community's events, for
// calendar apps to subscribe to.
func (s *Server) handleCommunityCalendar(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	c, err := s.store.FindCommunity(r.Context(), viewer(r), slug)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	events, err := s.store.ListEvents(r.Context(), viewer(r), slug)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.writeCalendar(w, r, c.Name+" live events", slug+"-events.ics", c.Visibility, events)
}

func (s *Server) writeCalendar(w http.ResponseWriter, r *http.Request, name, file string, vis hearth.Visibility, events []*hearth.Event) {
	body := ical.Write(ical.Calendar{Name: name, BaseURL: s.baseURL(r), Now: s.store.CurrentTime()}, events)
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="`+file+`"`)
	if vis == hearth.Public {
		h.Set("Cache-Control", "public, max-age=300")
	} else {
		// A calendar of a community that is not public is for the reader
		// who asked, and for no shared cache.
		h.Set("Cache-Control", "private, no-store")
		h.Set("X-Robots-Tag", "noindex")
	}
	w.Write([]byte(body))
}

// --- RSVP and session changes ----------------------------------------

func (s *Server) handleEventRSVP(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	v := viewer(r)
	if err == nil && v == nil {
		http.Redirect(w, r, fmt.Sprintf("/signin?next=/events/%d", id), http.StatusSeeOther)
		return
	}
	date := r.PostFormValue("date")
	if err == nil {
		err = s.store.SetRSVP(r.Context(), v, id, date, r.PostFormValue("going") == "yes")
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/events/%d%s#s-%s", id, safeZoneQuery(r.PostFormValue("tz")), date), http.StatusSeeOther)
}

// safeZoneQuery carries a known ?tz= through a form post.
func safeZoneQuery(tz string) string {
	if tz == "" {
		return ""
	}
	if l, err := hearth.LoadZone(tz); err == nil {
		return "?tz=" + url.QueryEscape(l.String())
	}
	return ""
}

// handleEventSession skips, moves or restores one session.
func (s *Server) handleEventSession(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "action", "date", "new_date", "new_time")
	e, err := s.findPathEvent(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := viewer(r)
	date := f.Values["date"]
	switch f.Values["action"] {
	case "skip":
		err = s.store.SetException(r.Context(), v, e.ID, hearth.Exception{Date: date, Skip: true})
	case "restore":
		err = s.store.ClearException(r.Context(), v, e.ID, date)
	case "move":
		var moved time.Time
		moved, err = time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(f.Values["new_date"])+" "+strings.TrimSpace(f.Values["new_time"]), e.Location())
		if err != nil {
			err = hearth.FieldErrorf("moved_to", "Please give the new date and time, like 2026-03-14 and 19:30.")
		} else {
			err = s.store.SetException(r.Context(), v, e.ID, hearth.Exception{Date: date, MovedTo: moved})
		}
	default:
		err = hearth.Errorf(hearth.EInvalid, "Please choose what to do with the session.")
	}
	if err != nil {
		s.logIfInternal(r, err)
		if c := hearth.ErrorCode(err); c == hearth.EForbidden || c == hearth.EUnauthorized || c == hearth.ENotFound {
			s.errorPage(w, r, err)
			return
		}
		f.fail(err)
		s.renderEvent(w, r, statusOf(err), f)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/events/%d#manage", e.ID), http.StatusSeeOther)
}

// --- Scheduling form -------------------------------------------------

var eventFields = []string{"community", "title", "description", "hosts", "date", "time", "time_zone", "duration", "repeat", "until"}

func newEventFromForm(f *form) hearth.NewEvent {
	return hearth.NewEvent{Title: f.Values["title"], Description: f.Values["description"], Hosts: f.Values["hosts"], Date: f.Values["date"],
		Time: f.Values["time"], TimeZone: f.Values["time_zone"], Duration: f.Values["duration"], Repeat: f.Values["repeat"], Until: f.Values["until"]}
}

// eventFormValues fills the form from an event, for editing.
func eventFormValues(e *hearth.Event) *form {
	repeat := string(e.Repeat)
	if e.Repeat == hearth.RepeatMonthly && e.MonthWeek == -1 {
		repeat = "monthly_last"
	}
	return &form{Values: map[string]string{"community": e.CommunitySlug, "title": e.Title, "description": e.Description,
		"hosts": strings.Join(e.Hosts, ", "), "date": e.StartDate, "time": e.StartTime, "time_zone": e.TimeZone,
		"duration": strconv.Itoa(int(e.Duration / time.Minute)), "repeat": repeat, "until": e.Until}}
}

func (s *Server) handleEventNew(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	if v == nil {
		http.Redirect(w, r, "/signin?next=/events/new", http.StatusSeeOther)
		return
	}
	z := s.readerZone(r)
	f := &form{Values: map[string]string{"community": r.URL.Query().Get("c"), "hosts": v.Handle, "time": "19:00", "duration": "60", "repeat": "weekly",
		"time_zone": "America/New_York"}}
	if z.Name != "" {
		f.Values["time_zone"] = z.Name
	}
	if loc, err := hearth.LoadZone(f.Values["time_zone"]); err == nil {
		f.Values["date"] = s.store.CurrentTime().In(loc).AddDate(0, 0, 7).Format("2006-01-02")
	}
	s.renderEventForm(w, r, http.StatusOK, nil, f)
}

func (s *Server) renderEventForm(w http.ResponseWriter, r *http.Request, status int, e *hearth.Event, f *form) {
	v := viewer(r)
	var choices []*hearth.Community
	if e == nil {
		cs, err := s.store.ListCommunities(r.Context(), v)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		for _, c := range cs {
			if c.CanModerate(v) {
				choices = append(choices, c)
			}
		}
		if len(choices) == 0 {
			s.errorPage(w, r, hearth.Errorf(hearth.EForbidden, "Only community moderators can schedule events. Ask a moderator of your community."))
			return
		}
	}
	title := "Schedule a live event"
	if e != nil {
		title = "Change " + e.Title
	}
	s.render(w, r, status, "event_form.html", &view{Title: title, NoIndex: true, Data: map[string]any{
		"Form": f, "Event": e, "Communities": choices, "Zones": commonZones}})
}

func (s *Server) handleEventCreate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	r.ParseForm()
	f := newForm(r, eventFields...)
	e, err := s.store.CreateEvent(r.Context(), viewer(r), f.Values["community"], newEventFromForm(f))
	if err != nil {
		s.logIfInternal(r, err)
		if hearth.ErrorCode(err) == hearth.EUnauthorized {
			http.Redirect(w, r, "/signin?next=/events/new", http.StatusSeeOther)
			return
		}
		if hearth.ErrorCode(err) == hearth.ENotFound && hearth.ErrorField(err) == "" {
			err = hearth.FieldErrorf("community", "Please choose a community you moderate.")
		}
		s.renderEventForm(w, r, statusOf(err), nil, f.fail(err))
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/events/%d", e.ID), http.StatusSeeOther)
}

func (s *Server) handleEventEdit(w http.ResponseWriter, r *http.Request) {
	e, err := s.findPathEvent(r)
	if err == nil && !canManageEvent(viewer(r), e) {
		err = hearth.Errorf(hearth.EForbidden, "Only the hosts and the community's moderators can change this event.")
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.renderEventForm(w, r, http.StatusOK, e, eventFormValues(e))
}

func (s *Server) handleEventUpdate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	r.ParseForm()
	f := newForm(r, eventFields...)
	e, err := s.findPathEvent(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if _, err := s.store.UpdateEvent(r.Context(), viewer(r), e.ID, newEventFromForm(f)); err != nil {
		s.logIfInternal(r, err)
		if c := hearth.ErrorCode(err); c == hearth.EForbidden || c == hearth.EUnauthorized {
			s.errorPage(w, r, err)
			return
		}
		f.Values["community"] = e.CommunitySlug
		s.renderEventForm(w, r, statusOf(err), e, f.fail(err))
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/events/%d", e.ID), http.StatusSeeOther)
}

// --- The reader's time zone ------------------------------------------

func (s *Server) handleTimezoneForm(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if r.URL.Query().Get("next") == "" {
		next = "/events"
	}
	// Signed out, the form is a GET that comes back here with a zone to
	// show the next page in.
	if tz := r.URL.Query().Get("tz"); tz != "" {
		l, err := hearth.LoadZone(tz)
		if err != nil {
			s.renderTimezone(w, r, statusOf(err), next, (&form{Values: map[string]string{"time_zone": tz}}).fail(err))
			return
		}
		sep := "?"
		if strings.Contains(next, "?") {
			sep = "&"
		}
		http.Redirect(w, r, next+sep+"tz="+url.QueryEscape(l.String()), http.StatusSeeOther)
		return
	}
	z := s.readerZone(r)
	s.renderTimezone(w, r, http.StatusOK, next, &form{Values: map[string]string{"time_zone": z.Saved}})
}

func (s *Server) renderTimezone(w http.ResponseWriter, r *http.Request, status int, next string, f *form) {
	s.render(w, r, status, "settings_timezone.html", &view{Title: "Your time zone", NoIndex: true, Data: map[string]any{
		"Form": f, "Next": next, "Zones": commonZones, "Saved": s.readerZone(r).Saved}})
}

func (s *Server) handleTimezoneSave(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.PostFormValue("next"))
	if r.PostFormValue("next") == "" {
		next = "/events"
	}
	v := viewer(r)
	if v == nil {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape("/settings/timezone?next="+next), http.StatusSeeOther)
		return
	}
	f := newForm(r, "time_zone")
	zone := strings.TrimSpace(f.Values["time_zone"])
	if r.PostFormValue("action") == "clear" {
		zone = ""
	}
	if err := s.store.SetMemberTimeZone(r.Context(), v, zone); err != nil {
		s.logIfInternal(r, err)
		s.renderTimezone(w, r, statusOf(err), next, f.fail(err))
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}
