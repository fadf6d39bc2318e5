package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
)

// Atom feeds (RFC 4287) for public content only: a public community's
// newest threads, a public thread's replies, a member's public stories.
// Every feed reads as a signed-out visitor (viewer nil), whoever asks, so
// a feed can never carry members-only or private content even when a
// signed-in browser fetches it; anything not public is 404.
//
// The feed is written with encoding/xml: the format is small, and owning
// the structs lets each feed carry the rel="self" link and per-entry
// authors that RFC 4287 asks for.

const atomNS = "http://www.w3.org/2005/Atom"

// feedEntries is how many entries a feed carries.
const feedEntries = 30

type atomFeed struct {
	XMLName  xml.Name    `xml:"feed"`
	NS       string      `xml:"xmlns,attr"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   *atomPerson `xml:"author,omitempty"`
	Gen      atomGen     `xml:"generator"`
	Entries  []atomEntry `xml:"entry"`
}

type atomGen struct {
	Name string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     string     `xml:"title"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Author    atomPerson `xml:"author"`
	Link      atomLink   `xml:"link"`
	Summary   *atomText  `xml:"summary,omitempty"`
	Content   *atomText  `xml:"content,omitempty"`
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// newFeed starts a feed whose id and alternate link are the page it
// follows, and whose self link is its own address.
func (s *Server) newFeed(r *http.Request, title, subtitle, page string) *atomFeed {
	return &atomFeed{NS: atomNS, ID: s.absURL(r, page), Title: title, Subtitle: subtitle,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: s.absURL(r, r.URL.Path)},
			{Rel: "alternate", Type: "text/html", Href: s.absURL(r, page)},
		},
		Gen: atomGen{Name: s.cfg.SiteName}}
}

// entry adds an entry; its id is the absolute URL of what it is about,
// which never changes.
func (s *Server) entry(r *http.Request, f *atomFeed, title, path, author string, published, updated time.Time) *atomEntry {
	f.Entries = append(f.Entries, atomEntry{ID: s.absURL(r, path), Title: title, Published: atomTime(published), Updated: atomTime(updated),
		Author: atomPerson{Name: "@" + author, URI: s.absURL(r, "/u/"+author)},
		Link:   atomLink{Rel: "alternate", Type: "text/html", Href: s.absURL(r, path)}})
	if author == "" { // an anonymous post: no handle, no profile link (anonymous.go)
		f.Entries[len(f.Entries)-1].Author = atomPerson{Name: hearth.AnonymousAuthor}
	}
	if hearth.IsDeletedHandle(author) { // a deleted account (account.go)
		f.Entries[len(f.Entries)-1].Author = atomPerson{Name: hearth.DeletedMemberLabel}
	}
	return &f.Entries[len(f.Entries)-1]
}

