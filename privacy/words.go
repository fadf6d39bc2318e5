package privacy

import (
	"strings"
	"unicode/utf8"
)

type cue struct {
	phrase string
	typ    Type
}

// cues label the number that follows them. Longer phrases come first so
// "license plate" wins over "license".
var cues = buildCues(map[Type]string{
	MRN: `medical record number|medical record no|medical record #|medical record|
med rec|mrn|mr#|chart number|chart #|chart no|patient id|patient number|patient #|
hospital number|hospital id|record number|record #|record no`,
	HealthPlan: `member id|member number|member #|member no|membership number|
policy number|policy #|policy no|policy|subscriber id|subscriber number|subscriber #|
group number|group #|group no|insurance id|insurance number|insurance #|
insurance card number|medicaid id|medicaid number|medicaid #|medicaid|medicare number|
medicare id|medicare #|medicare|mbi|plan id|plan number|health plan|beneficiary id|
id card`,
	Account: `account number|account #|account no|account|acct number|acct #|acct no|
acct|card number|card ending in|card ending|ending in|routing number|invoice number|
invoice #|invoice|claim number|claim #|claim no|claim|billing number|billing id|
bill number|statement number`,
	License: `license number|license #|license no|licence number|license|licence|
driver's license number|driver's license|drivers license|driver license|dl#|dl #|
dl number|npi number|npi #|npi|dea number|dea #|dea|certificate number|certificate #|
certificate no|certification number|cert number|cert #|permit number|
birth certificate number|birth certificate|death certificate number|death certificate`,
	Vehicle: `license plate number|license plate|licence plate|plate number|plate #|
plates|plate|tag number|vin number|vin #|vin|vehicle id|vehicle identification number|
registration number`,
	Device: `serial number|serial no|serial #|serial num|serial|s/n|sn#|sn|device id|
device serial|device number|imei|udi|pump id|pump serial|transmitter id|
transmitter serial|transmitter|receiver serial|mac address|meid`,
	ID: `id number|id #|id no|id|case number|case #|case no|confirmation number|
confirmation #|confirmation code|ticket number|ticket #|student id|student number|
employee id|employee number|badge number|badge #|passport number|passport #|
passport no|passport|tracking number|reference number|reference #|ref #|ref number|
visit number|encounter number|accession number|specimen id|room|rm|bed|bay|
requisition number|order number|prescription number|rx number|rx #|rx#|
green card number|alien number|itin|ein`,
	SSN: `social security number|social security #|social security no|
social security|ssn|ss#|ss #|social`,
})

func buildCues(m map[Type]string) map[string][]cue {
	out := map[string][]cue{}
	for typ, list := range m {
		for _, p := range strings.Split(list, "|") {
			p = strings.TrimSpace(p)
			first := p
			if k := strings.IndexAny(p, " #'/"); k > 0 {
				first = p[:k]
			}
			out[first] = append(out[first], cue{p, typ})
		}
	}
	for k, cs := range out {
		// Longest first; ties broken by phrase for a stable order.
		for a := 1; a < len(cs); a++ {
			for b := a; b > 0 && (len(cs[b].phrase) > len(cs[b-1].phrase) ||
				len(cs[b].phrase) == len(cs[b-1].phrase) && cs[b].phrase < cs[b-1].phrase); b-- {
				cs[b], cs[b-1] = cs[b-1], cs[b]
			}
		}
		out[k] = cs
	}
	return out
}

var fillers = map[string]bool{"is": true, "was": true, "number": true,
	"no": true, "num": true, "of": true, "ending": true, "in": true, "my": true,
	"his": true, "her": true, "their": true, "our": true, "the": true, "a": true,
	"its": true, "id": true, "with": true, "on": true, "at": true, "s": true,
	"it": true, "are": true, "be": true, "code": true, "nbr": true}

// cued finds a number after a label such as "MRN", "member ID" or
// "serial number" and types it by the label.
func (s *scanner) cued(i int) (int, int, Type) {
	cs := cues[s.low(i)]
	if len(cs) == 0 {
		return i, i, ""
	}
	rest := s.text[s.toks[i].s:]
	for _, c := range cs {
		if !hasPrefixFold(rest, c.phrase) {
			continue
		}
		e := s.toks[i].s + len(c.phrase)
		if ok, _ := isLetterAt(s.text, e); ok {
			continue
		}
		j := i
		for j < len(s.toks) && s.toks[j].s < e {
			j++
		}
		if b, end, ok := s.cuedValue(j, c); ok {
			return b, end, c.typ
		}
		return i, i, ""
	}
	return i, i, ""
}

