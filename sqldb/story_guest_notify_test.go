package sqldb_test

import (
	"testing"

	"github.com/hearth-community/hearth"
)

// TestApprovedGuestCommentNotifies (issue 6): a guest's held comment
// notifies nobody; approving it tells the story's author (and whoever a
// member's comment would tell: the author of the comment it answers,
// members it mentions) exactly once, never the approver; rejecting it
// tells nobody.
func TestApprovedGuestCommentNotifies(t *testing.T) {
	f := newStoryFixture(t)
	fan := mustMember(t, f.db, "fan", hearth.RoleMember)
	if err := f.db.Follow(f.ctx, fan, hearth.FollowTarget{Kind: hearth.FollowMember, Key: "author"}); err != nil {
		t.Fatal(err)
	}
	first := f.comment(f.reader, f.public, hearth.NewComment{Body: "Thank you for writing this."})
	all := map[string]*hearth.Member{"author": f.author, "reader": f.reader, "mod": f.mod, "fan": fan}
	counts := func() map[string]int {
		t.Helper()
		out := map[string]int{}
		for h, m := range all {
			ns, _, err := f.db.ListNotifications(f.ctx, m, 1)
			if err != nil {
				t.Fatal(err)
			}
			out[h] = len(ns)
		}
		return out
	}
	base := counts() // the author heard of the reader's comment
	if base["author"] != 1 {
		t.Fatalf("before any guest: %v", base)
	}
	guest := func(body string, parent int64) *hearth.Comment {
		return f.comment(nil, f.public, hearth.NewComment{Body: body, ParentID: parent, Guest: &hearth.Guest{Name: "Pat", Email: "pat@example.org"}})
	}
	same := func(when string, want map[string]int) {
		t.Helper()
		if got := counts(); len(got) != len(want) || got["author"] != want["author"] || got["reader"] != want["reader"] ||
			got["mod"] != want["mod"] || got["fan"] != want["fan"] {
			t.Errorf("%s: notifications %v, want %v", when, got, want)
		}
	}

	// Held: nobody hears of it.
	kind := guest("We went through the same, @fan.", 0)
	same("held", base)
	// A moderator approves: the author hears once, as a comment by a
	// guest; fan, mentioned, hears too; the moderator does not.
	if _, err := f.db.ModerateComment(f.ctx, f.mod, kind.ID, true); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"author": base["author"] + 1, "reader": base["reader"], "mod": 0, "fan": base["fan"] + 1}
	same("approved by a moderator", want)
	ns, _, err := f.db.ListNotifications(f.ctx, f.author, 1)
	if err != nil {
		t.Fatal(err)
	}
	if n := ns[0]; n.Kind != hearth.NotifyComment || n.Subject.ID != kind.ID || n.Actor != "" || n.Summary() != "A guest commented" ||
		n.Excerpt == "" || n.Title != f.public.Title {
		t.Errorf("the author's notification: %+v (%q)", n, n.Summary())
	}
	// Exactly once: approving again, or fanning out again, adds nothing.
	if _, err := f.db.ModerateComment(f.ctx, f.author, kind.ID, true); err != nil {
		t.Fatal(err)
	}
	if n, err := f.db.FanOut(f.ctx, hearth.Subject{Type: hearth.SubjectComment, ID: kind.ID}, nil); err != nil || n != 0 {
		t.Errorf("second fan-out: %d, %v", n, err)
	}
	same("approved twice", want)

	// Rejected: nobody hears of it.
	spam := guest("Buy cheap pills @reader", first.ID)
	if _, err := f.db.ModerateComment(f.ctx, f.author, spam.ID, false); err != nil {
		t.Fatal(err)
	}
	same("rejected", want)

	// The author approves a reply to the reader's comment: the reader
	// hears of it; the author, who approved it, does not.
	reply := guest("Same here, thank you.", first.ID)
	if _, err := f.db.ModerateComment(f.ctx, f.author, reply.ID, true); err != nil {
		t.Fatal(err)
	}
	want["reader"]++
	same("reply approved by the author", want)
	if ns, _, _ := f.db.ListNotifications(f.ctx, f.reader, 1); len(ns) == 0 || ns[0].Subject.ID != reply.ID || ns[0].Summary() != "A guest commented" {
		t.Errorf("the reader's notification: %+v", ns)
	}
}
