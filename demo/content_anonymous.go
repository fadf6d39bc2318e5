package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// Anonymous posting (issue 13): the Caregivers' Room allows anonymous
// posts, and holds a thread and replies posted as "a member", for the
// things people find hard to say under their own name. Its moderator
// once revealed an author, with a reason, which is in the audit log.

// AnonymousCommunity is the demo community that allows anonymous posts.
const AnonymousCommunity = "caregivers"

// AnonymousPost is one anonymous post of the demo: a thread when Title
// is set, else a reply in the thread titled InThread.
type AnonymousPost struct {
	Author   string
	Title    string
	InThread string
	Body     string
	HoursAgo int
	// Replies are signed replies to an anonymous thread.
	Replies []Reply
}

// AnonymousPosts are the demo's anonymous posts, oldest first.
var AnonymousPosts = []AnonymousPost{
	{
		Author: "only_child_caring",
		Title:  "Sometimes I resent her, and then I hate myself for it",
		Body: `I love my mom. I moved her in with me, I do her pills, her appointments, her bad nights. But some evenings, when she asks me the same question for the twentieth time, I feel something close to anger, and then an hour later I feel like the worst daughter alive.

I can't say this under my own name, even here. Does anyone else feel this?`,
		HoursAgo: 70,
		Replies: []Reply{
			{Author: "longhaul_daughter", HoursAfter: 2,
				Body: "Yes. Every caregiver I know has felt this. Resentment isn't the opposite of love; it's what exhaustion feels like from the inside. You're not a bad daughter. You're a tired one."},
			{Author: "sundown_son", HoursAfter: 5,
				Body: "Same here, with Dad. What helped me a little: stepping outside for five minutes when I feel it rising, before I answer. He doesn't remember that I left. I remember that I didn't snap."},
		},
	},
	{
		Author:   "memorycare_weekends",
		InThread: "Sometimes I resent her, and then I hate myself for it",
		Body:     "Posting this one without my name too. When Mom moved to memory care, part of me felt relief, and the relief made me feel worse than the anger ever did. A counselor told me both feelings can be true at once. It took me months to believe her.",
		HoursAgo: 60,
	},
	{
		Author:   "sundown_son",
		InThread: "How did you find respite care? I haven't had a day off in months",
		Body:     "I'm embarrassed to say this with my name on it: we can't afford respite at all right now. I've been using my sick days to cover Dad's bad weeks, and I'm nearly out. If anyone knows free options for people who don't qualify for the usual programs, I'd be grateful.",
		HoursAgo: 30,
	},
}

// AnonymousRevealReason is the reason of the demo's one audited reveal.
const AnonymousRevealReason = "The post says they are nearly out of sick leave and money; checking in privately with local support options."

// seedAnonymous turns anonymous posts on in the Caregivers' Room, posts
// AnonymousPosts and records the moderator's one reveal.
func seedAnonymous(ctx context.Context, db *sqldb.DB, now time.Time, at func(time.Time), members map[string]*hearth.Member) error {
	mod := members["tidewater_mod"]
	at(now.Add(-80 * time.Hour))
	_, cs, err := db.CommunitySettings(ctx, mod, AnonymousCommunity)
	if err != nil {
		return err
	}
	cs.AllowAnonymous = true
	if err := db.SetCommunitySettings(ctx, mod, AnonymousCommunity, *cs); err != nil {
		return fmt.Errorf("anonymous posts: %w", err)
	}
	threads := map[string]int64{}
	list, _, err := db.ListThreads(ctx, mod, AnonymousCommunity, 1)
	if err != nil {
		return err
	}
	for _, t := range list {
		threads[t.Title] = t.ID
	}
	var last *hearth.Post
	for _, a := range AnonymousPosts {
		start := now.Add(-time.Duration(a.HoursAgo) * time.Hour)
		at(start)
		if a.Title != "" {
			t, err := db.CreateThread(ctx, members[a.Author], AnonymousCommunity, hearth.NewThread{Title: a.Title, Body: a.Body, Anonymous: true})
			if err != nil {
				return fmt.Errorf("anonymous thread %q: %w", a.Title, err)
			}
			threads[a.Title] = t.ID
			for j, r := range a.Replies {
				at(start.Add(time.Duration(r.HoursAfter)*time.Hour + time.Duration(j)*time.Minute))
				if _, err := db.CreateReply(ctx, members[r.Author], t.ID, r.Body); err != nil {
					return fmt.Errorf("reply %d in %q: %w", j, a.Title, err)
				}
			}
			continue
		}
		id, ok := threads[a.InThread]
		if !ok {
			return fmt.Errorf("anonymous reply: no thread %q", a.InThread)
		}
		if last, err = db.CreateAnonymousReply(ctx, members[a.Author], id, a.Body); err != nil {
			return fmt.Errorf("anonymous reply in %q: %w", a.InThread, err)
		}
	}
	at(now.Add(-20 * time.Hour))
	if _, err := db.RevealAuthor(ctx, mod, last.ID, AnonymousRevealReason); err != nil {
		return fmt.Errorf("reveal: %w", err)
	}
	return nil
}
