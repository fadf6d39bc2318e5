package advice

import (
	"strings"
	"testing"
)

func TestCheckFinds(t *testing.T) {
	for _, tc := range []struct {
		text string
		want string // the finding's text
		kind Kind
	}{
		{"Take 200 mg of ibuprofen every six hours.", "Take 200 mg", Dose},
		{"take 200mg", "take 200mg", Dose},
		{"You should stop your medication.", "You should stop your medication", Stop},
		{"Increase your dose to 300 mg.", "Increase your dose", Change},
		{"Double your insulin when you're sick.", "Double your insulin", Change},
		{"I'd recommend taking 400 mg before bed.", "I'd recommend taking 400 mg", Dose},
		{"I recommend you take 2 tablets at night.", "I recommend you take 2 tablets", Dose},
		{"If you're low, take 15 g of fast-acting carbs.", "take 15 g", Dose},
		{"Just give him 5 ml of the syrup.", "Just give him 5 ml", Dose},
		{"You need to up the basal by 10%.", "You need to up the basal", Change},
		{"Honestly, just stop taking it.", "just stop taking", Stop},
		{"If I were you I would double the dose.", "If I were you I would double the dose", Change},
		{"I would double the dose if I were you.", "I would double the dose", Change},
		{"Try taking 2 tablets at night.", "Try taking 2 tablets", Dose},
		{"My advice: stop the steroids now.", "stop the steroids", Stop},
		{"My advice is to halve the dose.", "My advice is to halve the dose", Change},
		{"You can cut the pills in half.", "You can cut the pills", Change},
		{"It's safe to double your dose.", "It's safe to double your dose", Change},
		{"It’s fine to skip a dose now and then.", "It’s fine to skip a dose", Stop},
		{"You’d better lower your evening dose.", "You’d better lower your evening dose", Change},
		{"I think you should stop your meds and see.", "you should stop your meds", Stop},
		{"Thanks for asking. Take an extra dose tonight.", "Take an extra dose", Dose},
		{"- Take half a tablet with food", "Take half a tablet", Dose},
		{"1. Inject 4 units before dinner", "Inject 4 units", Dose},
		{"Step 2: reduce the prednisone by 5 mg a week.", "reduce the prednisone", Change},
		{"u should quit taking that stuff", "u should quit taking", Stop},
		{"TAKE 2 PILLS", "TAKE 2 PILLS", Dose},
		{"Hang in there — take 1000 mg of vitamin C a day.", "take 1000 mg", Dose},
		{"Honestly, take 400 mg of ibuprofen and double the dose if it still hurts.", "take 400 mg", Dose},
	} {
		fs := Check(tc.text)
		if len(fs) == 0 {
			t.Errorf("%q: no finding, want %q", tc.text, tc.want)
			continue
		}
		f := fs[0]
		if f.Text != tc.want || f.Kind != tc.kind || tc.text[f.Start:f.End] != f.Text {
			t.Errorf("%q: got %q (%s) at %d:%d, want %q (%s)", tc.text, f.Text, f.Kind, f.Start, f.End, tc.want, tc.kind)
		}
	}
}

func TestCheckLeavesAlone(t *testing.T) {
	for _, text := range []string{
		// First-person experience, and what a member's own clinician said.
		"I take 200 mg twice a day.",
		"My doctor told me to take 200 mg.",
		"My doctor told me to take 200 mg, and it helped within a week.",
		"Our neuro had us double the dose last spring.",
		"We increased his dose last week and the seizures stopped.",
		"I stopped my medication and felt worse.",
		"When I'm low, I take 15 g of glucose tabs.",
		"When I was told to stop my meds, I panicked.",
		"She said, take it with food, so now I do.",
		`The nurse said "double the basal on sick days" and it worked for us.`,
		"Our endo said you should double the basal when he's sick.",
		"I have to take 200 mg at night.",
		"We give him 5 ml at bedtime.",
		"Some people say you should stop your meds in summer, which scared me.",
		// Questions.
		"Should I increase my dose?",
		"Should we double the insulin on sick days?",
		"Do you take 200 mg or 400 mg?",
		// The safe message, and conditions.
		"Don't stop your medication without talking to your doctor.",
		"Never double up on doses.",
		"You should never stop your meds suddenly.",
		"Ask your doctor whether you should increase your dose.",
		"If you need to take 200 mg, ask the pharmacist which brand.",
		"Talk to your team before you change your dose.",
		// Not dosing at all.
		"Take care, and talk to your doctor about the 200 mg dose.",
		"Take it one day at a time.",
		"Take a deep breath.",
		"Take 5 minutes for yourself every afternoon.",
		"Give it time.",
		"Change your life one small step at a time.",
		"Start a seizure diary.",
		"Up to 400 mg a day is the usual limit on the label.",
		"The usual adult dose is 200 mg.",
		"Take your meds with breakfast so you don't forget.",
		"Thank you, take care.",
		// Someone else's words, quoted.
		"> Take 200 mg every night\n\nThat worked for me too.",
		"",
	} {
		if fs := Check(text); len(fs) > 0 {
			t.Errorf("%q: want no finding, got %q", text, fs[0].Text)
		}
	}
}

func TestCheckCoordinated(t *testing.T) {
	fs := Check("Honestly, take 400 mg of ibuprofen and double the dose if it still hurts.")
	if len(fs) != 2 || fs[1].Text != "double the dose" || fs[1].Kind != Change {
		t.Errorf("got %+v", fs)
	}
	// Not after a first-person report.
	if fs := Check("My doctor told me to take 400 mg and double the dose if it still hurts."); len(fs) != 0 {
		t.Errorf("got %+v", fs)
	}
}

func TestCheckOffsetsInLongerText(t *testing.T) {
	text := "We went through the same thing.\n\nHonestly? Double your insulin if he's sick. And I'd recommend taking 400 mg of it.\n\n> take 2 pills\n"
	fs := Check(text)
	if len(fs) != 2 {
		t.Fatalf("got %d findings, want 2: %+v", len(fs), fs)
	}
	for _, f := range fs {
		if text[f.Start:f.End] != f.Text {
			t.Errorf("offsets %d:%d do not give %q", f.Start, f.End, f.Text)
		}
	}
	if fs[0].Text != "Double your insulin" || !strings.HasPrefix(fs[1].Text, "I'd recommend taking 400 mg") {
		t.Errorf("got %q and %q", fs[0].Text, fs[1].Text)
	}
}

func TestLabels(t *testing.T) {
	for _, k := range []Kind{Dose, Change, Stop} {
		if l := k.Label(); l == "" || l == string(k) {
			t.Errorf("%s has no label", k)
		}
	}
}

func FuzzCheck(f *testing.F) {
	f.Add("Take 200 mg. You should stop your medication.")
	f.Add("“take 2 pills” — she said, “double the dose”")
	f.Fuzz(func(t *testing.T, text string) {
		for _, fi := range Check(text) {
			if fi.Start < 0 || fi.End > len(text) || fi.Start >= fi.End || text[fi.Start:fi.End] != fi.Text {
				t.Fatalf("bad finding %+v in %q", fi, text)
			}
		}
	})
}
