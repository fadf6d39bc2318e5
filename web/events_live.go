package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/live"
)

// The live room of a session: a page that lists its messages with a form
// to post (it works by reloading without JavaScript), and a stream of
// Server-Sent Events that live.js reads to show new messages and remove
// hidden ones as they happen.
//
// The stream: each message is an event with its ID (id: N), so that a
// browser that reconnects sends Last-Event-ID and gets what it missed
// from the database; comments keep idle connections open; a client that
// cannot keep up is cut off (write deadline) and catches up when it
// reconnects. Per client, the server holds a one-slot wake-up and the
// last ID sent (package live), never a queue of messages.

// roomKey names a session's room for the broker.
func roomKey(eventID int64, date string) string {
	return "e" + strconv.FormatInt(eventID, 10) + "/" + date
}

// msgView is what the liveMessage partial needs.
type msgView struct {
	M       *hearth.LiveMessage
	EventID int64
	When    string
	ISO     string
	CanHide bool
}

func newMsgView(m *hearth.LiveMessage, e *hearth.Event, loc *time.Location, canHide bool) msgView {
	t := m.CreatedAt.In(loc)
	return msgView{M: m, EventID: e.ID, When: hearth.ClockTime(t), ISO: m.CreatedAt.UTC().Format(time.RFC3339), CanHide: canHide}
}

// canHide: site staff and the community's moderators.
func canHide(v *hearth.Member, e *hearth.Event) bool {
	return v != nil && (v.IsStaff() || e.IsModerator)
}

// liveMessageLimit bounds the messages the page lists; the stream and the
// transcript have them all.
const liveMessageLimit = 500

func (s *Server) handleLiveShow(w http.ResponseWriter, r *http.Request) {
	s.renderLive(w, r, http.StatusOK, &form{Values: map[string]string{}}, nil)
}

// renderLive shows the live room with the compose form f, and the
// privacy guard's findings when a message came back with them.
func (s *Server) renderLive(w http.ResponseWriter, r *http.Request, status int, f *form, findings []fieldFinding) {
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
	data := map[string]any{"E": e, "Zone": z, "Form": f, "ZoneQuery": z.query(), "Here": r.URL.Path}
	o, live := e.Live(now)
	if live {
		msgs, err := s.store.ListLiveMessages(r.Context(), v, e.ID, o.Date, 0, 1<<20)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		if len(msgs) > liveMessageLimit {
			data["Earlier"] = len(msgs) - liveMessageLimit
			msgs = msgs[len(msgs)-liveMessageLimit:]
		}
		var views []msgView
		var questions []*hearth.LiveMessage
		var last int64
		for _, m := range msgs {
			views = append(views, newMsgView(m, e, loc, canHide(v, e)))
			if m.Kind == hearth.LiveKindQuestion {
				questions = append(questions, m)
			}
			last = m.ID
		}
		c, err := s.store.FindCommunity(r.Context(), v, e.CommunitySlug)
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		// The form answers the latest question unless the member chose.
		topic, err := strconv.Atoi(f.Values["topic"])
		if err != nil && len(questions) > 0 {
			topic = questions[len(questions)-1].Number
		}
		data["Topic"] = topic
		data["NextQ"] = len(questions) + 1
		type option struct {
			Number int
			Label  string
		}
		var opts []option
		for _, q := range questions {
			opts = append(opts, option{q.Number, oneLine(q.Body, 60)})
		}
		data["QuestionOpts"] = opts
		data["Occ"] = newOccView(o, loc, now)
		data["Messages"] = views
		data["Questions"] = questions
		data["LastID"] = last
		data["CanPost"] = c.CanPost(v)
		data["CanAsk"] = c.CanPost(v) && (e.IsHost || c.CanModerate(v))
		data["Community"] = c
		data["Stream"] = fmt.Sprintf("/events/%d/live/stream", e.ID)
	} else if next, ok := e.Next(now); ok {
		data["Next"] = newOccView(next, loc, now)
	}
	if len(findings) > 0 {
		var list []findingView
		text := f.Values["body"]
		for i, fi := range findings {
			before, after := around(text, fi.Start, fi.End, 40)
			list = append(list, findingView{N: i + 1, Field: fi.Field, Before: before, Text: fi.Text, After: after, Label: fi.Type.Label()})
		}
		data["Findings"] = list
		data["Held"] = v != nil && v.Role.HeldForReview()
	}
	if ss, err := s.store.ListSessions(r.Context(), v, e.ID); err == nil {
		for _, x := range ss {
			if x.ThreadID > 0 {
				data["Transcript"] = sessionView{EventSession: x, When: spanText(x.Start, x.End, loc),
					URL: threadURL(&hearth.Thread{ID: x.ThreadID, CommunitySlug: e.CommunitySlug, Title: x.ThreadTitle})}
				break
			}
		}
	}
	title := "Live: " + e.Title
	// The room changes with every message: no cache may keep it.
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "event_live.html", &view{Title: title, NoIndex: true, Data: data})
}

