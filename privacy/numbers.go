package privacy

import "strings"

// numeric classifies a run of digit groups joined by - . / ( ) or single
// spaces: phone, SSN, date, IP, ZIP, card or other long numbers. Doses and
// lab values ("500 mg", "A1c 7.2") have no matching shape and are left.
func (s *scanner) numeric(i int) (int, Type) {
	start := i
	open := false
	if s.isP(i, "+") {
		if !s.adj(i, i+1) || s.toks[i+1].k != kDigit {
			return i, ""
		}
		i++
	}
	if s.isP(i, "(") {
		if !s.adj(i, i+1) || s.dlen(i+1) != 3 {
			return i, ""
		}
		open = true
		i++
	}
	if s.toks[i].k != kDigit {
		return i, ""
	}
	// A number glued to letters or a decimal point is something else.
	if i > 0 && s.adj(i-1, i) && (s.toks[i-1].k == kWord || s.isP(i-1, ".,$€£")) {
		return i, ""
	}
	var g [6]int
	var sep [6]byte
	n := 1
	g[0] = i
	for j := i; n < len(g); {
		k := j + 1
		if k >= len(s.toks) {
			break
		}
		if open && n == 1 && s.isP(k, ")") && s.adj(j, k) {
			if k+1 < len(s.toks) && s.toks[k+1].k == kDigit && (s.adj(k, k+1) || s.spaced(k, k+1)) {
				sep[n], g[n] = ')', k+1
				n, j = n+1, k+1
				continue
			}
			break
		}
		if s.isP(k, "-./") && s.adj(j, k) && s.adj(k, k+1) && s.toks[k+1].k == kDigit {
			sep[n], g[n] = s.text[s.toks[k].s], k+1
			n, j = n+1, k+1
			continue
		}
		if s.toks[k].k == kDigit && s.toks[k].s == s.toks[j].e+1 && s.text[s.toks[j].e] == ' ' {
			sep[n], g[n] = ' ', k
			n, j = n+1, k
			continue
		}
		break
	}
	if open && (n < 2 || sep[1] != ')') {
		return i, ""
	}
	for m := n; m >= 1; m-- {
		if typ := s.classify(g[:m], sep[:m], start); typ != "" {
			end := g[m-1]
			if m < n && sep[m] != ' ' {
				// A longer run of digits that matched no shape, e.g. a
				// version number: do not claim a piece of it.
				return i, ""
			}
			switch typ {
			case Phone:
				end = s.extension(end)
				if s.typeNear(start) == Fax {
					typ = Fax
				}
			case ID:
				if t := s.typeNear(start); t != "" && t != Fax && t != Phone {
					typ = t
				}
			}
			return end, typ
		}
	}
	return i, ""
}

