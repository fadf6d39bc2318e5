// Package web serves hearth over HTTP: server-rendered pages that work
// without JavaScript, and the JSON API under /api/v1.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/hearth-community/hearth"
)

// Store is everything the web layer needs from storage.
type Store interface {
	hearth.MemberService
	hearth.CommunityService
	hearth.ThreadService
	Ping(ctx context.Context) error
	// Allow counts an event against a rate limit of n per window.
	Allow(ctx context.Context, key string, n int, per time.Duration) (bool, error)
}

// Config holds settings from flags and the environment.
type Config struct {
	SiteName string
	// SecureCookies marks cookies Secure; set it when served over HTTPS.
	SecureCookies bool
	// PostsPerMinute limits threads and replies per member; 0 turns the
	// limit off (benchmarks).
	PostsPerMinute int
}

// Server is the HTTP front of hearth.
type Server struct {
	store   Store
	cfg     Config
	log     *slog.Logger
	pages   *pages
	handler http.Handler
}

// NewServer builds the routes table and the middleware around it.
func NewServer(store Store, cfg Config, log *slog.Logger) *Server {
	if cfg.SiteName == "" {
		cfg.SiteName = "hearth"
	}
	s := &Server{store: store, cfg: cfg, log: log, pages: mustParsePages()}
	mux := http.NewServeMux()
	s.routes(mux)
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, hearth.Errorf(hearth.EForbidden, "This form was sent from another site, so we did not accept it. Please go back, reload the page and try again."))
	}))
	s.handler = s.recoverPanics(securityHeaders(s.withViewer(csrf.Handler(mux))))
	return s
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.handleHome)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /static/{file}", handleStatic)
	mux.HandleFunc("GET /robots.txt", handleRobots)

	mux.HandleFunc("GET /signup", s.handleSignupForm)
	mux.HandleFunc("POST /signup", s.handleSignup)
	mux.HandleFunc("GET /signin", s.handleSigninForm)
	mux.HandleFunc("POST /signin", s.handleSignin)
	mux.HandleFunc("POST /signout", s.handleSignout)

	mux.HandleFunc("GET /c/{slug}", s.handleCommunityShow)
	mux.HandleFunc("GET /c/{slug}/about", s.handleCommunityAbout)
	mux.HandleFunc("POST /c/{slug}/join", s.handleCommunityJoin)
	mux.HandleFunc("POST /c/{slug}/leave", s.handleCommunityLeave)
	mux.HandleFunc("GET /c/{slug}/requests", s.handleRequestList)
	mux.HandleFunc("POST /c/{slug}/requests", s.handleRequestAnswer)
	mux.HandleFunc("GET /c/{slug}/new", s.handleThreadNew)
	mux.HandleFunc("POST /c/{slug}/new", s.handleThreadCreate)
	mux.HandleFunc("GET /c/{slug}/t/{id}", s.handleThreadShow)
	mux.HandleFunc("GET /c/{slug}/t/{id}/{title}", s.handleThreadShow)
	mux.HandleFunc("POST /c/{slug}/t/{id}/reply", s.handleReplyCreate)
	mux.HandleFunc("GET /c/{slug}/t/{id}/p/{pid}/edit", s.handlePostEdit)
	mux.HandleFunc("POST /c/{slug}/t/{id}/p/{pid}/edit", s.handlePostUpdate)
	mux.HandleFunc("GET /c/{slug}/t/{id}/p/{pid}/history", s.handlePostHistory)
	mux.HandleFunc("GET /u/{handle}", s.handleMemberShow)

	mux.HandleFunc("GET /api/v1/me", s.api(s.handleAPIMe))
	mux.HandleFunc("GET /api/v1/communities", s.api(s.handleAPICommunityList))
	mux.HandleFunc("GET /api/v1/communities/{slug}", s.api(s.handleAPICommunityShow))
	mux.HandleFunc("GET /api/v1/communities/{slug}/threads", s.api(s.handleAPIThreadList))
	mux.HandleFunc("POST /api/v1/communities/{slug}/threads", s.api(s.handleAPIThreadCreate))
	mux.HandleFunc("GET /api/v1/threads/{id}", s.api(s.handleAPIThreadShow))
	mux.HandleFunc("POST /api/v1/threads/{id}/replies", s.api(s.handleAPIReplyCreate))
	mux.HandleFunc("/api/", s.api(func(w http.ResponseWriter, r *http.Request) error {
		return hearth.Errorf(hearth.ENotFound, "There is no API endpoint at %s %s.", r.Method, r.URL.Path)
	}))

	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, hearth.Errorf(hearth.ENotFound, "There is no page at this address. It may have moved, or the link may be mistyped."))
	})
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.Error("health check failed", "err", err)
		http.Error(w, "database unavailable\n", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func handleRobots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("User-agent: *\nDisallow: /api/\nDisallow: /signin\nDisallow: /signup\n"))
}
