package sqldb_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

var phoneHold = hearth.Hold{Reason: hearth.ReasonPrivacy, Findings: []hearth.HeldFinding{{Field: "body", Start: 8, End: 20, Type: "PHONE", Text: "555-201-4477"}}}

// sees reports what a viewer sees of a thread: whether the thread opens,
// the bodies on its (last) page, and whether lists and counts show it.
type seen struct {
	opens      bool
	bodies     []string
	listed     bool
	recent     bool
	profile    bool
	count      int
	replyCount int
}

func look(t *testing.T, db *sqldb.DB, viewer *hearth.Member, slug string, threadID int64, author string) seen {
	t.Helper()
	ctx := context.Background()
	var s seen
	if tp, err := db.FindThreadPage(ctx, viewer, threadID, 1<<20); err == nil {
		s.opens = true
		s.replyCount = tp.Thread.ReplyCount
		s.bodies = append(s.bodies, tp.Opening.Body)
		for _, p := range tp.Replies {
			s.bodies = append(s.bodies, p.Body)
		}
	} else if hearth.ErrorCode(err) != hearth.ENotFound {
		t.Fatal(err)
	}
	ts, _, err := db.ListThreads(ctx, viewer, slug, 1)
	if err != nil {
		t.Fatal(err)
	}
	s.listed = slices.ContainsFunc(ts, func(x *hearth.Thread) bool { return x.ID == threadID })
	recent, _ := db.RecentThreads(ctx, viewer, 100)
	s.recent = slices.ContainsFunc(recent, func(x *hearth.Thread) bool { return x.ID == threadID })
	mine, _ := db.ListMemberPosts(ctx, viewer, author, 100)
	s.profile = slices.ContainsFunc(mine, func(x *hearth.Thread) bool { return x.ID == threadID })
	c, err := db.FindCommunity(ctx, viewer, slug)
	if err != nil {
		t.Fatal(err)
	}
	s.count = c.ThreadCount
	return s
}

func TestHeldThreadVisibility(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	doc := mustMember(t, db, "rn_jo", hearth.RoleClinician)
	mod := mustMember(t, db, "mod_kim", hearth.RoleModerator)
	reader := mustMember(t, db, "reader", hearth.RoleMember)
	mustCommunity(t, db, "epilepsy", hearth.Public)

	th, err := db.HoldThread(ctx, doc, "epilepsy", hearth.NewThread{Title: "Clinic hours", Body: "Call me 555-201-4477 about Liam Carter"}, phoneHold)
	if err != nil {
		t.Fatal(err)
	}
	if th.Status != hearth.StatusHeld {
		t.Fatalf("status %q", th.Status)
	}
	for name, v := range map[string]*hearth.Member{"anonymous": nil, "reader": reader} {
		if s := look(t, db, v, "epilepsy", th.ID, "rn_jo"); s.opens || s.listed || s.recent || s.profile || s.count != 0 {
			t.Errorf("%s sees the held thread: %+v", name, s)
		}
	}
	if s := look(t, db, doc, "epilepsy", th.ID, "rn_jo"); !s.opens || !s.listed || !s.profile {
		t.Errorf("the author does not see their held thread: %+v", s)
	}
	// Moderators open it (from the queue) but do not find it in lists.
	if s := look(t, db, mod, "epilepsy", th.ID, "rn_jo"); !s.opens || s.listed || s.count != 0 {
		t.Errorf("moderator: %+v", s)
	}
	if _, _, err := db.FindPost(ctx, reader, 1); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("reader finds the held opening post: %v", err)
	}
	if _, err := db.CreateReply(ctx, reader, th.ID, "me too"); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("reader replies to a held thread: %v", err)
	}

	// The queue: staff only.
	if _, err := db.ListReviews(ctx, reader); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("reader lists reviews: %v", err)
	}
	rs, err := db.ListReviews(ctx, mod)
	if err != nil || len(rs) != 1 || rs[0].Post.Body != "Call me 555-201-4477 about Liam Carter" || rs[0].Thread.Title != "Clinic hours" ||
		len(rs[0].Findings) != 1 || rs[0].Findings[0].Text != "555-201-4477" || rs[0].Post.Author != "rn_jo" {
		t.Fatalf("ListReviews: %v %+v", err, rs)
	}
	if err := db.DecideReview(ctx, mod, rs[0].ID, true, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.DecideReview(ctx, mod, rs[0].ID, true, ""); hearth.ErrorCode(err) != hearth.EConflict {
		t.Errorf("deciding twice: %v", err)
	}
	if s := look(t, db, reader, "epilepsy", th.ID, "rn_jo"); !s.opens || !s.listed || !s.recent || !s.profile || s.count != 1 {
		t.Errorf("approved thread not visible: %+v", s)
	}
	if rs, _ := db.ListReviews(ctx, mod); len(rs) != 0 {
		t.Errorf("queue after approval: %d", len(rs))
	}
}

