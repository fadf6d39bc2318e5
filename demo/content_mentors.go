package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// MentorVolunteer is a demo mentor's volunteering in a community.
type MentorVolunteer struct {
	Mentor, Community string
	Languages         []string
	Capacity          int
}

// MentorVolunteers: the three demo mentors, each in the community they
// know best. Long COVID has no mentor yet, so its newcomers wait, and the
// moderators' coverage page shows it.
var MentorVolunteers = []MentorVolunteer{
	{"seizurefree_since19", "epilepsy", []string{"en", "es"}, 4},
	{"pumpdad_decade", "t1d-parents", []string{"en"}, 3},
	{"longhaul_daughter", "caregivers", []string{"en"}, 3},
}

// DemoMentee is a newcomer at some stage of being welcomed. Days count
// back from now; -1 means not yet.
type DemoMentee struct {
	Newcomer, Community, Language string
	JoinedDaysAgo                 int
	Accepted                      bool
	WelcomedDaysAgo               int
	CheckedInDaysAgo              int
}

// DemoMentees: checked in, welcomed, accepted and still waiting, and one
// with no mentor in their community yet.
var DemoMentees = []DemoMentee{
	{"dorm_room_seizures", "epilepsy", "en", 44, true, 43, 36},
	{"abuela_cuida", "epilepsy", "es", 39, true, 38, -1},
	{"sam_mom_of_3", "epilepsy", "en", 3, false, -1, -1},
	{"soccer_sub_dad", "t1d-parents", "en", 58, true, 57, 50},
	{"beeping_at_3am", "t1d-parents", "en", 5, true, 4, -1},
	{"only_child_caring", "caregivers", "en", 70, false, 69, 41},
	{"slow_walker_22", "long-covid", "en", 29, false, -1, -1},
}

// seedMentors writes the volunteering and the mentees, then runs the
// sweep once, so that reminders already due are in the mentors'
// notifications.
func seedMentors(ctx context.Context, db *sqldb.DB, now time.Time, at func(time.Time), members map[string]*hearth.Member) error {
	day := func(n int) time.Time { return now.Add(-time.Duration(n)*24*time.Hour + 2*time.Hour) }
	at(day(120))
	for _, v := range MentorVolunteers {
		if _, err := db.VolunteerMentor(ctx, members[v.Mentor], hearth.Volunteer{Community: v.Community, Languages: v.Languages, Capacity: v.Capacity}); err != nil {
			return fmt.Errorf("demo mentor %s: %w", v.Mentor, err)
		}
	}
	for _, m := range DemoMentees {
		if err := db.SetLanguageByID(ctx, members[m.Newcomer].ID, m.Language); err != nil {
			return err
		}
		at(day(m.JoinedDaysAgo))
		if err := db.SeedMentorship(ctx, m.Community, m.Newcomer); err != nil {
			return fmt.Errorf("demo mentee %s: %w", m.Newcomer, err)
		}
		id, err := db.MentorshipID(ctx, m.Community, m.Newcomer)
		if err != nil {
			return err
		}
		page, err := db.MentorPage(ctx, members[m.Newcomer])
		if err != nil {
			return err
		}
		var mentor string
		for _, o := range page.Offers {
			if o.ID == id {
				mentor = o.Mentor
			}
		}
		if mentor == "" {
			continue // nobody volunteers there yet
		}
		if m.Accepted {
			at(day(m.JoinedDaysAgo).Add(3 * time.Hour))
			if err := db.AnswerMentorOffer(ctx, members[m.Newcomer], id, hearth.OfferAccept); err != nil {
				return err
			}
		}
		for _, mark := range []struct {
			days   int
			action string
		}{{m.WelcomedDaysAgo, hearth.MenteeWelcomed}, {m.CheckedInDaysAgo, hearth.MenteeCheckedIn}} {
			if mark.days < 0 {
				continue
			}
			at(day(mark.days))
			if err := db.MarkMentee(ctx, members[mentor], id, mark.action); err != nil {
				return fmt.Errorf("demo mentee %s %s: %w", m.Newcomer, mark.action, err)
			}
		}
	}
	at(now.Add(-time.Hour))
	_, err := db.MentorSweep(ctx, now.Add(-time.Hour))
	return err
}
