package search

import (
	"strings"
	"unicode/utf8"
)

// SpanishForms returns w and its other grammatical number in Spanish,
// when that form ends differently: "convulsión" and "convulsiones",
// "hospital" and "hospitales", "vez" and "veces". SQLite's stemmer is
// English (Porter); it already joins "dieta" and "dietas" (it drops a
// final s), but not singulars ending in a consonant with their plurals in
// -es. Searching both forms fills that gap. Accents are dropped, as the
// index drops them.
func SpanishForms(w string) []string {
	f := foldAccents(w)
	if utf8.RuneCountInString(f) < 4 {
		return []string{w}
	}
	var other string
	switch {
	case strings.HasSuffix(f, "ces") && len(f) >= 5:
		other = strings.TrimSuffix(f, "ces") + "z" // veces → vez
	case strings.HasSuffix(f, "es") && len(f) >= 5:
		other = strings.TrimSuffix(f, "es") // convulsiones → convulsion, dolores → dolor
	case strings.HasSuffix(f, "z"):
		other = strings.TrimSuffix(f, "z") + "ces"
	case strings.ContainsAny(f[len(f)-1:], "lnrdj"):
		other = f + "es"
	}
	if other == "" || other == f {
		return []string{w}
	}
	return []string{w, other}
}

func foldAccents(w string) string {
	return accentFolder.Replace(w)
}

var accentFolder = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u", "à", "a", "è", "e", "ò", "o")

// Typos returns the words one edit away from w (a letter deleted,
// inserted, changed, or two neighbours swapped), for finding what a
// misspelled word was meant to be. Short words get none: too many real
// words are one edit from them. At most maxTypos are returned; swaps and
// deletions, the commonest slips, come first.
func Typos(w string) []string {
	rs := []rune(foldAccents(w))
	n := len(rs)
	if n < 4 || n > 20 {
		return nil
	}
	seen := map[string]bool{string(rs): true}
	var out []string
	add := func(c []rune) {
		s := string(c)
		if !seen[s] && len(out) < maxTypos {
			seen[s] = true
			out = append(out, s)
		}
	}
	for i := 0; i+1 < n; i++ { // swaps
		c := append([]rune(nil), rs...)
		c[i], c[i+1] = c[i+1], c[i]
		add(c)
	}
	if n < 5 {
		return out
	}
	for i := range n { // deletions
		add(append(append([]rune(nil), rs[:i]...), rs[i+1:]...))
	}
	// Changes and insertions, never of the first letter: slips there are
	// rare, and it halves the candidates.
	for i := 1; i <= n; i++ {
		for c := 'a'; c <= 'z'; c++ {
			if i < n && c != rs[i] {
				x := append([]rune(nil), rs...)
				x[i] = c
				add(x)
			}
			add(append(append(append([]rune(nil), rs[:i]...), c), rs[i:]...))
		}
	}
	return out
}

// maxTypos bounds the candidates of one word: each costs a lookup.
const maxTypos = 600
