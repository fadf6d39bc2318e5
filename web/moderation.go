package web

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
)

// Moderation pages (issue 7): the queue at /mod, a post as its moderators
// see it with every action, the flag form on every post, a member's
// record, community settings and the notices moderators send. The queue
// grows from the review queue (review.go): held posts are one of its
// sections, and /mod/review stays for the privacy guard's holds.
//
// Every page works without JavaScript: each action is a form post that
// answers with a redirect, or with the page again, the text kept and the
// problem named. Every successful POST here invalidates the whole page
// cache and the session cache (pagecache.go's invalidateOnWrite treats
// routes it does not know as "all"), so a hidden post leaves cached pages
// and a suspended member's session ends on this node at once.

func (s *Server) moderationRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /mod", s.handleModQueue)
	mux.HandleFunc("GET /mod/posts/{pid}", s.handleModPost)
	mux.HandleFunc("POST /mod/posts/{pid}", s.handleModPostAction)
	mux.HandleFunc("POST /mod/welcome/{handle}", s.handleModWelcome)
	mux.HandleFunc("GET /mod/members/{handle}", s.handleModMember)
	mux.HandleFunc("POST /mod/members/{handle}", s.handleModMemberAction)
	mux.HandleFunc("GET /c/{slug}/t/{id}/p/{pid}/flag", s.handleFlagForm)
	mux.HandleFunc("POST /c/{slug}/t/{id}/p/{pid}/flag", s.handleFlagCreate)
	mux.HandleFunc("GET /c/{slug}/settings", s.handleCommunitySettings)
	mux.HandleFunc("POST /c/{slug}/settings", s.handleCommunitySettingsSave)
	mux.HandleFunc("GET /notices", s.handleNotices)
	mux.HandleFunc("GET /admin/audit", s.handleAudit)
	mux.HandleFunc("GET /admin/audit.csv", s.handleAuditCSV)
	mux.HandleFunc("GET /admin/members/{handle}/verify", s.handleVerifyForm)
	mux.HandleFunc("POST /admin/members/{handle}/verify", s.handleVerify)
	s.moderationAPIRoutes(mux) // moderation_api.go
}

// signInFirst sends a signed-out reader of a GET page to sign in and
// back; it reports whether it did.
func signInFirst(w http.ResponseWriter, r *http.Request) bool {
	if viewer(r) != nil {
		return false
	}
	http.Redirect(w, r, "/signin?next="+r.URL.Path, http.StatusSeeOther)
	return true
}

// modDone says what an action did, for the page the moderator lands on.
var modDone = map[string]string{
	"approve":  "Approved. The post is published, and its flags are closed.",
	"return":   "Returned to its author, with your reason.",
	"hide":     "Hidden. Its author sees it with your reason; you can approve it again later.",
	"edit":     "Edited. The post shows your note to every reader.",
	"remove":   "Removed. Only the moderators can see it now.",
	"warn":     "The warning was sent to the author.",
	"suspend":  "The member is suspended and signed out everywhere.",
	"ban":      "The member is banned and signed out everywhere.",
	"lift":     "The suspension or ban is lifted. The member can sign in again.",
	"welcome":  "Marked as welcomed. A hello in one of their threads means a lot, too.",
	"saved":    "Saved.",
	"verified": "Verified. The member now has the Clinician badge and the disclaimer on their posts.",
	"revoked":  "The verification is withdrawn. The member no longer has the Clinician badge.",
	"story":    "The story's crisis flags are closed, with your note in the audit log.", // care.go
}

// --- The queue ---------------------------------------------------------

// queueItem is a post in the queue, ready for the page.
type queueItem struct {
	M      *hearth.ModPost
	URL    string // the post in its thread
	ModURL string // all actions on the post
	Kind   string // "New thread" or "Reply"
	// Title and Body are the text with what caught attention marked, for
	// held posts; BodyHTML the post as readers see it, for flagged ones.
	Title, Body template.HTML
	Reasons     []string
	Notes       []string
	Quick       []actionChoice
	// Reason and Error refill the item's form after a failed action.
	Reason, Error string
}

// actionChoice is one action offered on a post.
type actionChoice struct {
	Value   hearth.ModAction
	Label   string
	Hint    string
	Checked bool
}

