package sqldb

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/search"
)

// sqliteSearch searches the FTS5 index of migration 0002.
//
// search_docs ids count down, so FTS5's forward scan (rowid ascending) is
// newest first. window reads matches in that order, with visibility and
// filters applied, and stops after SearchLimit+1 readable ones: a search
// for common words costs about the same as one for rare words. page then
// ranks (bm25, title weighted 4) the matches up to that bound, or, past
// the limit, reads them newest first.
// CROSS JOIN keeps the FTS5 table as the outer loop, so that SQLite never
// runs MATCH once per row of another table.
type sqliteSearch struct{ db *DB }

const sqliteSearchFrom = ` FROM search_fts f CROSS JOIN search_docs d`

func sqliteSearchJoin(match string) string {
	return ` WHERE search_fts MATCH ` + match + ` AND d.id = f.rowid AND ` + searchReadable
}

func (s sqliteSearch) window(ctx context.Context, p *searchPlan, limit int) (int, int64, error) {
	a := newSearchArgs(p)
	where := sqliteSearchJoin(a.add(fts5Query(p)))
	where += p.filters(a)
	q := `SELECT COUNT(*), COALESCE(MAX(CASE WHEN n <= ` + a.add(limit) + ` THEN r END), 0) FROM (
		SELECT r, ROW_NUMBER() OVER (ORDER BY r) AS n FROM (
			SELECT f.rowid AS r` + sqliteSearchFrom + searchSources + where + ` ORDER BY f.rowid LIMIT ` + a.add(limit+1) + `))`
	var n int
	var bound int64
	err := s.db.read.QueryRowContext(ctx, q, a.list...).Scan(&n, &bound)
	return n, bound, err
}

func (s sqliteSearch) page(ctx context.Context, p *searchPlan, bound int64, newest bool, offset, n int) ([]*hearth.SearchResult, error) {
	a := newSearchArgs(p)
	where := sqliteSearchJoin(a.add(fts5Query(p))) + p.filters(a) + ` AND f.rowid <= ` + a.add(bound) + `
		AND a.id = d.author_id`
	cols := searchResultColumns(`highlight(search_fts, 0, char(1), char(2))`, `snippet(search_fts, 1, char(1), char(2), '…', 24)`)
	// ORDER BY f.rank alone lets FTS5 sort by its configured bm25 inside
	// the virtual table; adding a tie-breaker would make SQLite sort again.
	// Ids count down, so f.rowid is newest first.
	order := ` ORDER BY f.rank`
	if newest {
		order = ` ORDER BY f.rowid`
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT `+cols+sqliteSearchFrom+searchResultFrom+` CROSS JOIN members a`+where+
		order+` LIMIT `+a.add(n)+` OFFSET `+a.add(offset), a.list...)
	return scanAll(rows, err, scanSearchResult)
}

// fts5Query writes the plan as an FTS5 query. Every word is quoted, and
// words hold only letters, digits and marks (package search), so no text
// from the reader is ever read as FTS5 syntax.
func fts5Query(p *searchPlan) string {
	var pos, neg []string
	for i, t := range p.terms {
		var alts []string
		if t.Phrase() {
			alts = []string{fts5String(t.Words)}
		} else {
			for _, w := range search.SpanishForms(t.Words[0]) {
				alts = append(alts, fts5String([]string{w}))
			}
			for _, w := range p.typos[i] {
				alts = append(alts, fts5String([]string{w}))
			}
		}
		e := alts[0]
		if len(alts) > 1 {
			e = "(" + strings.Join(alts, " OR ") + ")"
		}
		if t.Negated {
			neg = append(neg, e)
		} else {
			pos = append(pos, e)
		}
	}
	op := " AND "
	if p.any {
		op = " OR "
	}
	q := strings.Join(pos, op)
	if len(neg) > 0 {
		q = "(" + q + ") NOT (" + strings.Join(neg, " OR ") + ")"
	}
	return q
}

func fts5String(words []string) string {
	return `"` + strings.ReplaceAll(strings.Join(words, " "), `"`, `""`) + `"`
}

// existing probes the index for each word in one statement. The words are
// search.Typos of parsed words, letters and digits only, and are quoted
// as FTS5 strings.
func (s sqliteSearch) existing(ctx context.Context, words []string) ([]string, error) {
	if len(words) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(words)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT w.value FROM json_each($1) w
		WHERE EXISTS (SELECT 1 FROM search_fts WHERE search_fts MATCH '"' || replace(w.value, '"', '""') || '"')`, string(b))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}
