// Package sqldbtest opens real, fresh databases for tests: a SQLite file
// in a temporary directory, or a new PostgreSQL database when the suite
// runs on PostgreSQL (HEARTH_TEST_BACKEND=postgres). Every package's tests
// open their databases here, so that one suite runs on both backends.
package sqldbtest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/hearth-community/hearth/markup"
	"github.com/hearth-community/hearth/sqldb"
)

// Clock is a settable clock for tests.
type Clock struct{ T time.Time }

// Now returns the clock's time and moves it one second on, so that every
// write gets a distinct, increasing time.
func (c *Clock) Now() time.Time { c.T = c.T.Add(time.Second); return c.T }

// MustOpen opens a fresh database with the Markdown renderer wired in,
// cheap password hashing and a clock starting at 2026-11-01 12:00 UTC.
func MustOpen(tb testing.TB) (*sqldb.DB, *Clock) {
	tb.Helper()
	db, err := sqldb.Open(context.Background(), dsn(tb))
	if err != nil {
		tb.Fatal(err)
	}
	db.Render = markup.Render
	sqldb.Excerpter = markup.Excerpt
	db.PasswordParams = &sqldb.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	clock := &Clock{T: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	db.Now = clock.Now
	tb.Cleanup(func() { db.Close() })
	return db, clock
}

// dsn returns where the test database lives.
func dsn(tb testing.TB) string {
	if Backend() == "postgres" {
		return postgresDSN(tb)
	}
	return filepath.Join(tb.TempDir(), "hearth.db")
}
