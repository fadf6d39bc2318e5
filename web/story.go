package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/care"
	"github.com/hearth-community/hearth/upload"
)

// Stories: a member's blog at /u/{handle}/stories, with comments by
// members and guests (story_comment.go), cover images (upload.go) and
// sharing (share.go, feed.go).

func init() {
	funcs["storyURL"] = storyURL
	funcs["storyBase"] = storyBase
}

// storyBase is a story's URL without its title part.
func storyBase(st *hearth.Story) string { return fmt.Sprintf("/u/%s/stories/%d", st.Author, st.ID) }

// storyURL is a story's canonical URL, with the title slug unless the
// slug would read as one of the story's own actions.
func storyURL(st *hearth.Story) string {
	u := storyBase(st)
	if s := titleSlug(st.Title); s != "" && s != "edit" && s != "delete" && s != "comments" {
		u += "/" + s
	}
	return u
}

// maxStoryRequest bounds a story form with its cover image. Text fields
// and the image have their own, smaller limits; the rest of an oversized
// image is read and dropped, so the form comes back with the text intact.
const maxStoryRequest = 64 << 20

// storyFields are the text fields of the story form.
var storyFields = []string{"title", "body", "visibility", "cover_alt", "cover_upload", "remove_cover", "publish_anyway", "action", "redact", "confirm"}

// readStoryForm reads the story form, multipart (with a cover image) or
// not, into r.PostForm, so that PostFormValue works as for other forms.
// It returns the cover file's bytes, if one was chosen.
func readStoryForm(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxStoryRequest)
	tooLarge := hearth.Errorf(hearth.ETooLarge, "That story is far too long to send. Please shorten it.")
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			return nil, tooLarge
		}
		return nil, nil
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, hearth.Errorf(hearth.EInvalid, "We could not read that form. Please try again.")
	}
	vals := url.Values{}
	var cover []byte
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge
		} else if err != nil {
			return nil, hearth.Errorf(hearth.EInvalid, "We could not read that form. Please try again.")
		}
		name := p.FormName()
		if name == "cover" && p.FileName() != "" {
			b, err := io.ReadAll(io.LimitReader(p, upload.MaxBytes+1))
			if err == nil {
				_, err = io.Copy(io.Discard, p)
			}
			if err != nil {
				if errors.As(err, &mbe) {
					return nil, tooLarge
				}
				return nil, hearth.Errorf(hearth.EInvalid, "The image did not arrive completely. Please try again.")
			}
			if len(b) > 0 {
				cover = b
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(p, maxFormBytes+1))
		if err != nil || len(b) > maxFormBytes {
			return nil, tooLarge
		}
		vals.Add(name, string(b))
	}
	r.PostForm, r.Form = vals, vals
	return cover, nil
}

// storyFormView is the data of the new and edit story forms.
type storyFormView struct {
	Form    *form
	Story   *hearth.Story // nil for a new story
	Action  string
	Back    string
	Pending string // a cover uploaded with an earlier send of this form
}

func (s *Server) renderStoryForm(w http.ResponseWriter, r *http.Request, status int, st *hearth.Story, f *form) {
	v := viewer(r)
	d := &storyFormView{Form: f, Story: st, Pending: f.Values["cover_upload"],
		Action: "/u/" + v.Handle + "/stories/new", Back: "/u/" + v.Handle + "/stories"}
	title := "Write a story"
	if st != nil {
		d.Action, d.Back, title = storyBase(st)+"/edit", storyURL(st), "Edit your story"
	}
	s.render(w, r, status, "story_form.html", &view{Title: title, NoIndex: true, Data: d})
}

// ownStories checks that the signed-in viewer writes on their own page.
func ownStories(w http.ResponseWriter, r *http.Request) (*hearth.Member, bool) {
	v := viewer(r)
	if v == nil {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
		return nil, false
	}
	return v, hearth.NormalizeHandle(r.PathValue("handle")) == v.Handle
}

