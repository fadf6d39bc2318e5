package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

func TestSeedModeration(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	admin := mustFind(t, db, "lanternkeeper")
	q, err := db.ModerationQueue(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	// Held: the privacy guard's hold (content_privacy.go) and the first post.
	held := map[string]string{}
	for _, mp := range q.Held {
		held[mp.HoldReason] = mp.Post.Author
	}
	// Flagged: the flagged replies, and first the urgent crisis flag of
	// the self-harm wording check (content_care.go).
	if len(q.Flagged) != len(demo.FlaggedReplies)+1 || !q.Flagged[0].Urgent() {
		t.Errorf("admin's queue: %d flagged, the first urgent: %v", len(q.Flagged), len(q.Flagged) > 0 && q.Flagged[0].Urgent())
	}
	if len(q.Held) != len(demo.HeldPosts)+1 || held[hearth.ReasonFirstPost] != demo.FirstPost.Handle ||
		held[hearth.ReasonPrivacy] == "" || len(q.Welcome) == 0 {
		t.Errorf("admin's queue: %d flagged, %v held, %d to welcome", len(q.Flagged), held, len(q.Welcome))
	}
	reasons := map[hearth.FlagReason]bool{}
	for _, mp := range q.Flagged {
		for _, f := range mp.Flags {
			reasons[f.Reason] = true
		}
	}
	if len(reasons) < 3 {
		t.Errorf("flag reasons in the demo: %v", reasons)
	}
	// The community moderator (a member) sees their community only.
	cq, err := db.ModerationQueue(ctx, mustFind(t, db, "brain_fog_baker"))
	if err != nil {
		t.Fatal(err)
	}
	for _, mp := range append(cq.Flagged, cq.Held...) {
		if mp.Thread.CommunitySlug != demo.HoldFirstPostsIn {
			t.Errorf("brain_fog_baker sees a post in %s", mp.Thread.CommunitySlug)
		}
	}
	if len(cq.Held) != 1 || len(cq.Flagged) != 2 {
		t.Errorf("brain_fog_baker's queue: %d flagged, %d held", len(cq.Flagged), len(cq.Held))
	}
	entries, _, err := db.ListAudit(ctx, admin, "", 1)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[hearth.ModAction]bool{}
	for _, e := range entries {
		seen[e.Action] = true
	}
	for _, a := range []hearth.ModAction{hearth.ActVerify, hearth.ActSettings, hearth.ActHide, hearth.ActWarn, hearth.ActEdit, hearth.ActBan, hearth.ActWelcome} {
		if !seen[a] {
			t.Errorf("no %s in the demo's audit log", a)
		}
	}
	for _, v := range demo.Verifications {
		ver, err := db.FindVerification(ctx, v.Handle)
		if err != nil || !ver.Current() || ver.VerifiedBy != v.By {
			t.Errorf("%s: %+v %v", v.Handle, ver, err)
		}
	}
	if _, err := db.Authenticate(ctx, "quick_cure_shop", demo.Password); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("the spam account signs in: %v", err)
	}
}
