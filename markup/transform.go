package markup

import (
	"bytes"
	"net/url"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// linkRel is set on every member-written link: we vouch for none of them
// (nofollow ugc), and noopener costs nothing even without target.
const linkRel = "nofollow ugc noopener"

// transformer rewrites the parsed document before rendering, so that Render,
// Mentions and Excerpt all see the same tree:
//
//   - Raw HTML is dropped (tags only; text between tags stays), and so are
//     paragraphs left with nothing visible.
//   - Headings: # and ## become h3; ### and deeper become h4 once the post has
//     an h3, else h3. The page owns h1 and h2, and the post never skips a level.
//     Empty headings are dropped (html-validate: empty-heading).
//   - Images become links to the image, with the alt text (or the URL) as link
//     text: members' images come later through uploads, and hotlinked images
//     would leak readers' IP addresses to third parties.
//   - Links keep only http, https, mailto and relative destinations; others
//     (javascript:, data:, …) become their plain text. A link inside another
//     link (possible via images) also becomes text. Every link gets linkRel,
//     and a link with no visible text shows its URL (axe: link-name). Link
//     titles are dropped.
//   - Bare www. links use https.
type transformer struct{}

func (transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	source := reader.Source()
	var raw, headings, links []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindRawHTML, ast.KindHTMLBlock:
			raw = append(raw, n)
			return ast.WalkSkipChildren, nil
		case ast.KindHeading:
			headings = append(headings, n)
		case ast.KindLink, ast.KindImage, ast.KindAutoLink:
			links = append(links, n)
		}
		return ast.WalkContinue, nil
	})

	emptied := map[ast.Node]bool{}
	for _, n := range raw {
		p := n.Parent()
		p.RemoveChild(p, n)
		if p.Kind() == ast.KindParagraph {
			emptied[p] = true
		}
	}
	for p := range emptied {
		if !visible(plainText(p, source)) && p.Parent() != nil {
			p.Parent().RemoveChild(p.Parent(), p)
		}
	}

	seenH3 := false
	for _, n := range headings {
		h := n.(*ast.Heading)
		if !visible(plainText(h, source)) {
			h.Parent().RemoveChild(h.Parent(), h)
			continue
		}
		if h.Level <= 2 || !seenH3 {
			h.Level = 3
			seenH3 = true
		} else {
			h.Level = 4
		}
	}

	// links is in document order, so an outer link is settled before the
	// links inside it are checked against it.
	for _, n := range links {
		if n.Parent() == nil {
			continue // dropped with an empty link's content
		}
		switch n := n.(type) {
		case *ast.Image:
			l := ast.NewLink()
			l.Destination, l.Title = n.Destination, n.Title
			moveChildren(l, n)
			n.Parent().ReplaceChild(n.Parent(), n, l)
			fixLink(l, source)
		case *ast.Link:
			fixLink(n, source)
		case *ast.AutoLink:
			fixAutoLink(n, source)
		}
	}
}

func fixLink(l *ast.Link, source []byte) {
	if insideLink(l) || !allowedURL(l.Destination) {
		unwrap(l)
		return
	}
	l.SetAttributeString("rel", []byte(linkRel))
	l.Title = nil // hover-only tooltips help nobody, and a free-text attribute is one more thing to sanitize
	if !visible(plainText(l, source)) {
		l.RemoveChildren(l)
		l.AppendChild(l, ast.NewString(l.Destination))
	}
}

func fixAutoLink(a *ast.AutoLink, source []byte) {
	if a.AutoLinkType == ast.AutoLinkURL && a.Protocol != nil {
		a.Protocol = []byte("https") // a bare www. link
	}
	u := a.URL(source)
	if a.AutoLinkType == ast.AutoLinkEmail {
		u = append([]byte("mailto:"), u...)
	}
	if insideLink(a) || !allowedURL(u) {
		a.Parent().ReplaceChild(a.Parent(), a, ast.NewString(a.Label(source)))
		return
	}
	a.SetAttributeString("rel", []byte(linkRel))
}

// allowedURL reports whether dest may be a link target: http, https, mailto,
// or a relative URL. It checks dest as goldmark will write it into href.
func allowedURL(dest []byte) bool {
	if len(bytes.TrimSpace(dest)) == 0 {
		return false // href="" would just reload the page
	}
	for _, c := range dest {
		// Browsers ignore tabs and newlines inside URLs ("java\tscript:").
		if c < 0x20 || c == 0x7f {
			return false
		}
	}
	escaped := util.URLEscape(dest, true)
	lower := bytes.ToLower(escaped)
	if bytes.Contains(lower, []byte("javascript:")) || bytes.Contains(lower, []byte("vbscript:")) {
		// Harmless after a '#' or '?', but never needed, and a filter
		// downstream (or a confused browser) should never see one.
		return false
	}
	u, err := url.Parse(string(escaped))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
		return true
	}
	return false
}

// unwrap replaces n by its children.
func unwrap(n ast.Node) {
	p := n.Parent()
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		p.InsertBefore(p, n, c)
		c = next
	}
	p.RemoveChild(p, n)
}

func moveChildren(dst, src ast.Node) {
	for c := src.FirstChild(); c != nil; {
		next := c.NextSibling()
		dst.AppendChild(dst, c)
		c = next
	}
}
