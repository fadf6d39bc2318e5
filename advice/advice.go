// Package advice finds wording that prescribes for an individual: dosing
// instructions ("take 200 mg") and telling someone to change, stop or
// start their medicine ("increase your dose", "you should stop your
// medication", "double your insulin"). hearth shows what it finds before
// a post is published and asks the author to rephrase it as general
// information or as their own experience, or to post anyway. It does no
// I/O and never blocks anything by itself.
//
// What counts, in one sentence at a time:
//
//   - an imperative at the start of a sentence or clause ("Take 200 mg",
//     "If you're low, take 15 g", "Just double your insulin");
//   - a directive to "you" ("you should stop your meds", "you need to up
//     the basal by 10%", "you can cut the pills in half");
//   - a recommendation ("I'd recommend taking 400 mg", "my advice: stop
//     the steroids", "if I were you I would double the dose", "it's safe
//     to double your dose");
//
// and only when the verb has a dosing object in its clause: a quantity
// (200 mg, 2 tablets, 10%, half a pill) or a medicine noun (your dose,
// the insulin, his meds), or "stop taking" and the like.
//
// What does not count, by design:
//
//   - first-person and reported experience: "I take 200 mg", "my doctor
//     told me to take 200 mg", "our neuro had us double the dose", "she
//     said, take it with food". Members telling what they and their
//     clinicians did is the heart of a peer community, and it is not an
//     instruction to the reader;
//   - questions ("Should I increase my dose?");
//   - negated directives, which are the safe message ("Don't stop your
//     medication without talking to your doctor");
//   - conditions ("ask whether you should increase your dose", "if you
//     need to take 200 mg, …");
//   - quoted lines (Markdown "> …") and text inside quotation marks,
//     which are someone else's words.
package advice

import (
	"regexp"
	"strings"
)

// Kind is what a finding tells the reader to do.
type Kind string

// Kinds of prescriptive wording.
const (
	// Dose: take or give an amount ("take 200 mg").
	Dose Kind = "dose"
	// Change: change a dose ("increase your dose", "double your insulin").
	Change Kind = "change"
	// Stop: stop, skip or start a medicine ("stop your medication").
	Stop Kind = "stop"
)

// Label describes a kind in plain words, for the warning shown to the
// author.
func (k Kind) Label() string {
	switch k {
	case Dose:
		return "This reads like a dosing instruction for the reader"
	case Change:
		return "This reads like telling the reader to change a dose"
	case Stop:
		return "This reads like telling the reader to stop or start a medicine"
	}
	return string(k)
}

// Finding is one prescriptive phrase: Start and End are byte offsets into
// the text checked, from the start of the directive to the end of its
// dosing object.
type Finding struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Kind  Kind   `json:"kind"`
	Text  string `json:"text"`
}

// Verbs, with their -ing forms, by the kind of finding they make.
var verbKinds = map[string]Kind{}

func init() {
	for _, v := range []string{"take", "taking", "give", "giving", "inject", "injecting", "use", "using", "have", "having", "try", "trying"} {
		verbKinds[v] = Dose
	}
	for _, v := range []string{"increase", "increasing", "decrease", "decreasing", "reduce", "reducing", "lower", "lowering",
		"raise", "raising", "double", "doubling", "halve", "halving", "cut", "cutting", "up", "upping", "bump", "bumping",
		"drop", "dropping", "adjust", "adjusting", "change", "changing", "titrate", "titrating", "taper", "tapering",
		"wean", "weaning", "split", "splitting", "crush", "crushing"} {
		verbKinds[v] = Change
	}
	for _, v := range []string{"stop", "stopping", "quit", "quitting", "skip", "skipping", "start", "starting",
		"discontinue", "discontinuing", "restart", "restarting"} {
		verbKinds[v] = Stop
	}
	names := make([]string, 0, len(verbKinds))
	for v := range verbKinds {
		names = append(names, v)
	}
	verbRe = regexp.MustCompile(`\b(?:` + strings.Join(names, "|") + `)\b`)
}

var verbRe *regexp.Regexp

const apos = `(?:'|’)`

