package sqldb_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

func TestZZReplyRate(t *testing.T) {
	if os.Getenv("DIAG_RATE") == "" {
		t.Skip()
	}
	ctx := context.Background()
	db := MustOpenDB(t)
	m := mustMember(t, db, "writer", hearth.RoleMember)
	mustCommunity(t, db, "pub", hearth.Public)
	th, err := db.CreateThread(ctx, m, "pub", hearth.NewThread{Title: "Rate", Body: "rate test"})
	if err != nil {
		t.Fatal(err)
	}
	c := newCorpus(2)
	run := func(label string) {
		start := time.Now()
		const n = 2000
		for i := 0; i < n; i++ {
			if _, err := db.CreateReply(ctx, m, th.ID, c.body()); err != nil {
				t.Fatal(err)
			}
		}
		d := time.Since(start)
		t.Logf("%s: %d replies in %s, %.0f/s", label, n, d.Round(time.Millisecond), n/d.Seconds())
	}
	run("with search triggers")
	for _, q := range []string{os.Getenv("DIAG_SQL1"), os.Getenv("DIAG_SQL2")} {
		if q != "" {
			if err := sqldb.ExecForSearchTest(db, q); err != nil {
				t.Fatal(err)
			}
			run(q)
		}
	}
	if err := sqldb.ExecForSearchTest(db, `DROP TRIGGER search_posts_insert`); err != nil {
		t.Fatal(err)
	}
	run("without")
}
