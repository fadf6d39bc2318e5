package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
)

// TestMentorWelcomeEmail: a newcomer joins; their mentor gets the prompt
// by email (immediate by default) through the mail job, and a week later
// the sweep's reminder too; a mentor who chose "no email" for mentoring
// gets none.
func TestMentorWelcomeEmail(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.community("epilepsy", hearth.Public, "kim")
	ana, err := e.db.CreateMember(ctx, hearth.NewMember{Handle: "ana", Email: "ana@example.org", Password: "long enough password", Role: hearth.RoleMentor})
	if err != nil {
		t.Fatal(err)
	}
	e.db.AddMember(ctx, "epilepsy", "ana")
	if _, err := e.db.VolunteerMentor(ctx, ana, hearth.Volunteer{Community: "epilepsy", Languages: []string{"en"}, Capacity: 3}); err != nil {
		t.Fatal(err)
	}
	joined := e.clock.Now()
	if _, err := e.db.Join(ctx, e.member("sam"), "epilepsy"); err != nil {
		t.Fatal(err)
	}
	e.mail.Wait(t, 2, 10*time.Second) // ana's prompt and sam's offer
	e.settle()
	got := e.to("ana")
	if len(got) != 1 {
		t.Fatalf("ana got %d messages", len(got))
	}
	if s := got[0].Header.Get("Subject"); s != "Mentoring: Please welcome @sam to The epilepsy group" {
		t.Errorf("Subject = %q", s)
	}
	if txt := got[0].Text(); !strings.Contains(txt, base+"/mentor#m") || !strings.Contains(txt, "short hello") {
		t.Errorf("text part:\n%s", txt)
	}
	if offer := e.to("sam"); len(offer) != 1 || !strings.Contains(offer[0].Text(), base+"/c/epilepsy#mentor") {
		t.Errorf("sam's offer: %d messages", len(offer))
	}

	// A week on, the sweep (on the queue's clock) reminds ana by email.
	e.clock.Set(joined.Add(hearth.MentorWeekReminder + time.Minute)) // this clock ticks a second per read
	if n, err := e.q.SweepMentors(ctx); err != nil || n != 1 {
		t.Fatalf("sweep: %d, %v", n, err)
	}
	e.mail.Wait(t, 3, 10*time.Second)
	e.settle()
	got = e.to("ana")
	if len(got) != 2 || got[1].Header.Get("Subject") != "Mentoring: One week on: check in with @sam" {
		t.Fatalf("ana's reminder: %d messages", len(got))
	}

	// With mentoring email off, the month reminder stays in the app.
	if err := e.db.SetNotifyPrefs(ctx, ana, hearth.NotifyPrefs{hearth.NotifyMentor: hearth.EmailNever}); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(joined.Add(hearth.MentorMonthReminder + time.Minute))
	if n, err := e.q.SweepMentors(ctx); err != nil || n != 1 {
		t.Fatalf("month sweep: %d, %v", n, err)
	}
	e.settle()
	if n := len(e.to("ana")); n != 2 {
		t.Errorf("ana got %d messages after turning mentoring email off", n)
	}
}
