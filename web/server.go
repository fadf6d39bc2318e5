// Package web serves hearth over HTTP: server-rendered pages that work
// without JavaScript, and the JSON API under /api/v1.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/upload"
)

// Store is everything the web layer needs from storage.
type Store interface {
	hearth.MemberService
	hearth.CommunityService
	hearth.ThreadService
	hearth.ReviewService
	hearth.TriedService
	hearth.StoryService
	hearth.FeedService
	hearth.DirectoryService
	hearth.DirectoryLinkService // directory_links.go
	hearth.NotifyService        // notify.go
	hearth.PasswordResetService // notify.go
	hearth.SearchService        // search.go
	hearth.EventService         // events.go
	hearth.ModerationService    // moderation.go
	hearth.CareService          // care.go
	hearth.AccountService       // account.go: export, deletion, memorials
	hearth.MessageService       // messages.go
	hearth.AnonymousService     // anonymous.go
	hearth.MentorService        // mentor.go
	hearth.PrivacyService       // thread_privacy.go
	Ping(ctx context.Context) error
	// Allow counts an event against a rate limit of n per window.
	Allow(ctx context.Context, key string, n int, per time.Duration) (bool, error)
	// Exceeded reports whether key already reached n events in the window,
	// without counting one.
	Exceeded(ctx context.Context, key string, n int, per time.Duration) (bool, error)
}

// Config holds settings from flags and the environment.
type Config struct {
	SiteName string
	// SecureCookies marks cookies Secure; set it when served over HTTPS.
	SecureCookies bool
	// PostsPerMinute limits threads and replies per member; 0 turns the
	// limit off (benchmarks).
	PostsPerMinute int
	// SigninsPerIP limits sign-in attempts from one address per 10
	// minutes; 0 means the default of 20.
	SigninsPerIP int
	// PageCacheTTL, when above zero, turns on the cache of public pages
	// for signed-out readers (pagecache.go) and bounds how long a page
	// may miss a write made by another process or node.
	PageCacheTTL time.Duration
	// BaseURL is the site's public address, like https://hearth.example.org,
	// for the absolute links in feeds and Open Graph tags (never taken from
	// the Host header). Empty leaves them relative; `hearth serve` always
	// sets it.
	BaseURL string
	// Uploads keeps the images members upload (story covers); nil refuses
	// uploads.
	Uploads upload.Store
	// MailLogged says mail is written to the log, not sent (no
	// HEARTH_SMTP_URL); the email settings page says so.
	MailLogged bool
}

// Server is the HTTP front of hearth.
type Server struct {
	store   Store
	cfg     Config
	log     *slog.Logger
	pages   *pages
	cache   *pageCache
	handler http.Handler
	events  *eventState // events.go

	sessions     *sessionCache // sessioncache.go
	viewerStates *viewerStates // viewerstate.go
}

