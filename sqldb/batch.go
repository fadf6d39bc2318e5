package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// Group commit for SQLite. SQLite has one writer; each transaction pays
// for BEGIN, COMMIT and its WAL write (and, with synchronous=FULL, an
// fsync). The batcher is the single writer: it takes the write
// transactions that are waiting when it is free, runs each inside its own
// SAVEPOINT of one shared transaction and commits once. Each caller gets
// its own result only after that commit, so nothing is acknowledged
// before it is stored; a failing transaction rolls back to its savepoint
// and the others go on. Under no load a batch is one transaction, run as
// before. PostgreSQL needs none of this: it commits concurrent
// transactions itself (and groups their WAL flushes).

// maxBatch bounds how many transactions share one commit.
const maxBatch = 128

type batchReq struct {
	ctx  context.Context
	fn   func(tx *sql.Tx) error
	done chan error
}

type batcher struct {
	db    *DB
	start sync.Once
	reqs  chan *batchReq
	quit  chan struct{}
	stop  sync.Once
	gone  chan struct{}
}

func newBatcher(db *DB) *batcher {
	return &batcher{db: db, reqs: make(chan *batchReq, maxBatch), quit: make(chan struct{}), gone: make(chan struct{})}
}

var errClosed = errors.New("sqldb: database is closed")

// do runs fn in a write transaction shared with the other transactions
// waiting at the time, and returns once that transaction is committed
// (or fn failed). fn may run twice: if the shared transaction fails as a
// whole, each of its transactions is run again on its own.
func (b *batcher) do(ctx context.Context, fn func(tx *sql.Tx) error) error {
	b.start.Do(func() { go b.loop() })
	req := &batchReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case b.reqs <- req:
	case <-ctx.Done():
		return ctx.Err()
	case <-b.quit:
		return errClosed
	}
	// Wait for the outcome even if ctx ends now: the transaction may
	// already be committed, and the caller must not think otherwise.
	select {
	case err := <-req.done:
		return err
	case <-b.gone:
		select {
		case err := <-req.done:
			return err
		default:
			return errClosed
		}
	}
}

// close stops the writer after the transactions already queued.
func (b *batcher) close() {
	b.stop.Do(func() {
		close(b.quit)
		b.start.Do(func() { close(b.gone) }) // never started
	})
	<-b.gone
}

func (b *batcher) loop() {
	defer close(b.gone)
	batch := make([]*batchReq, 0, maxBatch)
	for {
		select {
		case req := <-b.reqs:
			batch = append(batch[:0], req)
		case <-b.quit:
			for {
				select {
				case req := <-b.reqs:
					b.run([]*batchReq{req})
				default:
					return
				}
			}
		}
	gather:
		for len(batch) < maxBatch {
			select {
			case req := <-b.reqs:
				batch = append(batch, req)
			default:
				break gather
			}
		}
		b.run(batch)
	}
}

// run commits a batch: alone when it is one transaction, else each in a
// savepoint of one transaction.
func (b *batcher) run(batch []*batchReq) {
	if len(batch) == 1 {
		r := batch[0]
		r.done <- b.db.inTxAlone(r.ctx, r.fn)
		return
	}
	results, err := b.shared(batch)
	if err != nil {
		// The shared transaction failed as a whole (commit, or a
		// savepoint that could not be rolled back): nothing of it is
		// stored, so run each on its own.
		for _, r := range batch {
			r.done <- b.db.inTxAlone(r.ctx, r.fn)
		}
		return
	}
	for i, r := range batch {
		r.done <- results[i]
	}
}

func (b *batcher) shared(batch []*batchReq) ([]error, error) {
	ctx := context.Background()
	tx, err := b.db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	results := make([]error, len(batch))
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if _, err := tx.ExecContext(ctx, `SAVEPOINT batch`); err != nil {
			return nil, err
		}
		if err := r.fn(tx); err != nil {
			results[i] = err
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO batch`); err != nil {
				return nil, err
			}
		}
		if _, err := tx.ExecContext(ctx, `RELEASE batch`); err != nil {
			return nil, err
		}
	}
	return results, tx.Commit()
}
