package markup

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Handle length limits, matching what members may register.
const (
	minHandle = 3
	maxHandle = 30
)

// kindMention is the node kind of an @handle mention.
var kindMention = ast.NewNodeKind("Mention")

// mention is an inline @handle. Its only child is a Text node holding
// "@Handle" as the member typed it, so plain-text walks need no special case.
type mention struct {
	ast.BaseInline
	Handle string // lowercased, without '@'
}

// Kind implements ast.Node.
func (n *mention) Kind() ast.NodeKind { return kindMention }

// Dump implements ast.Node.
func (n *mention) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Handle": n.Handle}, nil)
}

// ValidHandle reports whether h (without '@') is a well-formed handle.
func ValidHandle(h string) bool {
	if len(h) < minHandle || len(h) > maxHandle {
		return false
	}
	for i := 0; i < len(h); i++ {
		if !isHandleByte(h[i]) {
			return false
		}
	}
	return true
}

func isHandleByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

// mentionMayFollow reports whether an '@' preceded by r can start a mention.
// Letters and digits before it mean an email (a@b.com); URL and email
// punctuation means we are inside an address that linkify did not claim
// (example.org/@alice, a.b+@c). Emphasis delimiters (*, _, ~) are allowed so
// that *@alice* works.
func mentionMayFollow(r rune) bool {
	if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
		return false
	}
	return !strings.ContainsRune(".-+/=:&?#%@\\`", r)
}

// handleLen returns the length of the handle at the start of b, or 0 when b
// does not start with a complete handle. A handle running into a longer word
// (too long, followed by a non-ASCII letter, or by '@' as in
// @alice@example.org) is not a mention, rather than a mention of a prefix.
func handleLen(b []byte) int {
	n := 0
	for n < len(b) && n <= maxHandle && isHandleByte(b[n]) {
		n++
	}
	if n < minHandle || n > maxHandle {
		return 0
	}
	if n < len(b) {
		if b[n] == '@' {
			return 0
		}
		r, _ := utf8.DecodeRune(b[n:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			return 0
		}
	}
	return n
}

type mentionParser struct{}

func (mentionParser) Trigger() []byte { return []byte{'@'} }

func (mentionParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	if !mentionMayFollow(before) {
		return nil
	}
	line, seg := block.PeekLine()
	if len(line) < 1 || line[0] != '@' {
		return nil
	}
	n := handleLen(line[1:])
	if before == '_' {
		// _@alice_ is emphasis around @alice, not a mention of alice_.
		for n > 0 && line[n] == '_' {
			n--
		}
		if n < minHandle {
			return nil
		}
	}
	if n == 0 {
		return nil
	}
	block.Advance(1 + n)
	m := &mention{Handle: strings.ToLower(string(line[1 : 1+n]))}
	m.AppendChild(m, ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+1+n)))
	return m
}

type mentionRenderer struct{}

func (mentionRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindMention, renderMention)
}

// renderMention writes <a href="/u/handle" class="mention">@Handle</a>. It
// is an internal link, so it gets no rel. Inside another link (link text,
// image alt) it stays plain text: nested <a> is invalid HTML.
func renderMention(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if insideLink(node) {
		return ast.WalkContinue, nil
	}
	if entering {
		// Handle is [a-z0-9_-] only, so it needs no escaping.
		_, _ = w.WriteString(`<a href="/u/` + node.(*mention).Handle + `" class="mention">`)
	} else {
		_, _ = w.WriteString(`</a>`)
	}
	return ast.WalkContinue, nil
}

// insideLink reports whether n has a link ancestor.
func insideLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindLink, ast.KindAutoLink, ast.KindImage:
			return true
		}
	}
	return false
}

type mentionExtension struct{}

func (mentionExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(mentionParser{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(mentionRenderer{}, 500)))
}
