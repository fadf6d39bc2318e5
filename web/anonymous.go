package web

import (
	"context"
	"net/http"

	"github.com/hearth-community/hearth"
)

// Anonymous posting (issue 13; hearth/anonymous.go). The forms to start a
// thread and to reply offer "Post anonymously" where the community allows
// it; storage hides the handle from every read. A moderator learns who
// wrote an anonymous post only through the "Reveal author" form on the
// post's moderation page, which needs a reason and writes the audit log;
// the handle is shown in the answer to that POST only, never stored on a
// page or in a cache.

func (s *Server) anonymousRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /mod/posts/{pid}/reveal", s.handleRevealAuthor)
	mux.HandleFunc("POST /api/v1/mod/posts/{id}/reveal", s.api(s.handleAPIRevealAuthor))
}

// anonymousValue is the "Post anonymously" checkbox of a form: "1" or "".
func anonymousValue(r *http.Request) string {
	if r.PostFormValue("anonymous") == "1" {
		return "1"
	}
	return ""
}

// anonymousChoice is what the "Post anonymously" checkbox needs.
type anonymousChoice struct {
	Allowed bool
	Form    *form
}

// AnonymousChoice is the reply form's checkbox on a thread page.
func (t *threadView) AnonymousChoice() anonymousChoice {
	return anonymousChoice{Allowed: t.Page.Community.AllowAnonymous, Form: t.Form}
}

// createAnonymousReply adds an anonymous reply, held for review when
// hold is not nil (the privacy guard, first posts and spam apply as to
// any reply: they use the real author).
func (s *Server) createAnonymousReply(ctx context.Context, v *hearth.Member, threadID int64, body string, hold *hearth.Hold) (*hearth.Post, error) {
	if hold != nil {
		return s.store.HoldAnonymousReply(ctx, v, threadID, body, *hold)
	}
	return s.store.CreateAnonymousReply(ctx, v, threadID, body)
}

// revealView is the reveal form's state on the moderation page.
type revealView struct {
	Revealed *hearth.Revealed
	Reason   string
	Error    string
}

type revealKey struct{}

// revealedFrom returns the reveal form's state for renderModPost: empty
// unless this request is the reveal POST itself.
func revealedFrom(ctx context.Context) *revealView {
	if rv, ok := ctx.Value(revealKey{}).(*revealView); ok {
		return rv
	}
	return &revealView{}
}

func (s *Server) handleRevealAuthor(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r, "text") {
		return
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	rv := &revealView{Reason: r.PostFormValue("reveal_reason")}
	rv.Revealed, err = s.store.RevealAuthor(r.Context(), viewer(r), pid, rv.Reason)
	status := http.StatusOK
	if err != nil {
		if code := hearth.ErrorCode(err); code != hearth.EInvalid && code != hearth.EConflict {
			s.errorPage(w, r, err) // not found, forbidden, sign in
			return
		}
		rv.Error, status = hearth.ErrorMessage(err), statusOf(err)
	}
	w.Header().Set("Cache-Control", "no-store")
	s.renderModPost(w, r.WithContext(context.WithValue(r.Context(), revealKey{}, rv)), status, &form{Values: map[string]string{}})
}

// handleAPIRevealAuthor takes {"reason": "…"} and answers with the author.
func (s *Server) handleAPIRevealAuthor(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	rv, err := s.store.RevealAuthor(r.Context(), viewer(r), id, in.Reason)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, rv)
}
