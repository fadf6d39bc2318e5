package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
)

// TestSearchPage searches as each kind of reader through the real router:
// what a reader may not read never shows, in results, counts or titles.
func TestSearchPage(t *testing.T) {
	f := newFixture(t)
	clients := map[string]*http.Client{"anonymous": f.client(), "insider": f.signedIn("insider"), "outsider": f.signedIn("outsider")}
	for who, c := range clients {
		res := f.get(c, "/search?q=hidden+title")
		if res.code != http.StatusOK {
			t.Fatalf("%s: %d", who, res.code)
		}
		viewer, membership := f.reader(who) // web_test.go
		want := 0
		for v := range f.threads {
			can := hearth.CanRead(v, viewer, membership)
			if can {
				want++
			}
			title := "title</mark> " + string(v) // the title, with the match marked
			if got := strings.Contains(res.body, title); got != can {
				t.Errorf("%s: shows %q: %v, want %v", who, title, got, can)
			}
			if !can && (strings.Contains(res.body, "Secret name "+string(v)) || strings.Contains(res.body, "Body of the "+string(v))) {
				t.Errorf("%s: the page names something from the %s community", who, v)
			}
		}
		if !strings.Contains(res.body, fmt.Sprintf(">%d result", want)) {
			t.Errorf("%s: want the count %d on the page", who, want)
		}
		if res.header.Get("X-Robots-Tag") != "noindex" {
			t.Errorf("%s: search pages must not be indexed", who)
		}
	}
}

func TestSearchForms(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	home := f.get(c, "/").body
	if !strings.Contains(home, `<form class="site-search" method="get" action="/search" role="search"`) ||
		!strings.Contains(home, `<label class="visually-hidden" for="site-q">`) {
		t.Error("no labelled search box in the header")
	}
	page := f.get(c, "/search")
	if page.code != http.StatusOK || !strings.Contains(page.body, `<label for="search-q">`) || strings.Contains(page.body, `class="site-search"`) {
		t.Errorf("empty search page: %d, want the form once", page.code)
	}
	if strings.Contains(page.body, "No results") || strings.Contains(page.body, `role="alert"`) {
		t.Error("an empty search page scolds before anything was asked")
	}
	// The page keeps what was typed, and the filters, in the form.
	res := f.get(c, "/search?q=%22body+of%22+-members&community=c-public&kind=thread")
	for _, want := range []string{`value="&#34;body of&#34; -members"`, `<option value="c-public" selected>`, `<option value="thread" selected>`, " open>",
		"<mark>Body", "the public thread</p>"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("filtered search: no %q", want)
		}
	}
	if strings.Contains(res.body, `value="c-members"`) || strings.Contains(res.body, `value="c-private"`) {
		t.Error("the community list offers a community the anonymous reader cannot read")
	}
	if out := f.get(f.signedIn("outsider"), "/search").body; !strings.Contains(out, `<option value="c-members">`) || strings.Contains(out, `value="c-private"`) {
		t.Error("the community list must hold exactly the communities the reader can read")
	}
}

func TestSearchBadInput(t *testing.T) {
	f := newFixture(t)
	c := f.client()
	for _, tc := range []struct {
		query, field string
	}{
		{"q=***", "search-q"},
		{"q=-public", "search-q"},
		{"q=reply&from=yesterday", "search-from"},
		{"q=reply&from=2026-11-05&to=2026-11-01", "search-to"},
		{"q=reply&kind=poem", "search-kind"},
	} {
		res := f.get(c, "/search?"+tc.query)
		if res.code != http.StatusBadRequest || !strings.Contains(res.body, `role="alert"`) {
			t.Errorf("%s: %d, want 400 with the problem named", tc.query, res.code)
		}
		if !strings.Contains(res.body, `id="`+tc.field+`"`) || !regexpAttr(res.body, tc.field, `aria-invalid="true"`) {
			t.Errorf("%s: the field %s is not marked", tc.query, tc.field)
		}
	}
	// Hostile text never makes a 500, on the page or in the API.
	for _, q := range []string{`"unbalanced`, `NEAR(a b, 2)`, `*`, `^`, `:`, `title:hidden`, `{title}: x`, `'; DROP TABLE posts; --`,
		strings.Repeat("hidden title ", 900), strings.Repeat(`"(`, 3000), "\xff\xfe", "%00"} {
		for _, path := range []string{"/search?q=", "/api/v1/search?q="} {
			res := f.get(c, path+url.QueryEscape(q))
			if res.code != http.StatusOK && res.code != http.StatusBadRequest {
				t.Errorf("%s%.30q: %d", path, q, res.code)
			}
		}
	}
}

