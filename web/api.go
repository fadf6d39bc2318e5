package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/hearth-community/hearth"
)

// apiHandler is an API handler that returns its error, so that every
// error leaves as the same JSON shape with the matching status.
type apiHandler func(w http.ResponseWriter, r *http.Request) error

// api authenticates a bearer token, if any, and writes errors as JSON.
// API requests never use the session cookie: a token says who is calling.
func (s *Server) api(h apiHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		r = r.WithContext(withMember(ctx, nil))
		if auth := r.Header.Get("Authorization"); auth != "" {
			token, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok {
				writeJSONError(w, hearth.Errorf(hearth.EUnauthorized, "Use the header Authorization: Bearer <token>."))
				return
			}
			m, err := s.store.FindToken(ctx, strings.TrimSpace(token))
			if err != nil {
				s.logIfInternal(r, err)
				writeJSONError(w, err)
				return
			}
			r = r.WithContext(withMember(ctx, m))
		}
		w.Header().Set("Cache-Control", "private, no-store")
		if err := h(w, r); err != nil {
			s.logIfInternal(r, err)
			writeJSONError(w, err)
		}
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeJSONList answers a list call's result as {key: [...]}, an empty
// array rather than null when there is nothing; err is the call's error.
func writeJSONList[T any](w http.ResponseWriter, key string, xs []T, err error) error {
	if err != nil {
		return err
	}
	if xs == nil {
		xs = []T{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{key: xs})
}

// writeJSONError writes {"code": …, "message": …} with the code's status,
// and the privacy guard's "findings" when there are some.
func writeJSONError(w http.ResponseWriter, err error) {
	body := map[string]any{"code": hearth.ErrorCode(err), "message": hearth.ErrorMessage(err)}
	if f := hearth.ErrorField(err); f != "" {
		body["field"] = f
	}
	errorDetails(body, err)
	writeJSON(w, statusOf(err), body)
}

// readJSON decodes a request body of at most maxFormBytes into v.
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxFormBytes))
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return hearth.Errorf(hearth.ETooLarge, "The request body is larger than %d bytes.", maxFormBytes)
		case errors.Is(err, io.EOF):
			return hearth.Errorf(hearth.EInvalid, "The request body is empty; send a JSON object.")
		}
		return hearth.Errorf(hearth.EInvalid, "The request body is not valid JSON: %v.", err)
	}
	return nil
}

func (s *Server) handleAPIMe(w http.ResponseWriter, r *http.Request) error {
	m := viewer(r)
	if m == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Send a personal access token: Authorization: Bearer <token>.")
	}
	mutes, err := s.store.Mutes(r.Context(), m) // care.go; change them with PUT /api/v1/me/mutes
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, struct {
		*hearth.Member
		Mutes *hearth.Mutes `json:"content_warning_mutes"`
	}{m, mutes})
}

func (s *Server) handleAPICommunityList(w http.ResponseWriter, r *http.Request) error {
	cs, err := s.store.ListCommunities(r.Context(), viewer(r))
	if err != nil {
		return err
	}
	if cs == nil {
		cs = []*hearth.Community{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"communities": cs})
}

func (s *Server) handleAPICommunityShow(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.FindCommunity(r.Context(), viewer(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, apiCommunity{Community: c, HostedBy: s.communityHosts(r, c.Slug)}) // directory_links.go
}

func (s *Server) handleAPIThreadList(w http.ResponseWriter, r *http.Request) error {
	ts, pages, err := s.store.ListThreads(r.Context(), viewer(r), r.PathValue("slug"), pageParam(r))
	if err != nil {
		return err
	}
	if ts == nil {
		ts = []*hearth.Thread{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"threads": ts, "page": min(pageParam(r), pages), "pages": pages})
}

func (s *Server) handleAPIThreadCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Title, Body   string
		PublishAnyway bool `json:"publish_anyway"`
		AdviceOK      bool `json:"advice_ok"`

		// "open" or "community"; empty takes the community's default
		// (thread_privacy.go).
		Visibility hearth.ThreadVisibility `json:"visibility"`
		// Anonymous posts it as "a member" where the community allows
		// it (anonymous.go).
		Anonymous bool `json:"anonymous"`
		// ContentWarning: {"kind": "loss"} (care.go).
		ContentWarning hearth.ContentWarning `json:"content_warning"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if err := in.ContentWarning.Validate(); err != nil { // care.go
		return err
	}
	if viewer(r) == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Send a personal access token to post.")
	}
	if err := s.allowPost(r.Context(), viewer(r)); err != nil {
		return err
	}
	if err := apiAdviceGuard(viewer(r), in.AdviceOK, false, in.Title, in.Body); err != nil { // writing.go
		return err
	}
	t, err := s.createThread(hearth.WithWarning(r.Context(), in.ContentWarning), viewer(r), r.PathValue("slug"), hearth.NewThread{Title: in.Title, Body: in.Body, Visibility: in.Visibility, Anonymous: in.Anonymous}, in.PublishAnyway)
	if err != nil {
		return err
	}
	s.afterPost(r, 0, t.ID, in.Title, in.Body) // an urgent flag for self-harm wording (care.go)
	w.Header().Set("Location", threadURL(t))
	return writeJSON(w, http.StatusCreated, map[string]any{"thread": t, "url": threadURL(t)})
}

func (s *Server) handleAPIThreadShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	tp, err := s.store.FindThreadPage(r.Context(), viewer(r), id, pageParam(r))
	if err != nil {
		return err
	}
	if tp.Replies == nil {
		tp.Replies = []*hearth.Post{}
	}
	apiDeletedAuthors(tp) // account.go
	return writeJSON(w, http.StatusOK, map[string]any{"thread": tp.Thread, "community": tp.Community, "opening": tp.Opening,
		"replies": tp.Replies, "page": tp.Page, "pages": tp.Pages, "url": threadURL(tp.Thread)})
}

func (s *Server) handleAPIReplyCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Body          string
		PublishAnyway bool `json:"publish_anyway"`
		AdviceOK      bool `json:"advice_ok"`
		Anonymous     bool `json:"anonymous"` // anonymous.go
		// ContentWarning: {"kind": "other", "note": "…"} (care.go).
		ContentWarning hearth.ContentWarning `json:"content_warning"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if err := in.ContentWarning.Validate(); err != nil { // care.go
		return err
	}
	if viewer(r) == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Send a personal access token to post.")
	}
	if err := s.allowPost(r.Context(), viewer(r)); err != nil {
		return err
	}
	if err := apiAdviceGuard(viewer(r), in.AdviceOK, true, "", in.Body); err != nil { // writing.go
		return err
	}
	p, err := s.createReply(hearth.WithWarning(r.Context(), in.ContentWarning), viewer(r), id, in.Body, in.PublishAnyway, in.Anonymous)
	if err != nil {
		return err
	}
	s.afterPost(r, p.ID, 0, in.Body) // an urgent flag for self-harm wording (care.go)
	return writeJSON(w, http.StatusCreated, p)
}
