package web

// Care features (issue 14): content warnings on posts and members'
// mutes, crisis help (/help/crisis and its admin page), moderators on
// duty, the crisis thank-you page after a flag, the gentle notice for an
// author, and the self-harm wording interstitial on forms.
//
// Caches: signed-out pages (pagecache.go) and thread snapshots shared by
// signed-in readers (threadcache.go) are rendered without anyone's mutes,
// which is what signed-out readers and readers with no matching mute
// see. A reader whose mutes touch a post on the page gets the page
// rendered afresh for them (applyMutes drops the snapshot), so that no
// reader's muted view is ever stored or served to another.

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/care"
)

func (s *Server) careRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /help/crisis", s.handleCrisisHelp)
	mux.HandleFunc("POST /help/crisis/dismiss", s.handleCrisisDismiss)
	mux.HandleFunc("GET /admin/crisis", s.handleCrisisAdmin)
	mux.HandleFunc("POST /admin/crisis", s.handleCrisisSave)
	mux.HandleFunc("POST /admin/crisis/{id}/delete", s.handleCrisisDelete)
	mux.HandleFunc("GET /mod/duty", s.handleDuty)
	mux.HandleFunc("POST /mod/duty", s.handleDutySave)
	mux.HandleFunc("GET /settings/warnings", s.handleMutes)
	mux.HandleFunc("POST /settings/warnings", s.handleMutesSave)
	mux.HandleFunc("POST /mod/stories/{id}/close", s.handleStoryFlagsClose)
	mux.HandleFunc("GET /api/v1/mod/stories", s.api(s.handleAPIStoryFlags))
	mux.HandleFunc("GET /api/v1/help/crisis", s.api(s.handleAPICrisisHelp))
	mux.HandleFunc("GET /api/v1/me/mutes", s.api(s.handleAPIMutes))
	mux.HandleFunc("PUT /api/v1/me/mutes", s.api(s.handleAPIMutesSave))
}

func init() {
	funcs["warningKinds"] = func() []hearth.WarningKind { return hearth.WarningKinds }
}

// --- Content warnings on forms and pages --------------------------------

// readWarning reads the content warning fields of a form into f and
// checks them.
func readWarning(r *http.Request, f *form) (hearth.ContentWarning, error) {
	w := hearth.ContentWarning{Kind: hearth.WarningKind(r.PostFormValue("content_warning")), Note: r.PostFormValue("content_warning_note")}
	f.Values["content_warning"], f.Values["content_warning_note"] = string(w.Kind), w.Note
	err := w.Validate()
	return w, err
}

// applyMutes loads the reader's mutes when a post on the page has a
// warning; when one of those is muted, the page is rendered for this
// reader alone (no snapshot).
func (s *Server) applyMutes(ctx context.Context, tv *threadView) {
	if tv.viewer == nil {
		return
	}
	posts := append([]*hearth.Post{tv.Page.Opening}, tv.Page.Replies...)
	warned := false
	for _, p := range posts {
		warned = warned || !p.Warning.IsZero()
	}
	if !warned {
		return
	}
	m, err := s.store.Mutes(ctx, tv.viewer)
	if err != nil {
		s.log.Error("load mutes", "member", tv.viewer.ID, "err", err)
		return
	}
	for _, p := range posts {
		if m.Muted(p.Warning) {
			tv.mutes, tv.snap = m, nil
			return
		}
	}
}

// muteOf is how the reader's mutes treat a post: "" when not muted.
func (t *threadView) muteOf(p *hearth.Post) hearth.MuteMode {
	if t.mutes.Muted(p.Warning) {
		return t.mutes.Mode
	}
	return ""
}

// afterPost files the automatic crisis flag on a post just made (postID,
// or the opening post of threadID) when the self-harm check finds wording
// in texts. (Its content warning came with the post: hearth.WithWarning.)
// A failure here does not undo the post; it is logged.
func (s *Server) afterPost(r *http.Request, postID, threadID int64, texts ...string) {
	if !care.Detect(texts...) {
		return
	}
	if err := s.store.SetPostCare(r.Context(), viewer(r), postID, threadID, hearth.PostCare{SelfHarm: true}); err != nil {
		s.log.Error("post care", "post", postID, "thread", threadID, "err", err)
	}
}