// writeFeed sends a feed. Its updated time is its newest entry's, or
// fallback when it has none.
func (s *Server) writeFeed(w http.ResponseWriter, f *atomFeed, fallback time.Time) {
	updated := fallback
	for _, e := range f.Entries {
		if t, err := time.Parse(time.RFC3339, e.Updated); err == nil && t.After(updated) {
			updated = t
		}
	}
	f.Updated = atomTime(updated)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.Encode(f); err != nil {
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	buf.WriteByte('\n')
	h := w.Header()
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	// Public content only, so shared caches may keep it briefly.
	h.Set("Cache-Control", "public, max-age=300")
	w.Write(buf.Bytes())
}

// feedPathKey returns the part of a path segment before ".atom", or
// not found: ServeMux wildcards are whole segments.
func feedPathKey(r *http.Request, name string) (string, error) {
	key, ok := strings.CutSuffix(r.PathValue(name), ".atom")
	if !ok || key == "" {
		return "", hearth.Errorf(hearth.ENotFound, "There is no feed at this address.")
	}
	return key, nil
}

func (s *Server) handleFeedCommunity(w http.ResponseWriter, r *http.Request) {
	slug, err := feedPathKey(r, "file")
	var c *hearth.Community
	if err == nil {
		c, err = s.store.FindCommunity(r.Context(), nil, slug)
	}
	if err == nil && c.Visibility != hearth.Public {
		err = hearth.Errorf(hearth.ENotFound, "There is no feed at this address.")
	}
	var ts []*hearth.Thread
	if err == nil {
		ts, err = s.store.NewestThreads(r.Context(), nil, slug, feedEntries)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := s.newFeed(r, c.Name+" · "+s.cfg.SiteName, c.Description, "/c/"+c.Slug)
	for _, t := range ts {
		e := s.entry(r, f, t.Title, threadURL(t), t.Author, t.CreatedAt, t.CreatedAt)
		e.Summary = &atomText{Type: "text", Body: t.Excerpt}
	}
	s.writeFeed(w, f, c.CreatedAt)
}

func (s *Server) handleFeedThread(w http.ResponseWriter, r *http.Request) {
	key, err := feedPathKey(r, "file")
	var tp *hearth.ThreadPage
	if err == nil {
		id, perr := strconv.ParseInt(key, 10, 64)
		if perr != nil || id <= 0 {
			err = hearth.Errorf(hearth.ENotFound, "There is no feed at this address.")
		} else {
			// The last page holds the newest replies.
			tp, err = s.store.FindThreadPage(r.Context(), nil, id, 1<<30)
		}
	}
	if err == nil && !publicThread(tp) {
		err = hearth.Errorf(hearth.ENotFound, "There is no feed at this address.")
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	t := tp.Thread
	f := s.newFeed(r, t.Title+" · "+s.cfg.SiteName, "Replies in "+tp.Community.Name, threadURL(t))
	replies := tp.Replies
	if len(replies) > feedEntries {
		replies = replies[len(replies)-feedEntries:]
	}
	for i := len(replies) - 1; i >= 0; i-- {
		p := replies[i]
		if p.Status != "" && p.Status != hearth.StatusPublished {
			continue
		}
		updated := p.CreatedAt
		if p.EditedAt != nil {
			updated = *p.EditedAt
		}
		page := (p.Position-1)/hearth.RepliesPerPage + 1
		path := fmt.Sprintf("%s?page=%d#p%d", threadBase(t), page, p.Position)
		e := s.entry(r, f, fmt.Sprintf("Reply %d by %s", p.Position, p.By()), path, p.Author, p.CreatedAt, updated)
		e.ID = s.absURL(r, fmt.Sprintf("%s#p%d", threadBase(t), p.Position))
		e.Content = &atomText{Type: "html", Body: string(p.BodyHTML)}
		if !p.Warning.IsZero() { // care.go
			e.Content.Body = "<p><strong>Content warning: " + template.HTMLEscapeString(p.Warning.Text()) + "</strong></p>" + e.Content.Body
		}
	}
	s.writeFeed(w, f, t.CreatedAt)
}

func (s *Server) handleFeedStories(w http.ResponseWriter, r *http.Request) {
	m, err := s.store.FindMemberByHandle(r.Context(), r.PathValue("handle"))
	var stories []*hearth.Story
	if err == nil {
		stories, _, err = s.store.ListStories(r.Context(), nil, m.Handle, 1)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	f := s.newFeed(r, "Stories by @"+m.Handle+" · "+s.cfg.SiteName, m.Bio, "/u/"+m.Handle+"/stories")
	f.Author = &atomPerson{Name: "@" + m.Handle, URI: s.absURL(r, "/u/"+m.Handle)}
	for _, st := range stories {
		if !st.IsPublic() {
			continue // never reached: the list was read signed out
		}
		updated := st.CreatedAt
		if st.EditedAt != nil {
			updated = *st.EditedAt
		}
		e := s.entry(r, f, st.Title, storyURL(st), st.Author, st.CreatedAt, updated)
		e.ID = s.absURL(r, storyBase(st))
		e.Summary = &atomText{Type: "text", Body: st.Excerpt}
		e.Content = &atomText{Type: "html", Body: string(st.BodyHTML)}
		if !st.Warning.IsZero() { // care.go
			e.Content.Body = "<p><strong>Content warning: " + template.HTMLEscapeString(st.Warning.Text()) + "</strong></p>" + e.Content.Body
		}
	}
	s.writeFeed(w, f, m.CreatedAt)
}