func (s *Server) handleStoryNew(w http.ResponseWriter, r *http.Request) {
	v, ok := ownStories(w, r)
	if v == nil {
		return
	}
	if !ok {
		http.Redirect(w, r, "/u/"+v.Handle+"/stories/new", http.StatusSeeOther)
		return
	}
	s.renderStoryForm(w, r, http.StatusOK, nil, &form{Values: map[string]string{"visibility": string(hearth.Public)}})
}

// storyFormInput reads a submitted story form: the values, the cover
// (saved as a pending upload of the viewer's, so that it survives the
// form coming back), and the guard's buttons. It reports done when it
// has already answered: a privacy button, or an error shown on the form.
//
// selfHarm says the story (new, or edited to add it) has self-harm
// wording: its author saw the crisis resources, and the caller flags it
// for a moderator (afterStory, care.go).
func (s *Server) storyFormInput(w http.ResponseWriter, r *http.Request, st *hearth.Story) (f *form, n hearth.NewStory, selfHarm, done bool) {
	v := viewer(r)
	cover, err := readStoryForm(w, r)
	f = newForm(r, storyFields...)
	if f.Values["visibility"] == "" {
		f.Values["visibility"] = string(hearth.Public)
	}
	if err == nil && cover != nil {
		var name string
		name, err = s.saveUpload(r, cover)
		if err == nil {
			f.Values["cover_upload"] = name
			f.Values["remove_cover"] = ""
		}
	}
	if err != nil {
		s.logIfInternal(r, err)
		s.renderStoryForm(w, r, statusOf(err), st, f.fail(err))
		return f, n, false, true
	}
	normalizeForm(f, "title", "body")
	if privacyAction(r, v, f, "title", "body") {
		s.renderStoryForm(w, r, http.StatusOK, st, f)
		return f, n, false, true
	}
	n = hearth.NewStory{Title: f.Values["title"], Body: f.Values["body"], Visibility: hearth.Visibility(f.Values["visibility"]),
		Cover: f.Values["cover_upload"], CoverAlt: f.Values["cover_alt"], RemoveCover: f.Values["remove_cover"] == "1"}
	n.Warning, _ = readWarning(r, f) // care.go; Validate checks it
	err = n.Validate()
	if err == nil {
		err = storyGuard(v, confirmed(r), textField{"title", n.Title}, textField{"body", n.Body})
	}
	selfHarm = care.Detect(n.Title, n.Body)
	if st != nil { // an edit asks again only when it adds wording
		selfHarm = newSelfHarm(st.Title+"\n"+st.Body, n.Title+"\n"+n.Body)
	}
	if f.CareOK = careOK(r); err == nil && selfHarm { // crisis resources for self-harm wording (care.go)
		err = s.careGuard(r, f.CareOK, n.Title, n.Body)
	}
	if err != nil {
		s.logIfInternal(r, err)
		s.renderStoryForm(w, r, failForm(v, f, err, "title", "body"), st, f)
		return f, n, false, true
	}
	return f, n, selfHarm, false
}

func (s *Server) handleStoryCreate(w http.ResponseWriter, r *http.Request) {
	v, ok := ownStories(w, r)
	if v == nil {
		return
	}
	if !ok {
		s.errorPage(w, r, hearth.Errorf(hearth.EForbidden, "You can only write stories on your own page."))
		return
	}
	f, n, selfHarm, done := s.storyFormInput(w, r, nil)
	if done {
		return
	}
	err := s.allowPost(r.Context(), v)
	var st *hearth.Story
	if err == nil {
		st, err = s.store.CreateStory(r.Context(), v, n)
	}
	if err != nil {
		s.logIfInternal(r, err)
		s.renderStoryForm(w, r, statusOf(err), nil, f.fail(err))
		return
	}
	s.afterStory(r, st.ID, selfHarm) // an urgent flag for self-harm wording (care.go)
	http.Redirect(w, r, storyURL(st), http.StatusSeeOther)
}

// findPathStory loads the story in the path, checking its author's handle.
func (s *Server) findPathStory(r *http.Request) (*hearth.Story, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	st, err := s.store.FindStory(r.Context(), viewer(r), id)
	if err != nil {
		return nil, err
	}
	if st.Author != hearth.NormalizeHandle(r.PathValue("handle")) {
		return nil, hearth.Errorf(hearth.ENotFound, "This story is not on that member's page.")
	}
	return st, nil
}

