// Package search reads what a member types into a search box: words,
// "phrases in quotes" and -words to leave out. It does no I/O and knows no
// search engine. Storage builds its engine's query from a parsed Query's
// words alone, which hold only letters and digits, so nothing a member
// types is ever read as engine syntax (FTS5's NEAR, *, ^, column:, or
// tsquery's & | ! <->).
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hearth-community/hearth"
)

// Limits that keep every search cheap whatever is typed or pasted.
const (
	// MaxQueryRunes is how much of the text is read; the rest is cut.
	MaxQueryRunes = 256
	// MaxTerms is how many words and phrases one search uses.
	MaxTerms = 8
	// MaxPhraseWords is the longest phrase; longer ones are cut.
	MaxPhraseWords = 8
	// MaxWordRunes is the longest word; longer ones are cut.
	MaxWordRunes = 40
)

// Term is a word or a phrase (several words in order), perhaps negated.
type Term struct {
	// Words are lowercased runs of letters, digits and marks. More than
	// one means a phrase: the words must appear together, in order.
	Words   []string
	Negated bool
}

// Phrase reports whether t is several words that must appear in order.
func (t Term) Phrase() bool { return len(t.Words) > 1 }

// String writes t the way a member would type it.
func (t Term) String() string {
	s := strings.Join(t.Words, " ")
	if t.Phrase() {
		s = `"` + s + `"`
	}
	if t.Negated {
		s = "-" + s
	}
	return s
}

func (t Term) equal(u Term) bool {
	if t.Negated != u.Negated || len(t.Words) != len(u.Words) {
		return false
	}
	for i := range t.Words {
		if t.Words[i] != u.Words[i] {
			return false
		}
	}
	return true
}

// Query is a parsed search: at least one term that is not negated.
type Query struct {
	Terms []Term
	// Notes say in plain words what was changed: a long search cut,
	// words beyond the limit left out.
	Notes []string
}

// Positive returns the terms to look for.
func (q Query) Positive() []Term { return q.filter(false) }

// Negative returns the terms to leave out.
func (q Query) Negative() []Term { return q.filter(true) }

func (q Query) filter(negated bool) []Term {
	var ts []Term
	for _, t := range q.Terms {
		if t.Negated == negated {
			ts = append(ts, t)
		}
	}
	return ts
}

// String writes the query back the way it was understood.
func (q Query) String() string {
	parts := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		parts[i] = t.String()
	}
	return strings.Join(parts, " ")
}

// Parse reads a search. It never fails on odd input: unbalanced quotes
// close at the end, operators and punctuation are dropped, long text is
// cut (with a note). It returns an invalid-input error, about the field
// "q", only when nothing is left to look for.
func Parse(s string) (Query, error) {
	var q Query
	s = strings.ToValidUTF8(s, " ")
	if utf8.RuneCountInString(s) > MaxQueryRunes {
		rs := []rune(s)
		cut := MaxQueryRunes
		// Cut between words, not inside one, when there is a space to cut at.
		if isWordRune(rs[cut]) {
			for k := cut; k > 0; k-- {
				if unicode.IsSpace(rs[k-1]) {
					cut = k
					break
				}
			}
		}
		s = string(rs[:cut])
		q.Notes = append(q.Notes, "Your search was long, so we used only its beginning.")
	}
	if strings.TrimSpace(s) == "" {
		return q, hearth.FieldErrorf("q", "Please type a word or two to search for.")
	}
	terms := lex([]rune(s))
	terms = dropStopwords(terms)
	var kept []Term
	for _, t := range terms {
		dup := false
		for _, k := range kept {
			dup = dup || k.equal(t)
		}
		if dup {
			continue
		}
		if len(kept) == MaxTerms {
			q.Notes = append(q.Notes, "We used only the first "+itoa(MaxTerms)+" words and phrases of your search.")
			break
		}
		kept = append(kept, t)
	}
	q.Terms = kept
	switch {
	case len(kept) == 0:
		return q, hearth.FieldErrorf("q", "We found no words to search for. Please type words made of letters or numbers.")
	case len(q.Positive()) == 0:
		return q, hearth.FieldErrorf("q", "Please add a word to look for. A search cannot be only words to leave out (the ones starting with -).")
	}
	return q, nil
}

