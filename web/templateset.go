package web

import (
	"fmt"
	"html/template"
	"io/fs"
	"regexp"
	"strings"
	"text/template/parse"
)

// Each page is parsed with the layout and only the partial files it
// uses, found by following {{template}} and {{block}} names from the
// page and the layout. html/template copies every parse tree into each
// page's set, so parsing all partials for all pages kept about 13 MB of
// heap for a server's whole life; this keeps what pages really use.
// checkComplete then proves, at startup, that every name a page can
// call is defined: a missed partial fails NewServer (and every test),
// never a reader's request.

var (
	templateCall = regexp.MustCompile(`\{\{-?\s*(?:template|block)\s+"([^"]+)"`)
	templateDef  = regexp.MustCompile(`\{\{-?\s*(?:define|block)\s+"([^"]+)"`)
)

// partialIndex maps each partial file to the names it defines and calls.
type partialIndex struct {
	definedIn map[string]string   // template name → partial file
	calls     map[string][]string // file → names it calls
}

func indexPartials(fsys fs.FS, files []string) (*partialIndex, error) {
	ix := &partialIndex{definedIn: map[string]string{}, calls: map[string][]string{}}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		for _, m := range templateDef.FindAllSubmatch(b, -1) {
			ix.definedIn[string(m[1])] = f
		}
		ix.calls[f] = callsIn(b)
	}
	return ix, nil
}

func callsIn(b []byte) []string {
	var names []string
	for _, m := range templateCall.FindAllSubmatch(b, -1) {
		names = append(names, string(m[1]))
	}
	return names
}

// filesFor returns the partial files that the given calls reach.
func (ix *partialIndex) filesFor(calls []string) []string {
	seen := map[string]bool{}
	var files []string
	for len(calls) > 0 {
		name := calls[len(calls)-1]
		calls = calls[:len(calls)-1]
		f, ok := ix.definedIn[name]
		if !ok || seen[f] {
			continue
		}
		seen[f] = true
		files = append(files, f)
		calls = append(calls, ix.calls[f]...)
	}
	return files
}

// checkComplete reports a {{template}} call in t's set whose name the set
// does not define.
func checkComplete(t *template.Template) error {
	for _, tt := range t.Templates() {
		if tt.Tree == nil || tt.Tree.Root == nil {
			continue
		}
		var missing string
		walkTemplateCalls(tt.Tree.Root, func(name string) {
			if missing == "" && t.Lookup(name) == nil {
				missing = name
			}
		})
		if missing != "" {
			return fmt.Errorf("template %q calls %q, which no file of its page defines", tt.Name(), missing)
		}
	}
	return nil
}

func walkTemplateCalls(n parse.Node, visit func(string)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkTemplateCalls(c, visit)
		}
	case *parse.TemplateNode:
		visit(n.Name)
	case *parse.IfNode:
		walkTemplateCalls(n.List, visit)
		walkTemplateCalls(n.ElseList, visit)
	case *parse.RangeNode:
		walkTemplateCalls(n.List, visit)
		walkTemplateCalls(n.ElseList, visit)
	case *parse.WithNode:
		walkTemplateCalls(n.List, visit)
		walkTemplateCalls(n.ElseList, visit)
	}
}

// isPartial reports whether a file under templates/ is shared markup.
func isPartial(name string) bool {
	return name == "layout.html" || strings.HasPrefix(name, "partials")
}
