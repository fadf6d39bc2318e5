package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hearth-community/hearth"
)

// searchForm is what the search form sends: q and the filters.
type searchForm struct {
	Q, Community, Kind, Author, From, To string
}

func readSearchForm(r *http.Request) searchForm {
	v := r.URL.Query()
	get := func(k string) string { return strings.TrimSpace(strings.ToValidUTF8(v.Get(k), "\uFFFD")) }
	return searchForm{Q: strings.ToValidUTF8(v.Get("q"), "\uFFFD"), Community: get("community"), Kind: get("kind"),
		Author: get("author"), From: get("from"), To: get("to")}
}

// query turns the form into a search, or names the filter at fault.
func (f searchForm) query(page int) (hearth.SearchQuery, error) {
	from, to, err := hearth.ParseSearchDates(f.From, f.To)
	if err != nil {
		return hearth.SearchQuery{}, err
	}
	if !hearth.ValidSearchKind(f.Kind) {
		return hearth.SearchQuery{}, hearth.FieldErrorf("kind", "Please choose what to search from the list.")
	}
	return hearth.SearchQuery{Text: f.Q, Community: f.Community, Kind: f.Kind, Author: f.Author, From: from, To: to, Page: page}, nil
}

// filtered reports whether any filter is set, to open the filters.
func (f searchForm) filtered() bool {
	return f.Community != "" || f.Kind != "" || f.Author != "" || f.From != "" || f.To != ""
}

// url is the address of a page of this search.
func (f searchForm) url(page int) string {
	v := url.Values{}
	for _, kv := range [][2]string{{"q", f.Q}, {"community", f.Community}, {"kind", f.Kind}, {"author", f.Author}, {"from", f.From}, {"to", f.To}} {
		if kv[1] != "" {
			v.Set(kv[0], kv[1])
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/search?" + v.Encode()
}

// resultURL is where a result leads: the thread, the reply on its page,
// the story, or the experience on its treatment's page (the only page
// that shows a report's text).
func resultURL(r *hearth.SearchResult) string {
	switch r.Kind {
	case hearth.KindStory:
		return storyURL(&hearth.Story{ID: r.StoryID, Author: r.Author, Title: r.Title})
	case hearth.KindExperience:
		return fmt.Sprintf("/c/%s/tried/t/%d#experience-%d", r.Community, r.TreatmentID, r.ReportID)
	}
	t := &hearth.Thread{ID: r.ThreadID, CommunitySlug: r.Community, Title: r.Title}
	if r.Kind != hearth.KindReply || r.Position <= 0 {
		return threadURL(t)
	}
	return fmt.Sprintf("%s?page=%d#p%d", threadBase(t), (r.Position-1)/hearth.RepliesPerPage+1, r.Position)
}

// searchLink is one link of the search pager; a zero Page is a gap.
type searchLink struct {
	Page    int
	URL     string
	Current bool
}

// searchPager lists the first and last pages and those near the current
// one, with gaps between: up to a hundred pages stay one short line.
func searchPager(f searchForm, page, pages int) []searchLink {
	var links []searchLink
	for p := 1; p <= pages; p++ {
		if p == 1 || p == pages || p >= page-2 && p <= page+2 {
			links = append(links, searchLink{Page: p, URL: f.url(p), Current: p == page})
		} else if len(links) > 0 && links[len(links)-1].Page != 0 {
			links = append(links, searchLink{})
		}
	}
	return links
}

// searchView is the data of the search page.
type searchView struct {
	Form        searchForm
	Error       string
	Field       string
	Results     *hearth.SearchResults
	Communities []option
	Kinds       []option
	Pager       []searchLink
	Prev, Next  string
	Summary     string
	LimitText   string
}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	f := readSearchForm(r)
	v := &searchView{Form: f}
	cs, err := s.store.ListCommunities(r.Context(), viewer(r))
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	for _, c := range cs {
		v.Communities = append(v.Communities, option{Value: c.Slug, Label: c.Name, Selected: c.Slug == f.Community})
	}
	v.Kinds = options(hearth.SearchKinds, hearth.SearchKindLabel, f.Kind)
	status := http.StatusOK
	title := "Search"
	if strings.TrimSpace(f.Q) != "" || f.filtered() {
		title = "Search: " + shorten(strings.TrimSpace(f.Q), 60)
		q, err := f.query(pageParam(r))
		var res *hearth.SearchResults
		if err == nil {
			res, err = s.store.Search(r.Context(), viewer(r), q)
		}
		if err != nil {
			s.logIfInternal(r, err)
			status = statusOf(err)
			v.Error, v.Field = hearth.ErrorMessage(err), hearth.ErrorField(err)
		} else {
			for _, x := range res.Results {
				x.URL = resultURL(x)
			}
			v.Results = res
			v.Summary, v.LimitText = searchSummary(res), thousands(res.Limit)
			v.Pager = searchPager(f, res.Page, res.Pages)
			if res.Page > 1 {
				v.Prev = f.url(res.Page - 1)
			}
			if res.Page < res.Pages {
				v.Next = f.url(res.Page + 1)
			}
			if res.Page > 1 {
				title += fmt.Sprintf(" (page %d)", res.Page)
			}
		}
	}
	s.render(w, r, status, "search.html", &view{Title: title, NoIndex: true, Data: v})
}

// searchSummary says how many results there are, in words.
func searchSummary(res *hearth.SearchResults) string {
	switch {
	case res.Total == 0:
		return "No results"
	case res.Capped:
		return fmt.Sprintf("More than %s results", thousands(res.Limit))
	case res.Pages > 1:
		return fmt.Sprintf("%s results, page %d of %d", thousands(res.Total), res.Page, res.Pages)
	}
	return plural(res.Total, "result", "results")
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// handleAPISearch is GET /api/v1/search: the same search as the page,
// as JSON, for the token's member (or signed out).
func (s *Server) handleAPISearch(w http.ResponseWriter, r *http.Request) error {
	f := readSearchForm(r)
	if strings.TrimSpace(f.Q) == "" {
		return hearth.FieldErrorf("q", "Add what to search for: /api/v1/search?q=ketogenic+diet.")
	}
	q, err := f.query(pageParam(r))
	if err != nil {
		return err
	}
	res, err := s.store.Search(r.Context(), viewer(r), q)
	if err != nil {
		return err
	}
	results := res.Results
	if results == nil {
		results = []*hearth.SearchResult{}
	}
	for _, x := range results {
		x.URL = resultURL(x)
		x.Author = hearth.DisplayHandle(x.Author) // "deleted member" (account.go)
	}
	notes := res.Notes
	if notes == nil {
		notes = []string{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"results": results, "total": res.Total, "capped": res.Capped,
		"page": res.Page, "pages": res.Pages, "query": res.Query, "notes": notes})
}

// shorten cuts s to at most n characters, for a page title.
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return strings.TrimSpace(string(r[:n-1])) + "…"
	}
	return s
}
