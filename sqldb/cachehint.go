package sqldb

import "context"

// ThreadHasUnpublished reports whether any post of a thread is held or
// rejected. When none is, every reader who may read the thread's
// community sees the same posts, so the web layer may share one copy of
// its pages between them (web/threadcache.go). The partial index
// posts_unpublished keeps this cheap.
func (db *DB) ThreadHasUnpublished(ctx context.Context, threadID int64) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM posts WHERE thread_id = $1 AND status <> 'published'`, threadID).Scan(&n)
	return n > 0, err
}
