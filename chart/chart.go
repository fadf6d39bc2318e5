// Package chart draws small, accessible bar charts as inline SVG on the
// server: horizontal bars, each stacked from segments in series order.
// Every chart carries a <title> and <desc> and role="img"; pages put a
// table with the same numbers beside it. Colours are SVG presentation
// attributes (the Content-Security-Policy forbids style attributes), text
// uses the system font, and nothing is fetched.
package chart

import (
	"fmt"
	"html/template"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Palettes. Every colour has at least 3:1 contrast with white, and
// segments are separated by white gaps, so each one stands out (WCAG
// 1.4.11); the legend and the table name them.
var (
	// Graded, from "did not help" to "helped a lot".
	Graded = []string{"#767676", "#4a8ba3", "#1c5d73", "#0b2f3b"}
	// Warm, from mild to severe.
	Warm = []string{"#a86b00", "#c2410c", "#8c1d18"}
	// Single is for one series.
	Single = []string{"#1c5d73"}
)

// Series is one segment kind, shown in the legend.
type Series struct {
	Label string
	Color string
}

// Row is one bar: a label and one value per series.
type Row struct {
	Label  string
	Values []int
}

// Chart is a horizontal, stacked bar chart.
type Chart struct {
	// ID is unique within the page; the title and description get IDs
	// derived from it.
	ID     string
	Title  string
	Desc   string
	Series []Series
	Rows   []Row
	// Percent draws every bar full width, split by share; otherwise bars
	// share one scale and end with their total.
	Percent bool
}

// Layout, in viewBox units. The chart is 340 wide and scales with its
// container, so 14-unit text stays readable on a 320px phone.
const (
	width      = 340
	fontSize   = 14
	labelGap   = 4
	barHeight  = 16
	rowGap     = 12
	legendRow  = 20
	totalWidth = 40 // room for a bar's total on the right
	maxLabel   = 46 // runes of a row label before it is shortened
)

const (
	ink   = "#1f2a30"
	muted = "#4d5b63"
	font  = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"
)

var nonID = regexp.MustCompile(`[^a-z0-9-]+`)

func esc(s string) string { return template.HTMLEscapeString(s) }

func shorten(s string) string {
	if utf8.RuneCountInString(s) <= maxLabel {
		return s
	}
	return string([]rune(s)[:maxLabel-1]) + "…"
}

func num(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}

// legend lays out the series swatches in lines that fit the width and
// returns the height used. One series needs no legend.
func (c Chart) legend(b *strings.Builder) int {
	if len(c.Series) < 2 {
		return 0
	}
	x, y := 0.0, 0
	for _, s := range c.Series {
		w := 18 + float64(utf8.RuneCountInString(s.Label))*7.8 + 14
		if x > 0 && x+w > width {
			x, y = 0, y+legendRow
		}
		fmt.Fprintf(b, `<rect x="%s" y="%d" width="12" height="12" fill="%s"/>`, num(x), y+2, esc(s.Color))
		fmt.Fprintf(b, `<text x="%s" y="%d">%s</text>`, num(x+18), y+13, esc(s.Label))
		x += w
	}
	return y + legendRow + 6
}

// SVG renders the chart.
func (c Chart) SVG() template.HTML {
	id := nonID.ReplaceAllString(strings.ToLower(c.ID), "-")
	if id == "" {
		id = "chart"
	}
	var body strings.Builder
	top := c.legend(&body)
	barWidth := float64(width)
	if !c.Percent {
		barWidth -= totalWidth
	}
	scale := 0
	for _, r := range c.Rows {
		scale = max(scale, sum(r.Values))
	}
	y := top
	for _, r := range c.Rows {
		total := sum(r.Values)
		fmt.Fprintf(&body, `<text x="0" y="%d">%s</text>`, y+fontSize, esc(shorten(r.Label)))
		by := y + fontSize + labelGap
		// The bar's track, so that an empty or short bar still reads as a bar.
		fmt.Fprintf(&body, `<rect x="0" y="%d" width="%s" height="%d" fill="#eef1f3"/>`, by, num(barWidth), barHeight)
		base := scale
		if c.Percent {
			base = total
		}
		x := 0.0
		for i, v := range r.Values {
			if v <= 0 || base == 0 || i >= len(c.Series) {
				continue
			}
			w := barWidth * float64(v) / float64(base)
			fmt.Fprintf(&body, `<rect x="%s" y="%d" width="%s" height="%d" fill="%s" stroke="#fff" stroke-width="1"/>`,
				num(x), by, num(w), barHeight, esc(c.Series[i].Color))
			x += w
		}
		if !c.Percent {
			fmt.Fprintf(&body, `<text x="%s" y="%d">%d</text>`, num(x+6), by+barHeight-3, total)
		}
		y = by + barHeight + rowGap
	}
	if c.Percent && len(c.Rows) > 0 {
		for _, p := range []int{0, 50, 100} {
			anchor := map[int]string{0: "start", 50: "middle", 100: "end"}[p]
			fmt.Fprintf(&body, `<text x="%s" y="%d" text-anchor="%s" fill="%s">%d%%</text>`, num(barWidth*float64(p)/100), y+fontSize-4, anchor, muted, p)
		}
		y += fontSize + 2
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc" font-family="%s" font-size="%d" fill="%s">`,
		width, y, width, y, id, id, font, fontSize, ink)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(c.Title), id, esc(c.Desc))
	b.WriteString(body.String())
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func sum(vs []int) int {
	n := 0
	for _, v := range vs {
		n += max(v, 0)
	}
	return n
}
