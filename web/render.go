package web

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
)

//go:embed templates
var templateFS embed.FS

// view is what every page template receives.
type view struct {
	Title       string
	Description string
	Canonical   string
	// NoIndex keeps search engines away from everything not public.
	NoIndex bool
	Viewer  *hearth.Member
	Site    string
	Path    string
	Data    any
	// OG is the Open Graph and Twitter card data of a public page, and
	// Feed its Atom feed (share.go); both stay nil on anything not public.
	OG   *openGraph
	Feed *feedLink
	// Follow is the page's follow button and Unread the header's count of
	// unread notifications (notify.go); both only for signed-in readers.
	Follow *followState
	Unread int
	// Head, when set, is the page's <head> rendered before (the "head"
	// partial), shared by the readers of a page (threadcache.go).
	Head template.HTML
	// CrisisNotice shows the gentle banner linking /help/crisis to an
	// author whose post was flagged as a crisis (care.go).
	CrisisNotice bool
}

// form carries a submitted form back to its page: the member's values
// intact and the problem named.
type form struct {
	Values map[string]string
	Error  string
	Field  string
	// Privacy holds the privacy guard's findings (privacy.go).
	Privacy *privacyReport
	// Advice, AdviceOK and Readability are the writing checks
	// (writing.go): the advice warning, whether the member confirmed it,
	// and the reading level.
	Advice      *adviceReport
	AdviceOK    bool
	Readability *readabilityReport
	// Care is the self-harm wording interstitial with crisis resources,
	// and CareOK that the member chose to post anyway (care.go).
	Care   *careReport
	CareOK bool
}

func newForm(r *http.Request, fields ...string) *form {
	f := &form{Values: map[string]string{}}
	for _, k := range fields {
		f.Values[k] = strings.ToValidUTF8(r.PostFormValue(k), "\uFFFD")
	}
	return f
}

// readForm reads the posted form, at most maxFormBytes; a larger one gets
// the error page ("That <what> is far too long to send…") and false.
func (s *Server) readForm(w http.ResponseWriter, r *http.Request, what string) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, hearth.Errorf(hearth.ETooLarge, "That %s is far too long to send. Please shorten it.", what))
		return false
	}
	return true
}

func (f *form) fail(err error) *form {
	f.Error, f.Field = hearth.ErrorMessage(err), hearth.ErrorField(err)
	return f
}

type pages struct {
	byName map[string]*template.Template
}

var funcs = template.FuncMap{
	"css":        func() string { return staticURL("style.css") },
	"ago":        ago,
	"isoTime":    func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"longTime":   func(t time.Time) string { return t.UTC().Format("January 2, 2006 at 15:04 UTC") },
	"threadURL":  threadURL,
	"plural":     plural,
	"add":        func(a, b int) int { return a + b },
	"pageRange":  pageRange,
	"visibility": func(v hearth.Visibility) string { return v.Label() },
	"static":     staticURL,
	"unread":     unreadLabel,
	"deleted":    hearth.IsDeletedHandle, // account.go: "deleted member", no profile link
	"byHandle":   byHandle,               // account.go: "@handle" or "deleted member"
}

func mustParsePages() *pages {
	p := &pages{byName: map[string]*template.Template{}}
	names, err := templateFS.ReadDir("templates")
	if err != nil {
		panic(err)
	}
	var partials []string
	for _, n := range names {
		if strings.HasPrefix(n.Name(), "partials") {
			partials = append(partials, "templates/"+n.Name())
		}
	}
	ix, err := indexPartials(templateFS, partials) // templateset.go
	if err != nil {
		panic(err)
	}
	layout, err := templateFS.ReadFile("templates/layout.html")
	if err != nil {
		panic(err)
	}
	for _, n := range names {
		name := n.Name()
		if isPartial(name) {
			continue
		}
		page, err := templateFS.ReadFile("templates/" + name)
		if err != nil {
			panic(err)
		}
		files := append([]string{"templates/layout.html"}, ix.filesFor(append(callsIn(layout), callsIn(page)...))...)
		t := template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS, append(files, "templates/"+name)...))
		if err := checkComplete(t); err != nil {
			panic("web: " + err.Error())
		}
		p.byName[name] = t
	}
	return p
}

// render executes a page into a buffer first, so that a template error
// never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v *view) {
	v.Viewer, v.Site, v.Path = viewer(r), s.cfg.SiteName, r.URL.Path
	v.Unread = s.unreadCount(r, v.Viewer)
	v.CrisisNotice = s.hasCrisisNotice(r, v.Viewer) // care.go
	buf := getRenderBuffer()
	defer putRenderBuffer(buf)
	t, ok := s.pages.byName[name]
	if !ok {
		panic("web: no template " + name)
	}
	if err := t.ExecuteTemplate(buf, "layout.html", v); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "Something went wrong on our side. Please try again.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	if v.Viewer != nil || v.NoIndex {
		h.Set("Cache-Control", "private, no-store")
	}
	if v.NoIndex {
		h.Set("X-Robots-Tag", "noindex")
	}
	writeCorked(w, r, status, buf.Bytes())
}

func ago(t time.Time) string {
	d := time.Since(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute", "minutes") + " ago"
	case d < 24*time.Hour:
		return plural(int(d/time.Hour), "hour", "hours") + " ago"
	case d < 30*24*time.Hour:
		return plural(int(d/(24*time.Hour)), "day", "days") + " ago"
	}
	return t.UTC().Format("Jan 2, 2006")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// titleSlug makes the readable part of a thread URL.
func titleSlug(title string) string {
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	return s
}

func threadURL(t *hearth.Thread) string {
	u := fmt.Sprintf("/c/%s/t/%d", t.CommunitySlug, t.ID)
	if s := titleSlug(t.Title); s != "" {
		u += "/" + s
	}
	return u
}

// pageRange lists page numbers for pagination links.
func pageRange(pages int) []int {
	ps := make([]int, pages)
	for i := range ps {
		ps[i] = i + 1
	}
	return ps
}
