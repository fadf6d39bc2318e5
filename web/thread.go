package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/markup"
)

// maxFormBytes bounds a form body. It is well above the longest post, so
// that an over-long post reaches validation and comes back intact with a
// message instead of being cut off.
const maxFormBytes = 4 << 20

// threadView is the data of a thread page.
type threadView struct {
	Page    *hearth.ThreadPage
	Base    string
	CanPost bool
	Form    *form
	Pager   pager
	viewer  *hearth.Member
	// snap, when set, holds this page's posts rendered for every reader
	// (threadcache.go); srv renders what it does not hold.
	snap *threadSnapshot
	srv  *Server
	// mutes are the reader's muted content warnings, set only when one
	// applies to a post on the page (care.go applyMutes).
	mutes *hearth.Mutes
}

// postView is what the post partial needs. Rendered posts are shared
// between readers by CanPost and Own (threadcache.go): a field that
// differs between readers in another way must change that cache too.
type postView struct {
	P       *hearth.Post
	Base    string
	CanPost bool
	Own     bool
	// Mute is how the reader's mutes treat the post (care.go); always
	// empty in shared fragments.
	Mute hearth.MuteMode
}

// Post wraps one post for the post partial.
func (t *threadView) Post(p *hearth.Post) postView {
	return postView{P: p, Base: t.Base, CanPost: t.CanPost, Own: t.viewer != nil && t.viewer.ID == p.AuthorID, Mute: t.muteOf(p)}
}

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, hearth.Errorf(hearth.ENotFound, "There is no page at this address.")
	}
	return id, nil
}

// threadBase is a thread's URL without its title part.
func threadBase(t *hearth.Thread) string { return fmt.Sprintf("/c/%s/t/%d", t.CommunitySlug, t.ID) }

func (s *Server) handleThreadShow(w http.ResponseWriter, r *http.Request) {
	f := &form{Values: map[string]string{}}
	if q, err := strconv.ParseInt(r.URL.Query().Get("quote"), 10, 64); err == nil {
		if p, _, err := s.store.FindPost(r.Context(), viewer(r), q); err == nil {
			f.Values["body"] = markup.Quote(p.Author, p.Body)
		}
	}
	s.renderThread(w, r, http.StatusOK, pageParam(r), f)
}

// renderThread shows a page of a thread with the reply form f.
func (s *Server) renderThread(w http.ResponseWriter, r *http.Request, status, page int, f *form) {
	id, err := pathID(r, "id")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := viewer(r)
	tp, snap, err := s.findThreadPage(r.Context(), v, id, page)
	if err == nil && tp.Thread.CommunitySlug != r.PathValue("slug") {
		err = hearth.Errorf(hearth.ENotFound, "This thread is not in that community.")
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	base := threadBase(tp.Thread)
	tv := &threadView{Page: tp, Base: base, CanPost: tp.Community.CanPost(v), Form: f, viewer: v, snap: snap, srv: s,
		Pager: pager{Page: tp.Page, Pages: tp.Pages, Base: base}}
	canonical := threadURL(tp.Thread)
	if tp.Page > 1 {
		canonical += "?page=" + strconv.Itoa(tp.Page)
	}
	title := tp.Thread.Title
	if tp.Page > 1 {
		title += fmt.Sprintf(" (page %d)", tp.Page)
	}
	vw := &view{Title: title, Description: tp.Thread.Excerpt, Canonical: canonical,
		NoIndex: tp.Community.Visibility != hearth.Public || tp.Thread.Visibility == hearth.ThreadCommunity, Data: tv}
	s.applyMutes(r.Context(), tv) // content warnings the reader muted (care.go)
	s.shareThread(r, vw, tp)      // Open Graph, share links and feed: public threads only
	// No warned text in previews (care.go).
	if w := tp.Opening.Warning; !w.IsZero() {
		vw.Description = "Content warning: " + w.Text()
		if vw.OG != nil {
			vw.OG.Description = vw.Description
		}
	}
	vw.Follow = s.followState(r, hearth.FollowThread, strconv.FormatInt(tp.Thread.ID, 10), base)
	if s.renderShared(w, r, status, tv, vw) {
		return
	}
	s.render(w, r, status, "thread.html", vw)
}

// allowPost applies the posting rate limit.
func (s *Server) allowPost(ctx context.Context, m *hearth.Member) error {
	if m == nil || s.cfg.PostsPerMinute <= 0 || s.allow(ctx, "post:"+strconv.FormatInt(m.ID, 10), s.cfg.PostsPerMinute, time.Minute) {
		return nil
	}
	return hearth.Errorf(hearth.ERateLimited, "You are posting very fast. Please wait a minute and send again; your text is still here.")
}

func (s *Server) handleReplyCreate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, hearth.Errorf(hearth.ETooLarge, "That post is far too long to send. Please shorten it."))
		return
	}
	f := newForm(r, "body")
	normalizeForm(f, "body")
	f.Values["anonymous"] = anonymousValue(r) // anonymous.go
	f.AdviceOK = adviceOK(r)
	f.CareOK = careOK(r)
	cw, cwErr := readWarning(r, f) // content warning (care.go)
	if privacyAction(r, viewer(r), f, "body") {
		s.renderThread(w, r, http.StatusOK, 1<<30, f)
		return
	}
	id, err := pathID(r, "id")
	if err == nil {
		err = s.allowPost(r.Context(), viewer(r))
	}
	if err == nil { // information, not advice (writing.go)
		err = adviceGuard(viewer(r), f.AdviceOK, true, textField{"body", f.Values["body"]})
	}
	if err == nil { // the content warning, and crisis resources for self-harm wording (care.go)
		if err = cwErr; err == nil {
			err = s.careGuard(r, f.CareOK, f.Values["body"])
		}
	}
	var p *hearth.Post
	if err == nil {
		p, err = s.createReply(hearth.WithWarning(r.Context(), cw), viewer(r), id, r.PostFormValue("body"), confirmed(r), f.Values["anonymous"] == "1")
	}
	if err != nil {
		s.logIfInternal(r, err)
		// Show the last page with the reply form refilled and the problem named.
		s.renderThread(w, r, failForm(viewer(r), f, err, "body"), 1<<30, f)
		return
	}
	s.afterPost(r, p.ID, 0, f.Values["body"]) // care.go
	http.Redirect(w, r, s.postURL(r.Context(), viewer(r), r.PathValue("slug"), id, p), http.StatusSeeOther)
}

