package sqldb_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// kinds lists a member's visible notifications as "kind:title" strings.
func kinds(t *testing.T, db *sqldb.DB, m *hearth.Member) []string {
	t.Helper()
	ns, _, err := db.ListNotifications(context.Background(), m, 1)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, string(n.Kind)+":"+n.Title)
	}
	return out
}

func want(t *testing.T, who string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s's notifications = %q, want %q", who, got, want)
	}
}

func TestFanOut(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t) // no job queue: fan-out runs inside the post's transaction
	bob, carol, dave := mustMember(t, db, "bob", hearth.RoleMember), mustMember(t, db, "carol", hearth.RoleMember), mustMember(t, db, "dave", hearth.RoleMember)
	alice, eve := mustMember(t, db, "alice", hearth.RoleMember), mustMember(t, db, "eve", hearth.RoleMember)
	mustCommunity(t, db, "pub", hearth.Public)
	mustCommunity(t, db, "priv", hearth.Private)
	for _, h := range []string{"alice", "bob"} {
		db.AddMember(ctx, "priv", h)
	}
	if err := db.Follow(ctx, carol, hearth.FollowTarget{Kind: hearth.FollowCommunity, Key: "pub"}); err != nil {
		t.Fatal(err)
	}
	th, err := db.CreateThread(ctx, bob, "pub", hearth.NewThread{Title: "Night seizures", Body: "Does anyone log them?"})
	if err != nil {
		t.Fatal(err)
	}
	want(t, "carol", kinds(t, db, carol), "thread:Night seizures")
	if err := db.Follow(ctx, dave, hearth.FollowTarget{Kind: hearth.FollowThread, Key: itoa(th.ID)}); err != nil {
		t.Fatal(err)
	}
	db.Follow(ctx, carol, hearth.FollowTarget{Kind: hearth.FollowThread, Key: itoa(th.ID)})
	if _, err := db.CreateReply(ctx, alice, th.ID, "@carol knows a good app. `@dave` in code is no mention. @nobody_here"); err != nil {
		t.Fatal(err)
	}
	// carol is mentioned and follows the thread: one notification, the
	// mention. bob started the thread; dave follows it; alice wrote it.
	want(t, "carol", kinds(t, db, carol), "mention:Night seizures", "thread:Night seizures")
	want(t, "bob", kinds(t, db, bob), "reply:Night seizures")
	want(t, "dave", kinds(t, db, dave), "post:Night seizures")
	want(t, "alice", kinds(t, db, alice))
	// Replying to yourself tells nobody it is a reply.
	if _, err := db.CreateReply(ctx, bob, th.ID, "Thanks @alice!"); err != nil {
		t.Fatal(err)
	}
	want(t, "bob", kinds(t, db, bob), "reply:Night seizures")
	want(t, "alice", kinds(t, db, alice), "mention:Night seizures")

	// A mention in a private community reaches only those who may read it.
	pt, err := db.CreateThread(ctx, alice, "priv", hearth.NewThread{Title: "Private matter", Body: "@eve and @bob, look."})
	if err != nil {
		t.Fatal(err)
	}
	want(t, "eve", kinds(t, db, eve))
	want(t, "bob", kinds(t, db, bob), "mention:Private matter", "reply:Night seizures")
	// Following what you may not see is not possible.
	if err := db.Follow(ctx, eve, hearth.FollowTarget{Kind: hearth.FollowThread, Key: itoa(pt.ID)}); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("eve follows a private thread: %v", err)
	}
	if err := db.Follow(ctx, eve, hearth.FollowTarget{Kind: hearth.FollowCommunity, Key: "priv"}); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("eve follows a private community: %v", err)
	}
	if err := db.Follow(ctx, eve, hearth.FollowTarget{Kind: hearth.FollowMember, Key: "eve"}); hearth.ErrorCode(err) != hearth.EInvalid {
		t.Errorf("eve follows herself: %v", err)
	}
	if err := db.Follow(ctx, eve, hearth.FollowTarget{Kind: "planet", Key: "x"}); hearth.ErrorCode(err) != hearth.EInvalid {
		t.Errorf("unknown kind: %v", err)
	}
	if err := db.Follow(ctx, nil, hearth.FollowTarget{Kind: hearth.FollowCommunity, Key: "pub"}); hearth.ErrorCode(err) != hearth.EUnauthorized {
		t.Errorf("signed out: %v", err)
	}
	// Running the fan-out again (a retried job) adds nothing.
	if n, err := db.FanOut(ctx, hearth.Subject{Type: hearth.SubjectPost, ID: 2}, nil); err != nil || n != 0 {
		t.Errorf("second fan-out created %d (%v)", n, err)
	}
	fs, err := db.ListFollows(ctx, carol)
	if err != nil || len(fs) != 2 || fs[0].URL != "/c/pub" || fs[1].Title != "Night seizures" {
		t.Errorf("carol's follows: %+v %v", fs, err)
	}
	if ok, _ := db.IsFollowing(ctx, dave, hearth.FollowTarget{Kind: hearth.FollowThread, Key: itoa(th.ID)}); !ok {
		t.Error("dave should follow the thread")
	}
	if err := db.Unfollow(ctx, dave, hearth.FollowTarget{Kind: hearth.FollowThread, Key: itoa(th.ID)}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.IsFollowing(ctx, dave, hearth.FollowTarget{Kind: hearth.FollowThread, Key: itoa(th.ID)}); ok {
		t.Error("dave still follows the thread")
	}
	db.CreateReply(ctx, alice, th.ID, "One more thing.")
	want(t, "dave", kinds(t, db, dave), "post:Night seizures", "post:Night seizures") // alice's and bob's replies, not this one
}

