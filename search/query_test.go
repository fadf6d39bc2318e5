package search

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/hearth-community/hearth"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // Query.String(), or "error"
	}{
		{"ketogenic diet", `ketogenic diet`},
		{"  Ketogenic   DIET ", `ketogenic diet`},
		{`"ketogenic diet" toddler`, `"ketogenic diet" toddler`},
		{`keppra -rage`, `keppra -rage`},
		{`keppra -"mood swings"`, `keppra -"mood swings"`},
		{`"ketogenic diet`, `"ketogenic diet"`}, // unbalanced: the phrase runs to the end
		{`keppra "`, `keppra`},
		{`“curly quotes” work`, `"curly quotes" work`},
		{`covid-19 vaccine`, `"covid 19" vaccine`},
		{`don't stop`, `"don t" stop`},
		{`title:keppra`, `title keppra`},
		{`@keppra_kid_mom`, `keppra_kid_mom`},
		{`NEAR(keppra rage, 2)`, `near keppra rage 2`},
		{`kepp* ^rage`, `kepp rage`},
		{`a OR b AND c NOT d`, `b c d`}, // operators are words; "a", "or", "and", "not" are common words
		{`the`, `the`},                  // only common words: kept
		{`the ketogenic diet`, `ketogenic diet`},
		{`"the ketogenic diet"`, `"the ketogenic diet"`},
		{`keppra keppra KEPPRA`, `keppra`},
		{`Convulsión cetogénica`, `convulsión cetogénica`},
		{`- keppra`, `keppra`},
		{`--keppra rage`, `-keppra rage`},
		{"", "error"},
		{"   ", "error"},
		{`***`, "error"},
		{`"" () :: ^^`, "error"},
		{`-keppra`, "error"},
		{`-keppra -rage`, "error"},
		{"\xff\xfe", "error"},
	} {
		q, err := Parse(tc.in)
		if tc.want == "error" {
			if err == nil {
				t.Errorf("Parse(%q) = %q, want an error", tc.in, q.String())
			} else if hearth.ErrorCode(err) != hearth.EInvalid || hearth.ErrorField(err) != "q" {
				t.Errorf("Parse(%q): error %v, want invalid about q", tc.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got := q.String(); got != tc.want {
			t.Errorf("Parse(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseLimits(t *testing.T) {
	long := strings.Repeat("seizure diary helped ", 600) // about 12 KB
	q, err := Parse(long)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Notes) == 0 || !strings.Contains(q.Notes[0], "long") {
		t.Errorf("notes %q: want a note that the search was cut", q.Notes)
	}
	if len(q.Terms) != 3 {
		t.Errorf("terms %q: want the three distinct words", q.String())
	}

	var many []string
	for i := range 20 {
		many = append(many, "word"+string(rune('a'+i)))
	}
	q, err = Parse(strings.Join(many, " "))
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Terms) != MaxTerms || len(q.Notes) != 1 {
		t.Errorf("got %d terms and notes %q, want %d terms and a note", len(q.Terms), q.Notes, MaxTerms)
	}

	q, _ = Parse(strings.Repeat("x", 5000))
	if len(q.Terms) != 1 || utf8.RuneCountInString(q.Terms[0].Words[0]) != MaxWordRunes {
		t.Errorf("a 5,000-letter word: got %q", q.String())
	}
	q, _ = Parse(`"` + strings.Repeat("w ", 40) + `"`)
	if len(q.Terms) != 1 || len(q.Terms[0].Words) != MaxPhraseWords {
		t.Errorf("a 40-word phrase: got %q", q.String())
	}
}

func TestParseMessages(t *testing.T) {
	_, err := Parse("-keppra")
	if !strings.Contains(hearth.ErrorMessage(err), "only words to leave out") {
		t.Errorf("only negations: %q", hearth.ErrorMessage(err))
	}
	_, err = Parse("")
	if !strings.Contains(hearth.ErrorMessage(err), "type a word") {
		t.Errorf("empty: %q", hearth.ErrorMessage(err))
	}
}

func TestSpanishForms(t *testing.T) {
	for in, want := range map[string][]string{
		"convulsión":   {"convulsión", "convulsiones"},
		"convulsiones": {"convulsiones", "convulsion"},
		"hospital":     {"hospital", "hospitales"},
		"dolores":      {"dolores", "dolor"},
		"vez":          {"vez"}, // too short to guess
		"veces":        {"veces", "vez"},
		"nariz":        {"nariz", "narices"},
		"dieta":        {"dieta"}, // the stemmer already joins dieta and dietas
		"keppra":       {"keppra"},
	} {
		if got := SpanishForms(in); !reflect.DeepEqual(got, want) {
			t.Errorf("SpanishForms(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTypos(t *testing.T) {
	has := func(list []string, w string) bool {
		for _, x := range list {
			if x == w {
				return true
			}
		}
		return false
	}
	for typo, meant := range map[string]string{"ketogenec": "ketogenic", "kepra": "keppra", "siezure": "seizure", "dieat": "diet", "lamotrigne": "lamotrigine"} {
		if c := Typos(typo); !has(c, meant) {
			t.Errorf("Typos(%q) lacks %q (%d candidates)", typo, meant, len(c))
		}
	}
	if c := Typos("diet"); has(c, "died") || !has(c, "deit") {
		t.Errorf("four-letter words get swaps only: %q", c)
	}
	if c := Typos("flu"); len(c) != 0 {
		t.Errorf("short words get no candidates: %q", c)
	}
	if c := Typos("ketogenec"); len(c) > maxTypos || has(c, "ketogenec") {
		t.Errorf("%d candidates, including the word itself: %v", len(c), has(c, "ketogenec"))
	}
}

// checkQuery holds a parsed query to what storage relies on.
func checkQuery(t *testing.T, in string, q Query) {
	t.Helper()
	if len(q.Terms) == 0 || len(q.Terms) > MaxTerms || len(q.Positive()) == 0 {
		t.Fatalf("Parse(%q): %d terms, %d positive", in, len(q.Terms), len(q.Positive()))
	}
	for _, term := range q.Terms {
		if len(term.Words) == 0 || len(term.Words) > MaxPhraseWords {
			t.Fatalf("Parse(%q): term with %d words", in, len(term.Words))
		}
		for _, w := range term.Words {
			if w == "" || utf8.RuneCountInString(w) > MaxWordRunes || !utf8.ValidString(w) {
				t.Fatalf("Parse(%q): bad word %q", in, w)
			}
			for _, r := range w {
				// Only letters, digits and marks: nothing an engine reads as syntax.
				if !isWordRune(r) || r == '"' || r == '*' || unicode.IsSpace(r) {
					t.Fatalf("Parse(%q): word %q holds %q", in, w, r)
				}
			}
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"ketogenic diet", `"ketogenic diet`, `-keppra`, `NEAR(a b, 2)`, `a* ^b c:d`, `"" "`, `covid-19 don't`,
		"\xff", strings.Repeat("ab ", 200), `—“x” «y» -"z w"`, "ǅ İ ß ﬁ", "e\u0301 n\u0303"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := Parse(in)
		if err != nil {
			if hearth.ErrorCode(err) != hearth.EInvalid {
				t.Fatalf("Parse(%q): error %v is not invalid input", in, err)
			}
			return
		}
		checkQuery(t, in, q)
		// What Parse understood reads back the same.
		if s := q.String(); utf8.RuneCountInString(s) <= MaxQueryRunes {
			q2, err := Parse(s)
			if err != nil {
				t.Fatalf("Parse(%q) = %q, which does not parse: %v", in, s, err)
			}
			if q2.String() != s {
				t.Fatalf("Parse(%q) = %q, which reads back as %q", in, s, q2.String())
			}
		}
		for _, term := range q.Terms {
			for _, w := range term.Words {
				for _, v := range append(SpanishForms(w), Typos(w)...) {
					if v == "" || strings.ContainsAny(v, `"*`) {
						t.Fatalf("variant %q of %q", v, w)
					}
				}
			}
		}
	})
}
