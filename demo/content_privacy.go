package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/privacy"
	"github.com/hearth-community/hearth/sqldb"
)

// HeldPost is a reply that the privacy guard held for review when its
// author, a clinician, sent it anyway: it gives the review queue
// (/mod/review) something to show the demo's moderators. Unlike the rest
// of the demo content it holds identifiers on purpose; they are invented
// (a 555 phone number), and the post is seen only by its author and the
// moderators until one of them decides.
type HeldPost struct {
	Community   string // slug
	ThreadTitle string // the thread it replies to
	Author      string // a clinician's handle
	Body        string
	HoursAgo    int
}

// HeldPosts are the demo's posts waiting for review.
var HeldPosts = []HeldPost{
	{
		Community:   "epilepsy",
		ThreadTitle: "Seizure action plan for 2nd grade — what did you put in yours?",
		Author:      "epilepsy_nurse_rn",
		Body:        `This list looks great. I think I met your son Mason Rivera at our clinic on October 14, so I can help with the school form: call me at (555) 014-2290 any weekday morning and we can go through the rescue med section together.`,
		HoursAgo:    3,
	},
}

// seedHeld writes HeldPosts through the same guard decision the web
// forms take: the findings are the detector's, the hold the clinician's.
func seedHeld(ctx context.Context, db *sqldb.DB, members map[string]*hearth.Member, now time.Time, at func(time.Time)) error {
	staff := &hearth.Member{Role: hearth.RoleAdmin}
	for _, h := range HeldPosts {
		ts, err := db.RecentThreads(ctx, staff, 10000)
		if err != nil {
			return err
		}
		var thread *hearth.Thread
		for _, t := range ts {
			if t.CommunitySlug == h.Community && t.Title == h.ThreadTitle {
				thread = t
			}
		}
		if thread == nil {
			return fmt.Errorf("held post: no thread %q in %s", h.ThreadTitle, h.Community)
		}
		hold := hearth.Hold{Reason: hearth.ReasonPrivacy}
		for _, f := range privacy.Scan(h.Body) {
			hold.Findings = append(hold.Findings, hearth.HeldFinding{Field: "body", Start: f.Start, End: f.End, Type: string(f.Type), Text: f.Text})
		}
		if len(hold.Findings) == 0 {
			return fmt.Errorf("held post in %q: the guard finds nothing to hold", h.ThreadTitle)
		}
		at(now.Add(-time.Duration(h.HoursAgo) * time.Hour))
		if _, err := db.HoldReply(ctx, members[h.Author], thread.ID, h.Body, hold); err != nil {
			return fmt.Errorf("held post in %q: %w", h.ThreadTitle, err)
		}
	}
	return nil
}
