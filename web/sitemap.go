package web

import (
	"encoding/xml"
	"net/http"
	"time"
)

// sitemapLimit is the most URLs one sitemap file may hold.
const sitemapLimit = 50000

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// handleSitemap lists the public part of the site only: it reads as a
// signed-out visitor, so nothing members-only or private can appear.
func (s *Server) handleSitemap(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	cs, err := s.store.ListCommunities(r.Context(), nil)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	ts, err := s.store.RecentThreads(r.Context(), nil, sitemapLimit-len(cs)-1)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	urls := []sitemapURL{{Loc: base + "/"}}
	for _, c := range cs {
		urls = append(urls, sitemapURL{Loc: base + "/c/" + c.Slug})
	}
	for _, t := range ts {
		urls = append(urls, sitemapURL{Loc: base + threadURL(t), LastMod: t.LastActivityAt.UTC().Format(time.RFC3339)})
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Encode(struct {
		XMLName xml.Name     `xml:"urlset"`
		NS      string       `xml:"xmlns,attr"`
		URLs    []sitemapURL `xml:"url"`
	}{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", URLs: urls})
}

// baseURL is the site's address as the request reached it; behind a
// proxy, HEARTH_BASE_URL should say it (see Config.BaseURL).
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