func TestHeldReplyApproveReject(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	doc := mustMember(t, db, "rn_jo", hearth.RoleClinician)
	admin := mustMember(t, db, "admin_al", hearth.RoleAdmin)
	mod := mustMember(t, db, "mod_kim", hearth.RoleModerator)
	reader := mustMember(t, db, "reader", hearth.RoleMember)
	mustCommunity(t, db, "epilepsy", hearth.Public)
	th, err := db.CreateThread(ctx, reader, "epilepsy", hearth.NewThread{Title: "Question", Body: "Anyone?"})
	if err != nil {
		t.Fatal(err)
	}

	held, err := db.HoldReply(ctx, doc, th.ID, "Call me 555-201-4477", phoneHold)
	if err != nil {
		t.Fatal(err)
	}
	if held.Status != hearth.StatusHeld || held.Position >= 0 {
		t.Fatalf("held reply: %+v", held)
	}
	if _, err := db.CreateReply(ctx, reader, th.ID, "first visible reply"); err != nil {
		t.Fatal(err)
	}
	// Others see neither the reply nor a count or activity change from it.
	s := look(t, db, nil, "epilepsy", th.ID, "rn_jo")
	if slices.Contains(s.bodies, "Call me 555-201-4477") || s.replyCount != 1 || s.profile {
		t.Errorf("anonymous sees the held reply: %+v", s)
	}
	if s := look(t, db, reader, "epilepsy", th.ID, "rn_jo"); slices.Contains(s.bodies, "Call me 555-201-4477") || s.profile {
		t.Errorf("reader sees the held reply: %+v", s)
	}
	if s := look(t, db, doc, "epilepsy", th.ID, "rn_jo"); !slices.Contains(s.bodies, "Call me 555-201-4477") || !s.profile {
		t.Errorf("author does not see the held reply: %+v", s)
	}
	if s := look(t, db, mod, "epilepsy", th.ID, "rn_jo"); !slices.Contains(s.bodies, "Call me 555-201-4477") {
		t.Errorf("moderator does not see the held reply: %+v", s)
	}
	if p, _, err := db.FindPost(ctx, reader, held.ID); err == nil {
		t.Errorf("reader finds the held reply: %+v", p)
	}
	after, _ := db.FindThreadPage(ctx, nil, th.ID, 1)
	if after.Thread.ReplyCount != 1 || after.Replies[0].Position != 1 {
		t.Errorf("held reply took a number: %+v", after.Thread)
	}

	// Rejected: the author keeps it, with the note; no one else sees it.
	rs, _ := db.ListReviews(ctx, admin)
	if len(rs) != 1 {
		t.Fatalf("queue: %d", len(rs))
	}
	if err := db.DecideReview(ctx, admin, rs[0].ID, false, "  Please remove the phone number.  "); err != nil {
		t.Fatal(err)
	}
	tp, _ := db.FindThreadPage(ctx, doc, th.ID, 1)
	last := tp.Replies[len(tp.Replies)-1]
	if last.ID != held.ID || last.Status != hearth.StatusRejected || last.ReviewNote != "Please remove the phone number." {
		t.Errorf("author's rejected reply: %+v", last)
	}
	if s := look(t, db, mod, "epilepsy", th.ID, "rn_jo"); slices.Contains(s.bodies, "Call me 555-201-4477") {
		t.Errorf("moderator sees a rejected reply")
	}
	// Editing a rejected post sends it back to review, even when clean.
	if p, err := db.EditPost(ctx, doc, held.ID, "Call the clinic's main line"); err != nil || p.Status != hearth.StatusHeld {
		t.Fatalf("edit rejected: %v %+v", err, p)
	}
	rs, _ = db.ListReviews(ctx, mod)
	if len(rs) != 1 || len(rs[0].Findings) != 0 || rs[0].Post.Body != "Call the clinic's main line" {
		t.Fatalf("queue after edit: %+v", rs)
	}
	if err := db.DecideReview(ctx, mod, rs[0].ID, true, ""); err != nil {
		t.Fatal(err)
	}
	tp, _ = db.FindThreadPage(ctx, nil, th.ID, 1)
	if tp.Thread.ReplyCount != 2 || tp.Replies[1].Body != "Call the clinic's main line" || tp.Replies[1].Position != 2 {
		t.Errorf("approved reply: count %d %+v", tp.Thread.ReplyCount, tp.Replies)
	}

	// A moderator may not approve their own held post, but may edit it clean.
	own, err := db.HoldReply(ctx, mod, th.ID, "Liam Carter called", hearth.Hold{Reason: hearth.ReasonPrivacy})
	if err != nil {
		t.Fatal(err)
	}
	rs, _ = db.ListReviews(ctx, mod)
	if err := db.DecideReview(ctx, mod, rs[0].ID, true, ""); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("self-approval: %v", err)
	}
	if p, err := db.EditPost(ctx, mod, own.ID, "A parent called"); err != nil || p.Status != hearth.StatusPublished || p.Position != 3 {
		t.Fatalf("clean edit of a held post: %v %+v", err, p)
	}
	if rs, _ := db.ListReviews(ctx, mod); len(rs) != 0 {
		t.Errorf("withdrawn review still queued: %+v", rs)
	}
	// An edit held for review hides a published post.
	if _, err := db.HoldEdit(ctx, mod, own.ID, "Liam Carter called again", phoneHold); err != nil {
		t.Fatal(err)
	}
	if s := look(t, db, reader, "epilepsy", th.ID, "rn_jo"); slices.ContainsFunc(s.bodies, func(b string) bool { return strings.Contains(b, "Liam") }) {
		t.Errorf("held edit visible: %v", s.bodies)
	}
	if err := db.DecideReview(ctx, doc, 1, true, ""); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("clinician decides a review: %v", err)
	}
	if err := db.DecideReview(ctx, mod, 1, false, strings.Repeat("x", 2001)); hearth.ErrorField(err) != "note" {
		t.Errorf("long note: %v", err)
	}
}

func TestEachPost(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	a := mustMember(t, db, "alice", hearth.RoleMember)
	mustCommunity(t, db, "epilepsy", hearth.Private)
	db.AddMember(ctx, "epilepsy", "alice")
	th, err := db.CreateThread(ctx, a, "epilepsy", hearth.NewThread{Title: "Title here", Body: "Opening"})
	if err != nil {
		t.Fatal(err)
	}
	for range 1203 {
		if _, err := db.CreateReply(ctx, a, th.ID, "reply"); err != nil {
			t.Fatal(err)
		}
	}
	n, titles := 0, 0
	var last int64
	err = db.EachPost(ctx, func(p sqldb.PostRecord) error {
		n++
		if p.ID <= last || p.Author != "alice" || p.ThreadID != th.ID {
			t.Fatalf("post %+v after %d", p, last)
		}
		last = p.ID
		if p.Title != "" {
			titles++
		}
		return nil
	})
	if err != nil || n != 1204 || titles != 1 {
		t.Fatalf("EachPost: %v, %d posts, %d titles", err, n, titles)
	}
}