// regexpAttr reports whether the element with the id carries attr.
func regexpAttr(body, id, attr string) bool {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return false
	}
	start := strings.LastIndex(body[:i], "<")
	end := i + strings.Index(body[i:], ">")
	return strings.Contains(body[start:end], attr)
}

func TestSearchPagesKeepTheQuery(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for i := range 130 {
		if _, err := f.db.CreateReply(ctx, f.members["author"], f.threads[hearth.Public].ID, fmt.Sprintf("zinnia number %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	c := f.client()
	res := f.get(c, "/search?q=zinnia&kind=reply")
	if !strings.Contains(res.body, "130 results, page 1 of 7") {
		t.Errorf("no count with pages")
	}
	// Pages 1, 2, 3, a gap, 7.
	if !strings.Contains(res.body, `q=zinnia">3</a></li><li aria-hidden="true"><span class="gap">…</span></li><li><a href="/search?kind=reply&amp;page=7&amp;q=zinnia">7</a>`) {
		t.Error("the pager does not skip the middle pages")
	}
	for _, want := range []string{`href="/search?kind=reply&amp;page=2&amp;q=zinnia" rel="next"`, `aria-current="page" href="/search?kind=reply&amp;q=zinnia"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("pager: no %s", want)
		}
	}
	last := f.get(c, "/search?q=zinnia&kind=reply&page=7")
	if strings.Count(last.body, `<li>
<h3>`) != 10 || !strings.Contains(last.body, `rel="prev"`) || strings.Contains(last.body, `rel="next"`) {
		t.Errorf("page 7: want 10 results and a link back")
	}
	// Each reply links to its page of the thread and its anchor.
	if !regexp.MustCompile(regexp.QuoteMeta(threadPath(f.threads[hearth.Public])) + `\?page=[1-3]#p\d+"`).MatchString(res.body) {
		t.Error("a reply does not link to its place in the thread")
	}
}

func TestSearchAPI(t *testing.T) {
	f := newFixture(t)
	call := func(path, token string) (int, map[string]any) {
		req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res := f.do(f.client(), req)
		var out map[string]any
		if err := json.Unmarshal([]byte(res.body), &out); err != nil {
			t.Fatalf("%s: not JSON: %s", path, res.body)
		}
		return res.code, out
	}
	code, out := call("/api/v1/search?q=hidden", "")
	if code != 200 || out["total"] != float64(1) || out["pages"] != float64(1) || out["page"] != float64(1) {
		t.Fatalf("anonymous: %d %v", code, out)
	}
	r := out["results"].([]any)[0].(map[string]any)
	for _, k := range []string{"kind", "thread_id", "post_id", "community", "title", "snippet_html", "author", "created_at", "url"} {
		if _, ok := r[k]; !ok {
			t.Errorf("a result has no %q: %v", k, r)
		}
	}
	if r["kind"] != "thread" || r["community"] != "c-public" || !strings.HasPrefix(r["url"].(string), threadPath(f.threads[hearth.Public])) ||
		!strings.Contains(r["snippet_html"].(string), "<mark>") && !strings.Contains(r["title"].(string), "Hidden") {
		t.Errorf("result: %v", r)
	}
	if code, out := call("/api/v1/search?q=hidden", f.mustToken("insider")); code != 200 || out["total"] != float64(3) {
		t.Errorf("insider: %d %v", code, out)
	}
	if code, out := call("/api/v1/search?q=hidden", f.mustToken("outsider")); code != 200 || out["total"] != float64(2) {
		t.Errorf("outsider: %d %v", code, out)
	}
	if code, out := call("/api/v1/search?q=nothing+like+this", ""); code != 200 || len(out["results"].([]any)) != 0 {
		t.Errorf("no results: %d %v", code, out)
	}
	for _, q := range []string{"", "q=", "q=***", "q=x&kind=poem", "q=x&from=soon"} {
		if code, out := call("/api/v1/search?"+q, ""); code != 400 || out["code"] != "invalid" || out["message"] == "" {
			t.Errorf("%q: %d %v, want 400 invalid", q, code, out)
		}
	}
}
