package jobs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/email/emailtest"
	"github.com/hearth-community/hearth/markup"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// TestTwoNodesMailOnce runs two queues (two River clients, as on two
// nodes) on one PostgreSQL schema with one mail server: every mail job
// runs exactly once, whichever node inserted it, even with deliveries
// failing and being retried.
func TestTwoNodesMailOnce(t *testing.T) {
	ctx := context.Background()
	dsn := sqldbtest.NewPostgresDSN(t)
	mail := emailtest.New(t)
	open := func() *sqldb.DB {
		db, err := sqldb.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		db.Render, db.PasswordParams = markup.Render, &sqldb.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		t.Cleanup(func() { db.Close() })
		return db
	}
	a := startQueue(t, open(), mail, "node-a")
	b := startQueue(t, open(), mail, "node-b")
	a.community("epilepsy", hearth.Public)
	const readers = 40
	var handles []string
	for i := range readers {
		h := fmt.Sprintf("reader_%02d", i)
		a.member(h)
		handles = append(handles, "@"+h)
	}
	bob, err := b.db.FindMemberByHandle(ctx, a.member("bob").Handle)
	if err != nil {
		t.Fatal(err)
	}
	mail.FailNext(5)
	// Half the posts go through node A, half through node B; each names
	// ten readers, who each get one email right away.
	for i := 0; i < readers; i += 10 {
		node := a
		if i%20 == 10 {
			node = b
		}
		if _, err := node.db.CreateThread(ctx, bob, "epilepsy", hearth.NewThread{Title: fmt.Sprintf("Post %d", i),
			Body: "Hello " + strings.Join(handles[i:i+10], " ")}); err != nil {
			t.Fatal(err)
		}
	}
	mail.Wait(t, readers, 30*time.Second)
	a.settle()
	b.settle()
	msgs := mail.Messages()
	ids := map[string]bool{}
	for _, m := range msgs {
		id := m.Header.Get("Message-ID")
		if ids[id] {
			t.Errorf("message %s delivered twice", id)
		}
		ids[id] = true
	}
	if len(msgs) != readers || mail.Failed() != 5 {
		t.Errorf("%d messages delivered (%d refused), want %d", len(msgs), mail.Failed(), readers)
	}
	counts, _ := a.db.MailCounts(ctx)
	if counts["sent"] != readers {
		t.Errorf("mail log: %v", counts)
	}
	// Which node worked what, for the record.
	done, err := a.q.Client().JobList(ctx, river.NewJobListParams().States(rivertype.JobStateCompleted).Kinds(
		"hearth_email_notification").First(1000))
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]int{}
	for _, j := range done.Jobs {
		if len(j.AttemptedBy) > 0 {
			by[j.AttemptedBy[len(j.AttemptedBy)-1]]++
		}
	}
	t.Logf("mail jobs completed by node: %v", by)
	if len(done.Jobs) != readers {
		t.Errorf("%d completed mail jobs, want %d", len(done.Jobs), readers)
	}
}