// newSelfHarm reports whether an edit adds self-harm wording: the new
// text has more phrases than the old one. An edit that only fixes a typo
// in a post that was already checked asks nothing again.
func newSelfHarm(old, new string) bool {
	n := len(care.Check(new))
	return n > 0 && n > len(care.Check(old))
}

// afterEdit applies the content warning chosen on the edit form of post
// p (changed, added or removed; the body's history is kept by the edit
// itself) and files the urgent flag when the edit added self-harm
// wording.
func (s *Server) afterEdit(r *http.Request, p *hearth.Post, w hearth.ContentWarning, selfHarm bool) error {
	if w == p.Warning && !selfHarm {
		return nil
	}
	return s.store.SetPostCare(r.Context(), viewer(r), p.ID, 0, hearth.PostCare{Warning: w, Replace: true, SelfHarm: selfHarm})
}

// afterStory files the urgent flag on a story just written or edited
// when selfHarm (storyFormInput decides it). A failure does not undo the
// story; it is logged.
func (s *Server) afterStory(r *http.Request, storyID int64, selfHarm bool) {
	if !selfHarm {
		return
	}
	if err := s.store.FlagStorySelfHarm(r.Context(), viewer(r), storyID); err != nil {
		s.log.Error("story care", "story", storyID, "err", err)
	}
}

// careOK reports whether the author pressed "Post it" on the self-harm
// interstitial (or sent "care_ok" in the API).
func careOK(r *http.Request) bool { return r.PostFormValue("care_ok") == "1" }

// careError says a post has self-harm wording and its author has not yet
// seen the crisis resources. Forms show them as the next step (200);
// nothing is blocked: the author may post it as it is.
type careError struct {
	err  *hearth.Error
	help *hearth.CrisisHelp
}

func (e *careError) Error() string { return e.err.Error() }
func (e *careError) Unwrap() error { return e.err }

// careReport is the interstitial on a form. Posts and stories alike get
// an urgent flag for a moderator (afterPost, afterEdit, afterStory).
type careReport struct {
	Help *hearth.CrisisHelp
}

// careGuard returns a *careError when texts hold self-harm wording and
// the author has not confirmed.
func (s *Server) careGuard(r *http.Request, confirmed bool, texts ...string) error {
	if confirmed || !care.Detect(texts...) {
		return nil
	}
	country, lang := acceptPlace(r.Header.Get("Accept-Language"))
	h, err := s.store.CrisisHelp(r.Context(), country, lang)
	if err != nil {
		return err
	}
	return &careError{help: h, err: &hearth.Error{Code: hearth.EInvalid, Field: "body",
		Message: "Before you post: it sounds like you may be going through something very hard. You are not alone."}}
}

// careChecks fills the form's interstitial when err is a careError, and
// reports whether it was.
func careChecks(f *form, err error) bool {
	var ce *careError
	if !errors.As(err, &ce) {
		return false
	}
	f.Care = &careReport{Help: ce.help}
	f.Error = ce.err.Message + " Nothing was posted yet. People who can help right now are listed below your text."
	return true
}

// --- Crisis help -------------------------------------------------------

// acceptPlace picks a country and language from Accept-Language: the
// first tag with a region gives both ("es-ES"); else the first language.
func acceptPlace(header string) (country, language string) {
	type tag struct {
		lang, region string
		q            float64
	}
	var tags []tag
	for i, part := range strings.Split(header, ",") {
		if i >= 10 {
			break
		}
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		lang, region, _ := strings.Cut(name, "-")
		if len(lang) != 2 || q <= 0 {
			continue
		}
		if len(region) != 2 {
			region = ""
		}
		tags = append(tags, tag{strings.ToLower(lang), strings.ToUpper(region), q})
	}
	sort.SliceStable(tags, func(i, j int) bool { return tags[i].q > tags[j].q })
	for _, t := range tags {
		if t.region != "" {
			return t.region, t.lang
		}
	}
	if len(tags) > 0 {
		return "", tags[0].lang
	}
	return "", ""
}

