package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"path"
	"time"

	"github.com/hearth-community/hearth"
)

// The export archive (account.go) holds export.json (everything the
// member wrote, as hearth.ExportData), index.html and one readable page
// per story with its cover image and comments, one per private
// conversation (messages/), and style.css. The pages
// are plain HTML that open from the file system, with no script.

var exportPages = template.Must(template.New("export").Funcs(template.FuncMap{
	"date":    func(t time.Time) string { return t.UTC().Format("January 2, 2006") },
	"isoTime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"storyFile": func(s hearth.ExportStory) string {
		return fmt.Sprintf("story-%d.html", s.ID)
	},
	"conversationFile": func(c hearth.ExportConversation) string {
		return fmt.Sprintf("conversation-%d.html", c.ID)
	},
	"by":   func(h string) string { return hearth.AuthorName(h, false) },
	"html": func(s string) template.HTML { return template.HTML(s) }, // stored HTML, sanitized when written (markup)
	"img":  func(name string) string { return "../images/" + path.Base(name) },
}).Parse(`{{define "head"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.}}</title>{{end}}
{{define "index"}}{{template "head" (print "Your data from " .Site)}}<link rel="stylesheet" href="style.css"></head><body><main>
<h1>Your data from {{.Site}}</h1>
<p>Exported for @{{.D.Profile.Handle}} on <time datetime="{{isoTime .D.ExportedAt}}">{{date .D.ExportedAt}}</time>.
Everything you wrote is in <a href="export.json">export.json</a>: your profile, threads, replies, stories with their comments,
what-we-tried reports with their history, what you follow, your notification settings and your private messages.</p>
<h2>In numbers</h2>
<ul><li>{{len .D.Threads}} threads started</li><li>{{len .D.Replies}} replies</li><li>{{len .D.Stories}} stories</li>
<li>{{len .D.Comments}} comments on stories</li><li>{{len .D.Reports}} what-we-tried reports</li><li>{{len .D.Follows}} follows</li>
<li>{{len .D.Conversations}} private conversations</li></ul>
<h2>Your stories</h2>
{{with .D.Stories}}<ul>{{range .}}<li><a href="stories/{{storyFile .}}">{{.Title}}</a> · <time datetime="{{isoTime .CreatedAt}}">{{date .CreatedAt}}</time></li>{{end}}</ul>{{else}}<p>No stories.</p>{{end}}
<h2>Your private messages</h2>
<p>The conversations you are still in, with everyone's messages. Conversations you left and messages that moderators removed are not included.</p>
{{$me := .D.Profile.Handle}}{{with .D.Conversations}}<ul>{{range .}}<li><a href="messages/{{conversationFile .}}">{{.Title $me}}</a> · {{len .Messages}} messages</li>{{end}}</ul>{{else}}<p>No private messages.</p>{{end}}
</main></body></html>
{{end}}
{{define "conversation"}}{{template "head" (.C.Title .Handle)}}<link rel="stylesheet" href="../style.css"></head><body><main>
<p><a href="../index.html">Your data</a></p>
<h1>{{.C.Title .Handle}}</h1>
<p class="meta">Between {{range $i, $h := .C.Participants}}{{if $i}}, {{end}}{{by $h}}{{end}}. Started <time datetime="{{isoTime .C.CreatedAt}}">{{date .C.CreatedAt}}</time>.</p>
{{with .C.Messages}}<ol class="messages">{{range .}}<li><p class="meta">{{if .Mine}}You{{else}}{{by .Author}}{{end}} · <time datetime="{{isoTime .CreatedAt}}">{{date .CreatedAt}}</time></p>{{html .BodyHTML}}</li>{{end}}</ol>{{else}}<p>No messages.</p>{{end}}
</main></body></html>
{{end}}
{{define "story"}}{{template "head" .S.Title}}<link rel="stylesheet" href="../style.css"></head><body><main>
<p><a href="../index.html">Your data</a></p>
<article>
<h1>{{.S.Title}}</h1>
<p class="meta">By @{{.Handle}} · <time datetime="{{isoTime .S.CreatedAt}}">{{date .S.CreatedAt}}</time>{{if eq .S.Visibility "members"}} · members only{{end}}</p>
{{if .S.Cover}}<img src="{{img .S.Cover}}" alt="{{.S.CoverAlt}}">{{end}}
{{html .S.BodyHTML}}
</article>
<section aria-labelledby="comments"><h2 id="comments">Comments</h2>
{{with .S.Comments}}<ol>{{range .}}<li><p class="meta">{{.Author}} · <time datetime="{{isoTime .CreatedAt}}">{{date .CreatedAt}}</time>{{if ne .Status "published"}} · {{.Status}}{{end}}</p>{{html .BodyHTML}}</li>{{end}}</ol>{{else}}<p>No comments.</p>{{end}}
</section>
</main></body></html>
{{end}}`))

const exportCSS = `body{font:1.05rem/1.6 system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0}
main{max-width:40rem;margin:0 auto;padding:1rem}
img{max-width:100%;height:auto}
.meta{color:#555;font-size:.9rem}
a{color:#0b57a4}
`

// buildExport writes a member's export archive.
func (s *Server) buildExport(ctx context.Context, d *hearth.ExportData) ([]byte, error) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	add := func(name string, write func(w io.Writer) error) error {
		w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: d.ExportedAt})
		if err != nil {
			return err
		}
		return write(w)
	}
	if err := add("export.json", func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
	}); err != nil {
		return nil, err
	}
	if err := add("style.css", func(w io.Writer) error { _, err := io.WriteString(w, exportCSS); return err }); err != nil {
		return nil, err
	}
	if err := add("index.html", func(w io.Writer) error {
		return exportPages.ExecuteTemplate(w, "index", map[string]any{"Site": s.cfg.SiteName, "D": d})
	}); err != nil {
		return nil, err
	}
	for _, c := range d.Conversations {
		if err := add(fmt.Sprintf("messages/conversation-%d.html", c.ID), func(w io.Writer) error {
			return exportPages.ExecuteTemplate(w, "conversation", map[string]any{"C": c, "Handle": d.Profile.Handle})
		}); err != nil {
			return nil, err
		}
	}
	images := map[string]bool{}
	for _, st := range d.Stories {
		if err := add(fmt.Sprintf("stories/story-%d.html", st.ID), func(w io.Writer) error {
			return exportPages.ExecuteTemplate(w, "story", map[string]any{"S": st, "Handle": d.Profile.Handle})
		}); err != nil {
			return nil, err
		}
		if st.Cover != "" && !images[st.Cover] && s.cfg.Uploads != nil {
			images[st.Cover] = true
			f, _, err := s.cfg.Uploads.Open(ctx, st.Cover)
			if err != nil {
				s.log.Warn("export: cover image missing", "name", st.Cover, "err", err)
				continue
			}
			err = add("images/"+path.Base(st.Cover), func(w io.Writer) error { _, err := io.Copy(w, f); return err })
			f.Close()
			if err != nil {
				return nil, err
			}
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
