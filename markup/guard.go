package markup

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// goldmark's parsers take quadratic (or worse) time on some hostile inputs
// that fit in one post; measured on 100 KB before these guards:
//
//	"\\``\n" repeated               51 s  (code span closer search)
//	">" or "- " repeated, one line   8 s  (LineOffset per nesting level)
//	"[a](" repeated, one line        3.5 s (link destination rescans)
//
// The guards below bound those costs without changing the output of any
// plausible post.

// maxNesting caps blockquote and list nesting. Deeper markers stay text.
const maxNesting = 32

// maxLinkLine caps how far a link parser looks along one line for a
// destination and title. Longer links stay text.
const maxLinkLine = 4096

// newParser is goldmark's default parser with the guards in place of the
// parsers they wrap.
func newParser() parser.Parser {
	return parser.NewParser(
		parser.WithBlockParsers(
			util.Prioritized(parser.NewSetextHeadingParser(), 100),
			util.Prioritized(parser.NewThematicBreakParser(), 200),
			util.Prioritized(nestingGuard{parser.NewListParser()}, 300),
			util.Prioritized(parser.NewListItemParser(), 400),
			util.Prioritized(parser.NewCodeBlockParser(), 500),
			util.Prioritized(parser.NewATXHeadingParser(), 600),
			util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
			util.Prioritized(nestingGuard{parser.NewBlockquoteParser()}, 800),
			util.Prioritized(parser.NewHTMLBlockParser(), 900),
			util.Prioritized(parser.NewParagraphParser(), 1000),
		),
		parser.WithInlineParsers(
			util.Prioritized(codeSpanGuard{parser.NewCodeSpanParser()}, 100),
			util.Prioritized(linkGuard{parser.NewLinkParser()}, 200),
			util.Prioritized(parser.NewAutoLinkParser(), 300),
			util.Prioritized(parser.NewRawHTMLParser(), 400),
			util.Prioritized(parser.NewEmphasisParser(), 500),
		),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
}

// nestingGuard refuses to open a list or blockquote maxNesting deep.
type nestingGuard struct{ parser.BlockParser }

func (g nestingGuard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	depth := 0
	for n := parent; n != nil; n = n.Parent() {
		if k := n.Kind(); k == ast.KindList || k == ast.KindBlockquote {
			depth++
		}
	}
	if depth >= maxNesting {
		return nil, parser.NoChildren
	}
	return g.BlockParser.Open(parent, reader, pc)
}

// linkGuard runs goldmark's link parser on lines cut to maxLinkLine bytes,
// so each "](" costs at most that much scanning.
type linkGuard struct{ parser.InlineParser }

func (g linkGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	return g.InlineParser.Parse(parent, shortLines{block}, pc)
}

// CloseBlock forwards to goldmark's link parser, which must drop unclosed
// labels at the end of each block.
func (g linkGuard) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := g.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

type shortLines struct{ text.Reader }

func (r shortLines) PeekLine() ([]byte, text.Segment) {
	line, seg := r.Reader.PeekLine()
	if len(line) > maxLinkLine {
		line, seg = line[:maxLinkLine], seg.WithStop(seg.Start+maxLinkLine)
	}
	return line, seg
}

// codeSpanGuard remembers, per block, from which offset no closing run of
// each backtick count exists, so unclosed openers cost one search per run
// length instead of one per opener. Spans that do close go to goldmark.
type codeSpanGuard struct{ parser.InlineParser }

var codeSpanMemoKey = parser.NewContextKey()

type codeSpanMemo struct {
	block  ast.Node
	noneAt map[int]int // backtick count -> offset after which it never closes
}

func (g codeSpanGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	n := 0
	for n < len(line) && line[n] == '`' {
		n++
	}
	if n == 0 {
		return nil
	}
	blk := parent
	for blk.Parent() != nil && blk.Type() != ast.TypeBlock {
		blk = blk.Parent()
	}
	memo, _ := pc.Get(codeSpanMemoKey).(*codeSpanMemo)
	if memo == nil || memo.block != blk {
		memo = &codeSpanMemo{block: blk, noneAt: map[int]int{}}
		pc.Set(codeSpanMemoKey, memo)
	}
	if at, ok := memo.noneAt[n]; !ok || seg.Start < at {
		if hasBacktickRun(block, n) {
			return g.InlineParser.Parse(parent, block, pc)
		}
		memo.noneAt[n] = seg.Start
	}
	block.Advance(n)
	return ast.NewTextSegment(seg.WithStop(seg.Start + n))
}

// hasBacktickRun reports whether a run of exactly n backticks follows the
// opener at the reader's position, as goldmark's code span parser looks for
// it, leaving the position unchanged.
func hasBacktickRun(block text.Reader, n int) bool {
	l, pos := block.Position()
	defer block.SetPosition(l, pos)
	block.Advance(n)
	for {
		line, _ := block.PeekLine()
		if line == nil {
			return false
		}
		for i := 0; i < len(line); {
			if line[i] != '`' {
				i++
				continue
			}
			j := i
			for j < len(line) && line[j] == '`' {
				j++
			}
			if j-i == n {
				return true
			}
			i = j
		}
		block.AdvanceLine()
	}
}
