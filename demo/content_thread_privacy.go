package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// MembersOnlyThreads are threads in public communities that only the
// community's members (and staff) may read: to everyone else they do not
// exist (thread_privacy.go).
var MembersOnlyThreads = []Thread{
	{
		Community: "epilepsy",
		Author:    "keppra_kid_mom",
		Title:     "Scared of SUDEP at night since our last appointment",
		DaysAgo:   3,
		Body: "Our neurologist brought up SUDEP at the last visit, gently, because it is part of the checklist. " +
			"Since then I check on my son three or four times a night and I am running on nothing.\n\n" +
			"I am posting this for members only because I don't want it to show up when someone searches his school. " +
			"How do you sleep? Did you find a monitor you trust?",
		Replies: []Reply{
			{Author: "aura_and_after", HoursAfter: 2, Body: "I was that kid once, and my mom did the same. What helped her was a plan she made with my doctor, so that she had something to *do* with the fear. You are not alone in this."},
			{Author: "epilepsy_nurse_rn", HoursAfter: 5, Body: "General information only: fewer seizures is what lowers the risk most, so keeping up with medicine and sleep matters. Ask your son's team about night-time monitoring and whether it fits his seizure type. They know his history."},
			{Author: "seizurefree_since19", HoursAfter: 20, Body: "We took turns sleeping in shifts for a month, then got a bed sensor our team suggested. It was the first full night of sleep in ages. Be kind to yourself."},
		},
	},
}

// HiddenMember hides which communities they belong to; their profile and
// /api/v1/members/{handle} show the list only to them and staff.
const HiddenMember = "vns_veteran"

// seedThreadPrivacy writes the members-only threads and hides the hidden
// member's communities, through the calls members' pages use.
func seedThreadPrivacy(ctx context.Context, db *sqldb.DB, now time.Time, at func(time.Time), members map[string]*hearth.Member) error {
	for _, th := range MembersOnlyThreads {
		start := now.Add(-time.Duration(th.DaysAgo) * 24 * time.Hour)
		at(start)
		t, err := db.CreateThread(ctx, members[th.Author], th.Community, hearth.NewThread{Title: th.Title, Body: th.Body, Visibility: hearth.ThreadCommunity})
		if err != nil {
			return fmt.Errorf("members-only thread %q: %w", th.Title, err)
		}
		for j, r := range th.Replies {
			at(later(start.Add(time.Duration(r.HoursAfter)*time.Hour), start).Add(time.Duration(j) * time.Minute))
			if _, err := db.CreateReply(ctx, members[r.Author], t.ID, r.Body); err != nil {
				return fmt.Errorf("reply %d in %q: %w", j, th.Title, err)
			}
		}
	}
	return db.SetHideMemberships(ctx, members[HiddenMember], true)
}
