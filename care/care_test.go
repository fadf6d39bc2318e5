package care

import "testing"

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		// English: must trigger.
		{"Some days I just want to end it all.", true},
		{"I keep thinking I should kill myself.", true},
		{"Honestly there's no reason to live anymore.", true},
		{"I don't want to live like this", true},
		{"Everyone would be better off without me", true},
		{"I’m suicidal again tonight", true},
		{"I've been cutting myself since March", true},
		{"I want to die", true},
		{"thinking about taking my own life", true},
		{"I would never kill myself, but it is hard", true}, // negated still triggers (documented)
		// English: must not trigger.
		{"Killing me softly is my favourite song", false},
		{"This pain is killing me today", false},
		{"My diabetes is killing me this week, numbers all over", false},
		{"I'd kill for a full night's sleep", false},
		{"I'm dying to try the new pump", false},
		{"I wanted to die of embarrassment at the clinic", false},
		{"Call the 988 Suicide & Crisis Lifeline; September is suicide prevention month", false},
		{"My son said he wants to kill himself. What do I do?", false},
		{"I thought I was going to die during the seizure", false},
		{"> I want to end it all\n\nPlease call 988, you are not alone.", false},
		{"I was killing myself laughing at the nurse's joke", false},
		{"I cut myself shaving and it bled for ages (hemophilia)", false},
		{"I walk 5 kms a day", false},
		{"We talked about end of life care with hospice", false},
		{"", false},
		// Spanish: must trigger.
		{"A veces quiero quitarme la vida", true},
		{"Tengo ganas de hacerme daño", true},
		{"Tengo ganas de hacerme dano", true},
		{"Ya no quiero vivir así", true},
		{"No tengo ninguna razón para vivir", true},
		{"Me quiero morir", true},
		{"Estoy pensando en suicidarme", true},
		{"Quiero acabar con todo", true},
		{"Todos estarían mejor sin mí", true},
		// Spanish: must not trigger.
		{"Me muero de risa con este grupo", false},
		{"Me quiero morir de vergüenza", false},
		{"Este dolor me está matando", false},
		{"La diabetes me está matando esta semana", false},
		{"Mi mamá va a matarme si no llego", false},
		{"Hoy fui a cortarme el pelo", false},
		{"La prevención del suicidio es importante", false},
	} {
		got := Check(tc.text)
		if (len(got) > 0) != tc.want {
			t.Errorf("Check(%q) = %+v, want trigger %v", tc.text, got, tc.want)
		}
		for _, f := range got {
			if tc.text[f.Start:f.End] != f.Text {
				t.Errorf("Check(%q): finding %+v does not point at its text", tc.text, f)
			}
		}
	}
}

func TestDetect(t *testing.T) {
	if !Detect("title", "i want to end it all") || Detect("fine", "all good") {
		t.Fatal("Detect does not look at every text")
	}
}

func FuzzCheck(f *testing.F) {
	f.Add("Quiero quitarme la vida")
	f.Add("ÁÉÍ kill myself ñ’")
	f.Fuzz(func(t *testing.T, s string) {
		for _, fi := range Check(s) {
			if fi.Start < 0 || fi.End > len(s) || s[fi.Start:fi.End] != fi.Text {
				t.Fatalf("bad offsets %+v", fi)
			}
		}
	})
}