// crisisPlace reads ?place=US-en, else Accept-Language.
func crisisPlace(r *http.Request) (string, string) {
	if c, l, ok := strings.Cut(r.URL.Query().Get("place"), "-"); ok && len(c) == 2 && len(l) == 2 {
		return strings.ToUpper(c), strings.ToLower(l)
	}
	return acceptPlace(r.Header.Get("Accept-Language"))
}

// placeChoice is one option of the place picker.
type placeChoice struct {
	Value, Label string
	Selected     bool
}

var countryNames = map[string]string{"US": "United States", "GB": "United Kingdom", "ES": "Spain", "MX": "Mexico", "CA": "Canada",
	"IE": "Ireland", "AU": "Australia", "NZ": "New Zealand", "AR": "Argentina", "CO": "Colombia", "CL": "Chile", "FR": "France",
	"DE": "Germany", "IN": "India", "PR": "Puerto Rico"}

var languageNames = map[string]string{"en": "English", "es": "Español", "fr": "Français", "de": "Deutsch", "pt": "Português"}

func placeLabel(p hearth.CrisisPlace) string {
	c, l := countryNames[p.Country], languageNames[p.Language]
	if c == "" {
		c = p.Country
	}
	if l == "" {
		l = p.Language
	}
	return c + " (" + l + ")"
}

func placeChoices(h *hearth.CrisisHelp) []placeChoice {
	out := make([]placeChoice, 0, len(h.Places))
	for _, p := range h.Places {
		out = append(out, placeChoice{Value: p.Country + "-" + p.Language, Label: placeLabel(p), Selected: p.Country == h.Country && p.Language == h.Language})
	}
	return out
}

func (s *Server) handleCrisisHelp(w http.ResponseWriter, r *http.Request) {
	country, lang := crisisPlace(r)
	h, err := s.store.CrisisHelp(r.Context(), country, lang)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Vary", "Accept-Language")
	s.render(w, r, http.StatusOK, "crisis.html", &view{Title: "Get help now", Description: "Crisis lines you can call or text right now, by country and language.",
		Canonical: "/help/crisis", Data: map[string]any{"Help": h, "Places": placeChoices(h), "Place": placeLabel(hearth.CrisisPlace{Country: h.Country, Language: h.Language})}})
}

func (s *Server) handleAPICrisisHelp(w http.ResponseWriter, r *http.Request) error {
	country, lang := crisisPlace(r)
	h, err := s.store.CrisisHelp(r.Context(), country, lang)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h)
}

