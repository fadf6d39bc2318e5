package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// Moderation in the demo (issue 7): verified clinicians, a community that
// holds new members' first posts with one waiting, open flags with their
// reasons, and a history of moderators' actions in the audit log (a
// hidden reply, a warning, an edit with its note, a spam account banned,
// a settings change, a welcome). It is written through the same storage
// calls the pages use, each at its own time. Everything is invented.

// Verification is a clinician's license as an admin checked it.
type Verification struct {
	Handle, Profession, License, Region string
	By                                  string // the admin who checked
	DaysAgo                             int
}

// Verifications are the demo's clinicians, all verified.
var Verifications = []Verification{
	{Handle: "epilepsy_nurse_rn", Profession: "Registered nurse, epilepsy specialist", License: "RN-DEMO-40213", Region: "State Board of Nursing",
		By: "lanternkeeper", DaysAgo: 298},
	{Handle: "peds_endo_doc", Profession: "Pediatric endocrinologist (MD)", License: "MD-DEMO-77120", Region: "State Medical Board",
		By: "lanternkeeper", DaysAgo: 278},
}

// HoldFirstPostsIn is the community that holds new members' first posts;
// CommunityModerators are members (not staff) who moderate a community.
var (
	HoldFirstPostsIn    = "long-covid"
	CommunityModerators = map[string]string{"brain_fog_baker": "long-covid"}
)

// DemoFlag is a member's flag on a demo reply.
type DemoFlag struct {
	By     string
	Reason hearth.FlagReason
	Note   string
}

// FlaggedReply is a reply that members flagged and no moderator has
// looked at yet.
type FlaggedReply struct {
	Community, ThreadTitle, Author, Body string
	HoursAgo                             int
	Flags                                []DemoFlag
}

// FlaggedReplies wait in the queue at /mod.
var FlaggedReplies = []FlaggedReply{
	{Community: "long-covid", ThreadTitle: "Heart races when I stand up — did anyone get checked for POTS?", Author: "slow_walker_22", HoursAgo: 5,
		Body: "Honestly, just double your beta blocker dose on the bad days and drink a liter of salt water. That's what fixed my heart rate.",
		Flags: []DemoFlag{
			{By: "brain_fog_baker", Reason: hearth.FlagHarmfulAdvice, Note: "Telling people to double a heart medicine seems risky."},
			{By: "memorycare_weekends", Reason: hearth.FlagHarmfulAdvice},
		}},
	{Community: "t1d-parents", ThreadTitle: "First sleepover invite — am I crazy to say yes?", Author: "soccer_sub_dad", HoursAgo: 10,
		Body:  "We said yes at 9. The host family lives two doors from us on Maple Grove Lane, so I could walk over at 2am to check her numbers.",
		Flags: []DemoFlag{{By: "omnipod_mama", Reason: hearth.FlagPrivacy, Note: "The street name could identify his family."}}},
	{Community: "long-covid", ThreadTitle: "Pacing actually helped — here's my simple system", Author: "nightshift_dad", HoursAgo: 8,
		Body:  "If anyone wants help with this, I coach pacing now. DM me for a discount code, spots are limited!",
		Flags: []DemoFlag{{By: "brain_fog_baker", Reason: hearth.FlagSpam}}},
}

// FirstPost is a new member's first thread, waiting for approval in
// HoldFirstPostsIn.
var FirstPost = struct {
	Handle, Email, Title, Body string
	JoinedHoursAgo, HoursAgo   int
}{
	Handle: "new_to_pacing", Email: "new_to_pacing@example.org", JoinedHoursAgo: 20, HoursAgo: 3,
	Title: "Brand new here: is a crash normal after a short walk?",
	Body:  "Hi all. I had COVID in the spring and never really got better. Yesterday I walked to the corner shop and then slept most of the afternoon. Is that what people here call a crash? How did you learn where your limit is?",
}

