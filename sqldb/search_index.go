package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"time"

	"github.com/hearth-community/hearth"
)

// The search index (migrations 0002, 0014 and 0023) is kept in step with the
// content by triggers on posts, threads, stories, tried reports,
// treatments and treatment names, in the same transaction as every write:
// creating a thread or reply, editing a post, changing a title and
// deleting (directly or by cascade) all update it with no Go code
// involved, whichever code path or tool writes. Visibility is never
// stored in the index: each search joins the current community,
// membership and post status, so a community changing visibility, a
// member leaving, and a post held or rejected by a moderator take effect
// at once.
//
// What is indexed is the Markdown source of each post (posts.body) and
// the thread's title, each story's title and body, and each tried
// report's text led by its treatment's names; snippets drop Markdown's
// punctuation when shown.
// The functions here are for operators and benchmarks.

// treatmentOtherNames is search_docs.other_names for the treatment
// aliased tt (migration 0023): " (Keppra, LEV)", its names other than
// the one spelled as its name, in name_key order, or empty. SQLite (3.44
// on) and PostgreSQL both read string_agg with ORDER BY.
const treatmentOtherNames = `COALESCE((SELECT ' (' || string_agg(n.name, ', ' ORDER BY n.name_key) || ')'
		FROM tried_names n WHERE n.treatment_id = tt.id AND n.name <> tt.name), '')`

// searchSourceRows is every document the index should hold, as
// (kind, src, post_id, thread_id, story_id, report_id, author_id,
// created_at, title, other_names, ftitle, fbody): one per post (threads
// and replies), story and tried report. title and other_names are
// search_docs'; ftitle and fbody are the text indexed (an experience is
// its treatment's names and its text, all in the body: see migrations
// 0014 and 0023).
const searchSourceRows = `SELECT CASE WHEN p.position = 0 THEN 'thread' ELSE 'reply' END AS kind, p.id AS src,
		p.id AS post_id, p.thread_id, CAST(NULL AS BIGINT) AS story_id, CAST(NULL AS BIGINT) AS report_id, p.author_id, p.created_at,
		CASE WHEN p.position = 0 THEN t.title ELSE '' END AS title, '' AS other_names,
		CASE WHEN p.position = 0 THEN t.title ELSE '' END AS ftitle, p.body AS fbody
	FROM posts p JOIN threads t ON t.id = p.thread_id
	UNION ALL
	SELECT 'story', s.id, NULL, NULL, s.id, NULL, s.author_id, s.created_at, s.title, '', s.title, s.body FROM stories s
	UNION ALL
	SELECT 'experience', r.id, NULL, NULL, NULL, r.id, r.author_id, r.updated_at, tt.name, ` + treatmentOtherNames + `,
		'', tt.name || ` + treatmentOtherNames + ` || ': ' || r.body
	FROM tried_reports r JOIN tried_treatments tt ON tt.id = r.treatment_id`

// RebuildSearchIndex rebuilds the search index from the posts, stories
// and tried reports, for instance after a restore from an old backup or
// to measure how long a full build takes. It is one write transaction.
// Documents are numbered in the order they were written, newest first
// on SQLite (ids count down, see migration 0002) and last on PostgreSQL.
func (db *DB) RebuildSearchIndex(ctx context.Context) error {
	if db.isPostgres() {
		return db.inTx(ctx, func(tx *sql.Tx) error {
			for _, q := range []string{
				`DELETE FROM search_docs`,
				`INSERT INTO search_docs (kind, post_id, thread_id, story_id, report_id, author_id, created_at, title, other_names, tsv)
				SELECT x.kind, x.post_id, x.thread_id, x.story_id, x.report_id, x.author_id, x.created_at, x.title, x.other_names,
					search_tsv(x.ftitle, x.fbody)
				FROM (` + searchSourceRows + `) x ORDER BY x.created_at, x.kind, x.src`,
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
			`INSERT INTO search_docs (id, kind, post_id, thread_id, story_id, report_id, author_id, created_at, title, other_names)
			SELECT -ROW_NUMBER() OVER (ORDER BY x.created_at, x.kind, x.src), x.kind, x.post_id, x.thread_id, x.story_id, x.report_id,
				x.author_id, x.created_at, x.title, x.other_names
			FROM (` + searchSourceRows + `) x`,
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

// CheckSearchIndex verifies that every post, story and tried report has
// exactly one search document and that the index holds exactly their
// current text, title, author and time.
func (db *DB) CheckSearchIndex(ctx context.Context) error {
	var missing, orphans int
	if err := db.read.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM posts p WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.post_id = p.id))
		+ (SELECT COUNT(*) FROM stories s WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.story_id = s.id))
		+ (SELECT COUNT(*) FROM tried_reports r WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.report_id = r.id)),
		(SELECT COUNT(*) FROM search_docs d WHERE NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = d.post_id)
			AND NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = d.story_id)
			AND NOT EXISTS (SELECT 1 FROM tried_reports r WHERE r.id = d.report_id))`).Scan(&missing, &orphans); err != nil {
		return err
	}
	if missing > 0 || orphans > 0 {
		return fmt.Errorf("search index: %d posts, stories or reports without a document, %d documents without one", missing, orphans)
	}
	// Each document against its source row. Replies have the title ''.
	tsv := func(title, body string) string {
		if db.isPostgres() {
			return ` OR d.tsv <> search_tsv(` + title + `, ` + body + `)`
		}
		return ``
	}
	stale := `SELECT
		(SELECT COUNT(*) FROM search_docs d JOIN posts p ON p.id = d.post_id JOIN threads t ON t.id = p.thread_id
			WHERE d.kind <> CASE WHEN p.position = 0 THEN 'thread' ELSE 'reply' END
			OR d.title <> CASE WHEN p.position = 0 THEN t.title ELSE '' END
			OR d.thread_id <> p.thread_id OR d.author_id <> p.author_id OR d.created_at <> p.created_at` +
		tsv(`CASE WHEN p.position = 0 THEN t.title ELSE '' END`, `p.body`) + `)
		+ (SELECT COUNT(*) FROM search_docs d JOIN stories s ON s.id = d.story_id
			WHERE d.kind <> 'story' OR d.title <> s.title OR d.author_id <> s.author_id OR d.created_at <> s.created_at` +
		tsv(`s.title`, `s.body`) + `)
		+ (SELECT COUNT(*) FROM search_docs d JOIN tried_reports r ON r.id = d.report_id JOIN tried_treatments tt ON tt.id = r.treatment_id
			WHERE d.kind <> 'experience' OR d.title <> tt.name OR d.author_id <> r.author_id OR d.created_at <> r.updated_at
			OR d.other_names <> ` + treatmentOtherNames +
		tsv(`''`, `tt.name || `+treatmentOtherNames+` || ': ' || r.body`) + `)`
	var n int
	if err := db.read.QueryRowContext(ctx, stale).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("search index: %d documents do not match their source", n)
	}
	if db.isPostgres() {
		return nil
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