func (s *scanner) cuedValue(j int, c cue) (int, int, bool) {
	switch c.phrase {
	case "room", "rm", "bed", "bay":
		// Only "room 412" or "room #412"; "waiting room: ..." is not one.
		if s.isP(j, "#") {
			j++
		}
		if j >= len(s.toks) || s.toks[j].k != kDigit || !s.spaced(j-1, j) && !s.isP(j-1, "#") {
			return j, j, false
		}
		e := j
		if s.adj(j, j+1) && s.toks[j+1].k == kWord && s.toks[j+1].e-s.toks[j+1].s == 1 {
			e = j + 1
		}
		if s.dlen(j) < 2 || s.dlen(j) > 5 || s.isP(e+1, "-/") && s.adj(e, e+1) || s.unitAfter(e) {
			return j, j, false
		}
		return j, e, true
	}
	for skipped := 0; j < len(s.toks) && skipped < 5; skipped++ {
		t := s.toks[j]
		if t.k == kPunct && s.isP(j, ":#=-.()'’") || t.k == kWord && fillers[s.low(j)] {
			j++
			continue
		}
		break
	}
	if j >= len(s.toks) || s.toks[j].k == kPunct {
		return j, j, false
	}
	b := j
	digits, chars, caps := 0, 0, true
	end := j
	for k := j; k < len(s.toks); k++ {
		t := s.toks[k]
		if k > b && !s.adj(k-1, k) {
			// One space-separated group more for plates and card numbers.
			plate := c.typ == Vehicle && t.k == kDigit && k == b+1 && s.toks[b].caps
			if !plate && !(s.spaced(k-1, k) && digits > 0 && (t.k == kDigit || t.caps) && k-b < 6 && (c.typ == Vehicle || c.typ == Account || c.typ == HealthPlan || c.typ == SSN)) {
				break
			}
		}
		if t.k == kPunct {
			if s.isP(k, "-./") && s.adj(k, k+1) && s.toks[k+1].k != kPunct {
				continue
			}
			break
		}
		if t.k == kWord && !t.caps && t.e-t.s > 1 && digits == 0 && chars > 0 {
			break
		}
		if t.k == kDigit {
			digits += t.e - t.s
		} else if !t.caps && !(t.e-t.s == 1 && t.up) {
			caps = false
		}
		chars += t.e - t.s
		end = k
	}
	min := 3
	switch c.phrase {
	case "room", "rm", "bed", "bay":
		min = 2
		if s.toks[b].k != kDigit {
			return b, b, false
		}
	}
	if c.typ == SSN && digits != 9 && digits != 4 {
		return b, b, false
	}
	if chars < min || (digits == 0 && !(c.typ == Vehicle && caps && chars >= 4)) {
		return b, b, false
	}
	if s.unitAfter(end) {
		return b, b, false
	}
	return b, end, true
}

// monthDay finds "March 3", "Mar. 3rd, 2021", "June 2019".
func (s *scanner) monthDay(i int) (int, bool) {
	t := s.toks[i]
	if t.f&fMonth == 0 || !t.up {
		return i, false
	}
	j := i + 1
	if s.isP(j, ".") && s.adj(i, j) {
		j++
	}
	if !s.spaced(j-1, j) {
		return i, false
	}
	if v := s.num(j); v >= 1900 && v <= 2100 && s.dlen(j) == 4 {
		return j, true
	}
	d := s.num(j)
	if d < 1 || d > 31 || s.dlen(j) > 2 {
		return i, false
	}
	end := s.ordinal(j)
	if s.unitAfter(end) {
		return i, false
	}
	if s.isP(end+1, "-–") && s.adj(end, end+1) && s.dlen(end+2) > 0 && s.dlen(end+2) <= 2 {
		end = s.ordinal(end + 2) // June 3-5
	}
	k := end + 1
	if s.isP(k, ",") {
		k++
	}
	if v := s.num(k); v >= 1900 && v <= 2100 && s.dlen(k) == 4 && (s.spaced(k-1, k) || s.isP(k-1, ",")) {
		end = k
	}
	return end, true
}

func (s *scanner) ordinal(j int) int {
	if s.isW(j+1, "st", "nd", "rd", "th") && s.adj(j, j+1) {
		return j + 1
	}
	return j
}

