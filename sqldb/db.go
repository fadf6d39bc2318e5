// Package sqldb is the only package that speaks SQL. It stores hearth in
// SQLite (pure Go, WAL mode) or PostgreSQL (pgx), with one body of SQL
// that both accept ($n parameters, integer times, RETURNING, ON CONFLICT);
// the few dialect differences are switched on DB.dialect.
package sqldb

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hearth-community/hearth"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

//go:embed migrations
var migrations embed.FS

// DB holds a single-connection writer pool and a reader pool: SQLite
// allows one writer at a time, and queuing writers in Go is faster and
// more predictable than letting them collide on SQLITE_BUSY.
type DB struct {
	write *sql.DB
	read  *sql.DB
	Path  string
	// dialect is "sqlite" or "postgres".
	dialect string
	// dsn is the PostgreSQL URL, for the client tools (backup).
	dsn string
	// batch is SQLite's single writer, which groups commits (batch.go).
	batch *batcher

	memLimits  memLimits
	limitSweep atomic.Value // time.Time of the last rate_limits cleanup

	// Now is the clock; tests replace it.
	Now func() time.Time
	// Render turns Markdown into safe HTML when posts are written.
	Render hearth.Renderer
	// PasswordParams lets tests use cheap argon2id parameters.
	PasswordParams *PasswordParams
	// Jobs queues durable jobs inside storage transactions (package jobs);
	// nil runs notification fan-out inline and sends no mail (notify.go).
	Jobs Enqueuer
}

// IsPostgres reports whether a database URL names PostgreSQL.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn and brings its schema up to date:
// a postgres:// URL opens PostgreSQL; anything else is a SQLite file path,
// created if needed.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn)
	}
	path := strings.TrimPrefix(dsn, "sqlite://")
	if path == "" {
		return nil, hearth.Errorf(hearth.EInvalid, "no database path given (use --db or HEARTH_DATABASE_URL)")
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(" + Synchronous + ")"} {
		q.Add("_pragma", p)
	}
	w, err := openSQLite("file:" + path + "?" + q.Encode() + "&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	q.Add("_pragma", "query_only(1)")
	r, err := openSQLite("file:" + path + "?" + q.Encode())
	if err != nil {
		w.Close()
		return nil, err
	}
	// Two readers per CPU keep the CPUs busy; more only add memory (each
	// connection has its own page cache and query buffers).
	readers := min(8, max(4, 2*runtime.GOMAXPROCS(0)))
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	db := &DB{write: w, read: r, Path: path, dialect: "sqlite"}
	db.batch = newBatcher(db)
	return finishOpen(ctx, db)
}

// openPostgres opens one pool for reads and writes: PostgreSQL handles
// concurrent writers itself.
func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	p.SetMaxOpenConns(20)
	p.SetMaxIdleConns(20)
	p.SetConnMaxIdleTime(5 * time.Minute)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, hearth.Errorf(hearth.EInternal, "cannot reach PostgreSQL: %v", err)
	}
	return finishOpen(ctx, &DB{write: p, read: p, Path: redactDSN(dsn), dialect: "postgres", dsn: dsn})
}

func finishOpen(ctx context.Context, db *DB) (*DB, error) {
	db.Now = time.Now
	db.limitSweep.Store(time.Time{})
	db.Render = func(s string) template.HTML { return template.HTML(template.HTMLEscapeString(s)) }
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", db.Path, err)
	}
	return db, nil
}

// redactDSN hides a password in a database URL, for logs and errors.
func redactDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect }

func (db *DB) isPostgres() bool { return db.dialect == "postgres" }

// Close closes the pools.
func (db *DB) Close() error {
	if db.batch != nil {
		db.batch.close()
	}
	err := db.write.Close()
	if db.read != db.write {
		if err2 := db.read.Close(); err == nil {
			err = err2
		}
	}
	return err
}

// Ping checks that the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

// migrateStopKey, in the context given to Open, holds a file name:
// migrations from that one on are left out. Only tests set it
// (export_test.go), to write data with an older schema and then check
// what a later migration does with it.
type migrateStopKey struct{}

// migrate applies, in order, each embedded migration not yet recorded. A
// migration is never edited once it lands; fixes are new files.
func (db *DB) migrate(ctx context.Context) error {
	if db.isPostgres() {
		// Several nodes may start at once: one migrates, the others wait.
		conn, err := db.write.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7418230)`); err != nil {
			return err
		}
		defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(7418230)`)
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/"+db.dialect+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	stop, _ := ctx.Value(migrateStopKey{}).(string)
	for _, name := range names {
		if stop != "" && path.Base(name) >= stop {
			break
		}
		if err := db.inTx(ctx, func(tx *sql.Tx) error {
			// Migrations are recorded by file name alone, so that both
			// dialects' directories share one numbering.
			base := path.Base(name)
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = $1`, base).Scan(&n); err != nil || n > 0 {
				return err
			}
			src, err := migrations.ReadFile(name)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(src)); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)`, base, db.Now().UnixMilli())
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

// inTx runs fn in a write transaction, committing when fn returns nil.
//
// On SQLite, concurrent transactions share commits (batch.go): fn may
// run inside a larger transaction, and run again if another part of it
// fails, so fn must only touch the database (and never commit or roll
// back itself).
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.batch != nil {
		return db.batch.do(ctx, fn)
	}
	return db.inTxAlone(ctx, fn)
}

// inTxAlone runs fn in a transaction of its own.
func (db *DB) inTxAlone(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// querier is what both pools and transactions offer, so that small
// helpers run inside or outside a transaction.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// isUnique reports whether err is a UNIQUE constraint violation.
func isUnique(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "UNIQUE constraint failed") || strings.Contains(err.Error(), "duplicate key"))
}

// rowScanner is what the scan functions read from: a *sql.Row or *sql.Rows.
type rowScanner = interface{ Scan(...any) error }

// scanAll reads every row of a query with scan and closes the rows; err is
// the query's own error, so a call site reads
// `rows, err := db.read.QueryContext(…); return scanAll(rows, err, scanThread)`.
func scanAll[T any](rows *sql.Rows, err error, scan func(rowScanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
