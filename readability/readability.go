// Package readability estimates how hard a text is to read, as a
// Flesch–Kincaid grade level: roughly the years of school a reader needs
// to follow it. hearth shows it while a member writes and nudges gently
// above grade 8, since many readers of a health community read best at
// grade 6 to 8. It does no I/O.
//
// The formula is 0.39 × (words ÷ sentences) + 11.8 × (syllables ÷ words)
// − 15.59. Syllables are counted by a heuristic (vowel groups, less a
// silent final e), which is right for most English words and close for
// the rest; the grade is an estimate, and shown as one. Markdown (links,
// emphasis, code, list markers, quoted lines) is read as the text a
// reader sees. web/static/readability.js is the same algorithm for the
// live meter; keep the two in step (the table in readability_test.go is
// the reference).
package readability

import (
	"math"
	"regexp"
	"strings"
	"unicode"
)

// MinWords is the fewest words for which a grade means something.
const MinWords = 20

// Nudge is the grade above which hearth suggests plainer words.
const Nudge = 8

// Result is the measure of a text.
type Result struct {
	Words     int     `json:"words"`
	Sentences int     `json:"sentences"`
	Syllables int     `json:"syllables"`
	Grade     float64 `json:"grade"`
}

// Enough reports whether the text is long enough for its grade to mean
// something.
func (r Result) Enough() bool { return r.Words >= MinWords }

// Level is the grade rounded to a whole school year, at least 1.
func (r Result) Level() int { return max(1, int(math.Round(r.Grade))) }

// Hard reports whether the text reads above the nudge grade.
func (r Result) Hard() bool { return r.Enough() && r.Level() > Nudge }

var (
	codeBlock  = regexp.MustCompile("(?s)```.*?```")
	codeSpan   = regexp.MustCompile("`[^`\n]*`")
	mdLink     = regexp.MustCompile(`!?\[([^\]\n]*)\]\([^)\n]*\)`)
	bareURL    = regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+`)
	lineMarker = regexp.MustCompile(`(?m)^[ \t]*(?:>[ \t]?|[-*+•][ \t]+|\d+[.)][ \t]+|#{1,6}[ \t]+)+`)
)

// Measure reads a text (Markdown) and returns its measure.
func Measure(text string) Result {
	text = codeBlock.ReplaceAllString(text, " ")
	text = codeSpan.ReplaceAllString(text, " ")
	text = mdLink.ReplaceAllString(text, "$1")
	text = bareURL.ReplaceAllString(text, " ")
	text = lineMarker.ReplaceAllString(text, "")
	var r Result
	for _, para := range strings.Split(text, "\n") {
		// A line without an end mark (a list item, a heading) still ends
		// a sentence.
		words, ends := 0, 0
		pending := false
		for _, tok := range strings.Fields(para) {
			w := letters(tok)
			if w != "" {
				words++
				r.Syllables += Syllables(w)
				pending = true
			}
			if pending && endsSentence(tok) {
				ends++
				pending = false
			}
		}
		if pending {
			ends++
		}
		r.Words += words
		r.Sentences += ends
	}
	if r.Words > 0 {
		r.Grade = 0.39*float64(r.Words)/float64(r.Sentences) + 11.8*float64(r.Syllables)/float64(r.Words) - 15.59
	}
	return r
}

// letters keeps the letters of a token, lowercased; a token with none
// (a number, a dash) is not a word.
func letters(tok string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(tok) {
		if unicode.IsLetter(c) {
			b.WriteRune(c)
		} else if c == '\'' || c == '’' {
			continue // "don't" is one word
		}
	}
	return b.String()
}

// endsSentence reports whether a token ends with . ! or ? (allowing
// closing quotes and brackets after it). An abbreviation like "Dr." ends
// one too; the error is small and the same in the live meter.
func endsSentence(tok string) bool {
	tok = strings.TrimRight(tok, `"')]”’*_`)
	return strings.HasSuffix(tok, ".") || strings.HasSuffix(tok, "!") || strings.HasSuffix(tok, "?")
}

func isVowel(c rune) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'á', 'é', 'í', 'ó', 'ú', 'à', 'è', 'ì', 'ò', 'ù', 'ä', 'ë', 'ï', 'ö', 'ü':
		return true
	}
	return false
}

// Syllables estimates the syllables of one lowercase word.
func Syllables(w string) int {
	rs := []rune(w)
	if len(rs) <= 3 {
		return 1
	}
	// A silent final e ("make", "hope"), but not "-le" after a consonant
	// ("table", "little"), and "-es"/"-ed" that add no syllable ("makes",
	// "jumped"; but "wanted", "washes").
	n := len(rs)
	switch {
	case rs[n-1] == 'e' && !(rs[n-2] == 'l' && !isVowel(rs[n-3])):
		rs = rs[:n-1]
	case rs[n-2] == 'e' && rs[n-1] == 'd' && rs[n-3] != 't' && rs[n-3] != 'd':
		rs = rs[:n-2]
	case rs[n-2] == 'e' && rs[n-1] == 's' && !strings.ContainsRune("sxzhc", rs[n-3]):
		rs = rs[:n-2]
	}
	count, inVowels := 0, false
	for i, c := range rs {
		v := isVowel(c)
		if c == 'y' && i == 0 {
			v = false // "yes", "young"
		}
		if v && !inVowels {
			count++
		}
		inVowels = v
	}
	return max(1, count)
}