// dayMonth finds "3 March 2021" and "the 3rd of March".
func (s *scanner) dayMonth(i int) (int, bool) {
	d := s.num(i)
	if d < 1 || d > 31 || s.dlen(i) > 2 {
		return i, false
	}
	j := s.ordinal(i) + 1
	if s.isW(j, "of") {
		j++
	}
	if j >= len(s.toks) || s.toks[j].f&fMonth == 0 || !s.toks[j].up || !s.spaced(j-1, j) {
		return i, false
	}
	end := j
	if s.isP(end+1, ".") && s.adj(end, end+1) && s.toks[j].e-s.toks[j].s <= 4 {
		end++ // "3 Sept."
	}
	k := end + 1
	if s.isP(k, ",") {
		k++
	}
	if v := s.num(k); v >= 1900 && v <= 2100 && s.dlen(k) == 4 {
		end = k
	}
	return end, true
}

func (s *scanner) poBox(i int) (int, bool) {
	j := i
	switch {
	case s.isW(j, "po", "p"):
		j++
		for s.isP(j, ".") || s.isW(j, "o") {
			j++
		}
	default:
		return i, false
	}
	if !s.isW(j, "box") {
		return i, false
	}
	j++
	if s.isP(j, "#") {
		j++
	}
	if j < len(s.toks) && s.toks[j].k == kDigit {
		return j, true
	}
	return i, false
}

// capRun returns the last index of up to max capitalized words starting
// at i, separated by single spaces.
func (s *scanner) capRun(i, max int) int {
	e := i
	for k := i + 1; k < len(s.toks) && k-i < max; k++ {
		if s.toks[k].k != kWord || !s.toks[k].up || !s.spaced(k-1, k) {
			break
		}
		e = k
	}
	return e
}

// joined returns the lower-case words i..e joined by single spaces.
func (s *scanner) joined(i, e int) string {
	if i == e {
		return s.low(i)
	}
	var b strings.Builder
	for k := i; k <= e; k++ {
		if k > i {
			b.WriteByte(' ')
		}
		b.WriteString(s.low(k))
	}
	return b.String()
}

// place finds counties ("Cook County"), and cities named after "in",
// "from", "near" or before ", ST".
func (s *scanner) place(i int) (int, int, bool) {
	t := s.toks[i]
	if !t.up || t.caps && t.e-t.s > 3 {
		return i, i, false
	}
	run := s.capRun(i, 4)
	for e := i; e <= run; e++ {
		if s.isW(e+1, "county", "parish", "borough") && s.toks[e+1].up && s.spaced(e, e+1) && e+1 <= run+1 {
			if s.toks[i].f&fNotName != 0 && i == e {
				return i, i, false
			}
			return i, e + 1, true
		}
	}
	if t.f&(fCity|fCityHead) == 0 && !s.stateAfter(run) {
		return i, i, false
	}
	for e := min(run, i+2); e >= i; e-- {
		k := s.joined(i, e)
		f := s.lex.m[k]
		if e > i && f&fCity == 0 {
			continue
		}
		if f&fState != 0 && f&fCity == 0 {
			return i, i, false
		}
		if s.isInst(e + 1) {
			return i, i, false // Boston Children's Hospital
		}
		if s.stateAfter(e) && (f&fCity != 0 || s.toks[e].f&fWord == 0) && f&fState == 0 {
			return i, e, true
		}
		if f&fCity != 0 && s.isP(e+1, ",") && s.dlen(e+2) == 5 {
			return i, e, true // "Seattle, 98109"
		}
		if f&fCity == 0 || f&fState != 0 {
			continue
		}
		p := s.prevWord(i)
		if p < 0 || s.toks[p].f&fLocPrep == 0 || s.toks[p].up && p != i-1 {
			continue
		}
		if e == i && f&fWord != 0 {
			continue // "in Hope", "from Mobile": too often a word
		}
		if e == i && f&(fGiven|fSurname) != 0 && s.isW(p, "to", "of") {
			continue // "talked to Austin"
		}
		if s.isW(e+1, "and") && s.toks[e].f&fGiven != 0 {
			continue
		}
		return i, e, true
	}
	return i, i, false
}