var (
	// quantity is an amount of a medicine.
	quantity = regexp.MustCompile(`(?:\b\d+(?:[.,]\d+)?|\b(?:one|two|three|four|five|six|half(?: an?)?|an extra|another|a double|a second|a full))\s*-?\s*` +
		`(?:mg|milligrams?|mcg|micrograms?|µg|g|grams?|ml|mls|millilit(?:er|re)s?|cc|units?|iu|tablets?|tabs?|pills?|capsules?|caps|puffs?|drops?|doses?|sprays?|teaspoons?|tsp|tablespoons?|tbsp|shots?)\b|\b\d+\s*%`)
	// medNoun is a medicine or its dose, with an optional determiner and
	// one word between ("your evening dose", "the long-acting insulin").
	medNoun = regexp.MustCompile(`^\s*(?:(?:your|his|her|their|the|its|that|this|these|those|a|any|all|every|each|some)\s+)?(?:[\w-]+\s+)?` +
		`(?:doses?|dosage|dosing|insulin|basal|bolus|medications?|medicines?|meds?|pills|tablets|prescriptions?|steroids?|prednisone|inhaler|carb ratio|correction factor|antiepileptics?|anticonvulsants?|antidepressants?)\b`)
	// gerund is "stop taking" and the like.
	gerund = regexp.MustCompile(`^\s*(?:taking|using|injecting|giving)\b`)

	// fillers may stand between a clause's start and its imperative verb.
	fillers = regexp.MustCompile(`^(?:(?:just|then|so|also|simply|definitely|maybe|perhaps|honestly|please|really|always|first|now|next|and|or|but|ok|okay|well|yes|yeah|no|try|try to|try and|make sure to|make sure you|be sure to|remember to|don` + apos + `t forget to|go ahead and|i` + apos + `d say|i would say)\s+)*$`)
	// youModal is a directive to the reader, ending where the verb starts.
	youModal = regexp.MustCompile(`\b(?:you|u|ya)(?:\s+(?:really|definitely|probably|just|also|might|may|will))?\s*(?:should|must|need to|needs to|have to|ought to|` + apos + `d better|had better|better|could|can|want to|` + apos + `ll want to|will need to|` + apos + `ll need to|` + apos + `ll have to|gotta|got to|need)\s+(?:(?:also|just|really|definitely|probably|try|try to|try and|consider|go ahead and|always|then)\s+)*$`)
	// recommend is a recommendation, ending where the verb starts.
	recommend = regexp.MustCompile(`(?:\b(?:i|we)\s*(?:` + apos + `d|would|strongly|really|definitely|always)?\s*(?:recommend|suggest|advise|prescribe)\s+(?:that\s+)?(?:you\s+)?(?:to\s+)?(?:should\s+)?(?:try\s+)?` +
		`|\b(?:my|our) (?:advice|suggestion|recommendation)(?:\s+(?:is|would be))?(?:\s+to|\s*:)?\s+` +
		`|\bif i were you,?\s+i(?:` + apos + `d|\s+would)\s+(?:just\s+)?` +
		`|\b(?:it` + apos + `?s|it is)\s+(?:fine|ok|okay|safe|alright|all right|best|better|smart|a good idea)\s+to\s+(?:just\s+)?` +
		`|\bthe (?:best|right) (?:thing|move) is to\s+)$`)
	// ifIWereYou makes "I would double the dose if I were you" advice.
	ifIWereYou   = regexp.MustCompile(`\bif i were you\b`)
	iWould       = regexp.MustCompile(`\bi(?:` + apos + `d|\s+would)\s+(?:just\s+)?$`)
	reportingCue = regexp.MustCompile(`\b(?:told|tells|tell me|tell us|said|says|say|advised|advises|recommended|recommends|suggested|suggests|prescribed|prescribes|instructed|instructs|explained|wrote|writes|asked|asks|according to)\b` +
		`|\b(?:had|has|have|made|makes|wants|wanted|put|puts|got|gets)\s+(?:me|us|him|her|them)\b`)
	subordinator = regexp.MustCompile(`\b(?:whether|if|before|about|when|unless|until|why|how|what|whatever|once|after)\s+$`)
	firstPerson  = regexp.MustCompile(`\b(?:i|we|i` + apos + `m|we` + apos + `re|i` + apos + `ve|we` + apos + `ve|i` + apos + `d|we` + apos + `d|me|us)\b`)
	// clauseBreak ends a clause: the object of a verb is looked for
	// before it.
	clauseBreak = regexp.MustCompile(`[,;:()—–!?]|\s(?:and|but|or|then|because|so)\s`)
	// coordinated joins a second imperative to a first one.
	coordinated = regexp.MustCompile(`^[^,;:]{0,40}?(?:,\s*|\s)(?:and|then|and then|or|plus)\s+(?:(?:just|also|even)\s+)?$`)
	// listMarker is a Markdown list or heading marker at a line's start.
	listMarker = regexp.MustCompile(`^\s*(?:[-*+•#]+|\d+[.)])\s+`)
)

// objectWindow bounds how far after its verb a dosing object is looked
// for, in bytes.
const objectWindow = 48

// Check returns the prescriptive phrases in text, in order.
func Check(text string) []Finding {
	lower := lowerASCII(text)
	var out []Finding
	for _, s := range sentences(lower) {
		out = append(out, checkSentence(text, lower, s.start, s.end)...)
	}
	return out
}

type span struct{ start, end int }

