package spam

import (
	"testing"
	"time"
)

var (
	newbie  = Input{AccountAge: time.Hour, PublishedPosts: 0}
	regular = Input{AccountAge: 200 * 24 * time.Hour, PublishedPosts: 40}
)

func with(in Input, text string, repeats int) Input {
	in.Text, in.Repeats = text, repeats
	return in
}

func TestScore(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   Input
		hold bool
	}{
		{"a newcomer's question", with(newbie, "Hi all, my daughter was just diagnosed. How did you handle the first month at school?", 0), false},
		{"a newcomer shares one link", with(newbie, "This page from the foundation helped us: https://www.epilepsy.com/manage/seizure-first-aid", 0), false},
		{"a newcomer shares two links", with(newbie, "See https://cdc.gov/epilepsy and https://epilepsy.com for first aid.", 0), false},
		{"a newcomer posts three links", with(newbie, "best deals https://a.example.com/x https://b.example.com/y www.c-example.net", 0), true},
		{"a regular posts many links", with(regular, "Links I keep: https://a.org https://b.org https://c.org https://d.org", 0), false},
		{"the WhatsApp doctor", with(regular, "Dr. Okon cured my epilepsy with herbal medicine, contact him on WhatsApp +234 801 234 5678", 0), true},
		{"contact the doctor", with(newbie, "I was cured! Contact Dr Ade for the herbal cure.", 0), true},
		{"pills without a prescription", with(newbie, "Buy cheap meds online, no prescription needed.", 0), true},
		{"miracle cure", with(newbie, "This miracle cure stopped my seizures in a week!!!", 0), true},
		{"crypto", with(newbie, "I make $500 per day with bitcoin trading signals, ask me how", 0), true},
		{"a regular repeats a long text", with(regular, "Welcome to the group! Please read the pinned post about seizure first aid before you post.", 1), false},
		{"a newcomer repeats a long text with a link", with(newbie, "Great post, I found more answers at https://example.com/best-answers for everyone here.", 2), true},
		{"a newcomer says thanks twice", with(newbie, "Thank you so much!", 3), false},
		{"a regular mentions click here innocently", with(regular, "You can click here on the settings page to turn off emails.", 0), false},
		{"a newcomer's promo code and links", with(newbie, "Use my discount code SAVE20 at https://pills.example.com and https://more.example.com", 0), true},
	} {
		r := Score(tc.in)
		if r.Hold() != tc.hold {
			t.Errorf("%s: score %d (%v), hold %v, want %v", tc.name, r.Score, r.Reasons(), r.Hold(), tc.hold)
		}
		for _, s := range r.Signals {
			if s.Start >= 0 && tc.in.Text[s.Start:s.End] != s.Text {
				t.Errorf("%s: bad span %+v", tc.name, s)
			}
		}
	}
}

func TestReasonsOnce(t *testing.T) {
	r := Score(with(newbie, "https://a.example.com https://b.example.com https://c.example.com", 0))
	if got := r.Reasons(); len(got) != 1 || got[0] != ReasonLinks || r.Score != 6 {
		t.Errorf("got %v score %d", got, r.Score)
	}
}

func TestShouting(t *testing.T) {
	if r := Score(with(regular, "THIS IS THE BEST FORUM EVER AND YOU SHOULD ALL JOIN NOW", 0)); r.Score != 1 || r.Hold() {
		t.Errorf("shouting alone: %+v", r)
	}
	if r := Score(with(regular, "OK", 0)); r.Score != 0 {
		t.Errorf("a short word in capitals: %+v", r)
	}
}

func TestNewAccount(t *testing.T) {
	if (Input{AccountAge: 10 * 24 * time.Hour, PublishedPosts: 1}).NewAccount() != true {
		t.Error("an old account with one post is still new")
	}
	if (Input{AccountAge: 10 * 24 * time.Hour, PublishedPosts: 3}).NewAccount() {
		t.Error("an account with history is not new")
	}
}
