package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

func TestSeed(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	now := time.Now()
	if err := demo.Seed(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	admin, err := db.Authenticate(ctx, "lanternkeeper", demo.Password)
	if err != nil {
		t.Fatalf("demo admin cannot sign in: %v", err)
	}
	all, _ := db.ListCommunities(ctx, admin)
	public, _ := db.ListCommunities(ctx, nil)
	if len(all) != len(demo.Communities) || len(public) >= len(all) {
		t.Fatalf("communities: admin sees %d, anonymous %d", len(all), len(public))
	}
	recent, _ := db.RecentThreads(ctx, nil, 100)
	longest := 0
	for _, th := range recent {
		longest = max(longest, th.ReplyCount)
		if th.LastActivityAt.After(now) {
			t.Errorf("thread %q active in the future", th.Title)
		}
	}
	if longest < 50 {
		t.Errorf("longest public thread has %d replies, want 50+", longest)
	}
	everything, _ := db.RecentThreads(ctx, admin, 1000)
	newThreads := 0 // fresh threads after the follows (content_notify.go)
	for _, n := range demo.NotifyNews {
		if n.Title != "" {
			newThreads++
		}
	}
	newThreads += demo.ArchivedSessions // live chat transcripts (content_events.go)
	newThreads += demo.MemorialThreads  // the memorial account's threads (content_account.go)
	// Threads behind content warnings (content_care.go).
	newThreads += len(demo.WarnedThreads)
	// Anonymous threads (content_anonymous.go).
	for _, a := range demo.AnonymousPosts {
		if a.Title != "" {
			newThreads++
		}
	}
	newThreads += len(demo.MembersOnlyThreads) // content_thread_privacy.go
	if len(everything) != len(demo.Threads)+newThreads {
		t.Errorf("seeded %d threads, want %d", len(everything), len(demo.Threads)+newThreads)
	}
	roles := map[hearth.Role]bool{}
	for _, m := range demo.Members {
		roles[hearth.Role(m.Role)] = true
	}
	if len(roles) != len(hearth.Roles) {
		t.Errorf("roles in demo: %v", roles)
	}
}
