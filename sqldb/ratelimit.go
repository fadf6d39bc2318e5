package sqldb

import (
	"context"
	"database/sql"
	"sync"
	"time"
)

// Allow records an event for key and reports whether at most n events
// happened in the current fixed window of length per. On PostgreSQL the
// counters live in the database, so that every node shares them; a SQLite
// installation is a single process and counts in memory, which keeps
// rate limiting off the single writer.
func (db *DB) Allow(ctx context.Context, key string, n int, per time.Duration) (bool, error) {
	now := db.Now()
	if !db.isPostgres() {
		return db.memLimits.allow(key, n, per, now), nil
	}
	windowStart := now.Truncate(per)
	var count int
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)
			ON CONFLICT (key) DO UPDATE SET
				count = CASE WHEN rate_limits.window_start = EXCLUDED.window_start THEN rate_limits.count + 1 ELSE 1 END,
				window_start = EXCLUDED.window_start
			RETURNING count`, key, ms(windowStart)).Scan(&count)
	})
	if err != nil {
		return false, err
	}
	if now.Sub(db.limitSweep.Load().(time.Time)) > 10*time.Minute {
		db.limitSweep.Store(now)
		db.write.ExecContext(ctx, `DELETE FROM rate_limits WHERE window_start < $1`, ms(now.Add(-24*time.Hour)))
	}
	return count <= n, nil
}

// Exceeded reports, without counting an event, whether key already had
// more than n events in the current window of length per: sign-in checks
// an account's failed attempts before it verifies a password, and counts
// only the failures.
func (db *DB) Exceeded(ctx context.Context, key string, n int, per time.Duration) (bool, error) {
	now := db.Now()
	if !db.isPostgres() {
		return db.memLimits.count(key, per, now) >= n, nil
	}
	var count int
	err := db.read.QueryRowContext(ctx, `SELECT count FROM rate_limits WHERE key = $1 AND window_start = $2`,
		key, ms(now.Truncate(per))).Scan(&count)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return count >= n, err
}

// memLimits counts events per key in fixed windows, in memory.
type memLimits struct {
	mu      sync.Mutex
	windows map[string]*memWindow
	sweep   time.Time
}

type memWindow struct {
	start time.Time
	count int
}

func (l *memLimits) allow(key string, n int, per time.Duration, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.windows == nil {
		l.windows = map[string]*memWindow{}
	}
	if now.Sub(l.sweep) > time.Minute {
		for k, w := range l.windows {
			if now.Sub(w.start) > 24*time.Hour {
				delete(l.windows, k)
			}
		}
		l.sweep = now
	}
	start := now.Truncate(per)
	w := l.windows[key]
	if w == nil || !w.start.Equal(start) {
		w = &memWindow{start: start}
		l.windows[key] = w
	}
	w.count++
	return w.count <= n
}

// count returns the events of key in the current window.
func (l *memLimits) count(key string, per time.Duration, now time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if w := l.windows[key]; w != nil && w.start.Equal(now.Truncate(per)) {
		return w.count
	}
	return 0
}
