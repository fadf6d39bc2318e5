package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// TestSeedThreadPrivacy: the demo's members-only thread exists for the
// community's members and staff only, and the hidden member's
// communities show to them and staff only.
func TestSeedThreadPrivacy(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	th := demo.MembersOnlyThreads[0]
	for _, tc := range []struct {
		reader string // "" when signed out
		sees   bool
	}{{"", false}, {"slow_walker_22", false}, {"aura_and_after", true}, {"oakbench_mod", true}, {"lanternkeeper", true}} {
		var v *hearth.Member
		if tc.reader != "" {
			v = mustFind(t, db, tc.reader)
		}
		ts, _, err := db.ListThreads(ctx, v, th.Community, 1)
		if err != nil {
			t.Fatal(err)
		}
		var found *hearth.Thread
		for _, x := range ts {
			if x.Title == th.Title {
				found = x
			}
		}
		if (found != nil) != tc.sees {
			t.Errorf("%q sees the members-only thread: %v, want %v", tc.reader, found != nil, tc.sees)
		}
		if found != nil && (found.Visibility != hearth.ThreadCommunity || found.ReplyCount != len(th.Replies)) {
			t.Errorf("members-only thread: %+v", found)
		}
		cs, hidden, err := db.ListMemberCommunities(ctx, v, demo.HiddenMember)
		if err != nil {
			t.Fatal(err)
		}
		staff := v.IsStaff()
		if hidden == staff || (len(cs) > 0) != staff {
			t.Errorf("%q sees %s's communities: %v (hidden %v)", tc.reader, demo.HiddenMember, cs, hidden)
		}
	}
}