// stateAfter reports whether ", IL" or ", Illinois" follows token e.
func (s *scanner) stateAfter(e int) bool {
	if !s.isP(e+1, ",") || e+2 >= len(s.toks) {
		return false
	}
	t := s.toks[e+2]
	w := s.str(e + 2)
	if t.caps && len(w) == 2 && s.lex.stateAbbr[w] {
		return !followsLetter(s.text, t.e)
	}
	if t.up && t.f&fState != 0 && len(w) > 3 {
		return true
	}
	return false
}

// isInst reports whether token j starts an institution word such as
// "Hospital" or "Children's".
func (s *scanner) isInst(j int) bool {
	for k := j; k < len(s.toks) && k < j+3; k++ {
		t := s.toks[k]
		if t.k != kWord || !t.up {
			return false
		}
		if t.f&fInst != 0 {
			return true
		}
	}
	return false
}

var greetings = map[string]bool{"hi": true, "hello": true, "hey": true,
	"dear": true, "thanks": true, "thank": true, "welcome": true, "congrats": true,
	"congratulations": true, "love": true, "bye": true, "xo": true, "xoxo": true,
	"hugs": true, "sincerely": true, "cheers": true, "regards": true, "sorry": true,
	"morning": true, "with": false}

// cue reports how strongly the context before token i says "a name
// follows": 2 for kin words, titles and "named"; 1 for greetings.
func (s *scanner) cue(i int) int {
	p := s.prevWord(i)
	if p < 0 {
		if i > 0 && s.isP(i-1, "-~—–") && s.lineEnd(i) {
			return 2 // a sign-off: "- Beth"
		}
		return 0
	}
	f := s.toks[p].f
	w := s.low(p)
	switch {
	case f&fTitle != 0 && (s.toks[p].up || s.isP(p+1, ".")):
		return 2
	case f&fKin != 0:
		if s.isW(p-1, "a", "an", "the", "no", "any", "some", "other", "his", "her") && !s.isP(p+1, ",") {
			return 1 // "a friend Jo said" is weaker than "my friend Jo"
		}
		return 2
	case f&fIntro != 0:
		if w == "name" || w == "names" {
			return 0
		}
		return 2
	case w == "is" || w == "was" || w == "are":
		q := s.prevWord(p)
		if s.isW(q, "name", "names", "this", "named") {
			return 2
		}
	case w == "am":
		if s.isW(s.prevWord(p), "i") {
			return 2
		}
	case w == "i'm" || w == "i’m" || w == "im":
		return 2
	case w == "and" || w == "&" || w == "or":
		q := s.prevWord(p)
		if q >= 0 && s.isName(q) {
			return 2
		}
	case w == "s":
		// "name's Ann"
		if s.isP(p-1, "'’") && s.isW(p-2, "name") {
			return 2
		}
	case greetings[w]:
		return 1
	case w == "you" && s.isW(p-1, "thank"):
		return 1
	}
	return 0
}

func (s *scanner) lineEnd(i int) bool {
	j := i + 1
	for j < len(s.toks) && j < i+4 && s.toks[j].k == kWord && s.toks[j].up && s.spaced(j-1, j) {
		j++
	}
	if j >= len(s.toks) {
		return true
	}
	return strings.IndexByte(s.text[s.toks[j-1].e:s.toks[j].s], '\n') >= 0
}

// firstPart reports whether token j may begin a name.
func (s *scanner) firstPart(j, cue int) bool {
	t := s.toks[j]
	if t.k != kWord || t.caps || t.f&(fMonth|fWeekday|fState) != 0 {
		return false
	}
	n := utf8.RuneCountInString(s.text[t.s:t.e])
	if n < 2 {
		return false
	}
	if j > 0 && s.toks[j-1].up && s.spaced(j-1, j) && s.lex.m[s.joined(j-1, j)]&fState != 0 {
		return false // North Carolina
	}
	f := t.f
	named := f&(fGiven|fSurname) != 0
	if f&(fNotName|fKin|fTitle) != 0 {
		if !(cue == 2 && named && f&fNotName != 0 && f&(fKin|fTitle) == 0 && s.toks[j].up) {
			return false
		}
	}
	if !t.up {
		// "my son liam": only a given name that is no English word.
		return cue == 2 && f&fGiven != 0 && f&fWord == 0
	}
	switch {
	case cue == 2:
		return f&fWord == 0 || named
	case cue == 1:
		return named || f&fWord == 0 && f&fCity == 0
	}
	if f&fWord == 0 {
		if f&fGiven != 0 {
			return true
		}
		if f&fSurname != 0 && f&fCity == 0 {
			return !s.sentenceStart(j) || s.restPart(j+1)
		}
		return false
	}
	// An English word that is also a name (Will, Hope, Mason) counts
	// only mid-sentence, outside Title Case lines, as a given name or
	// next to another name part.
	if s.sentenceStart(j) {
		if f&fGiven != 0 && s.isP(j+1, "'’") && s.adj(j, j+1) && s.isW(j+2, "s") {
			return true // "Ruby's first words"
		}
		return f&fGiven != 0 && s.restPart(j+1) && s.toks[j+1].f&fWord == 0
	}
	if s.titleLine(j) {
		return false
	}
	if f&fGiven != 0 {
		return true
	}
	return f&fSurname != 0 && s.restPart(j+1) && s.toks[j+1].f&fWord == 0
}

