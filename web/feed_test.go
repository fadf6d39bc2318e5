package web_test

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/mmcdole/gofeed"
)

// atomDoc is what RFC 4287 requires of a feed and its entries, read
// strictly with encoding/xml in the Atom namespace.
type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"http://www.w3.org/2005/Atom id"`
	Title   string   `xml:"http://www.w3.org/2005/Atom title"`
	Updated string   `xml:"http://www.w3.org/2005/Atom updated"`
	Author  []struct {
		Name string `xml:"http://www.w3.org/2005/Atom name"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"http://www.w3.org/2005/Atom link"`
	Entries []struct {
		ID      string `xml:"http://www.w3.org/2005/Atom id"`
		Title   string `xml:"http://www.w3.org/2005/Atom title"`
		Updated string `xml:"http://www.w3.org/2005/Atom updated"`
		Author  []struct {
			Name string `xml:"http://www.w3.org/2005/Atom name"`
		} `xml:"http://www.w3.org/2005/Atom author"`
		Link struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"http://www.w3.org/2005/Atom content"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

// checkAtom validates a feed with a real feed parser (gofeed) and against
// the essentials of the Atom schema, and returns it.
func checkAtom(t *testing.T, what string, res response) (*gofeed.Feed, *atomDoc) {
	t.Helper()
	if res.code != 200 || res.header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("%s: %d %s", what, res.code, res.header.Get("Content-Type"))
	}
	parsed, err := gofeed.NewParser().ParseString(res.body)
	if err != nil {
		t.Fatalf("%s: gofeed: %v", what, err)
	}
	if parsed.FeedType != "atom" || parsed.FeedVersion != "1.0" {
		t.Errorf("%s: parsed as %s %s", what, parsed.FeedType, parsed.FeedVersion)
	}
	var doc atomDoc
	dec := xml.NewDecoder(strings.NewReader(res.body))
	dec.Strict = true
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s: not well-formed Atom: %v", what, err)
	}
	rfc3339 := func(field, v string) {
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			t.Errorf("%s: %s %q is not an RFC 3339 date", what, field, v)
		}
	}
	if doc.ID == "" || doc.Title == "" {
		t.Errorf("%s: feed id %q, title %q", what, doc.ID, doc.Title)
	}
	rfc3339("feed updated", doc.Updated)
	self := false
	for _, l := range doc.Links {
		self = self || (l.Rel == "self" && strings.HasPrefix(l.Href, siteBase+"/feeds/"))
	}
	if !self {
		t.Errorf("%s: no absolute rel=self link: %+v", what, doc.Links)
	}
	ids := map[string]bool{}
	for i, e := range doc.Entries {
		if e.ID == "" || e.Title == "" || ids[e.ID] {
			t.Errorf("%s: entry %d id %q title %q (ids must be unique)", what, i, e.ID, e.Title)
		}
		ids[e.ID] = true
		rfc3339("entry updated", e.Updated)
		// Every entry needs an author when the feed has none.
		if len(doc.Author) == 0 && (len(e.Author) == 0 || e.Author[0].Name == "") {
			t.Errorf("%s: entry %d has no author", what, i)
		}
		if e.Link.Rel != "alternate" || !strings.HasPrefix(e.Link.Href, siteBase+"/") {
			t.Errorf("%s: entry %d link %+v", what, i, e.Link)
		}
	}
	return parsed, &doc
}

func TestFeeds(t *testing.T) {
	s := newStorySite(t)
	author := s.as("author")
	storyPath := s.createStory(author, "author", "A public story", "Bare link: https://example.org/a_(b) and *emphasis*.", hearth.Public)
	s.createStory(author, "author", "A members-only story", "Not for feeds.", hearth.MembersOnly)
	pub := s.threads[hearth.Public]
	anon := s.client()

	feed, doc := checkAtom(t, "community feed", s.get(anon, "/feeds/c/c-public.atom"))
	if feed.Title != "Community public · hearth" || len(feed.Items) != 1 || feed.Items[0].Title != pub.Title ||
		feed.Items[0].Link != siteBase+threadPath(pub)+"/thread-in-public" || feed.Items[0].Author.Name != "@author" {
		t.Errorf("community feed: %+v %+v", feed, feed.Items)
	}
	if doc.ID != siteBase+"/c/c-public" {
		t.Errorf("community feed id %q", doc.ID)
	}

	feed, doc = checkAtom(t, "thread feed", s.get(anon, "/feeds/t/"+itoa(pub.ID)+".atom"))
	if len(feed.Items) != 1 || feed.Items[0].Title != "Reply 1 by @author" || doc.Entries[0].Content.Type != "html" ||
		!strings.Contains(feed.Items[0].Content, "<p>A reply in public with bold &amp; more</p>") {
		t.Errorf("thread feed items: %q %q", feed.Items[0].Title, feed.Items[0].Content)
	}

	res := s.get(anon, "/feeds/u/author/stories.atom")
	feed, _ = checkAtom(t, "stories feed", res)
	if len(feed.Items) != 1 || feed.Items[0].Title != "A public story" || feed.Items[0].Link != siteBase+storyPath ||
		!strings.Contains(feed.Items[0].Content, `<a href="https://example.org/a_(b)" rel="nofollow ugc noopener">`) {
		t.Errorf("stories feed: %+v", feed.Items)
	}
	// Signed-in readers get the same public-only feed.
	if r := s.get(author, "/feeds/u/author/stories.atom"); strings.Contains(r.body, "members-only") || r.body != res.body {
		t.Error("the stories feed differs for a signed-in reader")
	}
	for _, v := range []hearth.Visibility{hearth.MembersOnly, hearth.Private} {
		for _, c := range []*http.Client{anon, author} {
			for _, p := range []string{"/feeds/c/c-" + string(v) + ".atom", "/feeds/t/" + itoa(s.threads[v].ID) + ".atom"} {
				if r := s.get(c, p); r.code != 404 || strings.Contains(r.body, "Thread in "+string(v)) {
					t.Errorf("%s: %d, want 404", p, r.code)
				}
			}
		}
	}
	for _, p := range []string{"/feeds/c/c-public", "/feeds/c/.atom", "/feeds/t/abc.atom", "/feeds/t/0.atom", "/feeds/u/nobody/stories.atom"} {
		if r := s.get(anon, p); r.code != 404 {
			t.Errorf("%s: %d, want 404", p, r.code)
		}
	}
	// Pages link their feeds; non-public pages do not.
	for path, feedURL := range map[string]string{"/c/c-public": "/feeds/c/c-public.atom", threadPath(pub): "/feeds/t/" + itoa(pub.ID) + ".atom",
		storyPath: "/feeds/u/author/stories.atom", "/u/author": "/feeds/u/author/stories.atom", "/u/author/stories": "/feeds/u/author/stories.atom"} {
		if !strings.Contains(s.get(anon, path).body, `<link rel="alternate" type="application/atom+xml" title="`) ||
			!strings.Contains(s.get(anon, path).body, `href="`+feedURL+`">`) {
			t.Errorf("%s does not link %s", path, feedURL)
		}
	}
	// A feed's contents follow visibility changes: a story turned
	// members-only leaves the feed.
	id := idRE.FindStringSubmatch(storyPath)[1]
	if r := s.postMultipart(author, "/u/author/stories/"+id+"/edit", url.Values{"title": {"A public story"}, "body": {"Now private."}, "visibility": {"members"}}, nil); r.code != http.StatusSeeOther {
		t.Fatalf("edit: %d", r.code)
	}
	if feed, _ := checkAtom(t, "stories feed after edit", s.get(anon, "/feeds/u/author/stories.atom")); len(feed.Items) != 0 {
		t.Errorf("members-only story still in the feed")
	}
}
