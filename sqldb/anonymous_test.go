package sqldb_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// anonWorld: "caring" allows anonymous posts and is moderated by cmod;
// "closed" does not allow them and is moderated by omod. The member
// "hiddenwriter" posts anonymously; "reader" follows "caring" and starts
// a thread that hiddenwriter answers anonymously.
type anonWorld struct {
	db                                      *sqldb.DB
	writer, reader, cmod, omod, smod, admin *hearth.Member
	anonThread, readerThread, closedThread  *hearth.Thread
	anonReply, openReply                    *hearth.Post
}

func newAnonWorld(t *testing.T) *anonWorld {
	t.Helper()
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	w := &anonWorld{db: db}
	w.writer = mustMember(t, db, "hiddenwriter", hearth.RoleMember)
	w.reader = mustMember(t, db, "reader", hearth.RoleMember)
	w.cmod = mustMember(t, db, "cmod", hearth.RoleMember)
	w.omod = mustMember(t, db, "omod", hearth.RoleMember)
	w.smod = mustMember(t, db, "smod", hearth.RoleModerator)
	w.admin = mustMember(t, db, "admin", hearth.RoleAdmin)
	mustCommunity(t, db, "caring", hearth.Public)
	mustCommunity(t, db, "closed", hearth.Public)
	for slug, mod := range map[string]string{"caring": "cmod", "closed": "omod"} {
		if err := db.SetModerator(ctx, slug, mod); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetCommunitySettings(ctx, w.cmod, "caring", hearth.CommunitySettings{AllowAnonymous: true}); err != nil {
		t.Fatal(err)
	}
	if err := db.Follow(ctx, w.reader, hearth.FollowTarget{Kind: hearth.FollowCommunity, Key: "caring"}); err != nil {
		t.Fatal(err)
	}
	var err error
	if w.anonThread, err = db.CreateThread(ctx, w.writer, "caring", hearth.NewThread{Title: "Caring for my mother at night",
		Body: "I have not slept properly in months and I feel guilty saying so.", Anonymous: true}); err != nil {
		t.Fatal(err)
	}
	if w.readerThread, err = db.CreateThread(ctx, w.reader, "caring", hearth.NewThread{Title: "Respite care costs", Body: "How do you pay for respite?"}); err != nil {
		t.Fatal(err)
	}
	if w.anonReply, err = db.CreateAnonymousReply(ctx, w.writer, w.readerThread.ID, "Our county paid for four respite weekends, @reader; ask the social worker."); err != nil {
		t.Fatal(err)
	}
	if w.openReply, err = db.CreateReply(ctx, w.writer, w.readerThread.ID, "Signed reply about the carers allowance forms."); err != nil {
		t.Fatal(err)
	}
	if w.closedThread, err = db.CreateThread(ctx, w.reader, "closed", hearth.NewThread{Title: "Closed thread", Body: "Anything"}); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestAnonymousPostsHideTheAuthorFromEveryReader(t *testing.T) {
	ctx := context.Background()
	w := newAnonWorld(t)
	if !w.anonThread.Anonymous || w.anonThread.Author != "" || w.anonReply.Author != "" || !w.anonReply.Anonymous {
		t.Fatalf("created: thread %+v reply %+v", w.anonThread, w.anonReply)
	}
	for _, v := range []*hearth.Member{nil, w.reader, w.writer, w.smod, w.cmod} {
		name := "guest"
		if v != nil {
			name = v.Handle
		}
		tp, err := w.db.FindThreadPage(ctx, v, w.anonThread.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if tp.Thread.Author != "" || tp.Opening.Author != "" || tp.Opening.AuthorRole != "" || !tp.Opening.Anonymous || tp.Opening.By() != hearth.AnonymousAuthor {
			t.Errorf("%s: thread page shows the author: %+v %+v", name, tp.Thread, tp.Opening)
		}
		tp, err = w.db.FindThreadPage(ctx, v, w.readerThread.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(tp.Replies) != 2 || tp.Replies[0].Author != "" || !tp.Replies[0].Anonymous || tp.Replies[1].Author != "hiddenwriter" {
			t.Errorf("%s: replies %+v %+v", name, tp.Replies[0], tp.Replies[1])
		}
		// The JSON API: no author, "anonymous": true.
		b, _ := json.Marshal(tp.Replies[0])
		if strings.Contains(string(b), "hiddenwriter") || strings.Contains(string(b), `"author"`) || !strings.Contains(string(b), `"anonymous":true`) {
			t.Errorf("%s: JSON %s", name, b)
		}
		recent, err := w.db.RecentThreads(ctx, v, 10)
		if err != nil {
			t.Fatal(err)
		}
		listed, _, err := w.db.ListThreads(ctx, v, "caring", 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, th := range append(recent, listed...) {
			if th.ID == w.anonThread.ID && (th.Author != "" || !th.Anonymous) {
				t.Errorf("%s: a list shows the author: %+v", name, th)
			}
		}
		// Search: the result carries no handle, and the author filter
		// never finds anonymous posts.
		res, err := w.db.Search(ctx, v, hearth.SearchQuery{Text: "respite"})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range res.Results {
			if r.PostID == w.anonReply.ID {
				found = true
				if r.Author != "" {
					t.Errorf("%s: search shows @%s", name, r.Author)
				}
			}
		}
		if !found {
			t.Errorf("%s: search did not find the anonymous reply at all", name)
		}
		res, err = w.db.Search(ctx, v, hearth.SearchQuery{Text: "respite", Author: "hiddenwriter"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 0 {
			t.Errorf("%s: searching by author finds %d anonymous posts", name, res.Total)
		}
		// Profile: anonymous posts are never listed, for the author neither.
		mine, err := w.db.ListMemberPosts(ctx, v, "hiddenwriter", 20)
		if err != nil {
			t.Fatal(err)
		}
		for _, th := range mine {
			if th.ID == w.anonThread.ID {
				t.Errorf("%s: the profile lists the anonymous thread", name)
			}
		}
		if len(mine) != 1 || mine[0].ID != w.readerThread.ID { // listed for the signed reply
			t.Errorf("%s: profile lists %d threads", name, len(mine))
		}
	}
	// The author sees their own anonymous posts apart, for them only.
	own, err := w.db.ListOwnAnonymousPosts(ctx, w.writer, 20)
	if err != nil || len(own) != 2 {
		t.Fatalf("own anonymous posts: %d, %v", len(own), err)
	}
	if other, _ := w.db.ListOwnAnonymousPosts(ctx, w.reader, 20); len(other) != 0 {
		t.Errorf("reader has %d anonymous posts", len(other))
	}
	// Notifications (and so emails): "a member".
	ns, _, err := w.db.ListNotifications(ctx, w.reader, 1)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[hearth.NotifyKind]bool{}
	for _, n := range ns {
		if n.Subject.ID == w.openReply.ID {
			continue // the signed reply names its author
		}
		kinds[n.Kind] = true
		if n.Actor != "" || strings.Contains(n.Summary(), "hiddenwriter") || !strings.HasPrefix(n.Summary(), "a member ") {
			t.Errorf("notification %q by %q", n.Summary(), n.Actor)
		}
	}
	if !kinds[hearth.NotifyThread] || !kinds[hearth.NotifyMention] {
		t.Errorf("notification kinds %v: want a new thread and a mention", kinds)
	}
}

func TestAnonymousPostRules(t *testing.T) {
	ctx := context.Background()
	w := newAnonWorld(t)
	// A community that does not allow it refuses, naming the field.
	_, err := w.db.CreateThread(ctx, w.writer, "closed", hearth.NewThread{Title: "Secret", Body: "Text", Anonymous: true})
	if hearth.ErrorCode(err) != hearth.EInvalid || hearth.ErrorField(err) != "anonymous" || !strings.Contains(hearth.ErrorMessage(err), "does not allow anonymous posts") {
		t.Fatalf("closed community: %v", err)
	}
	if _, err := w.db.CreateAnonymousReply(ctx, w.writer, w.closedThread.ID, "Text"); hearth.ErrorField(err) != "anonymous" {
		t.Fatalf("closed reply: %v", err)
	}
	// The setting reads back and is on the community.
	_, cs, err := w.db.CommunitySettings(ctx, w.cmod, "caring")
	if err != nil || !cs.AllowAnonymous {
		t.Fatalf("settings %+v %v", cs, err)
	}
	if c, _ := w.db.FindCommunity(ctx, nil, "closed"); c.AllowAnonymous {
		t.Fatal("closed allows anonymous posts")
	}
	// The author can still edit; it stays anonymous.
	p, err := w.db.EditPost(ctx, w.writer, w.anonReply.ID, "Our county paid for four respite weekends. Ask the social worker about it.")
	if err != nil {
		t.Fatal(err)
	}
	if p.Author != "" || !p.Anonymous {
		t.Errorf("edited post %+v", p)
	}
	if _, err := w.db.EditPost(ctx, w.reader, w.anonReply.ID, "not mine"); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("someone else edits: %v", err)
	}
	// Holds still apply, with the real author: a community holding first
	// posts holds a new member's anonymous reply.
	if err := w.db.SetCommunitySettings(ctx, w.cmod, "caring", hearth.CommunitySettings{AllowAnonymous: true, HoldFirstPosts: true}); err != nil {
		t.Fatal(err)
	}
	newbie := mustMember(t, w.db, "newbie", hearth.RoleMember)
	h, err := w.db.ModerationHold(ctx, newbie, "", w.readerThread.ID, "", "My first post here, anonymously.")
	if err != nil || h == nil {
		t.Fatalf("hold %v %v", h, err)
	}
	held, err := w.db.HoldAnonymousReply(ctx, newbie, w.readerThread.ID, "My first post here, anonymously.", *h)
	if err != nil || held.Status != hearth.StatusHeld || !held.Anonymous {
		t.Fatalf("held %+v %v", held, err)
	}
	mp, err := w.db.FindModPost(ctx, w.cmod, held.ID)
	if err != nil {
		t.Fatal(err)
	}
	if mp.Post.Author != "" || mp.Post.By() != hearth.AnonymousAuthor {
		t.Errorf("the moderation page shows @%s", mp.Post.Author)
	}
	// A site moderator's anonymous post stays with the site's moderators:
	// the rule uses the real role.
	staffPost, err := w.db.CreateAnonymousReply(ctx, w.smod, w.readerThread.ID, "A reply from staff, anonymously.")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.FindModPost(ctx, w.cmod, staffPost.ID); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("community moderator on a staff member's anonymous post: %v", err)
	}
}

func TestRevealAuthorIsAudited(t *testing.T) {
	ctx := context.Background()
	w := newAnonWorld(t)
	count := func() int {
		t.Helper()
		es, _, err := w.db.ListAudit(ctx, w.admin, hearth.ActReveal, 1)
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	// Refused: signed out, a member, the moderator of another community,
	// no reason, a post that is not anonymous.
	for _, c := range []struct {
		who    *hearth.Member
		post   int64
		reason string
		code   string
	}{
		{nil, w.anonReply.ID, "reason", hearth.EUnauthorized},
		{w.reader, w.anonReply.ID, "curious", hearth.EForbidden},
		{w.omod, w.anonReply.ID, "curious", hearth.EForbidden},
		{w.cmod, w.anonReply.ID, "   ", hearth.EInvalid},
		{w.cmod, w.openReply.ID, "a reason", hearth.EConflict},
	} {
		if _, err := w.db.RevealAuthor(ctx, c.who, c.post, c.reason); hearth.ErrorCode(err) != c.code {
			t.Errorf("reveal by %v: %v, want %s", c.who, err, c.code)
		}
	}
	if n := count(); n != 0 {
		t.Fatalf("refused reveals wrote %d audit lines", n)
	}
	rv, err := w.db.RevealAuthor(ctx, w.cmod, w.anonReply.ID, "Possible threat in the post: we need to reach them.")
	if err != nil {
		t.Fatal(err)
	}
	if rv.Author != "hiddenwriter" || rv.Role != hearth.RoleMember {
		t.Fatalf("revealed %+v", rv)
	}
	es, _, err := w.db.ListAudit(ctx, w.admin, hearth.ActReveal, 1)
	if err != nil || len(es) != 1 {
		t.Fatalf("audit %v %v", es, err)
	}
	e := es[0]
	if e.Actor != "cmod" || e.TargetType != "post" || e.TargetID != w.anonReply.ID || e.Reason != "Possible threat in the post: we need to reach them." ||
		e.Detail != "revealed author of post "+itoa(w.anonReply.ID) || e.Member != "" || e.Community != "caring" {
		t.Errorf("audit entry %+v", e)
	}
	// The post's moderation history shows the reveal; the page itself
	// still hides the author.
	mp, err := w.db.FindModPost(ctx, w.cmod, w.anonReply.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(mp.History) != 1 || mp.History[0].Action != hearth.ActReveal || mp.Post.Author != "" {
		t.Errorf("history %+v, author %q", mp.History, mp.Post.Author)
	}
	// Site staff may reveal in any community.
	tp, _ := w.db.FindThreadPage(ctx, w.smod, w.anonThread.ID, 1)
	if rv, err := w.db.RevealAuthor(ctx, w.smod, tp.Opening.ID, "Report of impersonation"); err != nil || rv.Author != "hiddenwriter" {
		t.Errorf("staff reveal: %+v %v", rv, err)
	}
}