func (s *scanner) classify(g []int, sep []byte, start int) Type {
	n := len(g)
	L := func(k int) int { return s.dlen(g[k]) }
	V := func(k int) int { return s.num(g[k]) }
	same := func(set string) bool {
		for k := 1; k < n; k++ {
			if sep[k] != sep[1] || strings.IndexByte(set, sep[k]) < 0 {
				return false
			}
		}
		return true
	}
	phone3 := func(o int) bool {
		if n-o != 3 || L(o) != 3 || L(o+1) != 3 || L(o+2) != 4 {
			return false
		}
		for k := o + 1; k < n; k++ {
			if strings.IndexByte("-. )", sep[k]) < 0 {
				return false
			}
		}
		return true
	}
	switch n {
	case 4:
		if L(0) == 1 && V(0) == 1 && phone3(1) {
			return Phone
		}
		if same(".") && L(0) <= 3 && L(1) <= 3 && L(2) <= 3 && L(3) <= 3 &&
			V(0) <= 255 && V(1) <= 255 && V(2) <= 255 && V(3) <= 255 {
			return IP
		}
		if same(" -") && L(0) == 4 && L(1) == 4 && L(2) == 4 && L(3) == 4 {
			return Account
		}
	case 3:
		if phone3(0) {
			return Phone
		}
		if L(0) == 3 && L(1) == 2 && L(2) == 4 && same("- ") {
			return SSN
		}
		if same("/-.") && sep[1] != ' ' {
			if L(0) <= 2 && L(1) <= 2 && (L(2) == 2 || L(2) == 4) &&
				((V(0) >= 1 && V(0) <= 12 && V(1) >= 1 && V(1) <= 31) ||
					(V(1) >= 1 && V(1) <= 12 && V(0) >= 1 && V(0) <= 31)) {
				return Date
			}
			if L(0) == 4 && L(1) <= 2 && L(2) <= 2 && V(1) >= 1 && V(1) <= 12 && V(2) >= 1 && V(2) <= 31 {
				return Date
			}
		}
	case 2:
		if L(0) == 3 && L(1) == 4 && (sep[1] == '-' || sep[1] == '.') {
			return Phone
		}
		if L(0) == 5 && L(1) == 4 && sep[1] == '-' {
			return Location
		}
		if sep[1] == '/' || sep[1] == '-' {
			m, d := V(0), V(1)
			if L(0) <= 2 && L(1) == 4 && m >= 1 && m <= 12 && d >= 1900 && d <= 2100 {
				return Date // 03/2021: month and year
			}
			if sep[1] == '/' && L(0) <= 2 && L(1) <= 2 && m >= 1 && m <= 12 && d >= 1 && d <= 31 {
				cue := s.dateCue(start)
				fraction := L(0) == 1 && L(1) == 1 && m < d
				if cue || (!fraction && d != 10 && !s.unitAfter(g[1])) {
					return Date
				}
			}
		}
	case 1:
		l := L(0)
		switch {
		case l == 5 && s.zipCue(start):
			return Location
		case l == 10 && s.text[s.toks[g[0]].s] != '0' && s.text[s.toks[g[0]].s] != '1',
			l == 11 && s.text[s.toks[g[0]].s] == '1':
			return Phone
		case l == 9 && s.ssnCue(start):
			return SSN
		case l >= 8 && !s.unitAfter(g[0]):
			return ID
		}
	}
	return ""
}

// extension extends a phone number over "ext. 123" or "x123".
func (s *scanner) extension(end int) int {
	j := end + 1
	if s.isW(j, "ext", "extension", "x") {
		k := j + 1
		if s.isP(k, ".") {
			k++
		}
		if k < len(s.toks) && s.toks[k].k == kDigit && s.dlen(k) <= 5 {
			return k
		}
	}
	return end
}

func (s *scanner) wordsBefore(i, n int, fn func(string) bool) bool {
	for j, c := i-1, 0; j >= 0 && c < n; j-- {
		if s.toks[j].k == kWord {
			if fn(s.low(j)) {
				return true
			}
			c++
		}
	}
	return false
}

// typeWords say what kind of number follows them in the same sentence.
var typeWords = map[string]Type{
	"fax": Fax, "faxed": Fax, "faxing": Fax, "facsimile": Fax,
	"phone": Phone, "call": Phone, "cell": Phone, "tel": Phone, "text": Phone,
	"mobile": Phone, "telephone": Phone, "reach": Phone,
	"ssn": SSN, "social": SSN,
	"mrn": MRN, "patient": MRN, "record": MRN, "chart": MRN, "wristband": MRN,
	"member": HealthPlan, "policy": HealthPlan, "insurance": HealthPlan,
	"medicaid": HealthPlan, "medicare": HealthPlan, "subscriber": HealthPlan,
	"plan": HealthPlan, "insurer": HealthPlan,
	"account": Account, "acct": Account, "card": Account, "billing": Account,
	"claim": Account, "invoice": Account, "statement": Account, "routing": Account,
	"serial": Device, "device": Device, "transmitter": Device, "pump": Device,
	"imei": Device, "receiver": Device, "implant": Device,
	"plate": Vehicle, "plates": Vehicle, "vin": Vehicle, "car": Vehicle,
	"van": Vehicle, "truck": Vehicle, "vehicle": Vehicle, "minivan": Vehicle,
	"license": License, "licence": License, "npi": License, "dea": License,
	"certificate": License,
	"case":        ID, "appeal": ID, "reference": ID, "confirmation": ID, "ticket": ID,
	"tracking": ID, "passport": ID, "student": ID, "employee": ID,
}

// typeNear returns the type named by the nearest type word before token
// i in the same sentence, or "".
func (s *scanner) typeNear(i int) Type {
	for j, n := i-1, 0; j >= 0 && n < 12; j-- {
		t := s.toks[j]
		if t.k == kPunct && s.isP(j, ".!?;") && !(j > 0 && s.adj(j-1, j) && s.adj(j, j+1)) {
			return ""
		}
		if strings.IndexByte(s.text[t.e:s.toks[j+1].s], '\n') >= 0 {
			return ""
		}
		if t.k == kWord {
			n++
			if typ, ok := typeWords[s.low(j)]; ok {
				return typ
			}
		}
	}
	return ""
}

