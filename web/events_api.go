package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/hearth-community/hearth"
)

// The events API: what the pages show, as JSON, with times in UTC
// (RFC 3339) beside each event's own zone.

// apiSession is a session in JSON.
type apiSession struct {
	hearth.Occurrence
	Live bool `json:"live"`
}

// apiEvent is an event in JSON with its next sessions.
type apiEvent struct {
	*hearth.Event
	DurationMinutes int          `json:"duration_minutes"`
	Schedule        string       `json:"schedule"`
	RRule           string       `json:"rrule,omitempty"`
	Next            []apiSession `json:"next"`
	URL             string       `json:"url"`
	LiveURL         string       `json:"live_url"`
	ICS             string       `json:"ics"`
	// HostedBy lists the directory entries linked to the event or its
	// community (directory_links.go).
	HostedBy []hearth.OrgRef `json:"hosted_by"`
}

func newAPIEvent(e *hearth.Event, now time.Time, n int) *apiEvent {
	a := &apiEvent{Event: e, DurationMinutes: int(e.Duration / time.Minute), Schedule: scheduleText(e), RRule: e.RRule(),
		Next: []apiSession{}, HostedBy: []hearth.OrgRef{}, URL: fmt.Sprintf("/events/%d", e.ID), LiveURL: fmt.Sprintf("/events/%d/live", e.ID), ICS: fmt.Sprintf("/events/%d.ics", e.ID)}
	for _, o := range e.Upcoming(now, n) {
		a.Next = append(a.Next, apiSession{Occurrence: o, Live: o.OpenAt(now)})
	}
	return a
}

func (s *Server) handleAPIEventList(w http.ResponseWriter, r *http.Request) error {
	s.archiveLazily(r.Context())
	events, err := s.store.ListEvents(r.Context(), viewer(r), r.URL.Query().Get("community"))
	if err != nil {
		return err
	}
	now := s.store.CurrentTime()
	out := []*apiEvent{}
	for _, e := range events {
		if _, ok := e.Next(now); ok {
			out = append(out, newAPIEvent(e, now, 3))
		}
	}
	ids := make([]int64, len(out))
	for i, ae := range out {
		ids[i] = ae.ID
	}
	hosts := s.eventsHosts(r, ids) // directory_links.go
	for _, ae := range out {
		ae.HostedBy = hosts[ae.ID]
	}
	return writeJSON(w, http.StatusOK, map[string]any{"events": out})
}

func (s *Server) handleAPIEventShow(w http.ResponseWriter, r *http.Request) error {
	s.archiveLazily(r.Context())
	e, err := s.findPathEvent(r)
	if err != nil {
		return err
	}
	sessions, err := s.store.ListSessions(r.Context(), viewer(r), e.ID)
	if err != nil {
		return err
	}
	type apiPast struct {
		*hearth.EventSession
		Transcript string `json:"transcript,omitempty"`
	}
	past := []apiPast{}
	for _, ss := range sessions {
		p := apiPast{EventSession: ss}
		if ss.ThreadID > 0 {
			p.Transcript = threadURL(&hearth.Thread{ID: ss.ThreadID, CommunitySlug: e.CommunitySlug, Title: ss.ThreadTitle})
		}
		past = append(past, p)
	}
	ae := newAPIEvent(e, s.store.CurrentTime(), 10)
	ae.HostedBy = s.eventHosts(r, e.ID) // directory_links.go
	return writeJSON(w, http.StatusOK, map[string]any{"event": ae, "sessions": past})
}

// handleAPILiveList lists the live session's messages after ?after=ID.
func (s *Server) handleAPILiveList(w http.ResponseWriter, r *http.Request) error {
	e, err := s.findPathEvent(r)
	if err != nil {
		return err
	}
	o, ok := e.Live(s.store.CurrentTime())
	if !ok {
		return hearth.Errorf(hearth.EConflict, "This event is not live right now.")
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	msgs, err := s.store.ListLiveMessages(r.Context(), viewer(r), e.ID, o.Date, after, 500)
	if err != nil {
		return err
	}
	if msgs == nil {
		msgs = []*hearth.LiveMessage{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"date": o.Date, "messages": msgs, "stream": fmt.Sprintf("/events/%d/live/stream", e.ID)})
}

// handleAPILivePost posts {"body", "topic", "question", "publish_anyway"}
// to the live session.
func (s *Server) handleAPILivePost(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Body          string
		Topic         int
		Question      bool
		PublishAnyway bool `json:"publish_anyway"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if viewer(r) == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Send a personal access token to post.")
	}
	m, err := s.postLive(r.Context(), viewer(r), id, hearth.NewLiveMessage{Body: in.Body, Topic: in.Topic, Question: in.Question}, in.PublishAnyway)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, m)
}

// handleAPIEventRSVP records {"date", "going"} for the token's member.
func (s *Server) handleAPIEventRSVP(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Date  string
		Going bool
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.store.SetRSVP(r.Context(), viewer(r), id, in.Date, in.Going); err != nil {
		return err
	}
	rsvp, err := s.store.FindRSVP(r.Context(), viewer(r), id, in.Date)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rsvp)
}
