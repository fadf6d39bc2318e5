package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
)

// Follow and notify: follow buttons, the notifications page, email
// settings, one-click unsubscribe, and password reset by email.

// followState is the follow button of a page, shown by the layout
// outside the page's content, so that content shared between readers
// (threadcache.go) never carries one reader's choice.
type followState struct {
	Action    string // where the button posts
	Following bool
	Label     string // the button
	Hint      string // what following does
	Next      string // the page to come back to
}

// followState returns the follow button for a target on the page at
// base, or nil for a signed-out reader (no query) or the member's own
// profile.
func (s *Server) followState(r *http.Request, kind hearth.FollowKind, key, base string) *followState {
	v := viewer(r)
	if v == nil || (kind == hearth.FollowMember && (hearth.NormalizeHandle(key) == v.Handle || hearth.IsDeletedHandle(key))) {
		return nil // no one to follow: oneself, or a deleted account (account.go)
	}
	t := hearth.FollowTarget{Kind: kind, Key: key}
	on, err := s.store.IsFollowing(r.Context(), v, t)
	if err != nil {
		s.log.Error("follow state", "kind", kind, "target", key, "err", err)
		return nil
	}
	what, hint := "this thread", "Get a notification when someone replies."
	switch kind {
	case hearth.FollowCommunity:
		what, hint = "this community", "Get a notification when someone starts a thread here."
	case hearth.FollowMember:
		what, hint = "@"+hearth.NormalizeHandle(key), "Get a notification when they share a new story."
	}
	f := &followState{Action: base + "/follow", Following: on, Label: "Follow " + what, Hint: hint, Next: r.URL.RequestURI()}
	if on {
		f.Action, f.Label, f.Hint = base+"/unfollow", "Unfollow "+what, "You follow "+what+". You can choose which emails you get in your settings."
	}
	return f
}

// unreadCount is the header's count for a signed-in reader: one indexed,
// capped query. Signed-out readers cost nothing.
func (s *Server) unreadCount(r *http.Request, v *hearth.Member) int {
	if v == nil {
		return 0
	}
	n, err := s.countUnread(r.Context(), v) // viewerstate.go
	if err != nil {
		s.log.Error("unread count", "err", err)
		return 0
	}
	return n
}

// unreadLabel shows a capped count: "20+".
func unreadLabel(n int) string {
	if n > unreadCap {
		return strconv.Itoa(unreadCap) + "+"
	}
	return strconv.Itoa(n)
}

// unreadCap matches sqldb.UnreadCap (CountUnread counts one past it).
const unreadCap = 20

// handleFollow follows or unfollows the target named by a page's path.
func (s *Server) handleFollow(kind hearth.FollowKind, follow bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var key, back string
		switch kind {
		case hearth.FollowCommunity:
			key, back = r.PathValue("slug"), "/c/"+r.PathValue("slug")
		case hearth.FollowThread:
			key, back = r.PathValue("id"), "/c/"+r.PathValue("slug")+"/t/"+r.PathValue("id")
		case hearth.FollowMember:
			key, back = r.PathValue("handle"), "/u/"+r.PathValue("handle")
		}
		if next := r.PostFormValue("next"); next != "" {
			back = safeNext(next)
		}
		v := viewer(r)
		if v == nil {
			http.Redirect(w, r, "/signin?next="+back, http.StatusSeeOther)
			return
		}
		t := hearth.FollowTarget{Kind: kind, Key: key}
		var err error
		if follow {
			err = s.store.Follow(r.Context(), v, t)
		} else {
			err = s.store.Unfollow(r.Context(), v, t)
		}
		if err != nil {
			s.errorPage(w, r, err)
			return
		}
		http.Redirect(w, r, back, http.StatusSeeOther)
	}
}

func (s *Server) signInFirst(w http.ResponseWriter, r *http.Request) bool {
	if viewer(r) != nil {
		return false
	}
	http.Redirect(w, r, "/signin?next="+r.URL.Path, http.StatusSeeOther)
	return true
}