func (s *Server) handleThreadNew(w http.ResponseWriter, r *http.Request) {
	s.renderThreadForm(w, r, http.StatusOK, &form{Values: map[string]string{}})
}

func (s *Server) renderThreadForm(w http.ResponseWriter, r *http.Request, status int, f *form) {
	v, slug := viewer(r), r.PathValue("slug")
	if v == nil {
		http.Redirect(w, r, "/signin?next=/c/"+slug+"/new", http.StatusSeeOther)
		return
	}
	c, err := s.store.FindCommunity(r.Context(), v, slug)
	if err == nil && !c.CanPost(v) {
		err = hearth.Errorf(hearth.EForbidden, "Only members of %s can start threads there. Ask to join on its about page.", c.Name)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, status, "thread_new.html", &view{Title: "Start a thread in " + c.Name, NoIndex: true, Data: map[string]any{"Community": c, "Form": f,
		"Anonymous": anonymousChoice{Allowed: c.AllowAnonymous, Form: f}}}) // anonymous.go
}

func (s *Server) handleThreadCreate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, hearth.Errorf(hearth.ETooLarge, "That post is far too long to send. Please shorten it."))
		return
	}
	f := newForm(r, "title", "body")
	normalizeForm(f, "title", "body")
	f.Values["visibility"] = r.PostFormValue("visibility") // thread_privacy.go
	f.Values["anonymous"] = anonymousValue(r)              // anonymous.go
	f.AdviceOK = adviceOK(r)
	f.CareOK = careOK(r)
	cw, cwErr := readWarning(r, f) // content warning (care.go)
	if privacyAction(r, viewer(r), f, "title", "body") {
		s.renderThreadForm(w, r, http.StatusOK, f)
		return
	}
	err := s.allowPost(r.Context(), viewer(r))
	if err == nil { // information, not advice (writing.go)
		err = adviceGuard(viewer(r), f.AdviceOK, false, textField{"title", f.Values["title"]}, textField{"body", f.Values["body"]})
	}
	if err == nil { // the content warning, and crisis resources for self-harm wording (care.go)
		if err = cwErr; err == nil {
			err = s.careGuard(r, f.CareOK, f.Values["title"], f.Values["body"])
		}
	}
	var t *hearth.Thread
	if err == nil {
		t, err = s.createThread(hearth.WithWarning(r.Context(), cw), viewer(r), r.PathValue("slug"), hearth.NewThread{Title: r.PostFormValue("title"), Body: r.PostFormValue("body"),
			Visibility: hearth.ThreadVisibility(f.Values["visibility"]), Anonymous: f.Values["anonymous"] == "1"}, confirmed(r))
	}
	if err != nil {
		s.logIfInternal(r, err)
		s.renderThreadForm(w, r, failForm(viewer(r), f, err, "title", "body"), f)
		return
	}
	s.afterPost(r, 0, t.ID, f.Values["title"], f.Values["body"]) // care.go
	http.Redirect(w, r, threadURL(t), http.StatusSeeOther)
}

