package sqldb

import (
	"context"
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/search"
)

var _ hearth.SearchService = (*DB)(nil)

// SearchLimit is how many of a search's most recent matches are counted
// and paged. Up to it, results are ranked (bm25); past it, a search is for
// words so common that ranking would cost too much (FTS5 reads each
// word's whole list of documents for its statistics, and ranks match by
// match), so the newest SearchLimit come newest first and the reader is
// asked for another word. Tests and benchmarks may change it.
var SearchLimit = 1000

// searchEngine is one database's half of search: its text-search syntax.
// The plan (which words, which filters, who is reading) and the steps
// (count, fall back, page) are shared in Search; sqlite and postgres
// implement the queries (search_sqlite.go, search_postgres.go).
type searchEngine interface {
	// window counts the plan's matches the viewer may read, newest
	// first, up to limit+1, and returns the bound that keeps the newest
	// limit of them for page.
	window(ctx context.Context, p *searchPlan, limit int) (count int, bound int64, err error)
	// page returns the matches within the bound, best first, or newest
	// first when newest is set.
	page(ctx context.Context, p *searchPlan, bound int64, newest bool, offset, n int) ([]*hearth.SearchResult, error)
	// existing returns the words that some document has (whoever may
	// read it: the list only narrows what the next search looks for).
	existing(ctx context.Context, words []string) ([]string, error)
}

func (db *DB) searchEngine() searchEngine {
	if db.isPostgres() {
		return postgresSearch{db}
	}
	return sqliteSearch{db}
}

// searchPlan is a parsed search with its filters and reader.
type searchPlan struct {
	vid   int64
	staff int
	terms []search.Term
	// any relaxes the search to match any positive term, not all.
	any bool
	// typos holds, by term index, words one edit away to look for too.
	typos map[int][]string

	community, kind, author string
	from, to                int64 // Unix ms; 0 is no bound
}

// searchArgs numbers query parameters as they are added, so that every
// $n a query declares is one it uses. $1 and $2 are always the viewer's
// ID and staff flag, for canReadCommunity.
type searchArgs struct{ list []any }

func newSearchArgs(p *searchPlan) *searchArgs { return &searchArgs{list: []any{p.vid, p.staff}} }

func (a *searchArgs) add(v any) string {
	a.list = append(a.list, v)
	return "$" + strconv.Itoa(len(a.list))
}

// searchVisible is the reader's visibility over the aliases both engines
// use: d (search_docs), t (threads), c (communities). A thread or reply is
// found only where the viewer may read the community, and only once it is
// published (held, rejected or hidden ones by their author only, removed
// ones by nobody): canListThread (review.go) for the thread, the same
// rule for the post. The post's status is looked up in the small partial
// index posts_unpublished (review's migration) rather than in posts, whose
// wide rows would make scanning many matches slow: the unary + on hp.id
// keeps SQLite from choosing the primary key instead.
const searchVisible = canReadThread + ` AND ` + canListThread + `
	AND NOT EXISTS (SELECT 1 FROM posts hp WHERE hp.thread_id = d.thread_id AND hp.status <> 'published'
		AND +hp.id = d.post_id AND (hp.author_id <> CAST($1 AS BIGINT) OR hp.status = 'removed'))`

// filters returns the plan's filters as SQL conditions, each starting
// with AND.
func (p *searchPlan) filters(a *searchArgs) string {
	var b strings.Builder
	if p.community != "" {
		b.WriteString(" AND c.slug = " + a.add(p.community))
	}
	if p.kind != "" {
		b.WriteString(" AND d.kind = " + a.add(p.kind))
	}
	if p.author != "" {
		b.WriteString(" AND d.author_id = (SELECT id FROM members WHERE handle = " + a.add(p.author) + ") AND " + notAnonymousDoc) // anonymous.go
	}
	if p.from != 0 {
		b.WriteString(" AND d.created_at >= " + a.add(p.from))
	}
	if p.to != 0 {
		b.WriteString(" AND d.created_at < " + a.add(p.to))
	}
	return b.String()
}