// lex splits text into terms. A term starts after whitespace; a leading
// '-' negates it, and a double quote (straight or curly) starts a phrase
// that runs to the next quote or the end.
func lex(rs []rune) []Term {
	var terms []Term
	add := func(ws []string, neg bool) {
		if len(ws) > MaxPhraseWords {
			ws = ws[:MaxPhraseWords]
		}
		if len(ws) > 0 {
			terms = append(terms, Term{Words: ws, Negated: neg})
		}
	}
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		neg := false
		if isDash(rs[i]) && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			neg = true
			i++
		}
		if isQuote(rs[i]) {
			j := i + 1
			for j < len(rs) && !isQuote(rs[j]) {
				j++
			}
			add(splitWords(rs[i+1:j]), neg)
			i = j + 1
			continue
		}
		j := i
		for j < len(rs) && !unicode.IsSpace(rs[j]) && !isQuote(rs[j]) {
			j++
		}
		for _, g := range chunkGroups(rs[i:j]) {
			add(g, neg)
		}
		i = j
	}
	return terms
}

// chunkGroups splits a run of non-space characters into terms. Letters
// and digits joined by a hyphen, apostrophe, dot or slash
// ("covid-19", "don't", "e.coli") stay together as a phrase, as the words
// of the indexed text do; any other punctuation ("title:keppra",
// "NEAR(a,b)") separates terms.
func chunkGroups(rs []rune) [][]string {
	var groups [][]string
	var cur []string
	start := -1
	flushWord := func(end int) {
		if start >= 0 {
			cur = append(cur, word(rs[start:end]))
			start = -1
		}
	}
	flushGroup := func() {
		if len(cur) > 0 {
			groups = append(groups, cur)
			cur = nil
		}
	}
	for i, r := range rs {
		switch {
		case isWordRune(r):
			if start < 0 {
				start = i
			}
		case isJoiner(r) && start >= 0 && i+1 < len(rs) && isWordRune(rs[i+1]):
			flushWord(i)
		default:
			flushWord(i)
			flushGroup()
		}
	}
	flushWord(len(rs))
	flushGroup()
	return groups
}

// splitWords returns the words of a quoted phrase: every run of letters,
// digits and marks.
func splitWords(rs []rune) []string {
	var ws []string
	start := -1
	for i, r := range rs {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			ws = append(ws, word(rs[start:i]))
			start = -1
		}
	}
	if start >= 0 {
		ws = append(ws, word(rs[start:]))
	}
	return ws
}

func word(rs []rune) string {
	if len(rs) > MaxWordRunes {
		rs = rs[:MaxWordRunes]
	}
	w := strings.ToLower(string(rs))
	if utf8.RuneCountInString(w) > MaxWordRunes { // a few runes grow when lowered
		w = string([]rune(w)[:MaxWordRunes])
	}
	return w
}

// isWordRune matches the characters that the search index keeps in
// tokens (SQLite's unicode61: letters, digits, private use, and '_' so
// that handles stay whole) plus marks, which it folds into the letter
// before them.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsNumber(r) || unicode.IsMark(r) || unicode.Is(unicode.Co, r) || r == '_'
}

func isJoiner(r rune) bool {
	switch r {
	case '-', '\'', '’', '.', '/', '‐', '‑':
		return true
	}
	return false
}

func isDash(r rune) bool { return r == '-' || r == '−' || r == '–' }

func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '＂':
		return true
	}
	return false
}

// dropStopwords leaves out very common single words ("the", "de", "y")
// when something else is left to look for: they match nearly every post,
// so they cost time and rank nothing. Words inside phrases are kept.
func dropStopwords(ts []Term) []Term {
	var kept []Term
	for _, t := range ts {
		if len(t.Words) == 1 && stopwords[t.Words[0]] {
			continue
		}
		kept = append(kept, t)
	}
	for _, t := range kept {
		if !t.Negated {
			return kept
		}
	}
	// Only common words (or only negations besides them): keep them all.
	return ts
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// stopwords are the commonest English and Spanish words.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an and are as at be but by for from has have i if in into is it its
		of on or so that the their then there these they this to was were will with you your my me we our he she
		his her him them do does did not no
		el la los las un una unos unas y o de del al en con por para que se su sus es lo le les mi mis tu
		como pero mas más ya muy`) {
		m[w] = true
	}
	return m
}()