// postLive runs the privacy guard and the rate limit, then posts. The
// findings come back in a *privacyError, as for posts.
func (s *Server) postLive(ctx context.Context, v *hearth.Member, id int64, n hearth.NewLiveMessage, confirmed bool) (*hearth.LiveMessage, error) {
	if v == nil {
		return s.store.PostLiveMessage(ctx, v, id, n) // which asks to sign in
	}
	if err := n.Validate(); err != nil {
		return nil, err
	}
	hold, err := guard(v, confirmed, textField{"body", n.Body})
	if err != nil {
		return nil, err
	}
	if hold != nil {
		// guard's message offers review; a live room has none, so the
		// findings come back with a message that says what to do.
		pe := &privacyError{findings: scanFields(textField{"body", n.Body}), texts: map[string]string{"body": n.Body},
			err: &hearth.Error{Code: hearth.EInvalid, Field: "body", Message: findingsSummary(len(hold.Findings)) +
				". Clinicians and staff cannot post details like these in a live chat, where no moderator can check them first. Please take them out and send again."}}
		return nil, pe
	}
	if err := s.allowPost(ctx, v); err != nil {
		return nil, err
	}
	m, err := s.store.PostLiveMessage(ctx, v, id, n)
	if err != nil {
		return nil, err
	}
	if err := s.events.broker.Publish(ctx, roomKey(id, m.Date), live.Messages); err != nil {
		// The message is saved; streams see it at their next wake-up or
		// reconnection.
		s.log.Error("live: publish", "err", err)
	}
	return m, nil
}

// liveForm reads the compose form.
func liveForm(r *http.Request) (*form, hearth.NewLiveMessage) {
	f := newForm(r, "body", "topic")
	topic, _ := strconv.Atoi(f.Values["topic"])
	return f, hearth.NewLiveMessage{Body: f.Values["body"], Topic: topic, Question: r.PostFormValue("question") == "1"}
}