// seedModeration writes the moderation content. It runs after the
// threads exist and before seedNotify settles the notifications.
func seedModeration(ctx context.Context, db *sqldb.DB, now time.Time, at func(time.Time), members map[string]*hearth.Member) error {
	hours := func(h int) time.Time { return now.Add(-time.Duration(h) * time.Hour) }
	days := func(d int) time.Time { return now.Add(-time.Duration(d) * 24 * time.Hour) }
	staff := &hearth.Member{ID: -1, Role: hearth.RoleAdmin}
	threads, err := db.RecentThreads(ctx, staff, 10000)
	if err != nil {
		return err
	}
	thread := func(community, title string) (*hearth.Thread, error) {
		for _, t := range threads {
			if t.CommunitySlug == community && t.Title == title {
				return t, nil
			}
		}
		return nil, fmt.Errorf("demo moderation: no thread %q in %s", title, community)
	}
	reply := func(community, title, author, body string, when time.Time) (*hearth.Post, error) {
		t, err := thread(community, title)
		if err != nil {
			return nil, err
		}
		at(when)
		return db.CreateReply(ctx, members[author], t.ID, body)
	}
	act := func(by string, when time.Time, p *hearth.Post, a hearth.PostAction) error {
		at(when)
		if _, err := db.ModeratePost(ctx, members[by], p.ID, a); err != nil {
			return fmt.Errorf("demo moderation: %s by %s: %w", a.Action, by, err)
		}
		return nil
	}

	// Clinicians, verified by the admin.
	for _, v := range Verifications {
		at(days(v.DaysAgo))
		if _, err := db.VerifyClinician(ctx, members[v.By], v.Handle, hearth.NewVerification{Profession: v.Profession, License: v.License, Region: v.Region}); err != nil {
			return fmt.Errorf("demo verification of %s: %w", v.Handle, err)
		}
	}
	for handle, slug := range CommunityModerators {
		at(days(60))
		if err := db.SetModerator(ctx, slug, handle); err != nil {
			return err
		}
	}
	at(days(30))
	if err := db.SetCommunitySettings(ctx, members["oakbench_mod"], HoldFirstPostsIn, hearth.CommunitySettings{HoldFirstPosts: true}); err != nil {
		return err
	}

	// A member sold supplies: hidden, and a warning.
	p, err := reply("t1d-parents", "Lows halfway through every soccer game", "tslim_tuesday",
		"Off topic, but I have a box of unused sensors from before we switched. Selling them cheap, message me if you want them.", days(7))
	if err != nil {
		return err
	}
	if err := act("tidewater_mod", days(6), p, hearth.PostAction{Action: hearth.ActHide,
		Reason: "Selling medical supplies isn't allowed here (rule: no selling). Your clinic or a donation program can pass them on safely."}); err != nil {
		return err
	}
	if err := act("tidewater_mod", days(6).Add(time.Minute), p, hearth.PostAction{Action: hearth.ActWarn,
		Reason: "A friendly reminder: please don't sell or trade supplies in the group. Thanks for understanding."}); err != nil {
		return err
	}

	// A mentor welcomed one newcomer; the others wait in the queue.
	at(days(5))
	if err := db.Welcome(ctx, members["pumpdad_decade"], "beeping_at_3am"); err != nil {
		return err
	}

	// Someone else's name and number, edited out with a note.
	if p, err = reply("long-covid", "Going back to work part-time — how did you ask for accommodations?", "memorycare_weekends",
		"My HR person was lovely about it. Call Dana Whitfield at 555-0143 if you work for the county too, she knows the forms.", hours(40)); err != nil {
		return err
	}
	if err := act("oakbench_mod", hours(30), p, hearth.PostAction{Action: hearth.ActEdit,
		Body:   "My HR person was lovely about it. If you work for the county too, ask HR for the accommodation forms: they know them well.",
		Reason: "Took out a name and a phone number. Please don't share other people's details (rule: nicknames only)."}); err != nil {
		return err
	}

	// A spam account: its reply waited as spam, then the account was banned.
	at(hours(48))
	spammer, err := db.CreateMember(ctx, hearth.NewMember{Handle: "quick_cure_shop", Email: "quick_cure_shop@example.org", Password: Password})
	if err != nil {
		return err
	}
	pacing, err := thread("long-covid", "Pacing actually helped — here's my simple system")
	if err != nil {
		return err
	}
	at(hours(36))
	spamBody := "Long COVID is curable! Our herbal detox kit is a miracle cure, order now at https://cure-shop.example.com before the offer ends."
	hold, err := db.ModerationHold(ctx, spammer, "", pacing.ID, "", spamBody)
	if err != nil || hold == nil {
		return fmt.Errorf("demo moderation: the spam reply was not held (%v)", err)
	}
	if p, err = db.HoldReply(ctx, spammer, pacing.ID, spamBody, *hold); err != nil {
		return err
	}
	if err := act("oakbench_mod", hours(29), p, hearth.PostAction{Action: hearth.ActBan,
		Reason: "This account only posts ads for fake cures."}); err != nil {
		return err
	}

	// Open flags.
	for _, fr := range FlaggedReplies {
		p, err := reply(fr.Community, fr.ThreadTitle, fr.Author, fr.Body, hours(fr.HoursAgo))
		if err != nil {
			return err
		}
		for i, f := range fr.Flags {
			at(hours(fr.HoursAgo).Add(time.Duration(i+1) * 20 * time.Minute))
			if _, err := db.FlagPost(ctx, members[f.By], p.ID, hearth.NewFlag{Reason: f.Reason, Note: f.Note}); err != nil {
				return fmt.Errorf("demo flag by %s: %w", f.By, err)
			}
		}
	}

	// A new member's first post waits for approval.
	at(hours(FirstPost.JoinedHoursAgo))
	newbie, err := db.CreateMember(ctx, hearth.NewMember{Handle: FirstPost.Handle, Email: FirstPost.Email, Password: Password})
	if err != nil {
		return err
	}
	if err := db.AddMember(ctx, HoldFirstPostsIn, newbie.Handle); err != nil {
		return err
	}
	at(hours(FirstPost.HoursAgo))
	if hold, err = db.ModerationHold(ctx, newbie, HoldFirstPostsIn, 0, FirstPost.Title, FirstPost.Body); err != nil || hold == nil || hold.Reason != hearth.ReasonFirstPost {
		return fmt.Errorf("demo moderation: the first post was not held for approval (%v, %+v)", err, hold)
	}
	if _, err := db.HoldThread(ctx, newbie, HoldFirstPostsIn, hearth.NewThread{Title: FirstPost.Title, Body: FirstPost.Body}, *hold); err != nil {
		return err
	}
	return nil
}
