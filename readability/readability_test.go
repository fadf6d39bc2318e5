package readability

import (
	"math"
	"strings"
	"testing"
)

func TestSyllables(t *testing.T) {
	for w, want := range map[string]int{
		"the": 1, "cat": 1, "make": 1, "hope": 1, "jumped": 1, "makes": 1, "yes": 1, "young": 1,
		"table": 2, "little": 2, "wanted": 2, "washes": 2, "doctor": 2, "seizure": 2, "sugar": 2, "happy": 2,
		"medicine": 3, "insulin": 3, "family": 3, "seventeen": 3,
		"medication": 4, "information": 4,
		"epilepsy": 4, "neurologist": 4, "anticonvulsant": 5,
	} {
		if got := Syllables(w); got != want {
			t.Errorf("Syllables(%q) = %d, want %d", w, got, want)
		}
	}
}

// The reference table for web/static/readability.js: the live meter must
// give the same counts for these texts.
var reference = []struct {
	text                        string
	words, sentences, syllables int
	grade                       float64
}{
	{"The cat sat on the mat. It was happy.", 9, 2, 10, -0.72},
	{"We give him his pills at night. He sleeps well now. The nurse was kind and helped us a lot.", 20, 3, 20, -1.19},
	{"Pharmacokinetic considerations notwithstanding, anticonvulsant polytherapy necessitates individualized titration schedules.", 9, 1, 39, 39.05},
}

func TestMeasureReference(t *testing.T) {
	for _, tc := range reference {
		r := Measure(tc.text)
		if r.Words != tc.words || r.Sentences != tc.sentences || r.Syllables != tc.syllables || math.Abs(r.Grade-tc.grade) > 0.01 {
			t.Errorf("%q: got %+v, want words %d sentences %d syllables %d grade %.2f", tc.text, r, tc.words, tc.sentences, tc.syllables, tc.grade)
		}
	}
}

func TestMeasureGrades(t *testing.T) {
	plain := `We tried the keto diet for a year. It was hard at first. I weighed every meal on a small scale.
Our son had fewer seizures after three months. He still has some on bad days. Ask your team if it could help your child.`
	dense := `Ketogenic dietary therapy demonstrates considerable efficacy in pharmacoresistant epilepsy, particularly among pediatric populations,
although gastrointestinal complications, nephrolithiasis and dyslipidemia necessitate comprehensive multidisciplinary monitoring throughout implementation.`
	p, d := Measure(plain), Measure(dense)
	if !p.Enough() || p.Hard() || p.Level() > 6 {
		t.Errorf("plain text: %+v level %d", p, p.Level())
	}
	if !d.Enough() || !d.Hard() || d.Level() < 14 {
		t.Errorf("dense text: %+v level %d", d, d.Level())
	}
	if short := Measure("Thank you so much!"); short.Enough() || short.Hard() {
		t.Errorf("a short text is not measured: %+v", short)
	}
}

func TestMeasureReadsMarkdownAsShown(t *testing.T) {
	md := "## What helped\n\n- Pacing, with a timer\n- A [symptom diary](https://example.org/a/very-long-path-to-a-page) every day\n\n> quoted words count too\n\n`code` is skipped, and so is https://example.org/x."
	r := Measure(md)
	// "What helped" / "Pacing, with a timer" / "A symptom diary every day" /
	// "quoted words count too" / "is skipped, and so is": 5 sentences.
	if r.Sentences != 5 || r.Words != 2+4+5+4+5 {
		t.Errorf("got %+v", r)
	}
	if strings.Contains(md, "example") && Measure("https://example.org/pharmacokinetic-considerations").Words != 0 {
		t.Error("a bare link counts as words")
	}
}

func TestEmpty(t *testing.T) {
	if r := Measure(""); r.Words != 0 || r.Grade != 0 || r.Enough() {
		t.Errorf("empty text: %+v", r)
	}
	if r := Measure("123 456 — 7.5"); r.Words != 0 {
		t.Errorf("numbers only: %+v", r)
	}
}
