package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/hearth-community/hearth"
)

// The search index (migration 0002) is kept in step with the content by
// triggers on posts and threads, in the same transaction as every write:
// creating a thread or reply, editing a post, changing a title and
// deleting (directly or by cascade) all update it with no Go code
// involved, whichever code path or tool writes. Visibility is never
// stored in the index: each search joins the current community,
// membership and post status, so a community changing visibility, a
// member leaving, and a post held or rejected by a moderator take effect
// at once.
//
// What is indexed is the Markdown source of each post (posts.body) and
// the thread's title; snippets drop Markdown's punctuation when shown.
// The functions here are for operators and benchmarks.

// RebuildSearchIndex rebuilds the search index from the posts, for
// instance after a restore from an old backup or to measure how long a
// full build takes. It is one write transaction.
func (db *DB) RebuildSearchIndex(ctx context.Context) error {
	if db.isPostgres() {
		return db.inTx(ctx, func(tx *sql.Tx) error {
			for _, q := range []string{
				`DELETE FROM search_docs`,
				`INSERT INTO search_docs (kind, post_id, thread_id, author_id, created_at, title, tsv)
				SELECT CASE WHEN p.position = 0 THEN 'thread' ELSE 'reply' END, p.id, p.thread_id, p.author_id, p.created_at,
					CASE WHEN p.position = 0 THEN t.title ELSE '' END,
					search_tsv(CASE WHEN p.position = 0 THEN t.title ELSE '' END, p.body)
				FROM posts p JOIN threads t ON t.id = p.thread_id ORDER BY p.id`,
			} {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM search_docs`,
			// Ids count down from the newest post (see the migration).
			`INSERT INTO search_docs (id, kind, post_id, thread_id, author_id, created_at, title)
			SELECT -p.id, CASE WHEN p.position = 0 THEN 'thread' ELSE 'reply' END, p.id, p.thread_id, p.author_id, p.created_at,
				CASE WHEN p.position = 0 THEN t.title ELSE '' END
			FROM posts p JOIN threads t ON t.id = p.thread_id`,
			`INSERT INTO search_fts (search_fts) VALUES ('rebuild')`,
			`INSERT INTO search_fts (search_fts) VALUES ('optimize')`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}

// CheckSearchIndex verifies that every post has exactly one search
// document and that the index holds exactly the posts' current text.
func (db *DB) CheckSearchIndex(ctx context.Context) error {
	var missing, orphans int
	if err := db.read.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM posts p WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.post_id = p.id)),
		(SELECT COUNT(*) FROM search_docs d WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = d.post_id))`).Scan(&missing, &orphans); err != nil {
		return err
	}
	if missing > 0 || orphans > 0 {
		return fmt.Errorf("search index: %d posts without a document, %d documents without a post", missing, orphans)
	}
	if db.isPostgres() {
		var stale int
		if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM search_docs d JOIN posts p ON p.id = d.post_id JOIN threads t ON t.id = p.thread_id
			WHERE d.tsv <> search_tsv(CASE WHEN p.position = 0 THEN t.title ELSE '' END, p.body)
			OR d.title <> CASE WHEN p.position = 0 THEN t.title ELSE '' END
			OR d.thread_id <> p.thread_id OR d.author_id <> p.author_id OR d.created_at <> p.created_at`).Scan(&stale); err != nil {
			return err
		}
		if stale > 0 {
			return fmt.Errorf("search index: %d documents do not match their post", stale)
		}
		return nil
	}
	var stale int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM search_docs d JOIN posts p ON p.id = d.post_id JOIN threads t ON t.id = p.thread_id
		WHERE d.title <> CASE WHEN p.position = 0 THEN t.title ELSE '' END
		OR d.thread_id <> p.thread_id OR d.author_id <> p.author_id OR d.created_at <> p.created_at`).Scan(&stale); err != nil {
		return err
	}
	if stale > 0 {
		return fmt.Errorf("search index: %d documents do not match their post", stale)
	}
	// With rank 1, FTS5 also checks the index against the content view.
	_, err := db.write.ExecContext(ctx, `INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)`)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// SearchIndexSize returns how many bytes the search index takes on disk:
// the documents table and the full-text index (the text itself is not
// copied; it stays in posts).
func (db *DB) SearchIndexSize(ctx context.Context) (int64, error) {
	var n int64
	q := `SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name LIKE 'search%' OR name = 'sqlite_autoindex_search_docs_1'`
	if db.isPostgres() {
		q = `SELECT pg_total_relation_size('search_docs')`
	}
	err := db.read.QueryRowContext(ctx, q).Scan(&n)
	return n, err
}

// SearchTiming is what MeasureSearch found.
type SearchTiming struct {
	Searches int           `json:"searches"`
	P50      time.Duration `json:"p50"`
	P95      time.Duration `json:"p95"`
	Max      time.Duration `json:"max"`
	// Results is the mean number of matches per search (up to SearchLimit).
	Results float64 `json:"results"`
}

// MeasureSearch runs each query rounds times as viewer (nil: signed out),
// one at a time, and reports the latency of Search: parsing, counting,
// ranking and snippets, as the search page pays it. Queries that are
// invalid count as errors.
func (db *DB) MeasureSearch(ctx context.Context, viewer *hearth.Member, queries []string, rounds int) (SearchTiming, error) {
	var ds []time.Duration
	var found int
	for r := 0; r < rounds; r++ {
		for _, q := range queries {
			start := time.Now()
			res, err := db.Search(ctx, viewer, hearth.SearchQuery{Text: q})
			if err != nil {
				return SearchTiming{}, fmt.Errorf("search %q: %w", q, err)
			}
			ds = append(ds, time.Since(start))
			found += res.Total
		}
	}
	if len(ds) == 0 {
		return SearchTiming{}, nil
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return SearchTiming{Searches: len(ds), P50: ds[len(ds)/2], P95: ds[(len(ds)*95+99)/100-1], Max: ds[len(ds)-1],
		Results: float64(found) / float64(len(ds))}, nil
}
