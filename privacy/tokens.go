package privacy

import (
	"unicode"
	"unicode/utf8"
)

// Token kinds.
const (
	kWord  = 'w' // letters, with inner apostrophes (O'Brien, don't)
	kDigit = 'd' // ASCII digits
	kPunct = 'p' // any other single rune, or an invalid byte
)

type token struct {
	s, e int
	k    byte
	up   bool // starts with an upper-case letter
	caps bool // two or more letters, all upper case (EEG, MRI)
	f    flag
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// tokenize splits text into words, digit runs and punctuation. A
// possessive 's is split off so that "Liam's" yields the name "Liam".
func tokenize(text string, toks []token) []token {
	i := 0
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case isSpaceByte(c):
				i++
			case '0' <= c && c <= '9':
				j := i + 1
				for j < len(text) && '0' <= text[j] && text[j] <= '9' {
					j++
				}
				toks = append(toks, token{s: i, e: j, k: kDigit})
				i = j
			case ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z'):
				j := wordEnd(text, i)
				toks = append(toks, wordToken(text, i, j))
				i = j
			default:
				toks = append(toks, token{s: i, e: i + 1, k: kPunct})
				i++
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			toks = append(toks, token{s: i, e: i + 1, k: kPunct})
			i++
		case unicode.IsLetter(r):
			j := wordEnd(text, i)
			toks = append(toks, wordToken(text, i, j))
			i = j
		case unicode.IsSpace(r):
			i += n
		default:
			toks = append(toks, token{s: i, e: i + n, k: kPunct})
			i += n
		}
	}
	return toks
}

func isLetterAt(text string, i int) (bool, int) {
	if i >= len(text) {
		return false, 0
	}
	c := text[i]
	if c < utf8.RuneSelf {
		return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z'), 1
	}
	r, n := utf8.DecodeRuneInString(text[i:])
	if r == utf8.RuneError && n <= 1 {
		return false, 1
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r), n
}

// apostropheAt reports the width of an apostrophe (' or ’) at i.
func apostropheAt(text string, i int) int {
	if i < len(text) && text[i] == '\'' {
		return 1
	}
	if i+3 <= len(text) && text[i:i+3] == "’" {
		return 3
	}
	return 0
}

func wordEnd(text string, i int) int {
	j := i
	for j < len(text) {
		if ok, n := isLetterAt(text, j); ok {
			j += n
			continue
		}
		if a := apostropheAt(text, j); a > 0 {
			if ok, _ := isLetterAt(text, j+a); ok {
				// Leave a possessive 's outside the word.
				if (text[j+a] == 's' || text[j+a] == 'S') && !followsLetter(text, j+a+1) {
					break
				}
				j += a
				continue
			}
		}
		break
	}
	return j
}

func followsLetter(text string, i int) bool {
	ok, _ := isLetterAt(text, i)
	return ok
}

func wordToken(text string, i, j int) token {
	t := token{s: i, e: j, k: kWord}
	r, _ := utf8.DecodeRuneInString(text[i:])
	t.up = unicode.IsUpper(r)
	if t.up && j-i >= 2 {
		caps := true
		for _, r := range text[i:j] {
			if unicode.IsLower(r) {
				caps = false
				break
			}
		}
		t.caps = caps
	}
	return t
}
