package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

func batchDB(t *testing.T) *sqldb.DB {
	db := MustOpenDB(t)
	if db.Dialect() != "sqlite" {
		t.Skip("group commit is SQLite's")
	}
	if _, err := sqldb.WriterForTest(db).Exec(`CREATE TABLE batch_test (v INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	return db
}

// blockWriter holds the single writer in a transaction until release is
// closed, so that the transactions sent meanwhile queue up.
func blockWriter(t *testing.T, db *sqldb.DB) (release chan struct{}, done chan error) {
	release, done, started := make(chan struct{}), make(chan error, 1), make(chan struct{})
	go func() {
		done <- sqldb.InTxForTest(db, context.Background(), func(tx *sql.Tx) error {
			close(started)
			<-release
			return nil
		})
	}()
	<-started
	return release, done
}

func countRows(t *testing.T, db *sqldb.DB, q string) int {
	var n int
	if err := sqldb.WriterForTest(db).QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// sendQueued starts n transactions while the writer is blocked, and
// waits until all of them are queued (their fn has not run yet).
func sendQueued(t *testing.T, db *sqldb.DB, fns []func(tx *sql.Tx) error) []error {
	release, blocked := blockWriter(t, db)
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Go(func() { errs[i] = sqldb.InTxForTest(db, context.Background(), fn) })
	}
	// The queue is a channel; wait until every sender is in it.
	for sqldb.QueuedForTest(db) < len(fns) {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if err := <-blocked; err != nil {
		t.Fatal(err)
	}
	return errs
}

func TestGroupCommitSharesOneTransaction(t *testing.T) {
	db := batchDB(t)
	var mu sync.Mutex
	txs := map[*sql.Tx]int{}
	fns := make([]func(tx *sql.Tx) error, 20)
	for i := range fns {
		fns[i] = func(tx *sql.Tx) error {
			mu.Lock()
			txs[tx]++
			mu.Unlock()
			_, err := tx.Exec(`INSERT INTO batch_test (v) VALUES ($1)`, i)
			return err
		}
	}
	for i, err := range sendQueued(t, db, fns) {
		if err != nil {
			t.Errorf("transaction %d: %v", i, err)
		}
	}
	if len(txs) != 1 {
		t.Errorf("20 queued transactions ran in %d SQL transactions, want 1", len(txs))
	}
	if n := countRows(t, db, `SELECT COUNT(DISTINCT v) FROM batch_test`); n != 20 {
		t.Errorf("%d rows stored, want 20", n)
	}
}

func TestGroupCommitIsolatesFailures(t *testing.T) {
	db := batchDB(t)
	bad := errors.New("this one fails")
	fns := make([]func(tx *sql.Tx) error, 10)
	for i := range fns {
		fns[i] = func(tx *sql.Tx) error {
			if _, err := tx.Exec(`INSERT INTO batch_test (v) VALUES ($1)`, i); err != nil {
				return err
			}
			if i%3 == 1 {
				return bad // after writing: the write must be undone
			}
			return nil
		}
	}
	errs := sendQueued(t, db, fns)
	for i, err := range errs {
		if want := i%3 == 1; errors.Is(err, bad) != want || (!want && err != nil) {
			t.Errorf("transaction %d: %v", i, err)
		}
	}
	if n := countRows(t, db, `SELECT COUNT(*) FROM batch_test WHERE v % 3 = 1`); n != 0 {
		t.Errorf("%d writes of failed transactions stored", n)
	}
	if n := countRows(t, db, `SELECT COUNT(*) FROM batch_test`); n != 7 {
		t.Errorf("%d rows stored, want 7", n)
	}
}

// A cancelled request fails alone, before it runs.
func TestGroupCommitSkipsCancelled(t *testing.T) {
	db := batchDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	release, blocked := blockWriter(t, db)
	done := make(chan error, 2)
	go func() {
		done <- sqldb.InTxForTest(db, context.Background(), func(tx *sql.Tx) error {
			_, err := tx.Exec(`INSERT INTO batch_test (v) VALUES (1)`)
			return err
		})
	}()
	for sqldb.QueuedForTest(db) < 1 {
		runtime.Gosched()
	}
	// The cancelled one may be refused at once or skipped in the batch.
	go func() {
		done <- sqldb.InTxForTest(db, ctx, func(tx *sql.Tx) error { ran = true; return nil })
	}()
	close(release)
	if err := <-blocked; err != nil {
		t.Fatal(err)
	}
	errs := []error{<-done, <-done}
	if ran {
		t.Error("a cancelled transaction ran")
	}
	if !(errs[0] == nil && errors.Is(errs[1], context.Canceled) || errs[1] == nil && errors.Is(errs[0], context.Canceled)) {
		t.Errorf("results %v, want one nil and one context.Canceled", errs)
	}
	if n := countRows(t, db, `SELECT COUNT(*) FROM batch_test`); n != 1 {
		t.Errorf("%d rows stored, want 1", n)
	}
}

// Replies written concurrently get distinct, gapless positions, and the
// one that is not allowed fails alone.
func TestConcurrentRepliesGroupCommit(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	author := mustMember(t, db, "author", hearth.RoleMember)
	outsider := mustMember(t, db, "outsider", hearth.RoleMember)
	for _, c := range []hearth.NewCommunity{{Slug: "open", Name: "Open", Visibility: hearth.Public}, {Slug: "closed", Name: "Closed", Visibility: hearth.Private}} {
		if _, err := db.CreateCommunity(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AddMember(ctx, "closed", "author"); err != nil {
		t.Fatal(err)
	}
	open, err := db.CreateThread(ctx, author, "open", hearth.NewThread{Title: "Open thread", Body: "Hello"})
	if err != nil {
		t.Fatal(err)
	}
	closed, err := db.CreateThread(ctx, author, "closed", hearth.NewThread{Title: "Closed thread", Body: "Hello"})
	if err != nil {
		t.Fatal(err)
	}
	at := db.Now()
	db.Now = func() time.Time { return at } // the test clock is not safe for concurrent use
	const n = 40
	positions := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if i == 7 {
				_, errs[i] = db.CreateReply(ctx, outsider, closed.ID, "Let me in")
				return
			}
			p, err := db.CreateReply(ctx, author, open.ID, fmt.Sprintf("Reply %d", i))
			errs[i] = err
			if err == nil {
				positions[i] = p.Position
			}
		})
	}
	wg.Wait()
	seen := map[int]bool{}
	for i := range n {
		if i == 7 {
			if hearth.ErrorCode(errs[i]) != hearth.ENotFound {
				t.Errorf("outsider's reply in the private community: %v", errs[i])
			}
			continue
		}
		if errs[i] != nil {
			t.Fatalf("reply %d: %v", i, errs[i])
		}
		seen[positions[i]] = true
	}
	for p := 1; p < n; p++ {
		if !seen[p] {
			t.Errorf("position %d missing: positions %v", p, positions)
		}
	}
	tp, err := db.FindThreadPage(ctx, author, open.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if tp.Thread.ReplyCount != n-1 || len(tp.Replies) != n-1 {
		t.Errorf("thread has %d replies (%d listed), want %d", tp.Thread.ReplyCount, len(tp.Replies), n-1)
	}
}