func (s *scanner) ssnCue(i int) bool {
	return s.wordsBefore(i, 4, func(w string) bool { return w == "ssn" || w == "social" || w == "ss" })
}

func (s *scanner) dateCue(i int) bool {
	p := s.prevWord(i)
	return p >= 0 && dateCues[s.low(p)]
}

var dateCues = map[string]bool{"on": true, "since": true, "until": true,
	"till": true, "born": true, "dob": true, "admitted": true, "discharged": true,
	"died": true, "passed": true, "date": true, "by": true, "before": true,
	"after": true, "surgery": true, "appointment": true, "appt": true, "from": true}

func (s *scanner) zipCue(i int) bool {
	p := i - 1
	for p >= 0 && s.isP(p, ",:#") {
		p--
	}
	if p < 0 || s.toks[p].k != kWord {
		return false
	}
	if s.toks[p].up && s.toks[p].f&fCity != 0 && s.isP(p+1, ",") {
		return true // "Seattle, 98109"
	}
	w := s.str(p)
	if s.toks[p].caps && len(w) == 2 && s.lex.stateAbbr[w] {
		return true
	}
	if s.toks[p].up && s.toks[p].f&fState != 0 {
		return true
	}
	return s.wordsBefore(i, 3, func(w string) bool { return w == "zip" || w == "zipcode" || w == "postal" })
}

// unitAfter reports whether a measurement unit follows token i.
func (s *scanner) unitAfter(i int) bool {
	j := i + 1
	if j < len(s.toks) && s.toks[j].k == kWord && s.toks[j].f&fUnit != 0 {
		return true
	}
	return s.isP(j, "%°")
}

// age finds ages over 89: "93 years old", "a 95-year-old", "aged 91",
// "she's 92". Younger ages are not identifiers.
func (s *scanner) age(i int) (int, bool) {
	v := s.num(i)
	if v < 90 || v > 125 || s.dlen(i) > 3 {
		return i, false
	}
	j := i + 1
	if s.isP(j, "-") && s.adj(i, j) {
		j++
	}
	if s.isW(j, "year", "years", "yr", "yrs", "y") {
		k := j + 1
		if s.isP(k, "-/.") {
			k++
		}
		if s.isW(k, "old", "o") {
			if s.isP(k+1, ".") && s.isW(k, "o") {
				k++
			}
			return k, true
		}
		if s.isW(k, "of") && s.isW(k+1, "age") {
			return k + 1, true
		}
	}
	if s.isW(j, "yo", "yob") && s.spaced(i, j) || s.isW(j, "yo") && s.adj(i, j) {
		return j, true
	}
	if s.unitAfter(i) {
		return i, false
	}
	p := s.prevWord(i)
	if p < 0 {
		return i, false
	}
	switch s.low(p) {
	case "age", "aged", "turned", "turns", "turning", "turn", "ages":
		return i, true
	case "at":
		// "died at 92", "had his surgery at 90": a person nearby.
		if s.isP(i+1, ":") || s.isW(i+1, "am", "pm", "a", "p") {
			return i, false
		}
		found := s.wordsBefore(p, 6, func(w string) bool {
			return w == "he" || w == "she" || w == "his" || w == "her" || w == "died" || w == "passed"
		})
		return i, found
	case "is", "was", "s", "i'm", "now", "be":
		q := p - 1
		for q >= 0 && s.isP(q, "'’") {
			q--
		}
		if s.low(p) == "i'm" {
			return i, true
		}
		if q >= 0 && s.toks[q].k == kWord {
			w := s.low(q)
			if w == "he" || w == "she" || w == "who" || w == "i" || w == "mom" || w == "dad" ||
				s.toks[q].f&fKin != 0 || s.isName(q) {
				return i, true
			}
		}
	}
	return i, false
}

func (s *scanner) isName(j int) bool {
	return len(s.names) > 0 && s.names[len(s.names)-1] == j
}

