package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/care"
	"github.com/hearth-community/hearth/sqldb"
)

// Care in the demo (issue 14): crisis resources for a few countries,
// a moderator on duty, threads and replies behind content warnings, a
// member who mutes a kind, and one reply whose self-harm wording filed an
// urgent crisis flag, a story flagged the same way, and a private message
// reported as a crisis (handled). Everything is invented; the phone numbers are the
// real public crisis lines.

// CrisisResources are the demo's crisis lines.
var CrisisResources = []hearth.CrisisResource{
	{Country: "US", Language: "en", Name: "988 Suicide & Crisis Lifeline", Phone: "988", SMS: "Text 988", URL: "https://988lifeline.org", Hours: "24 hours, every day", Position: 0},
	{Country: "US", Language: "en", Name: "Crisis Text Line", SMS: "Text HOME to 741741", URL: "https://www.crisistextline.org", Hours: "24 hours, every day", Position: 1},
	{Country: "US", Language: "en", Name: "Emergency services", Phone: "911", Hours: "If someone is in danger right now", Position: 2},
	{Country: "US", Language: "es", Name: "988 Línea de Prevención del Suicidio y Crisis", Phone: "988", SMS: "Envía AYUDA al 988", URL: "https://988lineadevida.org", Hours: "Marca 2 para español. Las 24 horas, todos los días", Position: 0},
	{Country: "US", Language: "es", Name: "Emergencias", Phone: "911", Hours: "Si alguien está en peligro ahora", Position: 1},
	{Country: "GB", Language: "en", Name: "Samaritans", Phone: "116 123", URL: "https://www.samaritans.org", Hours: "24 hours, every day", Position: 0},
	{Country: "GB", Language: "en", Name: "Shout", SMS: "Text SHOUT to 85258", URL: "https://giveusashout.org", Hours: "24 hours, every day", Position: 1},
	{Country: "GB", Language: "en", Name: "Emergency services", Phone: "999", Hours: "If someone is in danger right now", Position: 2},
	{Country: "ES", Language: "es", Name: "Línea 024 de atención a la conducta suicida", Phone: "024", URL: "https://www.sanidad.gob.es/linea024/", Hours: "Las 24 horas, todos los días", Position: 0},
	{Country: "ES", Language: "es", Name: "Emergencias", Phone: "112", Hours: "Si alguien está en peligro ahora", Position: 1},
}

// OnDuty is the moderator on duty for crisis flags.
var OnDuty = "tidewater_mod"

// Mutes are demo members' muted warning kinds.
var Mutes = map[string]hearth.Mutes{
	"only_child_caring": {Kinds: []hearth.WarningKind{hearth.WarnLoss}, Mode: hearth.MuteCollapse},
	"firstyear_focal":   {Kinds: []hearth.WarningKind{hearth.WarnLoss}, Mode: hearth.MuteHide},
}

// WarnedThread is a demo thread whose opening post carries a warning,
// with replies that may carry their own.
type WarnedThread struct {
	Thread
	Warning hearth.ContentWarning
	// ReplyWarnings are the warnings of the replies, by index.
	ReplyWarnings map[int]hearth.ContentWarning
	// SelfHarmReply is the index of a reply with self-harm wording (the
	// check files an urgent crisis flag), or -1.
	SelfHarmReply int
}