func (s *Server) handleModQueue(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	s.renderQueue(w, r, http.StatusOK, 0, "", "")
}

// renderQueue shows the queue; after a failed action on post failedID,
// that item carries the error and the moderator's reason.
func (s *Server) renderQueue(w http.ResponseWriter, r *http.Request, status int, failedID int64, reason, errMsg string) {
	v := viewer(r)
	q, err := s.store.ModerationQueue(r.Context(), v)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	build := func(mps []*hearth.ModPost, held bool) []*queueItem {
		out := make([]*queueItem, 0, len(mps))
		for _, mp := range mps {
			it := newQueueItem(v, mp, held)
			if mp.Post.ID == failedID {
				it.Reason, it.Error = reason, errMsg
			}
			out = append(out, it)
		}
		return out
	}
	s.render(w, r, status, "mod_queue.html", &view{Title: "Moderation queue", NoIndex: true, Data: map[string]any{
		"Queue": q, "Flagged": build(q.Flagged, false), "Held": build(q.Held, true), "Done": modDone[r.URL.Query().Get("done")],
		"CanModerate": v.IsStaff() || len(q.Moderates) > 0, "Messages": s.reportedMessages(r, v),
		"Stories": s.flaggedStories(r, v)}}) // care.go
}

func newQueueItem(v *hearth.Member, mp *hearth.ModPost, held bool) *queueItem {
	p := mp.Post
	it := &queueItem{M: mp, URL: postPath(mp.Thread, p), ModURL: fmt.Sprintf("/mod/posts/%d", p.ID), Kind: "Reply"}
	if p.Position == 0 {
		it.Kind = "New thread"
	}
	if held {
		it.Reasons = []string{hearth.HoldReasonLabel(mp.HoldReason)}
		it.Title, it.Body = heldText(mp)
		for _, f := range mp.Review.Findings {
			if mp.HoldReason != hearth.ReasonPrivacy && f.Type != "" && !slices.Contains(it.Notes, f.Type) {
				it.Notes = append(it.Notes, f.Type)
			}
		}
		it.Quick = []actionChoice{{Value: hearth.ActApprove, Label: "Approve"}, {Value: hearth.ActReturn, Label: "Return to author"},
			{Value: hearth.ActRemove, Label: "Remove"}}
		if p.AuthorID == v.ID {
			it.Quick = it.Quick[1:] // another moderator approves one's own post
		}
		return it
	}
	counts := map[hearth.FlagReason]int{}
	for _, f := range mp.Flags {
		counts[f.Reason]++
		if f.Automatic { // care.go
			it.Notes = append(it.Notes, "The self-harm wording check flagged this post when it was written.")
		} else if f.Note != "" {
			it.Notes = append(it.Notes, "@"+f.Reporter+": "+f.Note)
		}
	}
	for _, reason := range hearth.FlagReasons {
		if n := counts[reason]; n > 0 {
			it.Reasons = append(it.Reasons, fmt.Sprintf("%s (%d)", reason.Label(), n))
		}
	}
	it.Quick = []actionChoice{{Value: hearth.ActApprove, Label: "Keep it"}, {Value: hearth.ActHide, Label: "Hide"}, {Value: hearth.ActRemove, Label: "Remove"}}
	return it
}

// postPath is where a post is read in its thread (a held reply, which has
// no number yet, is shown at the end of the last page).
func postPath(t *hearth.Thread, p *hearth.Post) string {
	if p.Position <= 0 {
		return fmt.Sprintf("%s#p%d", threadURL(t), p.Position)
	}
	return fmt.Sprintf("%s?page=%d#p%d", threadURL(t), (p.Position-1)/hearth.RepliesPerPage+1, p.Position)
}