// NewServer builds the routes table and the middleware around it.
func NewServer(store Store, cfg Config, log *slog.Logger) *Server {
	if cfg.SiteName == "" {
		cfg.SiteName = "hearth"
	}
	s := &Server{store: store, cfg: cfg, log: log, pages: mustParsePages()}
	s.events = newEventState(store, log)
	if cfg.PageCacheTTL > 0 {
		s.cache = newPageCache(cfg.PageCacheTTL, 24<<20)
		s.sessions = newSessionCache(cfg.PageCacheTTL)
		s.viewerStates = newViewerStates(cfg.PageCacheTTL)
	}
	mux := http.NewServeMux()
	s.routes(mux)
	csrf := http.NewCrossOriginProtection()
	// One-click unsubscribe comes from mail providers, with a signed token.
	csrf.AddInsecureBypassPattern(unsubscribePattern)
	csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, hearth.Errorf(hearth.EForbidden, "This form was sent from another site, so we did not accept it. Please go back, reload the page and try again."))
	}))
	s.handler = s.recoverPanics(securityHeaders(s.withViewer(csrf.Handler(s.invalidateOnWrite(mux)))))
	return s
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.cachedPage(s.handleHome))
	s.notifyRoutes(mux) // follows, notifications, email settings, unsubscribe, password reset
	s.eventRoutes(mux)  // events, live rooms, calendars, time zone (events.go)
	s.mentorRoutes(mux) // mentoring: /mentor, /mod/mentoring and their API (mentor.go)
	// Thread visibility and hidden memberships (thread_privacy.go).
	s.privacyRoutes(mux)
	// Your data: export, delete, memorial accounts (account.go).
	s.accountRoutes(mux)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /static/{file}", handleStatic)
	mux.HandleFunc("GET /robots.txt", handleRobots)
	mux.HandleFunc("GET /sitemap.xml", s.handleSitemap)

	mux.HandleFunc("GET /signup", s.handleSignupForm)
	mux.HandleFunc("POST /signup", s.handleSignup)
	mux.HandleFunc("GET /signin", s.handleSigninForm)
	mux.HandleFunc("POST /signin", s.handleSignin)
	mux.HandleFunc("POST /signout", s.handleSignout)

	mux.HandleFunc("GET /c/{slug}", s.cachedPage(s.handleCommunityShow))
	mux.HandleFunc("GET /c/{slug}/about", s.cachedPage(s.handleCommunityAbout))
	mux.HandleFunc("POST /c/{slug}/join", s.handleCommunityJoin)
	mux.HandleFunc("POST /c/{slug}/leave", s.handleCommunityLeave)
	mux.HandleFunc("GET /c/{slug}/requests", s.handleRequestList)
	mux.HandleFunc("POST /c/{slug}/requests", s.handleRequestAnswer)
	mux.HandleFunc("GET /c/{slug}/new", s.handleThreadNew)
	mux.HandleFunc("POST /c/{slug}/new", s.handleThreadCreate)
	mux.HandleFunc("GET /c/{slug}/t/{id}", s.cachedPage(s.handleThreadShow))
	mux.HandleFunc("GET /c/{slug}/t/{id}/{title}", s.cachedPage(s.handleThreadShow))
	mux.HandleFunc("POST /c/{slug}/t/{id}/reply", s.handleReplyCreate)
	mux.HandleFunc("GET /c/{slug}/t/{id}/p/{pid}/edit", s.handlePostEdit)
	mux.HandleFunc("POST /c/{slug}/t/{id}/p/{pid}/edit", s.handlePostUpdate)
	mux.HandleFunc("GET /c/{slug}/t/{id}/p/{pid}/history", s.handlePostHistory)
	mux.HandleFunc("GET /search", s.handleSearch)
	mux.HandleFunc("GET /u/{handle}", s.handleMemberShow)
	// Stories (story.go, story_comment.go), their images, and feeds.
	mux.HandleFunc("GET /u/{handle}/stories", s.handleStoryList)
	mux.HandleFunc("GET /u/{handle}/stories/new", s.handleStoryNew)
	mux.HandleFunc("POST /u/{handle}/stories/new", s.handleStoryCreate)
	mux.HandleFunc("GET /u/{handle}/stories/{id}", s.handleStoryShow)
	mux.HandleFunc("GET /u/{handle}/stories/{id}/{title}", s.handleStoryShow)
	mux.HandleFunc("GET /u/{handle}/stories/{id}/edit", s.handleStoryEdit)
	mux.HandleFunc("POST /u/{handle}/stories/{id}/edit", s.handleStoryUpdate)
	mux.HandleFunc("POST /u/{handle}/stories/{id}/delete", s.handleStoryDelete)
	mux.HandleFunc("POST /u/{handle}/stories/{id}/comments", s.handleCommentCreate)
	mux.HandleFunc("POST /u/{handle}/stories/{id}/comments/{cid}", s.handleCommentModerate)
	mux.HandleFunc("GET /uploads/{name}", s.handleUpload)
	mux.HandleFunc("GET /feeds/c/{file}", s.handleFeedCommunity)
	mux.HandleFunc("GET /feeds/t/{file}", s.handleFeedThread)
	mux.HandleFunc("GET /feeds/u/{handle}/stories.atom", s.handleFeedStories)
	mux.HandleFunc("GET /mod/review", s.handleReviewList)
	mux.HandleFunc("POST /mod/review/{id}", s.handleReviewDecide)
	s.moderationRoutes(mux) // the queue, flags, actions, audit log, verification (moderation.go)
	s.careRoutes(mux)       // crisis help, content warning mutes, duty (care.go)
	s.messageRoutes(mux)    // private messages, blocks, reported messages (messages.go)
	s.anonymousRoutes(mux)  // reveal the author of an anonymous post (anonymous.go)

	mux.HandleFunc("GET /c/{slug}/tried", s.cachedPage(s.handleTriedShow))
	mux.HandleFunc("GET /c/{slug}/tried.csv", s.handleTriedCSV)
	mux.HandleFunc("GET /c/{slug}/tried/new", s.handleReportNew)
	mux.HandleFunc("POST /c/{slug}/tried/new", s.handleReportCreate)
	mux.HandleFunc("GET /c/{slug}/tried/treatments", s.handleTreatmentList)
	mux.HandleFunc("POST /c/{slug}/tried/treatments", s.handleTreatmentChange)
	mux.HandleFunc("GET /c/{slug}/tried/{a}/{b}", s.cachedPage(s.handleTriedPath)) // t/{id}, {id}/edit, {id}/history
	mux.HandleFunc("POST /c/{slug}/tried/{id}/edit", s.handleReportUpdate)

	mux.HandleFunc("GET /directory", s.handleDirectoryList)
	mux.HandleFunc("GET /directory.csv", s.handleDirectoryCSV)
	mux.HandleFunc("GET /directory/{id}", s.handleDirectoryShow)
	mux.HandleFunc("POST /directory/{id}/claim", s.handleDirectoryClaim)
	mux.HandleFunc("POST /directory/{id}/links", s.handleDirectoryLinks) // directory_links.go
	mux.HandleFunc("GET /admin/directory/import", s.handleDirectoryImportForm)
	mux.HandleFunc("POST /admin/directory/import", s.handleDirectoryImport)
	mux.HandleFunc("GET /admin/directory/claims", s.handleDirectoryClaims)
	mux.HandleFunc("POST /admin/directory/claims", s.handleDirectoryClaimDecide)

	mux.HandleFunc("GET /api/v1/me", s.api(s.handleAPIMe))
	mux.HandleFunc("GET /api/v1/search", s.api(s.handleAPISearch))
	mux.HandleFunc("GET /api/v1/communities", s.api(s.handleAPICommunityList))
	mux.HandleFunc("GET /api/v1/communities/{slug}", s.api(s.handleAPICommunityShow))
	mux.HandleFunc("GET /api/v1/communities/{slug}/threads", s.api(s.handleAPIThreadList))
	mux.HandleFunc("POST /api/v1/communities/{slug}/threads", s.api(s.handleAPIThreadCreate))
	mux.HandleFunc("GET /api/v1/threads/{id}", s.api(s.handleAPIThreadShow))
	mux.HandleFunc("POST /api/v1/threads/{id}/replies", s.api(s.handleAPIReplyCreate))
	mux.HandleFunc("POST /api/v1/privacy/scan", s.api(s.handleAPIPrivacyScan))
	mux.HandleFunc("GET /api/v1/communities/{slug}/tried", s.api(s.handleAPITried))
	mux.HandleFunc("POST /api/v1/communities/{slug}/tried", s.api(s.handleAPIReportCreate))
	mux.HandleFunc("PUT /api/v1/communities/{slug}/tried/{id}", s.api(s.handleAPIReportUpdate)) // tried_privacy.go
	mux.HandleFunc("GET /api/v1/communities/{slug}/tried/treatments", s.api(s.handleAPITreatmentList))
	mux.HandleFunc("GET /api/v1/communities/{slug}/tried/treatments/{id}", s.api(s.handleAPITreatmentShow))
	mux.HandleFunc("GET /api/v1/directory", s.api(s.handleAPIDirectoryList))
	mux.HandleFunc("GET /api/v1/directory/{id}", s.api(s.handleAPIDirectoryShow))
	mux.HandleFunc("POST /api/v1/directory/{id}/links", s.api(s.handleAPIDirectoryLink))   // directory_links.go
	mux.HandleFunc("DELETE /api/v1/directory/{id}/links", s.api(s.handleAPIDirectoryLink)) // directory_links.go
	mux.HandleFunc("GET /api/v1/members/{handle}/stories", s.api(s.handleAPIStoryList))
	mux.HandleFunc("GET /api/v1/stories/{id}", s.api(s.handleAPIStoryShow))
	mux.HandleFunc("POST /api/v1/stories/{id}/comments", s.api(s.handleAPICommentCreate))
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
	w.Write([]byte("User-agent: *\nDisallow: /api/\nDisallow: /signin\nDisallow: /signup\nSitemap: " + baseURL(r) + "/sitemap.xml\n"))
}