// address finds "1234 N Main St Apt 5" shapes: a house number, capitalized
// street words, then a street suffix.
func (s *scanner) address(i int) (int, bool) {
	if s.dlen(i) > 6 || s.num(i) <= 0 {
		return i, false
	}
	j := i + 1
	if j < len(s.toks) && s.adj(i, j) && s.toks[j].k == kWord && s.toks[j].e-s.toks[j].s == 1 {
		j++ // 12B
	}
	words := 0
	for ; j < len(s.toks) && words < 6; j++ {
		t := s.toks[j]
		if !s.spaced(j-1, j) && !(s.isP(j-1, ".") && s.adj(j-1, j)) && !s.isP(j, ".") {
			if !(t.k == kWord && s.adj(j-1, j) && s.toks[j-1].k == kDigit) {
				return i, false
			}
		}
		switch {
		case t.k == kWord && words > 0 && t.f&fStreet != 0 && (t.up || t.e-t.s > 3):
			return s.unit(s.direction(s.dot(j))), true
		case t.k == kWord && t.up:
			words++
		case t.k == kDigit && s.isW(j+1, "st", "nd", "rd", "th") && s.adj(j, j+1):
			words++
			j++
		case s.isP(j, ".") && s.adj(j-1, j):
		default:
			return i, false
		}
	}
	return i, false
}

func (s *scanner) dot(j int) int {
	if s.isP(j+1, ".") && s.adj(j, j+1) {
		return j + 1
	}
	return j
}

func (s *scanner) direction(j int) int {
	if s.spaced(j, j+1) && s.isW(j+1, "n", "s", "e", "w", "ne", "nw", "se", "sw") && s.toks[j+1].up {
		return s.dot(j + 1)
	}
	return j
}

// unit extends an address over "Apt 4B", "Unit 2", "#12".
func (s *scanner) unit(j int) int {
	k := j + 1
	if s.isP(k, ",") {
		k++
	}
	if s.isW(k, "apt", "apartment", "unit", "suite", "ste", "lot", "room", "fl", "floor") {
		k++
		if s.isP(k, ".") {
			k++
		}
	} else if !s.isP(k, "#") {
		return j
	}
	if s.isP(k, "#") {
		k++
	}
	if k < len(s.toks) && (s.toks[k].k == kDigit || (s.toks[k].k == kWord && s.toks[k].e-s.toks[k].s <= 2)) {
		for k+1 < len(s.toks) && s.adj(k, k+1) && (s.toks[k+1].k == kDigit || s.toks[k+1].k == kWord) {
			k++
		}
		return k
	}
	return j
}

// alnumID flags long codes that mix letters and digits (A12345678,
// XK-4471-923) wherever they appear: a label is not needed to see that
// such a code identifies something.
func (s *scanner) alnumID(i int) (int, Type) {
	if i > 0 && s.adj(i-1, i) && (s.toks[i-1].k != kPunct || s.isP(i-1, "-")) {
		return i, ""
	}
	digits, letters, upper, lowerTail := 0, 0, 0, true
	j := i
	for ; j < len(s.toks); j++ {
		t := s.toks[j]
		if j > i && !s.adj(j-1, j) {
			break
		}
		if t.k == kPunct {
			if s.isP(j, "-") && s.adj(j, j+1) && s.toks[j+1].k != kPunct && j > i {
				continue
			}
			break
		}
		w := s.text[t.s:t.e]
		if t.k == kDigit {
			digits += len(w)
			if letters > 0 {
				lowerTail = false
			}
			continue
		}
		for k := 0; k < len(w); k++ {
			switch c := w[k]; {
			case 'A' <= c && c <= 'Z':
				upper++
				letters++
			case 'a' <= c && c <= 'z':
				letters++
			}
		}
		if digits == 0 {
			lowerTail = false
		}
	}
	j--
	if s.isP(j, "-") {
		j--
	}
	if letters == 0 || digits < 2 || upper == 0 && lowerTail || digits+letters < 5 {
		return i, ""
	}
	typ := s.typeNear(i)
	if typ == Phone || typ == Fax {
		typ = ""
	}
	if digits < 5 && !(typ != "" && digits >= 2 && upper > 0) {
		return i, ""
	}
	if lowerTail && upper == 0 {
		return i, "" // 10000iu, 250000units
	}
	first := strings.ToLower(s.str(i))
	if first == "nct" || first == "rs" || first == "isbn" || first == "doi" {
		return i, "" // trial and gene IDs name no person
	}
	if typ != "" {
		return j, typ
	}
	return j, ID
}