// findOwnPost loads the post named in the path, checking that it belongs
// to the thread and community in the path.
func (s *Server) findPathPost(r *http.Request) (*hearth.Post, *hearth.Thread, error) {
	pid, err := pathID(r, "pid")
	if err != nil {
		return nil, nil, err
	}
	p, t, err := s.store.FindPost(r.Context(), viewer(r), pid)
	if err != nil {
		return nil, nil, err
	}
	if strconv.FormatInt(t.ID, 10) != r.PathValue("id") || t.CommunitySlug != r.PathValue("slug") {
		return nil, nil, hearth.Errorf(hearth.ENotFound, "This post is not in that thread.")
	}
	return p, t, nil
}

func (s *Server) handlePostEdit(w http.ResponseWriter, r *http.Request) {
	p, t, err := s.findPathPost(r)
	if err == nil && (viewer(r) == nil || viewer(r).ID != p.AuthorID) {
		err = hearth.Errorf(hearth.EForbidden, "You can only edit your own posts.")
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.renderEdit(w, r, http.StatusOK, p, t, &form{Values: map[string]string{"body": p.Body, "visibility": string(t.Visibility),
		"content_warning": string(p.Warning.Kind), "content_warning_note": p.Warning.Note}}) // care.go
}

func (s *Server) renderEdit(w http.ResponseWriter, r *http.Request, status int, p *hearth.Post, t *hearth.Thread, f *form) {
	s.render(w, r, status, "post_edit.html", &view{Title: "Edit your post", NoIndex: true, Data: map[string]any{
		"Form": f, "Thread": t, "Back": fmt.Sprintf("%s#p%d", threadURL(t), p.Position), "Opening": p.Position == 0, // thread_privacy.go
		"Action": fmt.Sprintf("%s/p/%d/edit", threadBase(t), p.ID)}})
}

func (s *Server) handlePostUpdate(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, hearth.Errorf(hearth.ETooLarge, "That post is far too long to send. Please shorten it."))
		return
	}
	f := newForm(r, "body")
	normalizeForm(f, "body")
	f.Values["visibility"] = r.PostFormValue("visibility") // thread_privacy.go
	p, t, err := s.findPathPost(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	f.AdviceOK = adviceOK(r)
	f.CareOK = careOK(r)
	cw, cwErr := readWarning(r, f) // content warning (care.go)
	if privacyAction(r, viewer(r), f, "body") {
		s.renderEdit(w, r, http.StatusOK, p, t, f)
		return
	}
	err = adviceGuard(viewer(r), f.AdviceOK, p.Position != 0, textField{"body", f.Values["body"]}) // writing.go
	selfHarm := newSelfHarm(p.Body, f.Values["body"])
	if err == nil { // the warning, and crisis resources for new self-harm wording (care.go)
		if err = cwErr; err == nil && selfHarm {
			err = s.careGuard(r, f.CareOK, f.Values["body"])
		}
	}
	var edited *hearth.Post
	if err == nil {
		edited, err = s.editPost(r.Context(), viewer(r), p.ID, r.PostFormValue("body"), confirmed(r))
	}
	if err == nil {
		err = s.changeThreadVisibility(r, p, t, f.Values["visibility"]) // thread_privacy.go
	}
	if err == nil {
		err = s.afterEdit(r, p, cw, selfHarm) // care.go
	}
	if err != nil {
		s.logIfInternal(r, err)
		s.renderEdit(w, r, failForm(viewer(r), f, err, "body"), p, t, f)
		return
	}
	http.Redirect(w, r, s.postURL(r.Context(), viewer(r), t.CommunitySlug, t.ID, edited), http.StatusSeeOther)
}

func (s *Server) handlePostHistory(w http.ResponseWriter, r *http.Request) {
	p, t, err := s.findPathPost(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	revs, err := s.store.ListRevisions(r.Context(), viewer(r), p.ID)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "post_history.html", &view{Title: "History of a post", NoIndex: true, Data: map[string]any{
		"Post": p, "Thread": t, "Revisions": revs, "Back": fmt.Sprintf("%s#p%d", threadURL(t), p.Position)}})
}
