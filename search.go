package hearth

import (
	"context"
	"html/template"
	"strings"
	"time"
)

// Kinds of content that search finds. A thread is found by its title and
// opening post, a reply by its body, a story by its title and body, and
// an experience (the free text of a "What we tried" report) by its text
// and its treatment's name (see sqldb/search_index.go).
const (
	KindThread     = "thread"
	KindReply      = "reply"
	KindStory      = "story"
	KindExperience = "experience"
)

// SearchKinds lists the kinds a search can be limited to, in the order
// forms show them.
var SearchKinds = []string{KindThread, KindReply, KindStory, KindExperience}

// SearchKindLabel names a kind in plain words, for forms.
func SearchKindLabel(kind string) string {
	switch kind {
	case KindThread:
		return "Threads (title and first post)"
	case KindReply:
		return "Replies"
	case KindStory:
		return "Stories"
	case KindExperience:
		return "What we tried: members' experiences"
	}
	return kind
}

// ValidSearchKind reports whether k is empty (any kind) or a known kind.
func ValidSearchKind(k string) bool {
	if k == "" {
		return true
	}
	for _, v := range SearchKinds {
		if k == v {
			return true
		}
	}
	return false
}

// SearchPerPage is how many results one page of search shows.
const SearchPerPage = 20

// SearchQuery is what a reader asks search for. Text is what they typed;
// the rest are optional filters.
type SearchQuery struct {
	Text      string
	Community string // slug
	Kind      string // one of SearchKinds
	Author    string // handle
	// From and To bound the creation time: From inclusive, To exclusive.
	// Zero means no bound.
	From, To time.Time
	Page     int
}

// SearchResult is one thing found: a thread (its opening post), a reply,
// a story, or an experience from a "What we tried" report.
type SearchResult struct {
	Kind     string `json:"kind"`
	ThreadID int64  `json:"thread_id,omitempty"`
	PostID   int64  `json:"post_id,omitempty"`
	Position int    `json:"-"`
	// StoryID is set for a story.
	StoryID int64 `json:"story_id,omitempty"`
	// TreatmentID is an experience's treatment, whose page shows it;
	// ReportID the report, to link to the text on that page.
	TreatmentID int64 `json:"treatment_id,omitempty"`
	ReportID    int64 `json:"-"`
	// Community is empty for a story: stories belong to their author.
	Community     string `json:"community,omitempty"`
	CommunityName string `json:"community_name,omitempty"`
	// Title is the thread's title (for a reply, its thread's), the
	// story's, or the experience's treatment's name; for a thread or a
	// story, TitleHTML has the matched words marked.
	Title     string        `json:"title"`
	TitleHTML template.HTML `json:"-"`
	// SnippetHTML is escaped text around the matches, each match in
	// <mark>.
	SnippetHTML template.HTML `json:"snippet_html"`
	Author      string        `json:"author,omitempty"` // empty for an anonymous post
	AuthorRole  Role          `json:"-"`
	CreatedAt   time.Time     `json:"created_at"`
	// URL is filled in by the web layer, which owns URLs.
	URL string `json:"url"`
}

// SearchResults is one page of results.
type SearchResults struct {
	Results []*SearchResult
	// Total counts the matches the reader may see, up to Limit.
	Total int
	// Capped is set when there are more than Limit matches: the Limit
	// most recent are ranked and paged, and the reader is asked to add
	// a word.
	Capped bool
	Limit  int
	Page   int
	Pages  int
	// Query is the search as it was understood, for showing back.
	Query string
	// Notes say in plain words how the search was changed to give
	// results: words left out, a long search cut, similar words tried.
	Notes []string
}

// SearchService finds content. Like every read, it takes the viewer (nil
// when signed out) and never returns, counts or pages what they may not
// read.
type SearchService interface {
	Search(ctx context.Context, viewer *Member, q SearchQuery) (*SearchResults, error)
}

// ParseSearchDates reads the "from" and "to" days of a search form
// (YYYY-MM-DD, both inclusive, UTC; empty means no bound) into
// SearchQuery's From and To.
func ParseSearchDates(from, to string) (time.Time, time.Time, error) {
	f, err := searchDay("from", from)
	if err != nil {
		return f, f, err
	}
	t, err := searchDay("to", to)
	if err != nil {
		return f, t, err
	}
	if !t.IsZero() {
		t = t.AddDate(0, 0, 1)
	}
	if !f.IsZero() && !t.IsZero() && !t.After(f) {
		return f, t, FieldErrorf("to", "The end date is before the start date. Please swap them or change one.")
	}
	return f, t, nil
}

func searchDay(field, v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil || t.Year() < 1900 || t.Year() > 9999 {
		return time.Time{}, FieldErrorf(field, "%q is not a date we can read. Please use year-month-day, like 2026-03-31.", v)
	}
	return t, nil
}