// Search finds the threads, replies, stories and experiences that match
// q and that the viewer may read, best first. Visibility is decided inside each query, so the
// count, the pages and the snippets only ever see readable rows.
//
// When nothing matches, it tries again, and says so in Notes: with
// misspelled words (words no readable post has) widened to the words one
// edit away, then with any of the words instead of all of them.
func (db *DB) Search(ctx context.Context, viewer *hearth.Member, sq hearth.SearchQuery) (*hearth.SearchResults, error) {
	q, err := search.Parse(sq.Text)
	if err != nil {
		return nil, err
	}
	p, err := newSearchPlan(viewer, q, sq)
	if err != nil {
		return nil, err
	}
	eng, limit := db.searchEngine(), SearchLimit
	res := &hearth.SearchResults{Query: q.String(), Notes: q.Notes, Limit: limit}
	count, bound, err := eng.window(ctx, p, limit)
	if err != nil {
		return nil, err
	}
	if count == 0 {
		if count, bound, err = searchAgain(ctx, eng, p, limit, res); err != nil {
			return nil, err
		}
	}
	res.Total, res.Capped = min(count, limit), count > limit
	res.Pages = max(1, (res.Total+hearth.SearchPerPage-1)/hearth.SearchPerPage)
	res.Page = min(max(sq.Page, 1), res.Pages)
	if res.Total == 0 {
		return res, nil
	}
	// Past the limit, matches come newest first: ranking needs word
	// statistics that cost time in proportion to how common the words are.
	res.Results, err = eng.page(ctx, p, bound, res.Capped, (res.Page-1)*hearth.SearchPerPage, hearth.SearchPerPage)
	return res, err
}

// searchAgain is Search's second try when nothing matched. A word that
// no readable post has is either misspelled, and then its spellings one
// edit away that the index holds are looked for too, or unknown even so,
// and then it is left out. If all the words together still match nothing,
// any of them will do. Each step says what it did in res.Notes.
func searchAgain(ctx context.Context, eng searchEngine, p *searchPlan, limit int, res *hearth.SearchResults) (int, int64, error) {
	var fuzzed, dropped []string
	var kept []search.Term
	for _, t := range p.terms {
		if t.Negated || t.Phrase() || len(fuzzed)+len(dropped) == 2 {
			kept = append(kept, t)
			continue
		}
		n, _, err := eng.window(ctx, &searchPlan{vid: p.vid, staff: p.staff, terms: []search.Term{t}}, 1)
		if err != nil {
			return 0, 0, err
		}
		if n > 0 {
			kept = append(kept, t)
			continue
		}
		// Only the candidates the index holds: each one searched for
		// costs time even when nothing has it.
		cands, err := eng.existing(ctx, search.Typos(t.Words[0]))
		if err != nil {
			return 0, 0, err
		}
		if len(cands) == 0 {
			dropped = append(dropped, "“"+t.Words[0]+"”")
			continue
		}
		if p.typos == nil {
			p.typos = map[int][]string{}
		}
		p.typos[len(kept)] = cands
		kept = append(kept, t)
		fuzzed = append(fuzzed, "“"+t.Words[0]+"”")
	}
	p.terms = kept
	positives := 0
	for _, t := range kept {
		if !t.Negated {
			positives++
		}
	}
	if positives == 0 || len(fuzzed) == 0 && len(dropped) == 0 && positives < 2 {
		return 0, 0, nil
	}
	if len(fuzzed) > 0 || len(dropped) > 0 {
		count, bound, err := eng.window(ctx, p, limit)
		if err != nil || count > 0 {
			if len(fuzzed) > 0 {
				res.Notes = append(res.Notes, "Nothing matched "+strings.Join(fuzzed, " or ")+", so we also looked for words spelled almost the same.")
			}
			if len(dropped) > 0 {
				it := "it"
				if len(dropped) > 1 {
					it = "them"
				}
				res.Notes = append(res.Notes, "Nothing matched "+strings.Join(dropped, " or ")+", so we left "+it+" out.")
			}
			return count, bound, err
		}
	}
	if positives < 2 {
		return 0, 0, nil
	}
	p.any = true
	count, bound, err := eng.window(ctx, p, limit)
	if count > 0 {
		res.Notes = append(res.Notes, "Nothing had all of your words, so these results have some of them.")
	}
	return count, bound, err
}

// newSearchPlan checks the filters of a search.
func newSearchPlan(viewer *hearth.Member, q search.Query, sq hearth.SearchQuery) (*searchPlan, error) {
	vid, staff := viewerArgs(viewer)
	p := &searchPlan{vid: vid, staff: staff, terms: q.Terms,
		community: strings.ToLower(strings.TrimSpace(sq.Community)), author: hearth.NormalizeHandle(sq.Author)}
	if !hearth.ValidSearchKind(sq.Kind) {
		return nil, hearth.FieldErrorf("kind", "Unknown kind %q. Choose threads, replies, stories or experiences, or leave it empty for all of them.", sq.Kind)
	}
	p.kind = sq.Kind
	if !sq.From.IsZero() {
		p.from = ms(sq.From)
	}
	if !sq.To.IsZero() {
		p.to = ms(sq.To)
	}
	if p.from != 0 && p.to != 0 && p.to <= p.from {
		return nil, hearth.FieldErrorf("to", "The end date is before the start date. Please swap them or change one.")
	}
	return p, nil
}

