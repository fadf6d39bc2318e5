package privacy

import (
	"sort"
	"strings"
)

type scanner struct {
	text  string
	lex   *lex
	toks  []token
	hard  []Finding // email, URL, IP found on raw bytes; Type "" marks a skipped region
	out   []Finding
	buf   [64]byte
	names []int // token indexes already taken as names, for "X and Y"
	lows  []string
	// The Title Case verdict of the last line asked about.
	lineFrom, lineTo int
	lineTitle        bool
}

func (s *scanner) run() {
	s.structured()
	s.toks = tokenize(s.text, make([]token, 0, len(s.text)/4+8))
	for i := range s.toks {
		if s.toks[i].k == kWord {
			s.toks[i].f = s.lex.look(s.str(i), s.buf[:])
		}
	}
	var found []Finding
	h := 0
	for i := 0; i < len(s.toks); {
		t := s.toks[i]
		for h < len(s.hard) && s.hard[h].End <= t.s {
			h++
		}
		if h < len(s.hard) && s.hard[h].Start < t.e {
			i++ // inside an email or URL
			continue
		}
		start, end, typ := s.at(i)
		if typ == "" {
			i++
			continue
		}
		// Never let a token-level finding run into a structured one.
		fe := s.toks[end].e
		if h < len(s.hard) && fe > s.hard[h].Start {
			i++
			continue
		}
		found = append(found, Finding{Start: s.toks[start].s, End: fe, Type: typ})
		if typ == Name {
			for k := start; k <= end; k++ {
				s.names = append(s.names, k)
			}
		}
		i = end + 1
	}
	for _, f := range s.hard {
		if f.Type != "" {
			found = append(found, f)
		}
	}
	sort.Slice(found, func(a, b int) bool { return found[a].Start < found[b].Start })
	for i := range found {
		found[i].Text = s.text[found[i].Start:found[i].End]
	}
	s.out = found
}

func (s *scanner) str(i int) string { t := s.toks[i]; return s.text[t.s:t.e] }

// low returns the lower-case form of token i, cached since the rules
// ask for the same words many times.
func (s *scanner) low(i int) string {
	if i < 0 || i >= len(s.toks) {
		return ""
	}
	if s.lows == nil {
		s.lows = make([]string, len(s.toks))
	}
	if l := s.lows[i]; l != "" {
		return l
	}
	w := s.str(i)
	l := w
	for k := 0; k < len(w); k++ {
		if c := w[k]; 'A' <= c && c <= 'Z' || c >= 0x80 {
			l = strings.ToLower(w)
			break
		}
	}
	s.lows[i] = l
	return l
}

// adj reports whether token j directly follows token i with no space.
func (s *scanner) adj(i, j int) bool {
	return j < len(s.toks) && i >= 0 && s.toks[i].e == s.toks[j].s
}

// spaced reports whether tokens i and j are separated by plain spaces on
// one line.
func (s *scanner) spaced(i, j int) bool {
	if i < 0 || j >= len(s.toks) {
		return false
	}
	g := s.text[s.toks[i].e:s.toks[j].s]
	if len(g) == 0 || len(g) > 3 {
		return false
	}
	for k := 0; k < len(g); k++ {
		if g[k] != ' ' && g[k] != '\t' {
			return false
		}
	}
	return true
}

func (s *scanner) isP(i int, chars string) bool {
	if i < 0 || i >= len(s.toks) || s.toks[i].k != kPunct {
		return false
	}
	return strings.Contains(chars, s.str(i))
}

func (s *scanner) isW(i int, words ...string) bool {
	if i < 0 || i >= len(s.toks) || s.toks[i].k != kWord {
		return false
	}
	str := s.str(i)
	for _, w := range words {
		if len(str) == len(w) && strings.EqualFold(str, w) {
			return true
		}
	}
	return false
}

func (s *scanner) num(i int) int {
	if i < 0 || i >= len(s.toks) || s.toks[i].k != kDigit || s.toks[i].e-s.toks[i].s > 6 {
		return -1
	}
	n := 0
	for _, c := range []byte(s.str(i)) {
		n = n*10 + int(c-'0')
	}
	return n
}

func (s *scanner) dlen(i int) int {
	if i < 0 || i >= len(s.toks) || s.toks[i].k != kDigit {
		return 0
	}
	return s.toks[i].e - s.toks[i].s
}

// prevWord returns the index of the word before i, skipping commas,
// colons and a title's full stop, or -1.
func (s *scanner) prevWord(i int) int {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if s.toks[j].k == kWord {
			return j
		}
		if !s.isP(j, ",:.") {
			return -1
		}
		if s.isP(j, ".") && (j == 0 || s.toks[j-1].f&fTitle == 0) {
			return -1
		}
	}
	return -1
}

// sentenceStart reports whether token i begins a sentence or line, where
// capitals say nothing about names.
func (s *scanner) sentenceStart(i int) bool {
	if i == 0 {
		return true
	}
	p := i - 1
	if strings.IndexByte(s.text[s.toks[p].e:s.toks[i].s], '\n') >= 0 {
		return true
	}
	for p >= 0 && s.isP(p, "\"“”'‘’(*[") {
		p--
	}
	if p < 0 {
		return true
	}
	if s.toks[p].k != kPunct {
		return false
	}
	if s.isP(p, ".") && p > 0 && s.toks[p-1].f&fTitle != 0 && s.toks[p-1].up {
		return false // "Dr. Patel"
	}
	return s.isP(p, ".!?:;•-–—>…")
}

// at tries each detector at token i and returns the first and last
// token of the finding and its type, or "" when none applies.
func (s *scanner) at(i int) (int, int, Type) {
	t := s.toks[i]
	switch t.k {
	case kDigit:
		if e, typ := s.alnumID(i); typ != "" {
			return i, e, typ
		}
		if e, ok := s.address(i); ok {
			return i, e, Address
		}
		if e, ok := s.dayMonth(i); ok {
			return i, e, Date
		}
		if e, typ := s.numeric(i); typ != "" {
			return i, e, typ
		}
		if e, ok := s.age(i); ok {
			return i, e, Age
		}
	case kWord:
		if b, e, typ := s.cued(i); typ != "" {
			return b, e, typ
		}
		if e, typ := s.alnumID(i); typ != "" {
			return i, e, typ
		}
		if e, ok := s.monthDay(i); ok {
			return i, e, Date
		}
		if e, ok := s.poBox(i); ok {
			return i, e, Address
		}
		if b, e, ok := s.place(i); ok {
			return b, e, Location
		}
		if b, e, ok := s.name(i); ok {
			return b, e, Name
		}
	case kPunct:
		if s.isP(i, "(+") {
			if e, typ := s.numeric(i); typ == Phone || typ == Fax {
				return i, e, typ
			}
		}
	}
	return i, i, ""
}