// findOwnStory loads the story in the path for its author to change.
func (s *Server) findOwnStory(r *http.Request) (*hearth.Story, error) {
	if viewer(r) == nil {
		return nil, hearth.Errorf(hearth.EUnauthorized, "Please sign in to change your story.")
	}
	st, err := s.findPathStory(r)
	if err == nil && st.AuthorID != viewer(r).ID {
		err = hearth.Errorf(hearth.EForbidden, "You can only change your own stories.")
	}
	return st, err
}

func (s *Server) handleStoryEdit(w http.ResponseWriter, r *http.Request) {
	if viewer(r) == nil {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
		return
	}
	st, err := s.findOwnStory(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.renderStoryForm(w, r, http.StatusOK, st, &form{Values: map[string]string{
		"title": st.Title, "body": st.Body, "visibility": string(st.Visibility), "cover_alt": st.CoverAlt,
		"content_warning": string(st.Warning.Kind), "content_warning_note": st.Warning.Note}})
}

func (s *Server) handleStoryUpdate(w http.ResponseWriter, r *http.Request) {
	st, err := s.findOwnStory(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	f, n, selfHarm, done := s.storyFormInput(w, r, st)
	if done {
		return
	}
	updated, err := s.store.EditStory(r.Context(), viewer(r), st.ID, n)
	if err != nil {
		s.logIfInternal(r, err)
		s.renderStoryForm(w, r, statusOf(err), st, f.fail(err))
		return
	}
	if st.Cover != "" && updated.Cover != st.Cover {
		s.removeUpload(r, st.Cover)
	}
	s.afterStory(r, st.ID, selfHarm) // care.go
	http.Redirect(w, r, storyURL(updated), http.StatusSeeOther)
}

func (s *Server) handleStoryDelete(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	r.ParseForm()
	st, err := s.findPathStory(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	v := viewer(r)
	if r.PostFormValue("confirm") != "1" {
		err := hearth.FieldErrorf("confirm", "To delete your story, tick “Yes, delete this story” and press the button again.")
		if v == nil || v.ID != st.AuthorID {
			s.errorPage(w, r, err)
			return
		}
		f := &form{Values: map[string]string{"title": st.Title, "body": st.Body, "visibility": string(st.Visibility), "cover_alt": st.CoverAlt}}
		s.renderStoryForm(w, r, statusOf(err), st, f.fail(err))
		return
	}
	cover, err := s.store.DeleteStory(r.Context(), v, st.ID)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if cover != "" {
		s.removeUpload(r, cover)
	}
	http.Redirect(w, r, "/u/"+st.Author+"/stories", http.StatusSeeOther)
}

// storyListView is the data of a member's story list.
type storyListView struct {
	Member  *hearth.Member
	Stories []*hearth.Story
	Own     bool
	Pager   pager
}

func (s *Server) handleStoryList(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	m, err := s.store.FindMemberByHandle(r.Context(), r.PathValue("handle"))
	var stories []*hearth.Story
	var pages int
	if err == nil {
		stories, pages, err = s.store.ListStories(r.Context(), v, m.Handle, pageParam(r))
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	base := "/u/" + m.Handle + "/stories"
	d := &storyListView{Member: m, Stories: stories, Own: v != nil && v.ID == m.ID,
		Pager: pager{Page: min(pageParam(r), pages), Pages: pages, Base: base}}
	vw := &view{Title: "Stories by @" + m.Handle, Description: "Stories by @" + m.Handle + ".", Canonical: base, Data: d}
	s.shareProfile(r, vw, m, base, stories)
	vw.NoIndex = vw.OG == nil
	vw.Follow = s.followState(r, hearth.FollowMember, m.Handle, "/u/"+m.Handle) // notify.go
	s.render(w, r, http.StatusOK, "story_list.html", vw)
}

// storyView is the data of a story page.
type storyView struct {
	Story    *hearth.Story
	Comments []*hearth.Comment
	Base     string
	Form     *form
	// ReplyTo is the comment the form answers, if any.
	ReplyTo *hearth.Comment
	// Held: a guest just sent a comment, which waits for approval.
	Held   bool
	viewer *hearth.Member
	// Mute is how the reader's mutes treat the story (care.go).
	Mute hearth.MuteMode
}

// CanEdit reports whether the viewer wrote the story.
func (d *storyView) CanEdit() bool { return d.viewer != nil && d.viewer.ID == d.Story.AuthorID }

// CanModerate reports whether the viewer approves and removes comments.
func (d *storyView) CanModerate() bool { return d.Story.CanModerate(d.viewer) }

// CanComment reports whether the viewer may comment: members on any
// story they read, guests on public stories.
func (d *storyView) CanComment() bool { return d.viewer != nil || d.Story.IsPublic() }

func (s *Server) handleStoryShow(w http.ResponseWriter, r *http.Request) {
	f := &form{Values: map[string]string{}}
	if q := r.URL.Query().Get("reply"); q != "" {
		f.Values["parent"] = q
	}
	s.renderStory(w, r, http.StatusOK, f)
}

// renderStory shows a story with its comments and the comment form f.
func (s *Server) renderStory(w http.ResponseWriter, r *http.Request, status int, f *form) {
	st, err := s.findPathStory(r)
	var comments []*hearth.Comment
	if err == nil {
		comments, err = s.store.ListComments(r.Context(), viewer(r), st.ID)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	d := &storyView{Story: st, Comments: comments, Base: storyBase(st), Form: f, viewer: viewer(r),
		Held: r.Method == http.MethodGet && r.URL.Query().Get("held") == "1"}
	if pid, err := strconv.ParseInt(f.Values["parent"], 10, 64); err == nil {
		for _, c := range comments {
			if c.ID == pid && c.Status == hearth.StatusPublished {
				d.ReplyTo = c
			}
		}
	}
	d.Mute = s.storyMute(r, st) // care.go
	vw := &view{Title: st.Title, Description: st.Excerpt, Canonical: storyURL(st), NoIndex: !st.IsPublic(), Data: d}
	s.shareStory(r, vw, st)
	vw.Follow = s.followState(r, hearth.FollowMember, st.Author, "/u/"+st.Author) // notify.go
	s.render(w, r, status, "story.html", vw)
}

// storyGuard is the privacy guard for stories and comments. Like posts,
// they need the author's confirmation when they hold identifiers; but
// nothing of theirs goes to the moderators' review queue, so clinicians
// and staff, whose posts would be held (Role.HeldForReview), cannot
// publish them with identifiers at all and must replace them.
func storyGuard(v *hearth.Member, confirmed bool, fields ...textField) error {
	if v == nil {
		v = &hearth.Member{Role: hearth.RoleMember} // a guest
	}
	hold, err := guard(v, confirmed, fields...)
	if err != nil || hold == nil {
		return err
	}
	fs := scanFields(fields...)
	texts := map[string]string{}
	for _, f := range fields {
		texts[f.Name] = f.Text
	}
	return &privacyError{findings: fs, texts: texts, replaceOnly: true, err: &hearth.Error{Code: hearth.EInvalid, Field: fs[0].Field,
		Message: findingsSummary(len(fs)) + ". As a " + strings.ToLower(v.Role.Badge()) + ", please replace them before you publish: " +
			"stories and comments by clinicians and staff must not hold details that could identify someone."}}
}

// commentView is what the comment template needs.
type commentView struct {
	C           *hearth.Comment
	Base        string
	CanReply    bool
	CanModerate bool
	Replies     []commentView
}

// Comment wraps a comment and its replies for the comment template.
// Replies nest one level, so only top-level comments get a Reply link.
func (d *storyView) Comment(c *hearth.Comment) commentView {
	cv := commentView{C: c, Base: d.Base, CanReply: c.ParentID == 0 && d.CanComment(), CanModerate: d.CanModerate()}
	for _, r := range c.Replies {
		cv.Replies = append(cv.Replies, d.Comment(r))
	}
	return cv
}
