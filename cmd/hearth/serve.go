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
	"time"

	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/markup"
	"github.com/hearth-community/hearth/sqldb"
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
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if withDemo {
		n, err := db.CountMembers(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			log.Info("seeding demo content", "db", *dbPath)
			if err := demo.Seed(ctx, db, time.Now()); err != nil {
				return fmt.Errorf("seed demo: %w", err)
			}
		}
	}
	srv := web.NewServer(db, web.Config{SiteName: env("HEARTH_SITE_NAME", "hearth"), SecureCookies: env("HEARTH_SECURE_COOKIES", "") == "1",
		PostsPerMinute: *postRate}, log)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "hearth listening on %s\n", url)
	if withDemo {
		fmt.Fprintf(stdout, "\nDemo sign-ins (password %q for all):\n", demo.Password)
		for _, m := range demo.SignIns() {
			fmt.Fprintf(stdout, "  %-24s %s\n", m.Handle, m.Role)
		}
		fmt.Fprintf(stdout, "\nOpen %s in your browser. Press Ctrl-C to stop.\n", url)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
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
