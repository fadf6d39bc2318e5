package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/hearth-community/hearth"
)

// Comments on stories, by members and by guests ("Leave a reply"). A
// guest's comment waits for the story's author or a moderator; until
// then nobody else sees it, or a count of it.

// Guest comment limits per client address: a burst, and a day.
const (
	guestCommentsPerBurst = 5
	guestBurst            = 10 * time.Minute
	guestCommentsPerDay   = 30
)

// commentFields are the fields of the comment form.
var commentFields = []string{"body", "parent", "name", "email", "website"}

// allowComment applies the rate limits: members' posting limit, and for
// guests a limit per address.
func (s *Server) allowComment(r *http.Request) error {
	if v := viewer(r); v != nil {
		return s.allowPost(r.Context(), v)
	}
	ip := clientIP(r)
	if !s.allow(r.Context(), "guest-comment:"+ip, guestCommentsPerBurst, guestBurst) ||
		!s.allow(r.Context(), "guest-comment-day:"+ip, guestCommentsPerDay, 24*time.Hour) {
		return hearth.Errorf(hearth.ERateLimited, "Many comments came from your connection recently. Please wait a few minutes and send again; your text is still here.")
	}
	return nil
}

// newComment builds the comment the form describes.
func newComment(v *hearth.Member, f *form) hearth.NewComment {
	n := hearth.NewComment{Body: f.Values["body"]}
	n.ParentID, _ = strconv.ParseInt(f.Values["parent"], 10, 64)
	if v == nil {
		n.Guest = &hearth.Guest{Name: f.Values["name"], Email: f.Values["email"], Website: f.Values["website"]}
	}
	return n
}

// createComment validates, guards and stores a comment.
func (s *Server) createComment(r *http.Request, storyID int64, n hearth.NewComment, confirmed bool) (*hearth.Comment, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	if err := storyGuard(viewer(r), confirmed, textField{"body", n.Body}); err != nil {
		return nil, err
	}
	if err := s.allowComment(r); err != nil {
		return nil, err
	}
	c, err := s.store.CreateComment(r.Context(), viewer(r), storyID, n)
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (s *Server) handleCommentCreate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, hearth.Errorf(hearth.ETooLarge, "That comment is far too long to send. Please shorten it."))
		return
	}
	v := viewer(r)
	f := newForm(r, commentFields...)
	normalizeForm(f, "body")
	st, err := s.findPathStory(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if privacyAction(r, v, f, "body") {
		s.renderStory(w, r, http.StatusOK, f)
		return
	}
	c, err := s.createComment(r, st.ID, newComment(v, f), confirmed(r))
	if err != nil {
		s.logIfInternal(r, err)
		s.renderStory(w, r, failForm(v, f, err, "body"), f)
		return
	}
	if c.Status == hearth.StatusHeld {
		http.Redirect(w, r, storyURL(st)+"?held=1#comments", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("%s#c%d", storyURL(st), c.ID), http.StatusSeeOther)
}

// handleCommentModerate approves or removes a comment (action=approve or
// action=remove).
func (s *Server) handleCommentModerate(w http.ResponseWriter, r *http.Request) {
	st, err := s.findPathStory(r)
	var cid int64
	if err == nil {
		cid, err = pathID(r, "cid")
	}
	approve := r.PostFormValue("action") == "approve"
	if err == nil && !approve && r.PostFormValue("action") != "remove" {
		err = hearth.Errorf(hearth.EInvalid, "Please choose Approve or Remove.")
	}
	var c *hearth.Comment
	if err == nil {
		c, err = s.store.ModerateComment(r.Context(), viewer(r), cid, approve)
	}
	if err == nil && c.StoryID != st.ID {
		err = hearth.Errorf(hearth.ENotFound, "This comment is not on that story.")
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if approve {
		http.Redirect(w, r, fmt.Sprintf("%s#c%d", storyURL(st), c.ID), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, storyURL(st)+"#comments", http.StatusSeeOther)
}