func (s *Server) handleLivePost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, hearth.Errorf(hearth.ETooLarge, "That message is far too long to send. Please shorten it."))
		return
	}
	js := r.Header.Get("X-Requested-With") == "live.js"
	f, n := liveForm(r)
	id, err := pathID(r, "id")
	v := viewer(r)
	if err == nil && v == nil {
		if js {
			writeJSONError(w, hearth.Errorf(hearth.EUnauthorized, "Please sign in to take part in the chat."))
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/signin?next=/events/%d/live", id), http.StatusSeeOther)
		return
	}
	var m *hearth.LiveMessage
	if err == nil {
		m, err = s.postLive(r.Context(), v, id, n, confirmed(r))
	}
	if js {
		// live.js posts without leaving the page: it learns the outcome
		// here and the message itself from the stream.
		if err != nil {
			s.logIfInternal(r, err)
			writeJSONError(w, err)
			return
		}
		writeJSON(w, http.StatusCreated, map[string]any{"id": m.ID})
		return
	}
	if err != nil {
		s.logIfInternal(r, err)
		var pe *privacyError
		if errors.As(err, &pe) {
			f.fail(err)
			s.renderLive(w, r, http.StatusOK, f, pe.findings)
			return
		}
		f.fail(err)
		s.renderLive(w, r, statusOf(err), f, nil)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/events/%d/live%s#m%d", id, safeZoneQuery(r.PostFormValue("tz")), m.ID), http.StatusSeeOther)
}

func (s *Server) handleLiveHide(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	var mid int64
	if err == nil {
		mid, err = pathID(r, "mid")
	}
	var m *hearth.LiveMessage
	if err == nil {
		m, err = s.store.HideLiveMessage(r.Context(), viewer(r), id, mid)
	}
	js := r.Header.Get("X-Requested-With") == "live.js"
	if err != nil {
		if js {
			writeJSONError(w, err)
			return
		}
		s.errorPage(w, r, err)
		return
	}
	if err := s.events.broker.Publish(r.Context(), roomKey(id, m.Date), live.Hides); err != nil {
		s.log.Error("live: publish", "err", err)
	}
	if js {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/events/%d/live#messages", id), http.StatusSeeOther)
}

// renderMessage renders one message as the page does, for the stream.
func (s *Server) renderMessage(mv msgView) (string, error) {
	var b bytes.Buffer
	if err := s.pages.byName["event_live.html"].ExecuteTemplate(&b, "liveMessage", mv); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()), nil
}

// sse writes Server-Sent Events with a write deadline on each flush, so
// that a client that stops reading is let go instead of holding the
// handler.
type sse struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

const sseWriteTimeout = 20 * time.Second

func (e *sse) flush() error {
	e.rc.SetWriteDeadline(time.Now().Add(sseWriteTimeout))
	return e.rc.Flush()
}

func (e *sse) event(id int64, name string, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if id > 0 {
		fmt.Fprintf(&buf, "id: %d\n", id)
	}
	fmt.Fprintf(&buf, "event: %s\ndata: %s\n\n", name, b)
	e.rc.SetWriteDeadline(time.Now().Add(sseWriteTimeout))
	_, err = e.w.Write(buf.Bytes())
	return err
}

func (e *sse) comment(text string) error {
	e.rc.SetWriteDeadline(time.Now().Add(sseWriteTimeout))
	_, err := fmt.Fprintf(e.w, ": %s\n\n", text)
	return err
}

// handleLiveStream streams a live session's messages as Server-Sent
// Events until the client leaves, the session ends or the server stops.
func (s *Server) handleLiveStream(w http.ResponseWriter, r *http.Request) {
	e, err := s.findPathEvent(r)
	if err != nil {
		// A plain status: EventSource gives up on anything but 200.
		http.Error(w, hearth.ErrorMessage(err), statusOf(err))
		return
	}
	v := viewer(r)
	now := s.store.CurrentTime()
	o, ok := e.Live(now)
	if !ok {
		// 204 tells EventSource not to reconnect: the room is closed.
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	// Subscribe before reading, so that nothing falls in between.
	sub := s.events.broker.Subscribe(roomKey(e.ID, o.Date))
	defer sub.Close()
	last, _ := strconv.ParseInt(r.Header.Get("Last-Event-ID"), 10, 64)
	if last <= 0 {
		last, _ = strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	}
	hidden := map[int64]bool{}
	ids, err := s.store.HiddenLiveMessages(r.Context(), v, e.ID, o.Date)
	if err != nil {
		http.Error(w, hearth.ErrorMessage(err), statusOf(err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events through at once
	out := &sse{w: w, rc: http.NewResponseController(w)}
	w.WriteHeader(http.StatusOK)
	loc := s.readerZone(r).in(e)
	mod := canHide(v, e)
	// Messages hidden while a reconnecting client was away go first.
	for _, id := range ids {
		hidden[id] = true
		if id <= last {
			if out.event(0, "hide", map[string]int64{"id": id}) != nil {
				return
			}
		}
	}
	send := func() error {
		for {
			msgs, err := s.store.ListLiveMessages(r.Context(), v, e.ID, o.Date, last, 100)
			if err != nil {
				return err
			}
			for _, m := range msgs {
				html, err := s.renderMessage(newMsgView(m, e, loc, mod))
				if err != nil {
					return err
				}
				if err := out.event(m.ID, "message", map[string]any{"id": m.ID, "html": html, "kind": m.Kind, "number": m.Number,
					"topic": m.Topic, "text": oneLine(m.Body, 80)}); err != nil {
					return err
				}
				last = m.ID
			}
			if len(msgs) < 100 {
				return nil
			}
		}
	}
	sendHides := func() error {
		ids, err := s.store.HiddenLiveMessages(r.Context(), v, e.ID, o.Date)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if !hidden[id] {
				hidden[id] = true
				if err := out.event(0, "hide", map[string]int64{"id": id}); err != nil {
					return err
				}
			}
		}
		return nil
	}
	out.comment("hearth live room")
	if _, err := fmt.Fprint(w, "retry: 2000\n\n"); err != nil {
		return
	}
	if send() != nil || out.flush() != nil {
		return
	}
	beat := time.NewTicker(s.events.heartbeat)
	defer beat.Stop()
	end := time.NewTimer(o.End.Sub(now))
	defer end.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-sub.Done():
			return
		case <-end.C:
			// The session is over: say so, and the transcript follows.
			send()
			out.event(0, "end", map[string]string{"url": fmt.Sprintf("/events/%d", e.ID)})
			out.flush()
			return
		case <-beat.C:
			if out.comment("ping") != nil || out.flush() != nil {
				return
			}
		case <-sub.Wake():
			k := sub.Take()
			if k&live.Messages != 0 && send() != nil {
				return
			}
			if k&live.Hides != 0 && sendHides() != nil {
				return
			}
			if out.flush() != nil {
				return
			}
		}
	}
}

func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
