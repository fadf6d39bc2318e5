// Package care finds self-harm wording in a post: first-person phrases
// that say the writer may want to hurt or kill themselves ("I want to end
// it all", "kill myself", "no reason to live"; "quiero quitarme la vida",
// "hacerme daño"). hearth then shows the author crisis resources before
// the post goes out (with a button to post it as it is: never blocking)
// and files an urgent crisis flag for the moderators. It does no I/O.
//
// The choice of phrases, on purpose:
//
//   - Rules are whole phrases in English and Spanish, matched on
//     lowercased text with accents folded ("daño" and "dano" alike, as
//     many people type without them), so that single words like "die" or
//     "suicide" do not trigger: members talk about loss, "suicide
//     prevention" and "the 988 Suicide & Crisis Lifeline" every day.
//   - Idioms that sound alike never trigger: "killing me softly", "this
//     pain is killing me", "my diabetes is killing me", "I'd kill for a
//     nap", "dying to try it", "me muero de risa", "este dolor me está
//     matando", "mi mamá va a matarme". They are matched as negatives: a
//     rule match inside a negative match is dropped.
//   - A phrase about someone else ("my son said he wants to kill himself")
//     does not trigger: the writer asks for help for them, and moderators
//     are not the right first responders for a third party (the flag form
//     still offers "Someone may be in danger").
//   - Negated phrases still trigger ("I would never kill myself, but…"):
//     a missed cry for help costs more than a moderator's look at a post
//     that was fine, and the author is never blocked.
//   - Quoted lines (Markdown "> …") are someone else's words and are
//     skipped.
package care

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Finding is one self-harm phrase found in a text.
type Finding struct {
	// Lang is "en" or "es"; Rule names the rule that matched.
	Lang, Rule string
	// Text is the phrase as written, and Start and End its byte offsets
	// in the text given to Check.
	Text       string
	Start, End int
}

type rule struct {
	lang, name string
	re         *regexp.Regexp
}

// The patterns run on folded text (fold): lowercase, accents removed,
// curly apostrophes made straight, so "I’m" is "i'm".
var rules = []rule{
	// English.
	{"en", "kill myself", regexp.MustCompile(`\bkill(?:ing)? my ?self\b`)},
	{"en", "end it all", regexp.MustCompile(`\bend(?:ing)? (?:it all|my (?:own )?life|things for good)\b`)},
	{"en", "take my life", regexp.MustCompile(`\btak(?:e|ing) my (?:own )?life\b`)},
	{"en", "want to die", regexp.MustCompile(`\b(?:i|i'm|i am|i just|just)\s+(?:really\s+)?(?:want|wanna|wish|planning|plan)\s+(?:to\s+)?die\b`)},
	{"en", "no reason to live", regexp.MustCompile(`\bno (?:reason|point|will) (?:to|in) (?:live|living|go on|going on|stay alive|staying alive)\b`)},
	{"en", "don't want to live", regexp.MustCompile(`\b(?:don't|do not|dont) want to (?:live|be alive|be here anymore|wake up|exist)\b`)},
	{"en", "better off dead", regexp.MustCompile(`\bbetter off (?:dead|without me)\b`)},
	{"en", "wish I were dead", regexp.MustCompile(`\bwish (?:i|i'd) (?:was|were|had) (?:dead|died|never been born)\b`)},
	{"en", "hurt myself", regexp.MustCompile(`\b(?:hurt|hurting|harm|harming|cut|cutting) myself\b`)},
	{"en", "suicidal", regexp.MustCompile(`\b(?:i'm|i am|im|i feel|i've been|feeling|i was feeling)\s+(?:so\s+|really\s+|very\s+)?suicidal\b`)},
	// Spanish.
	{"es", "matarme", regexp.MustCompile(`\b(?:matarme|me (?:voy|quiero) a? ?matar|suicidarme|me quiero suicidar|me voy a suicidar)\b`)},
	{"es", "quitarme la vida", regexp.MustCompile(`\bquitarme la vida\b|\bme quiero quitar la vida\b`)},
	{"es", "quiero morir", regexp.MustCompile(`\b(?:quiero|quisiera|me quiero|deseo) morir(?:me)?\b|\bme quiero morir\b`)},
	{"es", "acabar con todo", regexp.MustCompile(`\bacabar con (?:todo|mi vida)\b|\bterminar con mi vida\b`)},
	{"es", "hacerme daño", regexp.MustCompile(`\b(?:hacerme dano|me quiero hacer dano|lastimarme|me quiero lastimar|cortarme)\b`)},
	{"es", "no hay razón para vivir", regexp.MustCompile(`\bno (?:tengo|hay|encuentro|veo) (?:ninguna )?(?:razon|razones|motivo|motivos|sentido) (?:para|de) (?:vivir|seguir)\b`)},
	{"es", "no quiero vivir", regexp.MustCompile(`\bno quiero (?:vivir|seguir viviendo|despertar|estar aqui)\b`)},
	{"es", "mejor muerto", regexp.MustCompile(`\bestar(?:ia|ian)? mejor (?:muert[oa]|sin mi)\b`)},
}

