package markup

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are shared by the fuzz targets: the realistic post, the page
// samples and a few shapes that reach every transformer branch.
func fuzzSeeds(f *testing.F) {
	f.Add(realisticPost)
	if data, err := os.ReadFile("testdata/samples.md"); err == nil {
		for _, s := range strings.Split(string(data), "\n\n=====\n\n") {
			f.Add(s)
		}
	}
	for _, s := range []string{
		"", "@alice", "a@b.com @bob", "[@alice](javascript:x)", "![x](javascript:y)",
		"<https://x.com/@a>", "`@a` @abc_", "\xff\x00@abc", "# h\n\n#### h4",
		"| a |\n|---|\n| @b |", "[a](<", "\\``\n``", "> - > 1. x",
	} {
		f.Add(s)
	}
}

var hrefJS = regexp.MustCompile(`(?i)href="[^"]*javascript:`)

func FuzzRender(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		out := string(Render(src))
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("Render(%q) = %q: <script", src, out)
		}
		if hrefJS.MatchString(out) {
			t.Fatalf("Render(%q) = %q: javascript: href", src, out)
		}
		checkSafe(t, src, out) // also: valid UTF-8, no on* attributes
	})
}

func FuzzMentions(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		got := Mentions(src)
		seen := map[string]bool{}
		out := string(Render(src))
		for _, h := range got {
			if !ValidHandle(h) || h != strings.ToLower(h) {
				t.Fatalf("Mentions(%q): bad handle %q", src, h)
			}
			if seen[h] {
				t.Fatalf("Mentions(%q) = %q: duplicate %q", src, got, h)
			}
			seen[h] = true
			// Whoever is notified must see a mention link in the post.
			if !strings.Contains(out, `<a href="/u/`+h+`" class="mention">`) {
				t.Fatalf("Mentions(%q) has %q, Render has no link: %q", src, h, out)
			}
		}
		if n := strings.Count(out, `class="mention"`); n > 0 && len(got) == 0 {
			t.Fatalf("Render(%q) has %d mentions, Mentions none", src, n)
		}
	})
}

func FuzzExcerpt(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		for _, n := range []int{0, 1, 7, 160} {
			got := Excerpt(src, n)
			if !utf8.ValidString(got) || utf8.RuneCountInString(got) > n {
				t.Fatalf("Excerpt(%q, %d) = %q", src, n, got)
			}
			if strings.ContainsAny(got, "\n\t\r") || strings.Contains(got, "  ") {
				t.Fatalf("Excerpt(%q, %d) = %q: whitespace not collapsed", src, n, got)
			}
		}
		q := Quote("alice", src)
		for line := range strings.SplitSeq(strings.TrimSuffix(q, "\n\n"), "\n") {
			if !strings.HasPrefix(line, ">") {
				t.Fatalf("Quote(%q) = %q: line %q outside the quote", src, q, line)
			}
		}
	})
}
