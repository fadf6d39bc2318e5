// Package markup turns member-written Markdown into safe HTML, and extracts
// mentions, plain-text excerpts and reply quotes from it.
//
// Markdown is CommonMark plus GFM tables, strikethrough and autolinks, parsed
// by goldmark without raw HTML. A transformer (see transformer) shapes the
// tree; bluemonday then sanitizes the HTML with a narrow allow-list, as a
// second line of defense should the renderer ever let something through.
// Guards around a few goldmark parsers (guard.go) keep hostile 100 KB posts
// from costing seconds of CPU.
package markup

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"
	"unicode"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// md is safe for concurrent use: goldmark keeps per-document state in the
// parser context, and our extensions hold none.
var md = goldmark.New(
	goldmark.WithParser(newParser()), // must come first: the options below extend it
	goldmark.WithExtensions(
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
		extension.Strikethrough,
		// ftp: and friends stay text; links elsewhere are checked in the transformer.
		extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})),
		mentionExtension{},
		blockExtension{},
	),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(transformer{}, 100))),
	// No html.WithUnsafe: raw HTML never reaches the renderer anyway.
)

// policy allows exactly what the renderer is meant to produce: headings only
// h3 and h4, no images, no style, id or target.
var policy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "hr", "em", "strong", "del", "code", "pre",
		"blockquote", "ul", "ol", "li", "h3", "h4",
		"table", "thead", "tbody", "tr", "th", "td")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[a-z0-9]+(?:-[a-z0-9]+)*$`)).OnElements("code")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^align-(?:left|center|right)$`)).OnElements("th", "td")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^col$`)).OnElements("th")

	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + linkRel + `$`)).OnElements("a")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^mention$`)).OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true) // mentions (/u/handle) and links to other threads
	p.RequireParseableURLs(true)
	return p
}()

// clean makes src safe to parse: invalid UTF-8 and NUL become U+FFFD.
func clean(src string) []byte {
	s := strings.ToValidUTF8(src, "\uFFFD")
	s = strings.ReplaceAll(s, "\x00", "\uFFFD")
	return []byte(s)
}

func parse(src []byte) ast.Node {
	return md.Parser().Parse(text.NewReader(src))
}

// Render converts Markdown to sanitized HTML, safe to put in an html/template
// as template.HTML.
func Render(src string) template.HTML {
	b := clean(src)
	var out bytes.Buffer
	if err := md.Renderer().Render(&out, b, parse(b)); err != nil {
		// The renderer only fails when its writer does; a bytes.Buffer does not.
		return ""
	}
	return template.HTML(policy.SanitizeReader(&out).String())
}

// Mentions returns the distinct @handles mentioned in src (without '@',
// lowercased, in order of first appearance), ignoring those inside code
// spans/blocks, email addresses, URLs and link text: exactly those that
// Render turns into mention links.
func Mentions(src string) []string {
	var handles []string
	seen := map[string]bool{}
	_ = ast.Walk(parse(clean(src)), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if m, ok := n.(*mention); ok && entering && !insideLink(m) && !seen[m.Handle] {
			seen[m.Handle] = true
			handles = append(handles, m.Handle)
		}
		return ast.WalkContinue, nil
	})
	return handles
}

// Excerpt returns plain text (no markup) of src, collapsed whitespace, cut at
// a word boundary to at most n runes with "…" when cut. For page
// descriptions and list previews; the result still needs HTML escaping.
func Excerpt(src string, n int) string {
	if n <= 0 {
		return ""
	}
	b := clean(src)
	s := strings.Join(strings.Fields(plainText(parse(b), b)), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := r[:n-1] // leave room for the ellipsis
	if r[n-1] != ' ' {
		if i := lastSpace(cut); i > 0 {
			cut = cut[:i]
		}
		// else one word longer than n: cut inside it
	}
	out := strings.TrimRightFunc(string(cut), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—", r)
	})
	return out + "…"
}

func lastSpace(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == ' ' {
			return i
		}
	}
	return -1
}

// Quote returns src as a Markdown blockquote attributed to handle, for
// prefilling a reply box: "> **@handle wrote:**\n> line1\n> line2\n\n".
// An invalid handle is left out rather than risk injecting Markdown.
func Quote(handle, src string) string {
	s := string(clean(src))
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	s = strings.TrimLeft(s, "\n")

	var b strings.Builder
	if ValidHandle(handle) {
		b.WriteString("> **@" + handle + " wrote:**\n")
	}
	if s != "" {
		for line := range strings.SplitSeq(s, "\n") {
			line = strings.TrimRightFunc(line, unicode.IsSpace)
			if line == "" {
				b.WriteString(">\n")
			} else {
				b.WriteString("> " + line + "\n")
			}
		}
	}
	if b.Len() == 0 {
		return ""
	}
	b.WriteString("\n")
	return b.String()
}

// plainText returns the text a reader sees in n, with blocks separated by
// whitespace.
func plainText(n ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				b.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			v := n.Value(source)
			if _, code := n.Parent().(*ast.CodeSpan); !code {
				v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
			}
			b.Write(v)
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(n.Value)
		case *ast.AutoLink:
			b.Write(n.Label(source))
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				b.Write(seg.Value(source))
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// visible reports whether s has anything a reader can see.
func visible(s string) bool {
	for _, r := range s {
		if r != ' ' && unicode.IsPrint(r) {
			return true
		}
	}
	return false
}