func (s *Server) handleNotifications(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	ns, pages, err := s.store.ListNotifications(r.Context(), viewer(r), pageParam(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	unread := 0
	for _, n := range ns {
		if !n.Read {
			unread++
		}
	}
	s.render(w, r, http.StatusOK, "notifications.html", &view{Title: "Notifications", NoIndex: true, Data: map[string]any{
		"Notifications": ns, "AnyUnread": unread > 0, "Pager": pager{Page: min(pageParam(r), pages), Pages: pages, Base: "/notifications"}}})
}

// handleNotificationOpen marks a notification read and goes to what it is
// about: the links on the notifications page work without JavaScript.
func (s *Server) handleNotificationOpen(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	id, err := pathID(r, "id")
	var n *hearth.Notification
	if err == nil {
		n, err = s.store.FindNotification(r.Context(), viewer(r), id)
	}
	if err == nil {
		err = s.store.MarkRead(r.Context(), viewer(r), id)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, n.URL, http.StatusSeeOther)
}

func (s *Server) handleNotificationRead(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	id, err := pathID(r, "id")
	if err == nil {
		err = s.store.MarkRead(r.Context(), viewer(r), id)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

func (s *Server) handleNotificationsReadAll(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	if err := s.store.MarkAllRead(r.Context(), viewer(r)); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
}

// prefRow is one kind's row of the email settings form.
type prefRow struct {
	Kind   hearth.NotifyKind
	Label  string
	Mode   hearth.EmailMode
	Modes  []hearth.EmailMode
	Failed bool
}

func (s *Server) renderNotifySettings(w http.ResponseWriter, r *http.Request, status int, p hearth.NotifyPrefs, f *form, saved bool) {
	follows, err := s.store.ListFollows(r.Context(), viewer(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	var rows []prefRow
	for _, k := range hearth.NotifyKinds {
		rows = append(rows, prefRow{Kind: k, Label: k.Label(), Mode: p.Mode(k), Modes: hearth.EmailModes, Failed: f.Field == string(k)})
	}
	s.render(w, r, status, "notify_settings.html", &view{Title: "Notification settings", NoIndex: true, Data: map[string]any{
		"Rows": rows, "Form": f, "Saved": saved, "Follows": follows, "MailLogged": s.cfg.MailLogged}})
}

func (s *Server) handleNotifySettings(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	p, err := s.store.NotifyPrefs(r.Context(), viewer(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	s.renderNotifySettings(w, r, http.StatusOK, p, &form{Values: map[string]string{}}, r.URL.Query().Get("saved") == "1")
}

func (s *Server) handleNotifySettingsSave(w http.ResponseWriter, r *http.Request) {
	if s.signInFirst(w, r) {
		return
	}
	p := hearth.NotifyPrefs{}
	for _, k := range hearth.NotifyKinds {
		if v := r.PostFormValue(string(k)); v != "" {
			p[k] = hearth.EmailMode(v)
		}
	}
	if err := s.store.SetNotifyPrefs(r.Context(), viewer(r), p); err != nil {
		s.logIfInternal(r, err)
		// Show the form as sent, the bad choice back on its default.
		cur, _ := s.store.NotifyPrefs(r.Context(), viewer(r))
		for k, m := range p {
			if m.Valid() && k.Valid() {
				cur[k] = m
			}
		}
		s.renderNotifySettings(w, r, statusOf(err), cur, (&form{Values: map[string]string{}}).fail(err), false)
		return
	}
	http.Redirect(w, r, "/settings/notifications?saved=1", http.StatusSeeOther)
}

// Unsubscribe: GET shows what the link turns off and a button; POST (the
// button, or a mail provider's one-click request, RFC 8058) does it. It
// needs no session, and POST is exempt from the cross-origin check: the
// signed token is the proof.

func (s *Server) handleUnsubscribeForm(w http.ResponseWriter, r *http.Request) {
	what, err := s.store.CheckUnsubscribe(r.Context(), r.PathValue("token"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.render(w, r, http.StatusOK, "unsubscribe.html", &view{Title: "Unsubscribe", NoIndex: true, Data: map[string]any{
		"What": what, "Action": "/unsubscribe/" + r.PathValue("token")}})
}

func (s *Server) handleUnsubscribe(w http.ResponseWriter, r *http.Request) {
	what, err := s.store.Unsubscribe(r.Context(), r.PathValue("token"))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.render(w, r, http.StatusOK, "unsubscribe.html", &view{Title: "You are unsubscribed", NoIndex: true, Data: map[string]any{
		"What": what, "Done": true}})
}

// Password reset.

const forgotTitle = "Forgot your password?"

func (s *Server) handleForgotForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password_forgot.html", &view{Title: forgotTitle, NoIndex: true, Data: map[string]any{
		"Form": &form{Values: map[string]string{}}}})
}

// handleForgot queues a reset email. Its answer is the same whether or
// not an account has the address: the job looks, not this request.
func (s *Server) handleForgot(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "email")
	addr := strings.ToLower(strings.TrimSpace(f.Values["email"]))
	fail := func(err error) {
		s.logIfInternal(r, err)
		s.render(w, r, statusOf(err), "password_forgot.html", &view{Title: forgotTitle, NoIndex: true, Data: map[string]any{"Form": f.fail(err)}})
	}
	if !s.allow(r.Context(), "forgot-ip:"+clientIP(r), 10, time.Hour) || !s.allow(r.Context(), "forgot-email:"+addr, 3, time.Hour) {
		fail(hearth.Errorf(hearth.ERateLimited, "We got many requests to reset a password from here, or for this address. Please wait an hour and try again; a link we already sent still works for an hour."))
		return
	}
	if err := s.store.RequestPasswordReset(r.Context(), addr); err != nil {
		fail(err)
		return
	}
	s.render(w, r, http.StatusOK, "password_forgot.html", &view{Title: "Check your email", NoIndex: true, Data: map[string]any{"Sent": true, "Email": addr}})
}

func (s *Server) renderReset(w http.ResponseWriter, r *http.Request, status int, f *form) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.render(w, r, status, "password_reset.html", &view{Title: "Choose a new password", NoIndex: true, Data: map[string]any{
		"Form": f, "Action": "/password/reset/" + r.PathValue("token")}})
}

func (s *Server) resetLinkError(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.logIfInternal(r, err)
	s.render(w, r, statusOf(err), "password_reset.html", &view{Title: "This link does not work", NoIndex: true, Data: map[string]any{
		"Invalid": hearth.ErrorMessage(err)}})
}

func (s *Server) handleResetForm(w http.ResponseWriter, r *http.Request) {
	if err := s.store.CheckPasswordReset(r.Context(), r.PathValue("token")); err != nil {
		s.resetLinkError(w, r, err)
		return
	}
	s.renderReset(w, r, http.StatusOK, &form{Values: map[string]string{}})
}

func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	m, err := s.store.ResetPassword(r.Context(), r.PathValue("token"), r.PostFormValue("password"))
	if hearth.ErrorField(err) == "password" {
		s.renderReset(w, r, statusOf(err), (&form{Values: map[string]string{}}).fail(err))
		return
	} else if err != nil {
		s.resetLinkError(w, r, err)
		return
	}
	// Every other sign-in ended with the reset; this browser starts anew.
	if err := s.startSession(w, r, m); err != nil {
		s.errorPage(w, r, err)
		return
	}
	http.Redirect(w, r, "/password/changed", http.StatusSeeOther)
}

func (s *Server) handlePasswordChanged(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password_forgot.html", &view{Title: "Your password is changed", NoIndex: true, Data: map[string]any{"Changed": true}})
}

// JSON API.

func (s *Server) handleAPINotifications(w http.ResponseWriter, r *http.Request) error {
	ns, pages, err := s.store.ListNotifications(r.Context(), viewer(r), pageParam(r))
	if err != nil {
		return err
	}
	unread, err := s.store.CountUnread(r.Context(), viewer(r))
	if err != nil {
		return err
	}
	if ns == nil {
		ns = []*hearth.Notification{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"notifications": ns, "page": min(pageParam(r), pages), "pages": pages,
		"unread": unread, "unread_capped": unread > unreadCap})
}

func (s *Server) handleAPINotificationRead(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.store.MarkRead(r.Context(), viewer(r), id); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"id": id, "read": true})
}

func (s *Server) handleAPINotificationsReadAll(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.MarkAllRead(r.Context(), viewer(r)); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"unread": 0})
}