func (s *Server) handleCrisisDismiss(w http.ResponseWriter, r *http.Request) {
	if err := s.store.DismissCrisisNotice(r.Context(), viewer(r)); err != nil {
		s.errorPage(w, r, err)
		return
	}
	// The write forgets the reader's cached facts, the banner's too
	// (invalidateOnWrite).
	next := r.PostFormValue("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// hasCrisisNotice reports whether the reader should see the gentle
// banner linking /help/crisis; it is one of the frame's facts about the
// reader, cached with the unread count (viewerstate.go), so signed-in
// pages do not each ask storage.
func (s *Server) hasCrisisNotice(r *http.Request, v *hearth.Member) bool {
	if v == nil || strings.HasPrefix(r.URL.Path, "/help/crisis") {
		return false
	}
	has, err := viewerFactOf(s.viewerStates, v, func(st *viewerState) *viewerFact[bool] { return &st.crisis },
		func() (bool, error) { return s.store.CrisisNotice(r.Context(), v) })
	if err != nil {
		s.log.Error("crisis notice", "member", v.ID, "err", err)
		return false
	}
	return has
}

// --- Admin: crisis resources ---------------------------------------------

func (s *Server) handleCrisisAdmin(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	f := &form{Values: map[string]string{"position": "0"}}
	if id, err := strconv.ParseInt(r.URL.Query().Get("edit"), 10, 64); err == nil {
		f.Values["id"] = strconv.FormatInt(id, 10)
		all, _ := s.store.ListCrisisResources(r.Context())
		for _, c := range all {
			if c.ID == id {
				f.Values = resourceValues(c)
			}
		}
	}
	s.renderCrisisAdmin(w, r, http.StatusOK, f)
}

func resourceValues(c *hearth.CrisisResource) map[string]string {
	return map[string]string{"id": strconv.FormatInt(c.ID, 10), "country": c.Country, "language": c.Language, "name": c.Name,
		"phone": c.Phone, "sms": c.SMS, "url": c.URL, "hours": c.Hours, "position": strconv.Itoa(c.Position)}
}

func (s *Server) renderCrisisAdmin(w http.ResponseWriter, r *http.Request, status int, f *form) {
	v := viewer(r)
	if !v.IsAdmin() {
		s.errorPage(w, r, hearth.Errorf(hearth.EForbidden, "Only the site's admins can edit crisis resources."))
		return
	}
	all, err := s.store.ListCrisisResources(r.Context())
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, status, "crisis_admin.html", &view{Title: "Crisis resources", NoIndex: true, Data: map[string]any{
		"Resources": all, "Form": f, "Editing": f.Values["id"] != "" && f.Values["id"] != "0", "Saved": r.URL.Query().Get("saved")}})
}

func (s *Server) handleCrisisSave(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, hearth.Errorf(hearth.ETooLarge, "That is far too long. Please shorten it."))
		return
	}
	f := newForm(r, "id", "country", "language", "name", "phone", "sms", "url", "hours", "position")
	c := &hearth.CrisisResource{Country: f.Values["country"], Language: f.Values["language"], Name: f.Values["name"], Phone: f.Values["phone"],
		SMS: f.Values["sms"], URL: f.Values["url"], Hours: f.Values["hours"]}
	var err error
	if f.Values["id"] != "" {
		if c.ID, err = strconv.ParseInt(f.Values["id"], 10, 64); err != nil {
			err = hearth.FieldErrorf("id", "This resource does not exist.")
		}
	}
	if p := strings.TrimSpace(f.Values["position"]); p != "" && err == nil {
		if c.Position, err = strconv.Atoi(p); err != nil {
			err = hearth.FieldErrorf("position", "Please give the order as a whole number, like 0, 1 or 2.")
		}
	}
	if err == nil {
		err = s.store.SaveCrisisResource(r.Context(), viewer(r), c)
	}
	if err != nil {
		if code := hearth.ErrorCode(err); code == hearth.EUnauthorized || code == hearth.EForbidden || code == hearth.EInternal {
			s.errorPage(w, r, err)
			return
		}
		s.renderCrisisAdmin(w, r, statusOf(err), f.fail(err))
		return
	}
	http.Redirect(w, r, "/admin/crisis?saved="+strconv.FormatInt(c.ID, 10)+"#r"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
}

func (s *Server) handleCrisisDelete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.store.DeleteCrisisResource(r.Context(), viewer(r), id)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/crisis?saved=removed", http.StatusSeeOther)
}

// --- Duty -------------------------------------------------------------------

