package web

import (
	"cmp"
	"net/http"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
)

// safeNext keeps redirects after sign-in on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) handleSignupForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "signup.html", &view{Title: "Create an account", Data: map[string]any{"Form": &form{Values: map[string]string{}}}})
}

func (s *Server) handleSignup(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "handle", "email")
	fail := func(err error) {
		s.logIfInternal(r, err)
		s.render(w, r, statusOf(err), "signup.html", &view{Title: "Create an account", Data: map[string]any{"Form": f.fail(err)}})
	}
	if !s.allow(r.Context(), "signup:"+clientIP(r), 5, time.Hour) {
		fail(hearth.Errorf(hearth.ERateLimited, "Too many new accounts from your connection in the last hour. Please try again later."))
		return
	}
	m, err := s.store.CreateMember(r.Context(), hearth.NewMember{Handle: r.PostFormValue("handle"), Email: r.PostFormValue("email"), Password: r.PostFormValue("password")})
	if err != nil {
		fail(err)
		return
	}
	// The language mentors are matched by, until the member chooses (mentor.go).
	if err := s.store.SetLanguageByID(r.Context(), m.ID, hearth.LanguageFromAccept(r.Header.Get("Accept-Language"))); err != nil {
		s.logIfInternal(r, err)
	}
	if err := s.startSession(w, r, m); err != nil {
		fail(err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) startSession(w http.ResponseWriter, r *http.Request, m *hearth.Member) error {
	token, err := s.store.CreateSession(r.Context(), m.ID)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, token)
	return nil
}

func (s *Server) handleSigninForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "signin.html", &view{Title: "Sign in", Data: map[string]any{
		"Form": &form{Values: map[string]string{}}, "Next": safeNext(r.URL.Query().Get("next"))}})
}

func (s *Server) handleSignin(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "login")
	next := safeNext(r.PostFormValue("next"))
	fail := func(err error) {
		s.logIfInternal(r, err)
		s.render(w, r, statusOf(err), "signin.html", &view{Title: "Sign in", Data: map[string]any{"Form": f.fail(err), "Next": next}})
	}
	login := strings.ToLower(strings.TrimSpace(r.PostFormValue("login")))
	// Limit per address and per account, so that neither one machine nor
	// a spread-out attack can guess a password quickly. The account's
	// limit counts failed attempts only: a member who signs in often on
	// several devices is never locked out by their own successes.
	failKey := "signin-fail:" + login
	if !s.allow(r.Context(), "signin-ip:"+clientIP(r), cmp.Or(s.cfg.SigninsPerIP, 20), 10*time.Minute) || s.exceeded(r.Context(), failKey, signinFailuresPerAccount, signinFailureWindow) {
		fail(hearth.Errorf(hearth.ERateLimited, "Too many sign-in attempts. Please wait 15 minutes and try again."))
		return
	}
	m, err := s.store.Authenticate(r.Context(), r.PostFormValue("login"), r.PostFormValue("password"))
	if err != nil {
		if hearth.ErrorCode(err) != hearth.EInternal { // a wrong handle or password
			s.allow(r.Context(), failKey, signinFailuresPerAccount, signinFailureWindow)
		}
		fail(err)
		return
	}
	if err := s.startSession(w, r, m); err != nil {
		fail(err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) handleSignout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.store.DeleteSession(r.Context(), c.Value); err != nil {
			s.errorPage(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