// Snippets come from the engines with matches between these two control
// characters. A post that holds them itself only gets extra marks: the
// text between is escaped all the same.
const (
	markStart = "\x01"
	markEnd   = "\x02"
)

var (
	mdLink     = regexp.MustCompile(`!?\[([^\]\n]*)\]\([^)\s]*\)`)
	mdMarkers  = regexp.MustCompile("\\*\\*|__|~~|`+")
	mdEmphOpen = regexp.MustCompile(`(^|[\s(])[*_]([^\s*_])`)
	mdEmphEnd  = regexp.MustCompile(`([^\s*_])[*_]([\s.,;:!?)]|$)`)
	mdBlock    = regexp.MustCompile(`(?m)^[ \t]{0,3}(?:(?:>[ \t]?)+|#{1,6}[ \t]+|(?:[-*+]|\d{1,3}[.)])[ \t]+)`)
	spaces     = regexp.MustCompile(`\s+`)
)

// snippetHTML turns a snippet of Markdown source with marked matches into
// escaped plain text with each match in <mark>. Markdown's punctuation
// (emphasis, link targets, quote and list markers) is dropped so that the
// snippet reads like the post.
func snippetHTML(s string, markdown bool) template.HTML {
	if markdown {
		// Most snippets have no Markdown; skip the regexps when they cannot match.
		if strings.Contains(s, "](") {
			s = mdLink.ReplaceAllString(s, "$1")
		}
		if strings.ContainsAny(s, "*_~`") {
			s = mdMarkers.ReplaceAllString(s, "")
		}
		if strings.ContainsAny(s, ">#-+*.)") {
			s = mdBlock.ReplaceAllString(s, "")
		}
		if strings.ContainsAny(s, "*_") {
			s = mdEmphOpen.ReplaceAllString(s, "$1$2")
			s = mdEmphEnd.ReplaceAllString(s, "$1$2")
		}
	}
	var b strings.Builder
	open := false
	for s != "" {
		i := strings.IndexAny(s, markStart+markEnd)
		if i < 0 {
			b.WriteString(template.HTMLEscapeString(s))
			break
		}
		b.WriteString(template.HTMLEscapeString(s[:i]))
		switch {
		case s[i] == markStart[0] && !open:
			b.WriteString("<mark>")
			open = true
		case s[i] == markEnd[0] && open:
			b.WriteString("</mark>")
			open = false
		}
		s = s[i+1:]
	}
	if open {
		b.WriteString("</mark>")
	}
	h := strings.ReplaceAll(b.String(), "<mark></mark>", "")
	return template.HTML(strings.TrimSpace(spaces.ReplaceAllString(h, " ")))
}

// scanSearchResult reads the columns both engines' page queries select:
// kind, post, thread, position, story, report, treatment, community slug
// and name, title, marked title, marked snippet, author handle and role,
// created time.
func scanSearchResult(row interface{ Scan(...any) error }) (*hearth.SearchResult, error) {
	var r hearth.SearchResult
	var title, snippet, role string
	var created int64
	if err := row.Scan(&r.Kind, &r.PostID, &r.ThreadID, &r.Position, &r.StoryID, &r.ReportID, &r.TreatmentID,
		&r.Community, &r.CommunityName, &r.Title, &title, &snippet, &r.Author, &role, &created); err != nil {
		return nil, err
	}
	r.AuthorRole, r.CreatedAt = hearth.Role(role), fromMS(created)
	if (r.Kind == hearth.KindThread || r.Kind == hearth.KindStory) && strings.Contains(title, markStart) {
		r.TitleHTML = snippetHTML(title, false)
	} else {
		r.TitleHTML = template.HTML(template.HTMLEscapeString(r.Title))
	}
	r.SnippetHTML = snippetHTML(snippet, true)
	return &r, nil
}

// searchResultColumns is what page queries select, in scanSearchResult's
// order, with the marked title and snippet given by each engine. The
// title is the thread's for threads and replies (d.title is empty for a
// reply), the story's or the treatment's name otherwise.
func searchResultColumns(markedTitle, markedSnippet string) string {
	return `d.kind, COALESCE(d.post_id, 0), COALESCE(d.thread_id, 0), COALESCE(p.position, 0),
		COALESCE(d.story_id, 0), COALESCE(d.report_id, 0), COALESCE(r.treatment_id, 0),
		COALESCE(c.slug, ''), COALESCE(c.name, ''), COALESCE(t.title, d.title), ` + markedTitle + `, ` + warnedSnippet(markedSnippet) + // care.go
		`, ` + anonymousHandle + `, ` + anonymousRole + `, d.created_at` // anonymous.go
}