// sentences splits lowered text into sentences: at . ! ? followed by a
// space or the end, and at line ends. Quoted lines ("> …") are left out.
func sentences(s string) []span {
	var out []span
	lineStart := 0
	for lineStart <= len(s) {
		lineEnd := strings.IndexByte(s[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(s)
		} else {
			lineEnd += lineStart
		}
		line := s[lineStart:lineEnd]
		if !strings.HasPrefix(strings.TrimLeft(line, " \t"), ">") {
			start := lineStart
			for i := lineStart; i < lineEnd; i++ {
				c := s[i]
				if (c == '.' || c == '!' || c == '?') && (i+1 == lineEnd || s[i+1] == ' ' || s[i+1] == '\t' || s[i+1] == '"' || s[i+1] == ')') {
					j := i + 1
					for j < lineEnd && (s[j] == '.' || s[j] == '!' || s[j] == '?' || s[j] == '"' || s[j] == ')') {
						j++
					}
					out = append(out, span{start, j})
					start, i = j, j-1
				}
			}
			if strings.TrimSpace(s[start:lineEnd]) != "" {
				out = append(out, span{start, lineEnd})
			}
		}
		lineStart = lineEnd + 1
	}
	return out
}

// checkSentence finds the directives in one sentence, s[start:end] of
// the lowered text.
func checkSentence(text, lower string, start, end int) []Finding {
	s := lower[start:end]
	if strings.HasSuffix(strings.TrimRight(s, ` "')”’`), "?") {
		return nil // a question asks; it does not tell
	}
	var out []Finding
	last := -1
	for _, m := range verbRe.FindAllStringIndex(s, -1) {
		if m[0] < last {
			continue
		}
		verb := s[m[0]:m[1]]
		kind := verbKinds[verb]
		prefix := s[:m[0]]
		if verb == "up" && strings.HasPrefix(s[m[1]:], " to ") {
			continue // "up to 400 mg a day": a limit, not a verb
		}
		from, form := directive(s, prefix)
		if from < 0 && last >= 0 && coordinated.MatchString(s[last:m[0]]) {
			// "Take 400 mg and double the dose": a second imperative
			// joined to one just found.
			from, form = m[0], imperative
		}
		if from < 0 {
			continue
		}
		if excluded(prefix, from, form) {
			continue
		}
		objEnd := object(s, m[1], kind)
		if objEnd < 0 {
			continue
		}
		out = append(out, Finding{Start: start + from, End: start + objEnd, Kind: kind, Text: text[start+from : start+objEnd]})
		last = objEnd
	}
	return out
}

// Forms of a directive.
const (
	imperative = iota + 1
	imperativeAfterComma
	toYou
	recommended
)

// directive reports where the directive that ends at the end of prefix
// (in sentence s) starts, and its form; -1 when the verb that follows is
// no directive.
func directive(s, prefix string) (int, int) {
	// An imperative: only fillers between the clause's start and the verb.
	cut, form := 0, imperative
	if i := strings.LastIndexAny(prefix, ",;:(—–\"“”"); i >= 0 {
		cut = i + 1
		if prefix[i] == ',' || prefix[i] == ';' {
			form = imperativeAfterComma
		}
		for cut < len(prefix) && !isSpaceOrQuote(prefix[cut]) && prefix[cut] >= 0x80 {
			cut++ // the rest of a multi-byte dash or quote
		}
	}
	clause := prefix[cut:]
	if m := listMarker.FindStringIndex(clause); m != nil && cut == 0 {
		clause = clause[m[1]:]
	}
	if fillers.MatchString(strings.TrimLeft(clause, " \t'‘")) {
		lead := len(prefix) - len(strings.TrimLeft(prefix[cut:], " \t'‘-*+•#0123456789.)"))
		return lead, form
	}
	if m := youModal.FindStringIndex(prefix); m != nil {
		return m[0], toYou
	}
	if m := recommend.FindStringIndex(prefix); m != nil {
		return m[0], recommended
	}
	if m := iWould.FindStringIndex(prefix); m != nil && ifIWereYou.MatchString(s) {
		return m[0], recommended
	}
	return -1, 0
}

func isSpaceOrQuote(c byte) bool { return c == ' ' || c == '\t' || c == '"' || c == '\'' }

// excluded reports whether a directive starting at from, after prefix,
// is someone else's words, a condition or a narrative.
func excluded(prefix string, from, form int) bool {
	before := prefix[:from]
	switch {
	case reportingCue.MatchString(before):
		return true // "my doctor told me to …", "she said, take …"
	case strings.Count(before, `"`)%2 == 1 || strings.Count(before, "“") > strings.Count(before, "”"):
		return true // inside quotation marks
	case subordinator.MatchString(before):
		return true // "ask whether you should …", "if you need to …"
	case form == imperativeAfterComma && firstPerson.MatchString(before):
		return true // "when I'm low, then take 15 g": a routine told in the first person
	}
	return false
}

// object returns where the dosing object of a verb ending at i ends, or
// -1 when the verb has none in its clause.
func object(s string, i int, kind Kind) int {
	w := s[i:min(len(s), i+objectWindow)]
	if m := clauseBreak.FindStringIndex(w); m != nil {
		w = w[:m[0]]
	}
	if kind != Dose {
		if m := medNoun.FindStringIndex(w); m != nil {
			return i + m[1]
		}
		if kind == Stop {
			if m := gerund.FindStringIndex(w); m != nil {
				return i + m[1]
			}
			return -1
		}
	}
	if m := quantity.FindStringIndex(w); m != nil {
		return i + m[1]
	}
	return -1
}

// lowerASCII lowercases ASCII letters only, so that byte offsets into the
// result are offsets into s.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
