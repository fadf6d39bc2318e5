package sqldb_test

import (
	"context"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

func TestSeed(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	opts := sqldb.SeedOptions{Communities: 3, Threads: 4, Replies: 7, Members: 12,
		CommunityNames: []string{"Epilepsy", "Long COVID"}, Titles: []string{"A title", "Another title"},
		Bodies:      []string{"First **body**", "Second body with a [link](https://example.org)"},
		BenchHandle: "bench", BenchPassword: "a long bench password"}
	res, err := db.Seed(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	// 3×4 threads of 8 posts, and the bench thread of 51.
	if res.Threads != 13 || res.Posts != 3*4*8+hearth.RepliesPerPage+1 || res.Members != 13 || res.Communities != 3 {
		t.Errorf("seeded %+v", res)
	}
	bench, err := db.FindSession(ctx, res.Session)
	if err != nil || bench.Handle != "bench" {
		t.Fatalf("session: %v %v", bench, err)
	}
	if m, err := db.FindToken(ctx, res.Token); err != nil || m.ID != bench.ID {
		t.Fatalf("token: %v %v", m, err)
	}
	if _, err := db.Authenticate(ctx, "bench", "a long bench password"); err != nil {
		t.Fatalf("sign in as the bench member: %v", err)
	}
	tp, err := db.FindThreadPage(ctx, nil, res.BenchThread.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if tp.Thread.ReplyCount != hearth.RepliesPerPage || len(tp.Replies) != hearth.RepliesPerPage || tp.Pages != 1 {
		t.Errorf("bench thread: %d replies, %d on the page, %d pages", tp.Thread.ReplyCount, len(tp.Replies), tp.Pages)
	}
	if tp.Opening.BodyHTML != "<p>First <strong>body</strong></p>\n" {
		t.Errorf("opening post rendered as %q", tp.Opening.BodyHTML)
	}
	for i, p := range tp.Replies {
		if p.Position != i+1 {
			t.Fatalf("reply %d has position %d", i, p.Position)
		}
	}
	if res.BenchThread.CommunitySlug != "epilepsy" || tp.Community.Visibility != hearth.Public {
		t.Errorf("bench thread in %s (%s)", res.BenchThread.CommunitySlug, tp.Community.Visibility)
	}
	// The other threads take replies (writes benchmarks post there).
	if len(res.WriteThreads) != 12 {
		t.Errorf("%d write threads", len(res.WriteThreads))
	}
	if _, err := db.CreateReply(ctx, bench, res.WriteThreads[0], "One more"); err != nil {
		t.Fatal(err)
	}
	cs, err := db.ListCommunities(ctx, nil)
	if err != nil || len(cs) != 3 || cs[0].ThreadCount == 0 || cs[0].MemberCount != 13 {
		t.Fatalf("communities: %v %v", cs, err)
	}
	// Seed fills an empty database only.
	if _, err := db.Seed(ctx, opts); hearth.ErrorCode(err) != hearth.EConflict {
		t.Errorf("seeding twice: %v", err)
	}
}
