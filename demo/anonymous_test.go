package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

func TestSeedAnonymous(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	member := mustFind(t, db, "longhaul_daughter")
	c, err := db.FindCommunity(ctx, member, demo.AnonymousCommunity)
	if err != nil || !c.AllowAnonymous {
		t.Fatalf("%s allows anonymous posts: %v %v", demo.AnonymousCommunity, c, err)
	}
	threads, _, err := db.ListThreads(ctx, member, demo.AnonymousCommunity, 1)
	if err != nil {
		t.Fatal(err)
	}
	anonymous := 0
	for _, th := range threads {
		tp, err := db.FindThreadPage(ctx, member, th.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range append([]*hearth.Post{tp.Opening}, tp.Replies...) {
			if p.Anonymous {
				anonymous++
				if p.Author != "" {
					t.Errorf("anonymous post %d shows @%s", p.ID, p.Author)
				}
			}
		}
	}
	if anonymous != len(demo.AnonymousPosts) || anonymous < 2 {
		t.Errorf("%d anonymous posts in the demo, want %d", anonymous, len(demo.AnonymousPosts))
	}
	entries, _, err := db.ListAudit(ctx, mustFind(t, db, "lanternkeeper"), hearth.ActReveal, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Reason != demo.AnonymousRevealReason || entries[0].Actor != "tidewater_mod" || entries[0].Member != "" {
		t.Errorf("reveals in the audit log: %+v", entries)
	}
}