// WarnedThreads are the demo's threads with content warnings.
var WarnedThreads = []WarnedThread{
	{Thread: Thread{Community: "epilepsy", Author: "aura_and_after", DaysAgo: 12,
		Title: "A year since we lost my brother to SUDEP",
		Body: "It has been a year since my brother died in his sleep after a seizure. Nobody had told us that SUDEP was a thing.\n\n" +
			"I'm writing this because I wish someone had told our family earlier. Talk to your neurologist about night-time seizures and what you can do.",
		Replies: []Reply{
			{Author: "epilepsy_nurse_rn", HoursAfter: 3, Body: "I'm so sorry. Thank you for sharing this. Many families never hear about SUDEP, and asking your team about night-time seizures is a good step."},
			{Author: "keppra_kid_mom", HoursAfter: 9, Body: "Sending you love. We bought a bed alarm after reading posts like yours."},
			{Author: "dorm_room_seizures", HoursAfter: 30, Body: "Reading this tonight hit hard. Honestly some nights I feel like there's no reason to live with all these seizures."},
			{Author: "oakbench_mod", HoursAfter: 31, Body: "@dorm_room_seizures we're really glad you said something. Please look at the crisis lines linked at the bottom of every page, and message me any time."},
		}},
		Warning:       hearth.ContentWarning{Kind: hearth.WarnLoss},
		SelfHarmReply: 2,
	},
	{Thread: Thread{Community: "epilepsy", Author: "vns_veteran", DaysAgo: 8,
		Title: "Photos of my VNS scar, 2 weeks after surgery",
		Body: "A few people asked what the incision looks like. The neck one is about 3 cm and healing well; the chest one was more sore. " +
			"I describe it below instead of posting the photo: some redness, a little bruising, stitches under the skin.",
		Replies: []Reply{
			{Author: "firstyear_focal", HoursAfter: 5, Body: "Thank you, this helps. My surgery is next month."},
		}},
		Warning:       hearth.ContentWarning{Kind: hearth.WarnGraphicMedical},
		SelfHarmReply: -1,
	},
	{Thread: Thread{Community: "caregivers", Author: "sundown_son", DaysAgo: 5,
		Title: "Hospice said days, not weeks",
		Body:  "The hospice nurse told us today it is probably days now. Mom is comfortable. I don't know what to do with myself between visits.",
		Replies: []Reply{
			{Author: "memorycare_weekends", HoursAfter: 4, Body: "Sit with her, hold her hand, play her music. That's enough. Look after yourself too."},
			{Author: "only_child_caring", HoursAfter: 20, Body: "When my dad died I found it helped to write down small things he said in those last days."},
		}},
		Warning:       hearth.ContentWarning{Kind: hearth.WarnEndOfLife},
		ReplyWarnings: map[int]hearth.ContentWarning{1: {Kind: hearth.WarnLoss}},
		SelfHarmReply: -1,
	},
}

// CrisisStory is a demo story whose self-harm wording filed an urgent
// flag for the site's moderators (the mod queue's "Stories flagged as
// urgent").
var CrisisStory = struct {
	Author  string
	DaysAgo int
	Story   hearth.NewStory
}{Author: "omnipod_mama", DaysAgo: 2, Story: hearth.NewStory{Title: "Three years of night checks",
	Body: "Three years of 2 a.m. alarms. The pump fails, the school calls, my husband is away for work again.\n\n" +
		"Tonight I told my sister that sometimes I think everyone would be better off without me. " +
		"I don't know why I'm writing it here, except that you all understand the alarms.",
	Visibility: hearth.MembersOnly, Warning: hearth.ContentWarning{Kind: hearth.WarnSelfHarm}}}

// CrisisMessage is a private message its recipient reported as
// "someone may be in danger": the moderator on duty was alerted (without
// its text), read it under audit, reached out and kept it.
var CrisisMessage = struct {
	From, To, Subject, Body, Note, Resolution string
}{From: "soccer_sub_dad", To: "tslim_tuesday", Subject: "thanks for the other day",
	Body:       "Thanks for checking on me after the tournament. Honestly I'm not sure I want to be here anymore. Don't tell anyone ok",
	Note:       "I'm worried about them. Please can someone reach out tonight?",
	Resolution: "Reached out at once; he is talking with the 988 line and his wife. Kept the message."}