// heldText marks what held a post: the privacy guard's findings (as the
// review page does), or the spam signals.
func heldText(mp *hearth.ModPost) (title, body template.HTML) {
	p, t := mp.Post, mp.Thread
	if mp.HoldReason == hearth.ReasonPrivacy {
		body = markText(p.Body, heldMarks(p.Body, "body", mp.Review.Findings))
		if p.Position == 0 {
			title = markText(t.Title, heldMarks(t.Title, "title", mp.Review.Findings))
		}
		return title, body
	}
	spans := func(field, text string) template.HTML {
		var b strings.Builder
		last := 0
		for _, f := range mp.Review.Findings {
			if f.Field != field || f.Start < last || f.End > len(text) || f.Start >= f.End || text[f.Start:f.End] != f.Text {
				continue
			}
			b.WriteString(template.HTMLEscapeString(text[last:f.Start]))
			b.WriteString("<mark>" + template.HTMLEscapeString(f.Text) + `</mark><span class="vh"> (` + template.HTMLEscapeString(f.Type) + ")</span>")
			last = f.End
		}
		b.WriteString(template.HTMLEscapeString(text[last:]))
		return template.HTML(b.String())
	}
	body = spans("body", p.Body)
	if p.Position == 0 {
		title = spans("title", t.Title)
	}
	return title, body
}

// --- One post, every action -------------------------------------------

func (s *Server) handleModPost(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	s.renderModPost(w, r, http.StatusOK, &form{Values: map[string]string{}})
}

// renderModPost shows a post to its moderators with every action they
// may take; f refills the form after a failed action.
func (s *Server) renderModPost(w http.ResponseWriter, r *http.Request, status int, f *form) {
	pid, err := pathID(r, "pid")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	mp, err := s.store.FindModPost(r.Context(), viewer(r), pid)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	p := mp.Post
	if _, ok := f.Values["body"]; !ok {
		f.Values["body"] = p.Body
	}
	vw := map[string]any{"M": mp, "URL": postPath(mp.Thread, p), "Form": f, "Done": modDone[r.URL.Query().Get("done")], "Status": statusLabel(p.Status),
		"Days": hearth.SuspensionDays, "Actions": actionsFor(viewer(r), mp, f.Values["action"]), "Own": p.AuthorID == viewer(r).ID,
		"Reveal": revealedFrom(r.Context())} // anonymous.go
	if mp.Review != nil {
		vw["HoldReason"] = hearth.HoldReasonLabel(mp.HoldReason)
		vw["HeldTitle"], vw["HeldBody"] = heldText(mp)
	}
	s.render(w, r, status, "mod_post.html", &view{Title: "Moderate a post by " + p.By(), NoIndex: true, Data: vw})
}

// statusLabel names a post's status in plain words.
func statusLabel(status string) string {
	switch status {
	case hearth.StatusHeld:
		return "waiting for review"
	case hearth.StatusRejected:
		return "returned to its author"
	}
	return status
}

// actionsFor lists the actions the viewer may take on a post now.
func actionsFor(v *hearth.Member, mp *hearth.ModPost, checked string) []actionChoice {
	p := mp.Post
	var out []actionChoice
	add := func(a hearth.ModAction, ok bool) {
		if ok {
			out = append(out, actionChoice{Value: a, Label: a.Label(), Hint: a.Hint(), Checked: string(a) == checked})
		}
	}
	st := p.Status
	add(hearth.ActApprove, (st == hearth.StatusHeld && p.AuthorID != v.ID) || st == hearth.StatusHidden || st == hearth.StatusRemoved ||
		(st == hearth.StatusPublished && len(mp.Flags) > 0))
	add(hearth.ActReturn, st == hearth.StatusHeld)
	add(hearth.ActHide, st == hearth.StatusPublished || st == hearth.StatusHeld)
	add(hearth.ActEdit, st != hearth.StatusRemoved)
	add(hearth.ActRemove, st != hearth.StatusRemoved)
	add(hearth.ActWarn, p.AuthorID != v.ID)
	add(hearth.ActSuspend, mp.CanSanction)
	add(hearth.ActBan, mp.CanSanction)
	return out
}