func TestNotificationVisibility(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	bob, carol, mod := mustMember(t, db, "bob", hearth.RoleMember), mustMember(t, db, "carol", hearth.RoleMember), mustMember(t, db, "mod", hearth.RoleModerator)
	mustCommunity(t, db, "pub", hearth.Public)
	db.AddMember(ctx, "pub", "carol")
	th, _ := db.CreateThread(ctx, bob, "pub", hearth.NewThread{Title: "Keto and school lunches", Body: "Hi @carol and @mod"})
	p, err := db.CreateReply(ctx, bob, th.ID, "And @carol again, in a reply")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := db.CountUnread(ctx, carol); n != 2 {
		t.Fatalf("carol has %d unread, want 2", n)
	}
	ns, _, _ := db.ListNotifications(ctx, carol, 1)
	if ns[0].URL != "/c/pub/t/"+itoa(th.ID)+"?page=1#p1" || ns[1].URL != "/c/pub/t/"+itoa(th.ID) || ns[0].Where != "pub community" ||
		ns[0].Actor != "bob" || !strings.Contains(ns[0].Excerpt, "in a reply") {
		t.Errorf("notifications: %+v %+v", ns[0], ns[1])
	}
	// The community turns private: carol is a member and still sees both;
	// the moderator sees all as staff. Then it turns members-only... and
	// carol leaves a private community: gone.
	if err := sqldb.ExecForNotifyTest(db, `UPDATE communities SET visibility = 'private' WHERE slug = 'pub'`); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.CountUnread(ctx, carol); n != 2 {
		t.Errorf("carol, a member, has %d unread, want 2", n)
	}
	if n, _ := db.CountUnread(ctx, mod); n != 1 {
		t.Errorf("staff has %d unread, want 1", n)
	}
	if err := db.Leave(ctx, carol, "pub"); err != nil {
		t.Fatal(err)
	}
	want(t, "carol", kinds(t, db, carol))
	if n, _ := db.CountUnread(ctx, carol); n != 0 {
		t.Errorf("carol sees %d notifications about a private community she left", n)
	}
	if _, err := db.FindNotification(ctx, carol, ns[0].ID); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("FindNotification after leaving: %v", err)
	}
	_, digest, err := db.Digest(ctx, carol.ID, hearth.EmailImmediately, time.Now().Add(24*time.Hour))
	if err == nil && len(digest) > 0 {
		t.Errorf("carol's digest holds %d items about a private community she left", len(digest))
	}
	// Back to public; then the reply is held for review: the mention of the
	// reply drops out, the opening post stays.
	sqldb.ExecForNotifyTest(db, `UPDATE communities SET visibility = 'public' WHERE slug = 'pub'`)
	want(t, "carol", kinds(t, db, carol), "mention:Keto and school lunches", "mention:Keto and school lunches")
	if _, err := db.HoldEdit(ctx, bob, p.ID, "Edited, waiting for review", hearth.Hold{Reason: hearth.ReasonPrivacy}); err != nil {
		t.Fatal(err)
	}
	want(t, "carol", kinds(t, db, carol), "mention:Keto and school lunches")
	// A deleted post drops out too.
	sqldb.ExecForNotifyTest(db, `DELETE FROM threads WHERE id = $1`, th.ID)
	want(t, "carol", kinds(t, db, carol))

	// Read marks.
	th2, _ := db.CreateThread(ctx, bob, "pub", hearth.NewThread{Title: "Two", Body: "@carol"})
	db.CreateThread(ctx, bob, "pub", hearth.NewThread{Title: "Three", Body: "@carol"})
	ns, _, _ = db.ListNotifications(ctx, carol, 1)
	if len(ns) != 2 || ns[0].Read || ns[1].Title != th2.Title {
		t.Fatalf("notifications: %+v", ns)
	}
	if err := db.MarkRead(ctx, carol, ns[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkRead(ctx, bob, ns[0].ID); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("bob marks carol's notification: %v", err)
	}
	if n, _ := db.CountUnread(ctx, carol); n != 1 {
		t.Errorf("unread after marking one: %d", n)
	}
	db.MarkAllRead(ctx, carol)
	if n, _ := db.CountUnread(ctx, carol); n != 0 {
		t.Errorf("unread after marking all: %d", n)
	}
	if n, err := db.CountUnread(ctx, nil); n != 0 || err != nil {
		t.Errorf("signed out: %d %v", n, err)
	}
	// The count stops at its cap.
	for i := range sqldb.UnreadCap + 5 {
		db.CreateThread(ctx, bob, "pub", hearth.NewThread{Title: "Many " + itoa(int64(i)), Body: "@carol"})
	}
	if n, _ := db.CountUnread(ctx, carol); n != sqldb.UnreadCap+1 {
		t.Errorf("capped count = %d, want %d", n, sqldb.UnreadCap+1)
	}
	if _, pages, _ := db.ListNotifications(ctx, carol, 1); pages != 1 {
		t.Errorf("pages = %d", pages)
	}
}

