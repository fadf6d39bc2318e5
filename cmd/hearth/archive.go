package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/upload"
	"github.com/hearth-community/hearth/web"
)

// `hearth archive --out DIR` writes a static copy of everything public.
// It asks the real http.Handler for each page as a signed-out reader,
// so that exactly the same visibility rules decide what is in it:
// a page the handler does not serve with 200 to a stranger is not
// written. Pages are found by following links from the home page and
// the directory, within the kinds of public pages listed below; links
// between written pages become relative file paths, and scripts are
// dropped (every page works without them). Forms and links back to the
// live site's sign-in and writing pages are dropped too, and a banner
// says the page is an archive (archive_static.go).

// archivable are the pages the archive follows and writes.
var archivable = []*regexp.Regexp{
	regexp.MustCompile(`^/$`),
	regexp.MustCompile(`^/c/[^/]+$`),
	regexp.MustCompile(`^/c/[^/]+/about$`),
	regexp.MustCompile(`^/c/[^/]+/t/\d+$`),
	regexp.MustCompile(`^/c/[^/]+/tried$`),
	regexp.MustCompile(`^/c/[^/]+/tried/t/\d+$`),
	regexp.MustCompile(`^/u/[^/]+$`), // profiles: how stories are found
	regexp.MustCompile(`^/u/[^/]+/stories$`),
	regexp.MustCompile(`^/u/[^/]+/stories/\d+$`),
	regexp.MustCompile(`^/help(/[a-z0-9-]+)?$`), // help and crisis resources
	regexp.MustCompile(`^/directory$`),
	regexp.MustCompile(`^/directory/\d+$`),
	regexp.MustCompile(`^/static/[^/]+\.(css|svg|png|ico|woff2)$`),
	regexp.MustCompile(`^/uploads/[^/]+$`),
}

// titleSegment matches the optional title slug after a thread's or a
// story's id, which the archive drops so that each page is written once.
var titleSegment = regexp.MustCompile(`^(/c/[^/]+/t/\d+|/u/[^/]+/stories/\d+)/[^/]+$`)

// archiveKey is the canonical form of a link: its path, and ?page=N.
func archiveKey(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") {
		return "", false
	}
	p := u.Path
	if m := titleSegment.FindStringSubmatch(p); m != nil && !strings.HasSuffix(p, "/edit") && !strings.HasSuffix(p, "/history") {
		p = m[1]
	}
	ok := false
	for _, re := range archivable {
		if re.MatchString(p) {
			ok = true
			break
		}
	}
	if !ok {
		return "", false
	}
	if pg := u.Query().Get("page"); pg != "" && pg != "1" && regexp.MustCompile(`^\d{1,5}$`).MatchString(pg) {
		return p + "?page=" + pg, true
	}
	return p, true
}

// archiveFile is where a key is written, relative to the archive's root.
func archiveFile(key string) string {
	p, q, _ := strings.Cut(key, "?page=")
	if strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/uploads/") {
		return strings.TrimPrefix(p, "/")
	}
	dir := strings.Trim(p, "/")
	if q != "" {
		dir = path.Join(dir, "page-"+q)
	}
	return path.Join(dir, "index.html")
}

var (
	linkAttr  = regexp.MustCompile(`(href|src)="([^"]*)"`)
	scriptTag = regexp.MustCompile(`(?s)<script\b[^>]*>.*?</script>`)
)

func cmdArchive(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("archive", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	out := fs.String("out", "", "the directory to write the archive into (created if needed)")
	uploads := fs.String("uploads", env("HEARTH_UPLOADS", ""), "the upload directory (default: beside the SQLite file, or ./uploads)")
	if err := fs.Parse(args); err != nil {
		return hearth.Errorf(hearth.EInvalid, "%v", err)
	}
	if *out == "" {
		return hearth.Errorf(hearth.EInvalid, "give the directory to write with --out DIR")
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	srv := web.NewServer(db, web.Config{SiteName: env("HEARTH_SITE_NAME", "hearth"), Uploads: upload.Dir(defaultUploads(*uploads, *dbPath))},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	n, err := writeArchive(ctx, srv, *out, env("HEARTH_SITE_NAME", "hearth"), time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d files to %s\n", n, *out)
	return nil
}

// writeArchive crawls h as a signed-out reader and writes what it serves
// under dir, each page read-only with a banner that says it is an archive
// of site made at made (archive_static.go); it returns how many files it
// wrote.
func writeArchive(ctx context.Context, h http.Handler, dir, site string, made time.Time) (int, error) {
	pages := map[string][]byte{} // key → body, for keys served with 200
	queue := []string{"/", "/directory"}
	seen := map[string]bool{"/": true, "/directory": true}
	for len(queue) > 0 {
		key := queue[0]
		queue = queue[1:]
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, key, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			continue // not public (or gone): not in the archive
		}
		body := rec.Body.Bytes()
		pages[key] = body
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			continue
		}
		for _, m := range linkAttr.FindAllSubmatch(body, -1) {
			k, ok := archiveKey(htmlUnescape(string(m[2])))
			if ok && !seen[k] {
				seen[k] = true
				queue = append(queue, k)
			}
		}
	}
	keys := make([]string, 0, len(pages))
	for k := range pages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		body := pages[k]
		file := archiveFile(k)
		if strings.HasSuffix(file, ".html") {
			body = archivePage(rewriteLinks(body, file, pages), site, made)
		}
		full := filepath.Join(dir, filepath.FromSlash(file))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return 0, err
		}
		if err := os.WriteFile(full, body, 0o644); err != nil {
			return 0, err
		}
	}
	return len(keys), nil
}

// rewriteLinks makes the links of a page written at file relative to it,
// for pages in the archive, and drops scripts.
func rewriteLinks(body []byte, file string, pages map[string][]byte) []byte {
	body = scriptTag.ReplaceAll(body, nil)
	from := path.Dir(file)
	return linkAttr.ReplaceAllFunc(body, func(m []byte) []byte {
		sub := linkAttr.FindSubmatch(m)
		raw := htmlUnescape(string(sub[2]))
		frag := ""
		if i := strings.IndexByte(raw, '#'); i >= 0 {
			raw, frag = raw[:i], raw[i:]
		}
		k, ok := archiveKey(raw)
		if !ok || pages[k] == nil {
			return m
		}
		rel, err := filepath.Rel(filepath.FromSlash(from), filepath.FromSlash(archiveFile(k)))
		if err != nil {
			return m
		}
		return []byte(string(sub[1]) + `="` + filepath.ToSlash(rel) + frag + `"`)
	})
}

func htmlUnescape(s string) string { return strings.ReplaceAll(s, "&amp;", "&") }
