package web

import (
	"html/template"
	"strings"
	"testing"
	"testing/fstest"
)

// A page whose partial calls another partial gets both files; a call
// that no file defines fails at startup, not in a reader's request.
func TestTemplateSetFollowsCallsAndCatchesMissing(t *testing.T) {
	fsys := fstest.MapFS{
		"p1.html": {Data: []byte(`{{define "a"}}A{{template "b" .}}{{end}}`)},
		"p2.html": {Data: []byte(`{{define "b"}}B{{end}}`)},
		"p3.html": {Data: []byte(`{{define "c"}}C{{end}}`)},
	}
	ix, err := indexPartials(fsys, []string{"p1.html", "p2.html", "p3.html"})
	if err != nil {
		t.Fatal(err)
	}
	files := ix.filesFor(callsIn([]byte(`{{- template "a" .}}`)))
	if strings.Join(files, ",") != "p1.html,p2.html" {
		t.Fatalf("files for a page calling a: %v, want p1.html,p2.html", files)
	}
	ok := template.Must(template.New("page").ParseFS(fsys, files...))
	template.Must(ok.New("page").Parse(`{{template "a" .}}`))
	if err := checkComplete(ok); err != nil {
		t.Fatalf("complete set: %v", err)
	}
	broken := template.Must(template.New("page").Parse(`{{if .}}{{template "zzz" .}}{{end}}`))
	if err := checkComplete(broken); err == nil || !strings.Contains(err.Error(), `"zzz"`) {
		t.Fatalf("a call to an undefined template: %v, want an error naming it", err)
	}
	// Every real page parses and is complete (NewServer would panic).
	if p := mustParsePages(); len(p.byName) < 50 {
		t.Fatalf("parsed %d pages", len(p.byName))
	}
}
