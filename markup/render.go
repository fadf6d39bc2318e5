package markup

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// blockRenderer replaces goldmark's renderers where their output fails
// html-validate or axe.
type blockRenderer struct{}

func (blockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindCodeBlock, renderCodeBlock)
	reg.Register(ast.KindFencedCodeBlock, renderCodeBlock)
	reg.Register(east.KindTableCell, renderTableCell)
}

// codeLang is what the sanitizer lets through as class="language-…".
var codeLang = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// renderCodeBlock trims trailing whitespace from each line (html-validate:
// no-trailing-whitespace; it is invisible anyway) and lowercases the
// language so ```Go gets class="language-go".
func renderCodeBlock(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<pre><code")
	if f, ok := node.(*ast.FencedCodeBlock); ok {
		if lang := strings.ToLower(string(f.Language(source))); codeLang.MatchString(lang) {
			_, _ = w.WriteString(` class="language-` + lang + `"`)
		}
	}
	_ = w.WriteByte('>')
	lines := node.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		v := seg.Value(source)
		nl := bytes.HasSuffix(v, []byte("\n"))
		_, _ = w.Write(util.EscapeHTML(bytes.TrimRight(v, " \t\r\n")))
		if nl {
			_ = w.WriteByte('\n')
		}
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// renderTableCell writes alignment as a class (inline style would need a
// style policy and fails html-validate's no-inline-style), and an empty
// header cell as <td> (axe: empty-table-header), as in a matrix's corner.
func renderTableCell(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	c := node.(*east.TableCell)
	tag := "td"
	if c.Parent().Kind() == east.KindTableHeader && visible(plainText(c, source)) {
		tag = "th"
	}
	if !entering {
		_, _ = w.WriteString("</" + tag + ">\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<" + tag)
	if tag == "th" {
		// GFM headers are column headers; saying so keeps the table valid
		// (html-validate: wcag/h63) when a corner cell became <td>.
		_, _ = w.WriteString(` scope="col"`)
	}
	if c.Alignment != east.AlignNone {
		_, _ = w.WriteString(` class="align-` + c.Alignment.String() + `"`)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

type blockExtension struct{}

func (blockExtension) Extend(m goldmark.Markdown) {
	// Priority below the defaults (1000) and the table extension's (500) wins.
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(blockRenderer{}, 100)))
}
