package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

func TestSeedMessages(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	cs, err := db.ListConversations(ctx, mustFind(t, db, "keppra_kid_mom"))
	if err != nil {
		t.Fatal(err)
	}
	group := false
	for _, c := range cs {
		group = group || len(c.Participants) > 2
	}
	if len(cs) != 2 || !group {
		t.Errorf("keppra_kid_mom's conversations: %d, a group: %v", len(cs), group)
	}
	// The stranger's "cure" waits for the site's moderators, and its
	// recipient blocked its author.
	rms, err := db.ReportedMessages(ctx, mustFind(t, db, "oakbench_mod"))
	if err != nil || len(rms) != 1 || rms[0].Message.Author != "slow_walker_22" {
		t.Fatalf("reported messages: %+v, %v", rms, err)
	}
	if b, _ := db.IsBlocked(ctx, mustFind(t, db, "beeping_at_3am"), "slow_walker_22"); !b {
		t.Errorf("beeping_at_3am has not blocked slow_walker_22")
	}
	// The admin reads no conversation.
	if cs, _ := db.ListConversations(ctx, mustFind(t, db, "lanternkeeper")); len(cs) != 0 {
		t.Errorf("the admin lists %d conversations", len(cs))
	}
}
