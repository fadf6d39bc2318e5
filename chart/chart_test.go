package chart

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"testing"
)

type node struct {
	name  string
	attrs map[string]string
	text  string
}

// parse reads the SVG as XML, which fails on anything left unescaped.
func parse(t *testing.T, svg string) []node {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var out []node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		} else if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := node{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			out = append(out, n)
		case xml.CharData:
			if len(out) > 0 {
				out[len(out)-1].text += string(tok)
			}
		}
	}
}

func TestChartAccessibleAndEscaped(t *testing.T) {
	evil := `</text><script>alert("x")</script> & 'quotes'`
	c := Chart{ID: "Eff By Treatment!", Title: "How much it helped " + evil, Desc: "Shares " + evil,
		Series: []Series{{"None", Graded[0]}, {"A lot", Graded[3]}},
		Rows:   []Row{{Label: evil, Values: []int{1, 3}}, {Label: "Empty", Values: []int{0, 0}}}, Percent: true}
	svg := string(c.SVG())
	if strings.Contains(svg, "<script") || strings.Contains(svg, "style=") {
		t.Fatalf("unsafe output: %s", svg)
	}
	nodes := parse(t, svg)
	root := nodes[0]
	if root.name != "svg" || root.attrs["role"] != "img" || root.attrs["aria-labelledby"] != "eff-by-treatment--title eff-by-treatment--desc" {
		t.Errorf("root: %+v", root)
	}
	var title, desc string
	var segments []node
	for _, n := range nodes {
		switch {
		case n.name == "title" && n.attrs["id"] == "eff-by-treatment--title":
			title = n.text
		case n.name == "desc" && n.attrs["id"] == "eff-by-treatment--desc":
			desc = n.text
		case n.name == "rect" && n.attrs["stroke"] == "#fff":
			segments = append(segments, n)
		}
	}
	if !strings.Contains(title, `<script>alert("x")`) || !strings.HasPrefix(desc, "Shares ") {
		t.Errorf("title %q desc %q", title, desc)
	}
	// Percent mode: the first bar's two segments fill the width 1:3;
	// the empty bar has none.
	if len(segments) != 2 {
		t.Fatalf("got %d segments, want 2", len(segments))
	}
	w0, _ := strconv.ParseFloat(segments[0].attrs["width"], 64)
	w1, _ := strconv.ParseFloat(segments[1].attrs["width"], 64)
	if w0 != width/4 || w1 != width*3/4 || segments[1].attrs["fill"] != Graded[3] {
		t.Errorf("segment widths %v %v fill %s, want %v %v %s", w0, w1, segments[1].attrs["fill"], width/4, width*3/4, Graded[3])
	}
}

func TestChartCountsShareOneScale(t *testing.T) {
	c := Chart{ID: "se", Title: "Side effects", Desc: "Counts",
		Series: []Series{{"Mild", Warm[0]}, {"Severe", Warm[2]}},
		Rows:   []Row{{"tiredness", []int{4, 4}}, {"dizziness", []int{2, 0}}}}
	nodes := parse(t, string(c.SVG()))
	var widths []float64
	var totals []string
	for _, n := range nodes {
		if n.name == "rect" && n.attrs["stroke"] == "#fff" {
			w, _ := strconv.ParseFloat(n.attrs["width"], 64)
			widths = append(widths, w)
		}
		if n.name == "text" && (n.text == "8" || n.text == "2") {
			totals = append(totals, n.text)
		}
	}
	bar := float64(width - totalWidth)
	if len(widths) != 3 || widths[0] != bar/2 || widths[1] != bar/2 || widths[2] != bar/4 {
		t.Errorf("widths %v, want %v %v %v", widths, bar/2, bar/2, bar/4)
	}
	if strings.Join(totals, ",") != "8,2" {
		t.Errorf("totals %v", totals)
	}
}

func TestOneSeriesHasNoLegend(t *testing.T) {
	nodes := parse(t, string(Chart{ID: "one", Title: "t", Desc: "d", Series: []Series{{"Reports", Single[0]}}, Rows: []Row{{"a", []int{2}}}}.SVG()))
	for _, n := range nodes {
		if n.name == "text" && n.text == "Reports" {
			t.Error("a single series got a legend")
		}
	}
}

func TestLongLabelsShortened(t *testing.T) {
	long := strings.Repeat("x", 100)
	nodes := parse(t, string(Chart{ID: "l", Title: "t", Desc: "d", Series: []Series{{"a", Single[0]}}, Rows: []Row{{long, []int{1}}}}.SVG()))
	for _, n := range nodes {
		if n.name == "text" && strings.HasPrefix(n.text, "xxx") && len([]rune(n.text)) != maxLabel {
			t.Errorf("label of %d runes", len([]rune(n.text)))
		}
	}
}
