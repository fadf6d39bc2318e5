package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/hearth-community/hearth"
)

// Sharing: Open Graph and Twitter card tags, share links and Atom feed
// links, for public pages only. Everything here is built by handlers that
// have already decided that the page is public (publicThread,
// Story.IsPublic, a public community); a page that is not public gets a
// nil *openGraph and a nil *feedLink, and the layout then writes nothing.

// openGraph is what a public page tells link previews, and what its
// share links carry.
type openGraph struct {
	Type        string // website, article or profile
	Site        string
	Title       string
	Description string
	URL         string // absolute
	Image       string // absolute, optional
}

// feedLink is a page's Atom feed, for <link rel="alternate">.
type feedLink struct {
	Title string
	URL   string
}

// absURL makes a site path absolute with the configured BaseURL. It is
// never taken from the request's Host header, so that a forged Host
// cannot put another site's address into a page that the page cache
// then serves to everyone. Without a BaseURL (tests, embedding) links
// stay relative; `hearth serve` always sets one.
func (s *Server) absURL(r *http.Request, path string) string {
	return s.baseURL(r) + path
}

// baseURL is the configured BaseURL without a trailing slash, the same
// for every request: pages that embed it may be shared between readers.
func (s *Server) baseURL(r *http.Request) string {
	return strings.TrimRight(s.cfg.BaseURL, "/")
}

// newOG builds the Open Graph data of a public page.
func (s *Server) newOG(r *http.Request, typ, title, description, path string) *openGraph {
	if description == "" {
		description = title
	}
	return &openGraph{Type: typ, Site: s.cfg.SiteName, Title: title, Description: description, URL: s.absURL(r, path)}
}

// publicThread reports whether a thread page is public: in a public
// community and published (a held thread is seen by its author and
// moderators only).
func publicThread(tp *hearth.ThreadPage) bool {
	return tp.Community.Visibility == hearth.Public && (tp.Thread.Status == "" || tp.Thread.Status == hearth.StatusPublished) &&
		tp.Thread.Visibility != hearth.ThreadCommunity // thread_privacy.go
}

// shareThread fills the sharing fields of a thread page's view.
func (s *Server) shareThread(r *http.Request, v *view, tp *hearth.ThreadPage) {
	if !publicThread(tp) {
		return
	}
	v.OG = s.newOG(r, "article", tp.Thread.Title, tp.Thread.Excerpt, threadURL(tp.Thread))
	v.Feed = &feedLink{Title: "Replies to “" + tp.Thread.Title + "”", URL: fmt.Sprintf("/feeds/t/%d.atom", tp.Thread.ID)}
}

// shareCommunity fills the sharing fields of a community page's view.
func (s *Server) shareCommunity(r *http.Request, v *view, c *hearth.Community) {
	if c.Visibility != hearth.Public {
		return
	}
	v.OG = s.newOG(r, "website", c.Name, c.Description, "/c/"+c.Slug)
	v.Feed = &feedLink{Title: "New threads in " + c.Name, URL: "/feeds/c/" + c.Slug + ".atom"}
}

// shareStory fills the sharing fields of a story page's view.
func (s *Server) shareStory(r *http.Request, v *view, st *hearth.Story) {
	if !st.IsPublic() {
		return
	}
	v.OG = s.newOG(r, "article", st.Title, st.Excerpt, storyURL(st))
	if st.Cover != "" {
		v.OG.Image = s.absURL(r, "/uploads/"+st.Cover)
	}
	v.Feed = storiesFeed(st.Author)
}

// shareProfile fills the sharing fields of a member's profile or story
// list when the member has public stories: the page then describes
// public content (the handle, the bio and public stories).
func (s *Server) shareProfile(r *http.Request, v *view, m *hearth.Member, path string, stories []*hearth.Story) {
	for _, st := range stories {
		if st.IsPublic() {
			desc := m.Bio
			if desc == "" {
				desc = "Stories by @" + m.Handle + " on " + s.cfg.SiteName + "."
			}
			v.OG = s.newOG(r, "profile", "@"+m.Handle, desc, path)
			v.Feed = storiesFeed(m.Handle)
			return
		}
	}
}

func storiesFeed(handle string) *feedLink {
	return &feedLink{Title: "Stories by " + byHandle(handle), URL: "/feeds/u/" + handle + "/stories.atom"}
}

// shareLink is one share link: a plain link, no third-party script.
type shareLink struct {
	Label string // visible text
	Name  string // the service, for the accessible name
	URL   string
}

// ShareLinks lists the share links of a public page: email, Facebook, X
// and LinkedIn. They are plain links to each service's share address, so
// that nothing loads from those services until the reader chooses to.
func (o *openGraph) ShareLinks() []shareLink {
	q := url.QueryEscape
	// mailto uses %20 for spaces: some mail programs show "+" literally.
	pe := func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }
	return []shareLink{
		{"Email", "by email", "mailto:?subject=" + pe(o.Title) + "&body=" + pe(o.Title+"\n\n"+o.URL)},
		{"Facebook", "on Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + q(o.URL)},
		{"X", "on X", "https://x.com/intent/tweet?url=" + q(o.URL) + "&text=" + q(o.Title)},
		{"LinkedIn", "on LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + q(o.URL)},
	}
}
