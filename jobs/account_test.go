package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/email"
	"github.com/hearth-community/hearth/email/emailtest"
	"github.com/hearth-community/hearth/jobs"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// TestDeleteAccountDropsQueuedMail: deleting an account removes the mail
// River still holds for it (a notification email and a password reset),
// and leaves other members' jobs alone. The queue is not started, so the
// jobs wait in river_job as they would behind a slow mail server.
func TestDeleteAccountDropsQueuedMail(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	sender, err := email.NewSender(emailtest.New(t).URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	q, err := jobs.Open(ctx, db, jobs.Config{Sender: sender, Composer: &email.Composer{SiteName: "t", BaseURL: base, From: "h@hearth.example"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	e := &env{t: t, db: db, q: q, members: map[string]*hearth.Member{}}
	e.community("open", hearth.Public, "alice", "bob", "carol")
	th := e.thread("alice", "open", "Pacing and rest days", "How do you plan rest days?")
	carolThread := e.thread("carol", "open", "Carol asks", "Anyone?")
	reply := e.reply("bob", th, "I plan one every third day.")
	other := e.reply("bob", carolThread, "Hello Carol.")
	// Fan out now (the queue is not working): alice and carol each get a
	// notification and an immediate email job.
	for _, p := range []*hearth.Post{reply, other} {
		if _, err := db.FanOut(ctx, hearth.Subject{Type: hearth.SubjectPost, ID: p.ID}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RequestPasswordReset(ctx, "alice@example.org"); err != nil {
		t.Fatal(err)
	}
	kinds := func() map[string]int {
		res, err := q.Client().JobList(ctx, riverListPending())
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, j := range res.Jobs {
			out[j.Kind]++
		}
		return out
	}
	before := kinds()
	if before["hearth_email_notification"] != 2 || before["hearth_email_password_reset"] != 1 {
		t.Fatalf("jobs before: %v", before)
	}
	if _, err := db.DeleteAccount(ctx, e.member("alice"), "long enough password", hearth.DeleteKeepPosts); err != nil {
		t.Fatal(err)
	}
	after := kinds()
	if after["hearth_email_notification"] != 1 || after["hearth_email_password_reset"] != 0 || after["hearth_fan_out"] != before["hearth_fan_out"] {
		t.Fatalf("jobs after deleting alice: %v (before %v)", after, before)
	}
}
