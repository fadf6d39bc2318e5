package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/privacy"
)

// The review queue: posts held by the privacy guard, for the site's
// moderators to publish or return to their authors. Issue 7's moderation
// will grow from here; the names (post status, post_reviews) are generic.

// reviewView is one held post in the queue.
type reviewView struct {
	R      *hearth.Review
	URL    string
	Title  template.HTML // the marked thread title, for an opening post
	Body   template.HTML
	Labels []string
	Own    bool
	// Note and Error refill the form after a failed decision.
	Note, Error string
}

// heldMarks returns the stored findings of one field that still match
// its text, or a fresh scan when none do (the text changed, or the
// findings predate it).
func heldMarks(text, field string, held []hearth.HeldFinding) []privacy.Finding {
	var fs []privacy.Finding
	for _, h := range held {
		if h.Field == field && h.Start >= 0 && h.Start < h.End && h.End <= len(text) && text[h.Start:h.End] == h.Text {
			fs = append(fs, privacy.Finding{Start: h.Start, End: h.End, Type: privacy.Type(h.Type), Text: h.Text})
		}
	}
	if len(fs) == 0 {
		fs = privacy.Scan(text)
	}
	slices.SortFunc(fs, func(a, b privacy.Finding) int { return a.Start - b.Start })
	return fs
}

func (s *Server) handleReviewList(w http.ResponseWriter, r *http.Request) {
	s.renderReviews(w, r, http.StatusOK, 0, "", "")
}

// renderReviews shows the queue; after a failed decision on review
// failedID, that item carries the error and the moderator's note.
func (s *Server) renderReviews(w http.ResponseWriter, r *http.Request, status int, failedID int64, note, errMsg string) {
	v := viewer(r)
	if v == nil {
		http.Redirect(w, r, "/signin?next=/mod/review", http.StatusSeeOther)
		return
	}
	rs, err := s.store.ListReviews(r.Context(), v)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	views := make([]reviewView, 0, len(rs))
	for _, rv := range rs {
		p := rv.Post
		vw := reviewView{R: rv, URL: fmt.Sprintf("%s#p%d", threadURL(rv.Thread), p.Position), Own: p.AuthorID == v.ID}
		all := heldMarks(p.Body, "body", rv.Findings)
		vw.Body = markText(p.Body, all)
		if p.Position == 0 {
			title := heldMarks(rv.Thread.Title, "title", rv.Findings)
			vw.Title = markText(rv.Thread.Title, title)
			all = append(title, all...)
		}
		for _, f := range all {
			if l := f.Type.Label(); !slices.Contains(vw.Labels, l) {
				vw.Labels = append(vw.Labels, l)
			}
		}
		if rv.ID == failedID {
			vw.Note, vw.Error = note, errMsg
		}
		views = append(views, vw)
	}
	done := ""
	switch r.URL.Query().Get("done") {
	case "approved":
		done = "Published. The post is now visible to everyone who can read its community."
	case "rejected":
		done = "Returned to its author. Only they can see it now, with your note."
	}
	s.render(w, r, status, "review.html", &view{Title: "Posts waiting for review", NoIndex: true,
		Data: map[string]any{"Reviews": views, "Done": done}})
}

func (s *Server) handleReviewDecide(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, hearth.Errorf(hearth.ETooLarge, "That note is far too long to send. Please shorten it."))
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.errorPage(w, r, hearth.Errorf(hearth.ENotFound, "There is no such post to review."))
		return
	}
	decision := r.PostFormValue("decision")
	if decision != "approve" && decision != "reject" {
		err = hearth.Errorf(hearth.EInvalid, "Please choose Publish or Return to author.")
	} else {
		err = s.store.DecideReview(r.Context(), viewer(r), id, decision == "approve", r.PostFormValue("note"))
	}
	switch code := hearth.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, "/mod/review?done="+map[string]string{"approve": "approved", "reject": "rejected"}[decision], http.StatusSeeOther)
	case code == hearth.EUnauthorized || code == hearth.EInternal || (code == hearth.EForbidden && !viewer(r).IsStaff()):
		s.errorPage(w, r, err)
	default:
		// The queue comes back with the note kept and the problem named.
		s.logIfInternal(r, err)
		s.renderReviews(w, r, statusOf(err), id, newForm(r, "note").Values["note"], hearth.ErrorMessage(err))
	}
}
