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
// transactions that are waiting when it is free, runs them one after the
// other in one SQLite transaction and commits once. Each caller gets its
// result only after that commit, so nothing is acknowledged before it is
// stored. Under no load a batch is one transaction, run as before.
//
// A transaction that fails spoils the shared one: it is rolled back, the
// failed one reports its error, and the others run again as a new batch
// (and, should one of those fail too, each on its own), so a failing
// request costs the others at most two extra runs. Savepoints would
// isolate failures without re-running, but cost more on the common path:
// SQLite journals the pages a savepoint changes, and FTS5 (the search
// index) writes its pending index data out at every savepoint.
//
// PostgreSQL needs none of this: it commits concurrent transactions
// itself (and groups their WAL flushes).

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
// (or fn failed). fn may run more than once: when a transaction of its
// batch fails, or the batch's commit does, the others run again.
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

// run commits a batch: alone when it is one transaction, else together.
func (b *batcher) run(batch []*batchReq) { b.runBatch(batch, false) }

// runBatch is run; retry says the batch is already a second attempt.
func (b *batcher) runBatch(batch []*batchReq, retry bool) {
	if len(batch) == 0 {
		return
	}
	if len(batch) == 1 {
		r := batch[0]
		r.done <- b.db.inTxAlone(r.ctx, r.fn)
		return
	}
	results, failed, err := b.shared(batch)
	switch {
	case err == nil && failed < 0:
		for i, r := range batch {
			r.done <- results[i]
		}
	case failed >= 0:
		// Nothing of the batch is stored; the failed one says why, and
		// those that never ran (their request was cancelled) say so.
		var rest []*batchReq
		for i, r := range batch {
			switch {
			case i == failed:
				r.done <- err
			case results[i] != nil:
				r.done <- results[i]
			default:
				rest = append(rest, r)
			}
		}
		if !retry {
			b.runBatch(rest, true)
			return
		}
		for _, r := range rest {
			r.done <- b.db.inTxAlone(r.ctx, r.fn)
		}
	default:
		// BEGIN or COMMIT failed: nothing is stored, so run each alone.
		for _, r := range batch {
			r.done <- b.db.inTxAlone(r.ctx, r.fn)
		}
	}
}

// shared runs a batch in one transaction and commits it. A request
// cancelled before its turn is skipped, with its context's error in
// results. It returns the index of the first transaction that failed and
// its error (after rolling back), or -1 and the commit's error.
func (b *batcher) shared(batch []*batchReq) (results []error, failed int, err error) {
	results = make([]error, len(batch))
	tx, err := b.db.write.BeginTx(context.Background(), nil)
	if err != nil {
		return results, -1, err
	}
	defer tx.Rollback()
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			results[i] = err // never ran: nothing to undo
			continue
		}
		if err := r.fn(tx); err != nil {
			return results, i, err
		}
	}
	return results, -1, tx.Commit()
}