// restPart reports whether token j can continue a name: a surname after
// a given name, a middle initial, a hyphenated part.
func (s *scanner) restPart(j int) bool { return s.part(j, true) }

func (s *scanner) part(j int, initial bool) bool {
	if j >= len(s.toks) || !s.spaced(j-1, j) && !(s.isP(j-1, "-") && s.adj(j-1, j)) {
		return false
	}
	t := s.toks[j]
	if t.k != kWord || !t.up || t.caps && t.e-t.s > 1 {
		return false
	}
	if t.e-t.s == 1 {
		// A middle initial: "John Q. Public".
		return initial && s.isP(j+1, ".") && s.adj(j, j+1) && s.part(j+2, false)
	}
	f := t.f
	if f&(fMonth|fWeekday|fState|fNotName|fKin|fTitle|fInst|fEponym|fStreet) != 0 {
		return false
	}
	return f&(fGiven|fSurname) != 0 || f&fWord == 0
}

// name finds person names. See firstPart for the rules.
func (s *scanner) name(i int) (int, int, bool) {
	c := s.cue(i)
	if !s.firstPart(i, c) {
		return i, i, false
	}
	e := i
	for e-i < 3 {
		j := e + 1
		if s.isP(j, "-") && s.adj(e, j) && s.restPart(j+1) {
			e = j + 1
			continue
		}
		if s.restPart(j) {
			if s.toks[j].e-s.toks[j].s == 1 {
				e = j + 2 // initial and its full stop
				continue
			}
			e = j
			continue
		}
		break
	}
	if e >= len(s.toks) {
		e = len(s.toks) - 1
	}
	if s.isP(e+1, "-") && s.adj(e, e+1) && e+2 < len(s.toks) && s.toks[e+2].f&(fNotName|fInst) != 0 {
		return i, i, false // Dana-Farber, Guillain-Barré
	}
	// Eponyms and institutions are not people: "Crohn's disease",
	// "Dravet syndrome", "Riley Children's", "St. Jude".
	k := e + 1
	if s.isP(k, "'’") && s.isW(k+1, "s") {
		k += 2
	}
	if k < len(s.toks) && s.toks[k].k == kWord && s.toks[k].f&fEponym != 0 {
		return i, i, false
	}
	if c < 2 && s.isInst(e+1) {
		return i, i, false
	}
	if s.isInst(k) && k != e+1 {
		return i, i, false
	}
	if p := i - 1; p >= 0 && (s.isP(p, ".") && s.isW(p-1, "st", "mt") || s.isW(p, "st", "saint", "mount", "mt", "camp", "lake", "fort", "port")) {
		return i, i, false
	}
	return i, e, true
}

// titleLine reports whether the line holding token j is in Title Case,
// where capitals mark a heading rather than names.
func (s *scanner) titleLine(j int) bool {
	if j >= s.lineFrom && j < s.lineTo {
		return s.lineTitle
	}
	a := j
	for a > 0 && strings.IndexByte(s.text[s.toks[a-1].e:s.toks[a].s], '\n') < 0 {
		a--
	}
	k := a
	words, caps := 0, 0
	for ; k < len(s.toks); k++ {
		if k > a && strings.IndexByte(s.text[s.toks[k-1].e:s.toks[k].s], '\n') >= 0 {
			break
		}
		if s.toks[k].k == kWord {
			if s.toks[k].f&fFunc != 0 && !s.toks[k].up && s.toks[k].e-s.toks[k].s <= 3 {
				continue
			}
			words++
			if s.toks[k].up {
				caps++
			}
		}
	}
	s.lineFrom, s.lineTo = a, k
	s.lineTitle = words >= 3 && caps*10 >= words*7
	return s.lineTitle
}