func (s *Server) handleDuty(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	d, err := s.store.Duty(r.Context(), viewer(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "duty.html", &view{Title: "On duty for crisis flags", NoIndex: true, Data: map[string]any{"Duty": d, "Saved": r.URL.Query().Get("saved") == "1"}})
}

func (s *Server) handleDutySave(w http.ResponseWriter, r *http.Request) {
	if err := s.store.SetDuty(r.Context(), viewer(r), r.PostFormValue("on_duty") == "1"); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/mod/duty?saved=1", http.StatusSeeOther)
}

// --- Mutes ---------------------------------------------------------------

type muteChoice struct {
	Kind    hearth.WarningKind
	Label   string
	Checked bool
}

func (s *Server) handleMutes(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	m, err := s.store.Mutes(r.Context(), viewer(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.renderMutes(w, r, http.StatusOK, m, &form{Values: map[string]string{}})
}

func (s *Server) renderMutes(w http.ResponseWriter, r *http.Request, status int, m *hearth.Mutes, f *form) {
	var choices []muteChoice
	for _, k := range hearth.WarningKinds {
		choices = append(choices, muteChoice{Kind: k, Label: k.Label(), Checked: m.Muted(hearth.ContentWarning{Kind: k})})
	}
	s.render(w, r, status, "mutes.html", &view{Title: "Content warnings you mute", NoIndex: true, Data: map[string]any{
		"Choices": choices, "Mode": string(m.Mode), "Form": f, "Saved": r.URL.Query().Get("saved") == "1"}})
}

func (s *Server) handleMutesSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, hearth.Errorf(hearth.EInvalid, "We could not read that form. Please try again."))
		return
	}
	m := hearth.Mutes{Mode: hearth.MuteMode(r.PostFormValue("mode"))}
	for _, k := range r.PostForm["kinds"] {
		m.Kinds = append(m.Kinds, hearth.WarningKind(k))
	}
	if err := s.store.SetMutes(r.Context(), viewer(r), m); err != nil {
		if hearth.ErrorCode(err) != hearth.EInvalid {
			s.errorPage(w, r, err)
			return
		}
		f := &form{Values: map[string]string{}}
		s.renderMutes(w, r, statusOf(err), &m, f.fail(err))
		return
	}
	http.Redirect(w, r, "/settings/warnings?saved=1", http.StatusSeeOther)
}

func (s *Server) handleAPIMutes(w http.ResponseWriter, r *http.Request) error {
	if viewer(r) == nil {
		return hearth.Errorf(hearth.EUnauthorized, "Send a personal access token: Authorization: Bearer <token>.")
	}
	m, err := s.store.Mutes(r.Context(), viewer(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m)
}

// handleAPIMutesSave takes {"kinds": ["loss"], "mode": "hide"}.
func (s *Server) handleAPIMutesSave(w http.ResponseWriter, r *http.Request) error {
	var m hearth.Mutes
	if err := readJSON(w, r, &m); err != nil {
		return err
	}
	if err := s.store.SetMutes(r.Context(), viewer(r), m); err != nil {
		return err
	}
	return s.handleAPIMutes(w, r)
}

// storyMute is how the reader's mutes treat a story: "" when not muted.
// Story pages are never cached, so no other reader sees it.
func (s *Server) storyMute(r *http.Request, st *hearth.Story) hearth.MuteMode {
	v := viewer(r)
	if v == nil || st.Warning.IsZero() {
		return ""
	}
	m, err := s.store.Mutes(r.Context(), v)
	if err != nil {
		s.log.Error("load mutes", "member", v.ID, "err", err)
		return ""
	}
	if m.Muted(st.Warning) {
		return m.Mode
	}
	return ""
}

// --- Crisis flags on stories ---------------------------------------------

// flaggedStories lists the stories with open crisis flags for the queue
// (the site's moderators and admins).
func (s *Server) flaggedStories(r *http.Request, v *hearth.Member) []*hearth.StoryFlag {
	if !v.IsStaff() {
		return nil
	}
	fs, err := s.store.StoryFlags(r.Context(), v)
	if err != nil {
		s.log.Error("flagged stories", "err", err)
	}
	return fs
}

func (s *Server) handleStoryFlagsClose(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.store.CloseStoryFlags(r.Context(), viewer(r), id, r.PostFormValue("note"))
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/mod?done=story", http.StatusSeeOther)
}

func (s *Server) handleAPIStoryFlags(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.store.StoryFlags(r.Context(), viewer(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"stories": fs})
}