func (s *Server) handleModPostAction(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r, "text") {
		return
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := newForm(r, "action", "reason", "body", "days")
	days, _ := strconv.Atoi(f.Values["days"])
	a := hearth.PostAction{Action: hearth.ModAction(f.Values["action"]), Reason: f.Values["reason"], Body: f.Values["body"], Days: days}
	fromQueue := r.PostFormValue("from") == "queue"
	_, err = s.store.ModeratePost(r.Context(), viewer(r), pid, a)
	switch code := hearth.ErrorCode(err); {
	case err == nil && fromQueue:
		http.Redirect(w, r, "/mod?done="+string(a.Action), http.StatusSeeOther)
	case err == nil:
		http.Redirect(w, r, fmt.Sprintf("/mod/posts/%d?done=%s", pid, a.Action), http.StatusSeeOther)
	case code != hearth.EInvalid && code != hearth.EConflict:
		s.errorPage(w, r, err)
	case fromQueue:
		s.renderQueue(w, r, statusOf(err), pid, f.Values["reason"], hearth.ErrorMessage(err))
	default:
		s.renderModPost(w, r, statusOf(err), f.fail(err))
	}
}

func (s *Server) handleModWelcome(w http.ResponseWriter, r *http.Request) {
	if err := s.store.Welcome(r.Context(), viewer(r), r.PathValue("handle")); err != nil {
		if hearth.ErrorCode(err) == hearth.EConflict {
			http.Redirect(w, r, "/mod?done=welcome", http.StatusSeeOther) // someone was quicker: fine
			return
		}
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/mod?done=welcome", http.StatusSeeOther)
}

// --- A member's record ---------------------------------------------------

func (s *Server) handleModMember(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	s.renderModMember(w, r, http.StatusOK, &form{Values: map[string]string{}})
}

func (s *Server) renderModMember(w http.ResponseWriter, r *http.Request, status int, f *form) {
	rec, err := s.store.FindMemberRecord(r.Context(), viewer(r), r.PathValue("handle"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	active := rec.Active
	var actions []actionChoice
	for _, a := range []hearth.ModAction{hearth.ActWarn, hearth.ActSuspend, hearth.ActBan, hearth.ActLift} {
		if a == hearth.ActLift && active == nil {
			continue
		}
		actions = append(actions, actionChoice{Value: a, Label: a.Label(), Checked: f.Values["action"] == string(a)})
	}
	s.render(w, r, status, "mod_member.html", &view{Title: "@" + rec.Member.Handle + ": moderation record", NoIndex: true, Data: map[string]any{
		"Rec": rec, "Active": active, "Actions": actions, "Form": f, "Days": hearth.SuspensionDays, "Done": modDone[r.URL.Query().Get("done")]}})
}

func (s *Server) handleModMemberAction(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "action", "reason", "days")
	days, _ := strconv.Atoi(f.Values["days"])
	a := hearth.MemberAction{Action: hearth.ModAction(f.Values["action"]), Reason: f.Values["reason"], Days: days}
	err := s.store.ModerateMember(r.Context(), viewer(r), r.PathValue("handle"), a)
	switch code := hearth.ErrorCode(err); {
	case err == nil:
		http.Redirect(w, r, "/mod/members/"+hearth.NormalizeHandle(r.PathValue("handle"))+"?done="+string(a.Action), http.StatusSeeOther)
	case code == hearth.EInvalid || code == hearth.EConflict:
		s.renderModMember(w, r, statusOf(err), f.fail(err))
	default:
		s.errorPage(w, r, err)
	}
}

// --- Flags --------------------------------------------------------------

// flagsPerHour bounds a member's flags, so that flags cannot flood the
// queue.
const flagsPerHour = 30

func (s *Server) handleFlagForm(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	s.renderFlagForm(w, r, http.StatusOK, &form{Values: map[string]string{}})
}

func (s *Server) renderFlagForm(w http.ResponseWriter, r *http.Request, status int, f *form) {
	p, t, err := s.findPathPost(r)
	var c *hearth.Community
	if err == nil {
		c, err = s.store.FindCommunity(r.Context(), viewer(r), t.CommunitySlug)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	reasons := flagReasonChoices(f.Values["reason"], nil)
	var crisis *hearth.CrisisHelp // the thank-you page of a crisis flag (care.go)
	if r.URL.Query().Get("sent") == "crisis" {
		country, lang := acceptPlace(r.Header.Get("Accept-Language"))
		if crisis, err = s.store.CrisisHelp(r.Context(), country, lang); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	s.render(w, r, status, "flag.html", &view{Title: "Flag a post by " + p.By(), NoIndex: true, Data: map[string]any{
		"Post": p, "Thread": t, "Back": postPath(t, p), "Form": f, "What": "post", "Reasons": reasons, "Sent": r.URL.Query().Get("sent") != "", "Crisis": crisis,
		"Own": viewer(r).ID == p.AuthorID, "Moderates": c.CanModerate(viewer(r)), "Action": fmt.Sprintf("%s/p/%d/flag", threadBase(t), p.ID),
		"Edit": fmt.Sprintf("%s/p/%d/edit", threadBase(t), p.ID)}})
}

// reasonChoice is one radio of the "reportForm" partial.
type reasonChoice struct {
	Value       hearth.FlagReason
	Label, Hint string
	Checked     bool
}

// flagReasonChoices lists hearth.FlagReasons as radios for "reportForm",
// with checked (the form's reason) checked; hints replaces a reason's own
// hint where it has one.
func flagReasonChoices(checked string, hints map[hearth.FlagReason]string) []reasonChoice {
	var out []reasonChoice
	for _, reason := range hearth.FlagReasons {
		hint, ok := hints[reason]
		if !ok {
			hint = reason.Hint()
		}
		out = append(out, reasonChoice{Value: reason, Label: reason.Label(), Hint: hint, Checked: checked == string(reason)})
	}
	return out
}

func (s *Server) handleFlagCreate(w http.ResponseWriter, r *http.Request) {
	if !s.readForm(w, r, "note") {
		return
	}
	v := viewer(r)
	if v == nil {
		s.errorPage(w, r, hearth.Errorf(hearth.EUnauthorized, "Please sign in to flag a post."))
		return
	}
	f := newForm(r, "reason", "note")
	p, _, err := s.findPathPost(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	if !s.allow(r.Context(), "flag:"+strconv.FormatInt(v.ID, 10), flagsPerHour, time.Hour) {
		err = hearth.Errorf(hearth.ERateLimited, "You have sent many flags in the last hour. Thank you; please wait a while before you send more.")
	} else {
		_, err = s.store.FlagPost(r.Context(), v, p.ID, hearth.NewFlag{Reason: hearth.FlagReason(f.Values["reason"]), Note: f.Values["note"]})
	}
	switch code := hearth.ErrorCode(err); {
	case err == nil && f.Values["reason"] == string(hearth.FlagCrisis): // the thank-you page with crisis resources (care.go)
		http.Redirect(w, r, r.URL.Path+"?sent=crisis", http.StatusSeeOther)
	case err == nil:
		http.Redirect(w, r, r.URL.Path+"?sent=1", http.StatusSeeOther)
	case code == hearth.EUnauthorized || code == hearth.ENotFound || code == hearth.EInternal:
		s.errorPage(w, r, err)
	default:
		s.logIfInternal(r, err)
		s.renderFlagForm(w, r, statusOf(err), f.fail(err))
	}
}

// --- Community settings ------------------------------------------------

func (s *Server) handleCommunitySettings(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	c, cs, err := s.store.CommunitySettings(r.Context(), viewer(r), r.PathValue("slug"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "community_settings.html", &view{Title: "Moderation settings for " + c.Name, NoIndex: true, Data: map[string]any{
		"Community": c, "Settings": cs, "Done": modDone[r.URL.Query().Get("done")]}})
}

func (s *Server) handleCommunitySettingsSave(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	cs := hearth.CommunitySettings{HoldFirstPosts: r.PostFormValue("hold_first_posts") == "1",
		AllowAnonymous: r.PostFormValue("allow_anonymous") == "1"} // anonymous.go
	if err := s.store.SetCommunitySettings(r.Context(), viewer(r), slug, cs); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/c/"+slug+"/settings?done=saved", http.StatusSeeOther)
}

// --- Notices --------------------------------------------------------------

func (s *Server) handleNotices(w http.ResponseWriter, r *http.Request) {
	if signInFirst(w, r) {
		return
	}
	ns, err := s.store.ListNotices(r.Context(), viewer(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "notices.html", &view{Title: "Notes from the moderators", NoIndex: true, Data: map[string]any{"Notices": ns}})
}