func seedCare(ctx context.Context, db *sqldb.DB, now time.Time, at func(time.Time), members map[string]*hearth.Member) error {
	admin := members["lanternkeeper"]
	at(now.Add(-60 * 24 * time.Hour))
	for _, c := range CrisisResources {
		c := c
		if err := db.SaveCrisisResource(ctx, admin, &c); err != nil {
			return fmt.Errorf("demo crisis resource %s: %w", c.Name, err)
		}
	}
	at(now.Add(-2 * time.Hour))
	if err := db.SetDuty(ctx, members[OnDuty], true); err != nil {
		return fmt.Errorf("demo duty: %w", err)
	}
	for h, m := range Mutes {
		if err := db.SetMutes(ctx, members[h], m); err != nil {
			return fmt.Errorf("demo mutes of %s: %w", h, err)
		}
	}
	for _, wt := range WarnedThreads {
		start := now.Add(-time.Duration(wt.DaysAgo) * 24 * time.Hour)
		at(start)
		// The warning comes with the post, as on the pages (hearth.WithWarning).
		t, err := db.CreateThread(hearth.WithWarning(ctx, wt.Warning), members[wt.Author], wt.Community, hearth.NewThread{Title: wt.Title, Body: wt.Body})
		if err != nil {
			return fmt.Errorf("demo warned thread %q: %w", wt.Title, err)
		}
		for i, r := range wt.Replies {
			at(start.Add(time.Duration(r.HoursAfter)*time.Hour + time.Duration(i)*time.Minute))
			p, err := db.CreateReply(hearth.WithWarning(ctx, wt.ReplyWarnings[i]), members[r.Author], t.ID, r.Body)
			if err != nil {
				return fmt.Errorf("demo warned reply %d in %q: %w", i, wt.Title, err)
			}
			if i == wt.SelfHarmReply && care.Detect(r.Body) { // as the reply form does
				if err := db.SetPostCare(ctx, members[r.Author], p.ID, 0, hearth.PostCare{SelfHarm: true}); err != nil {
					return fmt.Errorf("demo care of reply %d in %q: %w", i, wt.Title, err)
				}
			}
		}
	}
	return seedCareAlerts(ctx, db, now, at, members)
}

// seedCareAlerts seeds the story flagged by the wording check and the
// message reported as a crisis.
func seedCareAlerts(ctx context.Context, db *sqldb.DB, now time.Time, at func(time.Time), members map[string]*hearth.Member) error {
	at(now.Add(-time.Duration(CrisisStory.DaysAgo) * 24 * time.Hour))
	author := members[CrisisStory.Author]
	st, err := db.CreateStory(ctx, author, CrisisStory.Story)
	if err != nil {
		return fmt.Errorf("demo crisis story: %w", err)
	}
	if care.Detect(st.Title, st.Body) { // as the story form does
		if err := db.FlagStorySelfHarm(ctx, author, st.ID); err != nil {
			return fmt.Errorf("demo crisis story flag: %w", err)
		}
	}
	m := CrisisMessage
	at(now.Add(-26 * time.Hour))
	_, msg, err := db.StartConversation(ctx, members[m.From], hearth.NewConversation{To: []string{m.To}, Subject: m.Subject, Body: m.Body})
	if err != nil {
		return fmt.Errorf("demo crisis message: %w", err)
	}
	at(now.Add(-25 * time.Hour))
	if _, err := db.ReportMessage(ctx, members[m.To], msg.ID, hearth.NewFlag{Reason: hearth.FlagCrisis, Note: m.Note}); err != nil {
		return fmt.Errorf("demo crisis report: %w", err)
	}
	at(now.Add(-24 * time.Hour))
	mod := members[OnDuty]
	if _, err := db.FindReportedMessage(ctx, mod, msg.ID); err != nil {
		return fmt.Errorf("demo crisis report read: %w", err)
	}
	if err := db.ModerateMessage(ctx, mod, msg.ID, hearth.ActApprove, m.Resolution); err != nil {
		return fmt.Errorf("demo crisis report kept: %w", err)
	}
	return nil
}
