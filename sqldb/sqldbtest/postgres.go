package sqldbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hearth-community/hearth/sqldb"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Backend returns the backend under test: "postgres" when
// HEARTH_TEST_BACKEND=postgres, else "sqlite".
func Backend() string {
	if os.Getenv("HEARTH_TEST_BACKEND") == "postgres" {
		return "postgres"
	}
	return "sqlite"
}

// cluster is the throwaway PostgreSQL server of this test process.
var cluster struct {
	once sync.Once
	url  string
	err  error
	stop func()
}

// Main runs a package's tests and then stops the PostgreSQL cluster they
// started, if any. Use it from TestMain: os.Exit(sqldbtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if cluster.stop != nil {
		cluster.stop()
	}
	return code
}

// PostgresURL returns the URL of a PostgreSQL server for tests:
// HEARTH_TEST_POSTGRES_URL when set, else a throwaway cluster that this
// process starts (installing PostgreSQL from Debian's packages if missing).
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	if u := os.Getenv("HEARTH_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	cluster.once.Do(func() { cluster.url, cluster.stop, cluster.err = startCluster() })
	if cluster.err != nil {
		tb.Fatalf("PostgreSQL for tests: %v", cluster.err)
	}
	return cluster.url
}

// postgresDSN creates a fresh schema on the test server and returns a URL
// whose connections use it, so that each test starts empty without the
// cost of CREATE DATABASE.
func postgresDSN(tb testing.TB) string {
	base := PostgresURL(tb)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// startCluster runs initdb and pg_ctl as the unprivileged postgres user
// (or as ourselves when not root) on 127.0.0.1 and a free port.
func startCluster() (string, func(), error) {
	initdb, err := sqldb.PostgresTool("initdb")
	if err != nil {
		fmt.Fprintln(os.Stderr, "sqldbtest: PostgreSQL is not installed; installing it from Debian's packages (apt-get install -y postgresql)")
		for _, args := range [][]string{{"apt-get", "update", "-qq"}, {"apt-get", "install", "-y", "-qq", "postgresql"}} {
			if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
				return "", nil, fmt.Errorf("%s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
		if initdb, err = sqldb.PostgresTool("initdb"); err != nil {
			return "", nil, fmt.Errorf("initdb not found after installing postgresql: %w", err)
		}
	}
	pgctl := filepath.Join(filepath.Dir(initdb), "pg_ctl")
	dir, err := os.MkdirTemp("", "hearth-pg-")
	if err != nil {
		return "", nil, err
	}
	asPostgres := func(args ...string) *exec.Cmd {
		if os.Geteuid() == 0 {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--"}, args...)...)
		}
		return exec.Command(args[0], args[1:]...)
	}
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chown", "postgres:postgres", dir).CombinedOutput(); err != nil {
			return "", nil, fmt.Errorf("chown %s: %v %s", dir, err, out)
		}
		os.Chmod(dir, 0o700)
	}
	data := filepath.Join(dir, "data")
	if out, err := asPostgres(initdb, "-D", data, "-U", "hearth", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	opts := fmt.Sprintf("-k %s -c listen_addresses=127.0.0.1 -p %d -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300", dir, port)
	if out, err := asPostgres(pgctl, "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "-o", opts, "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return "", nil, fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	stop := func() {
		asPostgres(pgctl, "-D", data, "-m", "immediate", "-w", "stop").Run()
		os.RemoveAll(dir)
	}
	u := fmt.Sprintf("postgres://hearth@127.0.0.1:%d/postgres?sslmode=disable", port)
	// The server may take a moment to accept connections after pg_ctl -w.
	db, _ := sql.Open("pgx", u)
	defer db.Close()
	for i := 0; ; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := db.PingContext(ctx)
		cancel()
		if err == nil {
			break
		}
		if i == 50 {
			stop()
			return "", nil, fmt.Errorf("PostgreSQL did not accept connections: %w", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return u, stop, nil
}

// NewPostgresDSN returns the URL of a fresh, empty PostgreSQL schema,
// whatever the backend under test: for tests that need PostgreSQL itself
// (copying a SQLite installation into it, several nodes).
func NewPostgresDSN(tb testing.TB) string { return postgresDSN(tb) }