func (s *Server) handleAPIFollows(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.store.ListFollows(r.Context(), viewer(r))
	if err != nil {
		return err
	}
	if fs == nil {
		fs = []*hearth.Follow{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"follows": fs})
}

func (s *Server) handleAPIFollowCreate(w http.ResponseWriter, r *http.Request) error {
	var in hearth.FollowTarget
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.store.Follow(r.Context(), viewer(r), in); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, map[string]any{"kind": in.Kind, "target": in.Key, "following": true})
}

func (s *Server) handleAPIFollowDelete(w http.ResponseWriter, r *http.Request) error {
	t := hearth.FollowTarget{Kind: hearth.FollowKind(r.PathValue("kind")), Key: r.PathValue("target")}
	if err := s.store.Unfollow(r.Context(), viewer(r), t); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"kind": t.Kind, "target": t.Key, "following": false})
}

func (s *Server) handleAPINotifySettings(w http.ResponseWriter, r *http.Request) error {
	p, err := s.store.NotifyPrefs(r.Context(), viewer(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"email": p})
}

func (s *Server) handleAPINotifySettingsSave(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Email hearth.NotifyPrefs `json:"email"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.store.SetNotifyPrefs(r.Context(), viewer(r), in.Email); err != nil {
		return err
	}
	return s.handleAPINotifySettings(w, r)
}

// notifyRoutes adds the routes of this file to the table.
func (s *Server) notifyRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /c/{slug}/follow", s.handleFollow(hearth.FollowCommunity, true))
	mux.HandleFunc("POST /c/{slug}/unfollow", s.handleFollow(hearth.FollowCommunity, false))
	mux.HandleFunc("POST /c/{slug}/t/{id}/follow", s.handleFollow(hearth.FollowThread, true))
	mux.HandleFunc("POST /c/{slug}/t/{id}/unfollow", s.handleFollow(hearth.FollowThread, false))
	mux.HandleFunc("POST /u/{handle}/follow", s.handleFollow(hearth.FollowMember, true))
	mux.HandleFunc("POST /u/{handle}/unfollow", s.handleFollow(hearth.FollowMember, false))
	mux.HandleFunc("GET /notifications", s.handleNotifications)
	mux.HandleFunc("GET /notifications/{id}", s.handleNotificationOpen)
	mux.HandleFunc("POST /notifications/{id}/read", s.handleNotificationRead)
	mux.HandleFunc("POST /notifications/read-all", s.handleNotificationsReadAll)
	mux.HandleFunc("GET /settings/notifications", s.handleNotifySettings)
	mux.HandleFunc("POST /settings/notifications", s.handleNotifySettingsSave)
	mux.HandleFunc("GET /unsubscribe/{token}", s.handleUnsubscribeForm)
	mux.HandleFunc(unsubscribePattern, s.handleUnsubscribe)
	mux.HandleFunc("GET /password/forgot", s.handleForgotForm)
	mux.HandleFunc("POST /password/forgot", s.handleForgot)
	mux.HandleFunc("GET /password/reset/{token}", s.handleResetForm)
	mux.HandleFunc("POST /password/reset/{token}", s.handleReset)
	mux.HandleFunc("GET /password/changed", s.handlePasswordChanged)

	mux.HandleFunc("GET /api/v1/notifications", s.api(s.handleAPINotifications))
	mux.HandleFunc("POST /api/v1/notifications/read-all", s.api(s.handleAPINotificationsReadAll))
	mux.HandleFunc("POST /api/v1/notifications/{id}/read", s.api(s.handleAPINotificationRead))
	mux.HandleFunc("GET /api/v1/follows", s.api(s.handleAPIFollows))
	mux.HandleFunc("POST /api/v1/follows", s.api(s.handleAPIFollowCreate))
	mux.HandleFunc("DELETE /api/v1/follows/{kind}/{target}", s.api(s.handleAPIFollowDelete))
	mux.HandleFunc("GET /api/v1/settings/notifications", s.api(s.handleAPINotifySettings))
	mux.HandleFunc("PUT /api/v1/settings/notifications", s.api(s.handleAPINotifySettingsSave))
}

// unsubscribePattern is the one route exempt from the cross-origin check.
const unsubscribePattern = "POST /unsubscribe/{token}"