// negatives are idioms that contain a rule's words but mean nothing of
// the kind.
var negatives = []*regexp.Regexp{
	regexp.MustCompile(`\bkill(?:ing)? me softly\b`),
	regexp.MustCompile(`\bkill(?:ing)? myself laughing\b`),
	regexp.MustCompile(`\b(?:want|wanna|wanted|going|gonna) (?:to )?die (?:of|from) (?:embarrassment|shame|laughter|laughing|boredom|cuteness)\b`),
	regexp.MustCompile(`\bmorir(?:me)? de (?:risa|hambre|ganas|sueno|calor|frio|verguenza|aburrimiento)\b`),
	regexp.MustCompile(`\b(?:va|van|iba|iban) a matarme\b`),
	regexp.MustCompile(`\bcortarme (?:el|la|las|los) (?:pelo|cabello|unas|flequillo)\b`),
	regexp.MustCompile(`\bcut(?:ting)? myself (?:some|a|off|short|out|shaving|while|by accident|accidentally|on (?:a|the|some|my))\b`),
}

// Check returns the self-harm phrases in text, in order.
func Check(text string) []Finding {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	folded, offs := fold(text)
	var out []Finding
	for _, line := range lines(folded) {
		l := folded[line[0]:line[1]]
		if strings.HasPrefix(strings.TrimLeft(l, " \t"), ">") {
			continue
		}
		var neg [][]int
		for _, re := range negatives {
			neg = append(neg, re.FindAllStringIndex(l, -1)...)
		}
	rules:
		for _, r := range rules {
			for _, m := range r.re.FindAllStringIndex(l, -1) {
				for _, n := range neg {
					if n[0] <= m[1] && m[0] <= n[1] {
						continue rules
					}
				}
				s, e := offs[line[0]+m[0]], offs[line[0]+m[1]]
				out = append(out, Finding{Lang: r.lang, Rule: r.name, Text: text[s:e], Start: s, End: e})
			}
		}
	}
	return out
}

// Detect reports whether text holds any self-harm phrase.
func Detect(texts ...string) bool {
	for _, t := range texts {
		if len(Check(t)) > 0 {
			return true
		}
	}
	return false
}

// lines splits s into line ranges.
func lines(s string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, [2]int{start, i})
			start = i + 1
		}
	}
	return append(out, [2]int{start, len(s)})
}

var folds = map[rune]string{
	'á': "a", 'à': "a", 'â': "a", 'ä': "a", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'í': "i", 'ì': "i", 'î': "i", 'ï': "i", 'ó': "o", 'ò': "o", 'ô': "o", 'ö': "o",
	'ú': "u", 'ù': "u", 'û': "u", 'ü': "u", 'ñ': "n", '’': "'", '‘': "'", 'ʼ': "'",
	'\u00a0': " ",
}

// fold lowercases s and removes accents; offs maps each byte of the
// result (and its end) to the byte offset in s it came from.
func fold(s string) (string, []int) {
	var b strings.Builder
	offs := make([]int, 0, len(s)+1)
	for i, r := range s {
		lr := []rune(strings.ToLower(string(r)))[0]
		out, ok := folds[lr]
		if !ok {
			if lr == '\t' || lr == '\r' {
				lr = ' '
			}
			out = string(lr)
			if utf8.RuneLen(lr) != len(out) {
				out = string(r)
			}
		}
		for range len(out) {
			offs = append(offs, i)
		}
		b.WriteString(out)
	}
	offs = append(offs, len(s))
	return b.String(), offs
}
