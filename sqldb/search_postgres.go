package sqldb

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/hearth-community/hearth"
)

// postgresSearch searches search_docs.tsv (GIN index, migration 0002)
// with the same plan and steps as sqliteSearch: window counts the newest
// SearchLimit+1 readable matches (ids grow with time here), page ranks
// those with ts_rank (titles weigh A, bodies D), or past the limit takes
// them newest first, and marks matches with ts_headline. Every text is indexed with the English and the Spanish
// configurations, and every term asks for either.
type postgresSearch struct{ db *DB }

const (
	postgresSearchFrom = ` FROM search_docs d` + searchSources
	// Matches come back between the same control characters as from
	// SQLite, and become <mark> in snippetHTML.
	headlineOptions      = "StartSel=\"\x01\", StopSel=\"\x02\", MaxWords=35, MinWords=15, ShortWord=3, MaxFragments=2, FragmentDelimiter=\" … \""
	titleHeadlineOptions = "HighlightAll=true, StartSel=\"\x01\", StopSel=\"\x02\""
)

func (s postgresSearch) window(ctx context.Context, p *searchPlan, limit int) (int, int64, error) {
	a := newSearchArgs(p)
	where := ` WHERE d.tsv @@ ` + tsQuery(p, a) + ` AND ` + searchReadable + p.filters(a)
	q := `SELECT COUNT(*), COALESCE(MIN(CASE WHEN n <= ` + a.add(limit) + ` THEN id END), 0) FROM (
		SELECT id, ROW_NUMBER() OVER (ORDER BY id DESC) AS n FROM (
			SELECT d.id` + postgresSearchFrom + where + ` ORDER BY d.id DESC LIMIT ` + a.add(limit+1) + `) w) x`
	var n int
	var bound int64
	err := s.db.read.QueryRowContext(ctx, q, a.list...).Scan(&n, &bound)
	return n, bound, err
}

func (s postgresSearch) page(ctx context.Context, p *searchPlan, bound int64, newest bool, offset, n int) ([]*hearth.SearchResult, error) {
	a := newSearchArgs(p)
	tsq := tsQuery(p, a)
	where := ` WHERE d.tsv @@ sq.tq AND ` + searchReadable + p.filters(a) + ` AND d.id >= ` + a.add(bound)
	cols := searchResultColumns(
		`CASE WHEN d.kind IN ('thread', 'story') THEN ts_headline('english', d.title, sq.tq, `+a.add(titleHeadlineOptions)+`) ELSE '' END`,
		`ts_headline('english', `+searchBody+`, sq.tq, `+a.add(headlineOptions)+`)`)
	rank := `ts_rank(d.tsv, sq.tq)`
	if newest {
		rank = `0` // ids grow with time: d.id DESC is newest first
	}
	// Headlines are made for the page's rows only, after the ranking.
	q := `WITH sq AS (SELECT ` + tsq + ` AS tq),
	hits AS (SELECT d.id, ` + rank + ` AS rank` + postgresSearchFrom + `, sq` + where + `
		ORDER BY rank DESC, d.id DESC LIMIT ` + a.add(n) + ` OFFSET ` + a.add(offset) + `)
	SELECT ` + cols + ` FROM hits h JOIN search_docs d ON d.id = h.id` + searchResultFrom + ` JOIN members a ON a.id = d.author_id
		CROSS JOIN sq
	ORDER BY h.rank DESC, d.id DESC`
	rows, err := s.db.read.QueryContext(ctx, q, a.list...)
	return scanAll(rows, err, scanSearchResult)
}

// tsQuery writes the plan as a tsquery expression. The words go in as
// parameters to plainto_tsquery and phraseto_tsquery, which read them as
// plain text: no text from the reader is read as tsquery syntax.
func tsQuery(p *searchPlan, a *searchArgs) string {
	var pos, neg []string
	for i, t := range p.terms {
		fn := "plainto_tsquery"
		if t.Phrase() {
			fn = "phraseto_tsquery"
		}
		arg := a.add(strings.Join(t.Words, " "))
		e := fn + "('english', " + arg + ") || " + fn + "('spanish', " + arg + ")"
		if typos := p.typos[i]; len(typos) > 0 {
			// Candidates are letters and digits only (search.Typos), so
			// joining them with | is the only syntax to_tsquery sees.
			alts := a.add(strings.Join(typos, " | "))
			e += " || to_tsquery('english', " + alts + ") || to_tsquery('spanish', " + alts + ")"
		}
		e = "(" + e + ")"
		if t.Negated {
			neg = append(neg, e)
		} else {
			pos = append(pos, e)
		}
	}
	op := " && "
	if p.any {
		op = " || "
	}
	q := "(" + strings.Join(pos, op) + ")"
	if len(neg) > 0 {
		q = "(" + q + " && !!(" + strings.Join(neg, " || ") + "))"
	}
	return q
}

// existing probes the GIN index for each word in one statement.
func (s postgresSearch) existing(ctx context.Context, words []string) ([]string, error) {
	if len(words) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(words)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT w FROM jsonb_array_elements_text(CAST($1 AS jsonb)) w
		WHERE EXISTS (SELECT 1 FROM search_docs WHERE tsv @@ (plainto_tsquery('english', w) || plainto_tsquery('spanish', w)))`, string(b))
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
