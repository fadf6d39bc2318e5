package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/markup"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/upload"
	"github.com/hearth-community/hearth/web"
)

// openDB opens the database and wires the Markdown renderer into it.
func openDB(ctx context.Context, path string) (*sqldb.DB, error) {
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	db.Render = markup.Render
	sqldb.Excerpter = markup.Excerpt
	return db, nil
}

func dbFlag(fs *flag.FlagSet, def string) *string {
	return fs.String("db", env("HEARTH_DATABASE_URL", def), "SQLite database file or postgres:// URL (env HEARTH_DATABASE_URL)")
}

func cmdServe(ctx context.Context, args []string, stdout io.Writer, log *slog.Logger, withDemo bool) error {
	name, defDB := "serve", "hearth.db"
	if withDemo {
		name, defDB = "demo", "hearth-demo.db"
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	addr := fs.String("addr", env("HEARTH_ADDR", "127.0.0.1:8080"), "address to listen on (env HEARTH_ADDR)")
	dbPath := dbFlag(fs, defDB)
	postRate := fs.Int("post-rate", 20, "threads and replies a member may post per minute (0: no limit)")
	signinRate := fs.Int("signin-rate", 20, "sign-in attempts allowed from one address per 10 minutes")
	sqliteSync := fs.String("sqlite-sync", env("HEARTH_SQLITE_SYNC", "normal"), "SQLite: normal (a crash of hearth loses nothing acknowledged) or full (nor does a power cut: fsync at each commit) (env HEARTH_SQLITE_SYNC)")
	pageCache := fs.Duration("page-cache", 5*time.Second, "keep rendered pages and posts this long at most (0: no cache; off by default on PostgreSQL, whose nodes do not yet tell each other about writes)")
	checkLinks := fs.String("check-links", env("HEARTH_CHECK_LINKS", ""), "check directory links this often, such as 24h (env HEARTH_CHECK_LINKS; empty: off)")
	uploadsDir := fs.String("uploads", env("HEARTH_UPLOADS_DIR", ""), "directory for uploaded images (env HEARTH_UPLOADS_DIR; default: beside the SQLite file, or ./uploads)")
	baseURL := fs.String("base-url", env("HEARTH_BASE_URL", ""), "the site's public address, like https://hearth.example.org, for feeds and share links (env HEARTH_BASE_URL; default: the listen address)")
	mail := addMailFlags(fs) // jobs.go
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch strings.ToLower(*sqliteSync) {
	case "normal", "full":
		sqldb.Synchronous = strings.ToUpper(*sqliteSync)
	default:
		return hearth.Errorf(hearth.EInvalid, "--sqlite-sync must be normal or full, not %q", *sqliteSync)
	}
	uploads := upload.Dir(defaultUploads(*uploadsDir, *dbPath))
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if db.Dialect() == "postgres" && !flagSet(fs, "page-cache") {
		// The cache is per process: another node's write would show here
		// only when the TTL ends. See docs/decisions.md.
		*pageCache = 0
	}
	if withDemo {
		n, err := db.CountMembers(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			log.Info("seeding demo content", "db", *dbPath)
			if err := demo.Seed(ctx, db, time.Now(), demo.WithUploads(uploads)); err != nil {
				return fmt.Errorf("seed demo: %w", err)
			}
		}
	}
	if err := startLinkChecker(ctx, db, *checkLinks, log); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	url := "http://" + ln.Addr().String()
	if *baseURL == "" {
		*baseURL = url
	}
	// The job queue starts after the demo is seeded: seeded history gets
	// in-app notifications but no mail.
	queue, stopJobs, err := startJobs(ctx, db, mail, env("HEARTH_SITE_NAME", "hearth"), *baseURL, log)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopJobs()
	srv := web.NewServer(db, web.Config{SiteName: env("HEARTH_SITE_NAME", "hearth"), SecureCookies: env("HEARTH_SECURE_COOKIES", "") == "1",
		PostsPerMinute: *postRate, SigninsPerIP: *signinRate, PageCacheTTL: *pageCache, BaseURL: *baseURL, Uploads: uploads,
		MailLogged: queue.Mailer() == "logged"}, log)
	fmt.Fprintf(stdout, "hearth listening on %s\n", url)
	if withDemo {
		fmt.Fprintf(stdout, "\nDemo sign-ins (password %q for all):\n", demo.Password)
		for _, m := range demo.SignIns() {
			fmt.Fprintf(stdout, "  %-24s %s\n", m.Handle, m.Role)
		}
		if queue.Mailer() == "logged" {
			fmt.Fprintf(stdout, "\nMail is not sent: with no HEARTH_SMTP_URL, every email (notifications, digests,\npassword reset links) is written to the log on stderr instead.\n")
		}
		fmt.Fprintf(stdout, "\nOpen %s in your browser. Press Ctrl-C to stop.\n", url)
	}
	hs := &http.Server{Handler: srv, ConnContext: web.ConnContext, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	hs.RegisterOnShutdown(srv.Close)       // end the live rooms' streams, which would hold the shutdown up
	go srv.RunEventTasks(ctx, time.Minute) // transcripts of ended chats, reminders (events.go)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// defaultUploads is where uploaded images go: the --uploads directory, or
// beside a SQLite database ("hearth.db" keeps them in "hearth-uploads"),
// or ./uploads with PostgreSQL.
func defaultUploads(dir, db string) string {
	if dir != "" {
		return dir
	}
	if sqldb.IsPostgres(db) {
		return "uploads"
	}
	db = strings.TrimPrefix(db, "sqlite://")
	return filepath.Join(filepath.Dir(db), strings.TrimSuffix(filepath.Base(db), filepath.Ext(db))+"-uploads")
}

// flagSet reports whether a flag was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
