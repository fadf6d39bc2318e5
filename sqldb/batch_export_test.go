package sqldb

import (
	"context"
	"database/sql"
)

// InTxForTest runs fn as storage's own writes do (batch.go).
func InTxForTest(db *DB, ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.inTx(ctx, fn)
}

// WriterForTest is the write pool.
func WriterForTest(db *DB) *sql.DB { return db.write }

// QueuedForTest is how many transactions wait for the writer.
func QueuedForTest(db *DB) int { return len(db.batch.reqs) }