func TestPrefsAndUnsubscribe(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	carol := mustMember(t, db, "carol", hearth.RoleMember)
	p, err := db.NotifyPrefs(ctx, carol)
	if err != nil || p[hearth.NotifyMention] != hearth.EmailImmediately || p[hearth.NotifyPost] != hearth.EmailDaily || len(p) != len(hearth.NotifyKinds) {
		t.Fatalf("defaults: %v %v", p, err)
	}
	if err := db.SetNotifyPrefs(ctx, carol, hearth.NotifyPrefs{hearth.NotifyThread: "hourly"}); hearth.ErrorCode(err) != hearth.EInvalid {
		t.Errorf("bad mode: %v", err)
	}
	if err := db.SetNotifyPrefs(ctx, carol, hearth.NotifyPrefs{hearth.NotifyThread: hearth.EmailDaily, hearth.NotifyReply: hearth.EmailWeekly}); err != nil {
		t.Fatal(err)
	}
	tok, err := db.UnsubscribeToken(ctx, carol.ID, sqldb.ScopeKind(hearth.NotifyMention))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "x", tok + "x", "MTpxOmFsbA." + strings.SplitN(tok, ".", 2)[1], strings.Replace(tok, ".", "", 1)} {
		if _, err := db.Unsubscribe(ctx, bad); hearth.ErrorCode(err) != hearth.ENotFound {
			t.Errorf("Unsubscribe(%q) = %v, want not found", bad, err)
		}
	}
	if what, err := db.CheckUnsubscribe(ctx, tok); err != nil || !strings.Contains(what, "mentions you") {
		t.Errorf("CheckUnsubscribe: %q %v", what, err)
	}
	if _, err := db.Unsubscribe(ctx, tok); err != nil {
		t.Fatal(err)
	}
	daily, _ := db.UnsubscribeToken(ctx, carol.ID, sqldb.ScopeDaily)
	if _, err := db.Unsubscribe(ctx, daily); err != nil {
		t.Fatal(err)
	}
	p, _ = db.NotifyPrefs(ctx, carol)
	for k, m := range map[hearth.NotifyKind]hearth.EmailMode{hearth.NotifyMention: hearth.EmailNever, hearth.NotifyThread: hearth.EmailNever,
		hearth.NotifyPost: hearth.EmailNever, hearth.NotifyReply: hearth.EmailWeekly, hearth.NotifyComment: hearth.EmailImmediately} {
		if p[k] != m {
			t.Errorf("after unsubscribing, %s = %s, want %s", k, p[k], m)
		}
	}
	all, _ := db.UnsubscribeToken(ctx, carol.ID, sqldb.ScopeAll)
	db.Unsubscribe(ctx, all)
	db.Unsubscribe(ctx, all) // twice is harmless
	p, _ = db.NotifyPrefs(ctx, carol)
	for _, k := range hearth.NotifyKinds {
		if p[k] != hearth.EmailNever {
			t.Errorf("after unsubscribing from all, %s = %s", k, p[k])
		}
	}
}

