package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// DemoMessage is one message of a demo conversation, HoursAgo before
// the demo starts.
type DemoMessage struct {
	From     string
	HoursAgo int
	Body     string
}

// DemoConversation is a private conversation between demo members; its
// first message's author starts it.
type DemoConversation struct {
	With     []string // the others, besides the first message's author
	Subject  string
	Messages []DemoMessage
	// Report: a participant reported one message (by index) to the
	// moderators, and maybe blocked its author.
	Report *DemoReport
}

// DemoReport is a participant's report of one message.
type DemoReport struct {
	Message int
	By      string
	Reason  hearth.FlagReason
	Note    string
	Block   bool
}

// Conversations are the demo's private messages: a mentor and a new
// parent, a group of keto parents, and a stranger selling a "cure",
// reported and blocked (so the report waits in /mod).
var Conversations = []DemoConversation{
	{
		With:    []string{"firstyear_focal"},
		Subject: "Your question about the school seizure plan",
		Messages: []DemoMessage{
			{From: "keppra_kid_mom", HoursAgo: 52, Body: "Hi! I saw your thread about the first week back at school. I did not want to post this part in public: we had the same fear last year.\n\nWhat helped us most was a **one-page seizure action plan** signed by our neurologist, with a photo of what a seizure looks like for *our* kid. The school nurse kept one copy, the teacher another.\n\nHappy to send you the blank template we used if you want it."},
			{From: "firstyear_focal", HoursAgo: 49, Body: "Thank you so much. Yes please, the template would help. Did you have to meet with the whole staff, or just the nurse?"},
			{From: "keppra_kid_mom", HoursAgo: 47, Body: "Just the nurse and the homeroom teacher at first. Then the nurse ran a 15-minute training for the lunch and bus staff.\n\n> Did you have to meet with the whole staff\n\nAsk for the meeting in writing, by email. It made things move faster for us."},
			{From: "firstyear_focal", HoursAgo: 20, Body: "We have the meeting on Thursday. I feel a lot less alone. Thank you."},
		},
	},
	{
		With:    []string{"keppra_kid_mom", "aura_and_after", "seizurefree_since19"},
		Subject: "Keto lunch swap",
		Messages: []DemoMessage{
			{From: "keto_kitchen_mom", HoursAgo: 30, Body: "Starting a small group for packed-lunch ideas, since the public thread got long. This week: **cheese crisps** baked on parchment, 8 minutes at 400°F. They keep two days in a tin."},
			{From: "aura_and_after", HoursAgo: 28, Body: "Not keto myself anymore, but the avocado-egg boats were the only thing I ate for a year. Scoop, add egg, bake 15 minutes."},
			{From: "keppra_kid_mom", HoursAgo: 26, Body: "Our dietitian asked us to weigh everything, so recipes with grams help a lot. Could we share them in grams?"},
			{From: "seizurefree_since19", HoursAgo: 5, Body: "Good idea. Please always check new recipes with your own dietitian first; ratios differ from kid to kid."},
		},
	},
	{
		With: []string{"beeping_at_3am"},
		Messages: []DemoMessage{
			{From: "slow_walker_22", HoursAgo: 9, Body: "Saw your post. My cousin cured her son's diabetes with our CBD drops, no more insulin after 3 weeks! Message me for a discount code."},
		},
		Report: &DemoReport{Message: 0, By: "beeping_at_3am", Reason: hearth.FlagHarmfulAdvice, Note: "Telling me to stop insulin. Scary.", Block: true},
	},
}

// seedMessages writes the demo conversations through the same calls
// members' pages use.
func seedMessages(ctx context.Context, db *sqldb.DB, now time.Time, at func(time.Time), members map[string]*hearth.Member) error {
	for _, c := range Conversations {
		first := c.Messages[0]
		at(now.Add(-time.Duration(first.HoursAgo) * time.Hour))
		conv, msg, err := db.StartConversation(ctx, members[first.From], hearth.NewConversation{To: c.With, Subject: c.Subject, Body: first.Body})
		if err != nil {
			return fmt.Errorf("conversation %q: %w", c.Subject, err)
		}
		ids := []int64{msg.ID}
		for _, m := range c.Messages[1:] {
			at(now.Add(-time.Duration(m.HoursAgo) * time.Hour))
			sent, err := db.SendMessage(ctx, members[m.From], conv.ID, m.Body)
			if err != nil {
				return fmt.Errorf("message in %q: %w", c.Subject, err)
			}
			ids = append(ids, sent.ID)
		}
		if r := c.Report; r != nil {
			at(now.Add(-time.Duration(c.Messages[r.Message].HoursAgo-1) * time.Hour))
			if _, err := db.ReportMessage(ctx, members[r.By], ids[r.Message], hearth.NewFlag{Reason: r.Reason, Note: r.Note}); err != nil {
				return fmt.Errorf("report in %q: %w", c.Subject, err)
			}
			if r.Block {
				if err := db.Block(ctx, members[r.By], c.Messages[r.Message].From); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
