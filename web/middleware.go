package web

import (
	"context"
	"net"
	"net/http"
	"runtime/debug"
	"strings"

	"github.com/hearth-community/hearth"
)

const sessionCookie = "hearth_session"

// contentSecurityPolicy allows only our own styles and scripts: no inline
// script, no third-party anything.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

func securityHeaders(next http.Handler) http.Handler {
	// The values are shared by every response rather than allocated for
	// each (a handler that changes one replaces it with Header().Set).
	var (
		csp         = []string{contentSecurityPolicy}
		nosniff     = []string{"nosniff"}
		referrer    = []string{"same-origin"}
		frames      = []string{"DENY"}
		permissions = []string{"camera=(), microphone=(), geolocation=(), interest-cohort=()"}
	)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Security-Policy"] = csp
		h["X-Content-Type-Options"] = nosniff
		h["Referrer-Policy"] = referrer
		h["X-Frame-Options"] = frames
		h["Permissions-Policy"] = permissions
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panic into a plain error page and a log line, so
// that a bug never shows a stack trace to a member.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				err := hearth.Errorf(hearth.EInternal, "Something went wrong on our side. Please try again in a moment.")
				if strings.HasPrefix(r.URL.Path, "/api/") {
					writeJSONError(w, err)
					return
				}
				s.errorPage(w, r, err)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type viewerKey struct{}

// withViewer puts the signed-in member, if any, in the request context.
// API requests authenticate with a bearer token instead (see api).
func (s *Server) withViewer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && !strings.HasPrefix(r.URL.Path, "/static/") {
			if m, err := s.findSession(r.Context(), c.Value); err == nil {
				r = r.WithContext(context.WithValue(r.Context(), viewerKey{}, m))
			} else if hearth.ErrorCode(err) == hearth.EUnauthorized {
				s.clearSessionCookie(w)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// viewer returns the signed-in member, or nil.
func viewer(r *http.Request) *hearth.Member {
	m, _ := r.Context().Value(viewerKey{}).(*hearth.Member)
	return m
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: 30 * 24 * 3600})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.cfg.SecureCookies,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// clientIP is the peer address; hearth does not trust X-Forwarded-For
// unless a proxy setting says so (not yet offered).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func withMember(ctx context.Context, m *hearth.Member) context.Context {
	return context.WithValue(ctx, viewerKey{}, m)
}