func TestPasswordReset(t *testing.T) {
	ctx := context.Background()
	db, clock := sqldbtest.MustOpen(t)
	carol := mustMember(t, db, "carol", hearth.RoleMember)
	session, _ := db.CreateSession(ctx, carol.ID)
	if err := db.RequestPasswordReset(ctx, "carol@example.org"); hearth.ErrorCode(err) != hearth.EInternal {
		t.Errorf("without a job queue: %v", err)
	}
	if _, err := db.PreparePasswordReset(ctx, "nobody@example.org", "k0"); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("unknown address: %v", err)
	}
	first, err := db.PreparePasswordReset(ctx, "Carol@Example.org", "k1")
	if err != nil || first.Member.ID != carol.ID {
		t.Fatalf("PreparePasswordReset: %v %v", first, err)
	}
	// The same job retried replaces its token: the first one is dead.
	r, _ := db.PreparePasswordReset(ctx, "carol@example.org", "k1")
	if err := db.CheckPasswordReset(ctx, first.Token); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("replaced token still works: %v", err)
	}
	if err := db.CheckPasswordReset(ctx, r.Token); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ResetPassword(ctx, r.Token, "short"); hearth.ErrorField(err) != "password" {
		t.Errorf("short password: %v", err)
	}
	other, _ := db.PreparePasswordReset(ctx, "carol@example.org", "k2")
	m, err := db.ResetPassword(ctx, r.Token, "a brand new long password")
	if err != nil || m.ID != carol.ID {
		t.Fatalf("ResetPassword: %v %v", m, err)
	}
	if _, err := db.FindSession(ctx, session); hearth.ErrorCode(err) != hearth.EUnauthorized {
		t.Errorf("the old session survived the reset: %v", err)
	}
	if _, err := db.Authenticate(ctx, "carol", "a brand new long password"); err != nil {
		t.Errorf("new password: %v", err)
	}
	if _, err := db.ResetPassword(ctx, r.Token, "yet another long password"); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("token used twice: %v", err)
	}
	if err := db.CheckPasswordReset(ctx, other.Token); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("another open token of the account survived the reset: %v", err)
	}
	late, _ := db.PreparePasswordReset(ctx, "carol@example.org", "k3")
	clock.T = clock.T.Add(hearth.PasswordResetLifetime)
	if err := db.CheckPasswordReset(ctx, late.Token); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("token after an hour: %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
