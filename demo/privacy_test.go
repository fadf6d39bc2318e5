package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// TestSeedHeldPost checks that the demo's moderators find the clinician's
// held reply in the review queue, and that no one else sees it.
func TestSeedHeldPost(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"lanternkeeper", "oakbench_mod"} {
		m, err := db.FindMemberByHandle(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := db.ListReviews(ctx, m)
		if err != nil || len(rs) != len(demo.HeldPosts) {
			t.Fatalf("%s's queue: %v, %d posts", h, err, len(rs))
		}
		types := map[string]bool{}
		for _, f := range rs[0].Findings {
			types[f.Type] = true
		}
		if !types["PHONE"] || !types["NAME"] || !types["DATE"] || rs[0].Post.Author != "epilepsy_nurse_rn" {
			t.Errorf("held post: %+v", rs[0])
		}
	}
	rs, _ := db.ListReviews(ctx, mustFind(t, db, "lanternkeeper"))
	tp, err := db.FindThreadPage(ctx, nil, rs[0].Thread.ID, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range tp.Replies {
		if p.ID == rs[0].Post.ID {
			t.Error("a guest sees the held post")
		}
	}
}

func mustFind(t *testing.T, db interface {
	FindMemberByHandle(context.Context, string) (*hearth.Member, error)
}, h string) *hearth.Member {
	t.Helper()
	m, err := db.FindMemberByHandle(context.Background(), h)
	if err != nil {
		t.Fatal(err)
	}
	return m
}
