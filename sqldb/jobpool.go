package sqldb

import (
	"context"
	"database/sql"
	"net/url"
)

// OpenSidePool opens another pool on the same database, for a library
// that runs its own SQL beside hearth's (River, package jobs). On SQLite
// it is one connection with the same PRAGMAs as the writer and
// _txlock=immediate: the library's polling and housekeeping then never
// hold or queue for hearth's writer connection, and SQLite's busy
// timeout settles the rare moment both want to write. On PostgreSQL it
// is a small pool of its own.
func (db *DB) OpenSidePool(ctx context.Context, maxConns int) (*sql.DB, error) {
	var p *sql.DB
	var err error
	if db.isPostgres() {
		if p, err = sql.Open("pgx", db.dsn); err != nil {
			return nil, err
		}
		p.SetMaxOpenConns(maxConns)
		p.SetMaxIdleConns(maxConns)
	} else {
		q := url.Values{}
		for _, pr := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)"} {
			q.Add("_pragma", pr)
		}
		if p, err = sql.Open("sqlite", "file:"+db.Path+"?"+q.Encode()+"&_txlock=immediate"); err != nil {
			return nil, err
		}
		p.SetMaxOpenConns(1)
	}
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// PostgresURL returns the PostgreSQL URL, or "" for SQLite: for a library
// that needs its own driver (River's LISTEN connections through pgx).
func (db *DB) PostgresURL() string { return db.dsn }

// AdvisoryLock runs fn while holding a PostgreSQL session advisory lock
// (several nodes starting at once migrate one at a time); on SQLite,
// whose writers are already one at a time, it just runs fn.
func (db *DB) AdvisoryLock(ctx context.Context, key int64, fn func() error) error {
	if !db.isPostgres() {
		return fn()
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, key); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, key)
	return fn()
}
