package sqldb_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// modWorld is a public community "pub" moderated by cmod, another
// community "other" moderated by omod, a site moderator, an admin, a
// member who posts and a member who reads (and follows).
type modWorld struct {
	db                                              *sqldb.DB
	clock                                           *sqldbtest.Clock
	author, reader, cmod, omod, smod, admin, mentor *hearth.Member
	thread                                          *hearth.Thread
	reply                                           *hearth.Post
}

func newModWorld(t *testing.T) *modWorld {
	t.Helper()
	ctx := context.Background()
	db, clock := sqldbtest.MustOpen(t)
	w := &modWorld{db: db, clock: clock}
	w.author = mustMember(t, db, "author", hearth.RoleMember)
	w.reader = mustMember(t, db, "reader", hearth.RoleMember)
	w.cmod = mustMember(t, db, "cmod", hearth.RoleMember)
	w.omod = mustMember(t, db, "omod", hearth.RoleMember)
	w.smod = mustMember(t, db, "smod", hearth.RoleModerator)
	w.admin = mustMember(t, db, "admin", hearth.RoleAdmin)
	w.mentor = mustMember(t, db, "mentor", hearth.RoleMentor)
	mustCommunity(t, db, "pub", hearth.Public)
	mustCommunity(t, db, "other", hearth.Public)
	if err := db.SetModerator(ctx, "pub", "cmod"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetModerator(ctx, "other", "omod"); err != nil {
		t.Fatal(err)
	}
	var err error
	if w.thread, err = db.CreateThread(ctx, w.author, "pub", hearth.NewThread{Title: "Ketogenic diet at school", Body: "What did you pack for lunch?"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Follow(ctx, w.reader, hearth.FollowTarget{Kind: hearth.FollowThread, Key: itoa(w.thread.ID)}); err != nil {
		t.Fatal(err)
	}
	if w.reply, err = db.CreateReply(ctx, w.author, w.thread.ID, "Buy xylitol gummies from my shop, they cure everything"); err != nil {
		t.Fatal(err)
	}
	return w
}

// sees reports whether a viewer finds the reply: on the thread page, by
// search, and (for the reader) in notifications and the digest.
func (w *modWorld) seesReply(t *testing.T, viewer *hearth.Member) bool {
	t.Helper()
	tp, err := w.db.FindThreadPage(context.Background(), viewer, w.thread.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	return slices.ContainsFunc(tp.Replies, func(p *hearth.Post) bool { return p.ID == w.reply.ID })
}

func (w *modWorld) searchFinds(t *testing.T, viewer *hearth.Member, text string) bool {
	t.Helper()
	res, err := w.db.Search(context.Background(), viewer, hearth.SearchQuery{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total > 0 && len(res.Notes) == 0
}

func TestHideAndRemoveVisibility(t *testing.T) {
	ctx := context.Background()
	w := newModWorld(t)
	db := w.db
	if !w.seesReply(t, nil) || !w.searchFinds(t, nil, "xylitol") {
		t.Fatal("the reply is not published to begin with")
	}
	if ns, _, _ := db.ListNotifications(ctx, w.reader, 1); len(ns) != 1 {
		t.Fatalf("the follower has %d notifications, want 1", len(ns))
	}

	// A moderator of another community cannot act; a member cannot.
	for _, m := range []*hearth.Member{w.omod, w.reader, w.mentor} {
		if _, err := db.ModeratePost(ctx, m, w.reply.ID, hearth.PostAction{Action: hearth.ActHide, Reason: "selling"}); hearth.ErrorCode(err) != hearth.EForbidden {
			t.Errorf("%s hides: %v", m.Handle, err)
		}
	}
	if _, err := db.ModeratePost(ctx, w.cmod, w.reply.ID, hearth.PostAction{Action: hearth.ActHide}); hearth.ErrorField(err) != "reason" {
		t.Errorf("hide without a reason: %v", err)
	}
	if _, err := db.ModeratePost(ctx, w.cmod, w.reply.ID, hearth.PostAction{Action: hearth.ActHide, Reason: "No selling here (rule 4)."}); err != nil {
		t.Fatal(err)
	}
	// Hidden: the author (with the reason) and moderators of this
	// community and of the site see it; nobody else, anywhere.
	for m, want := range map[*hearth.Member]bool{nil: false, w.reader: false, w.omod: false, w.mentor: false, w.author: true, w.cmod: true, w.smod: true, w.admin: true} {
		if got := w.seesReply(t, m); got != want {
			t.Errorf("hidden reply: %v sees it: %v, want %v", m, got, want)
		}
	}
	tp, _ := db.FindThreadPage(ctx, w.author, w.thread.ID, 1)
	if r := tp.Replies[0]; r.Status != hearth.StatusHidden || r.ReviewNote != "No selling here (rule 4)." {
		t.Errorf("the author's view: %q %q", r.Status, r.ReviewNote)
	}
	for _, m := range []*hearth.Member{nil, w.reader, w.smod} {
		if w.searchFinds(t, m, "xylitol") {
			t.Errorf("search by %v finds the hidden reply", m)
		}
	}
	if ns, _, _ := db.ListNotifications(ctx, w.reader, 1); len(ns) != 0 {
		t.Errorf("the follower still sees %d notifications about the hidden reply", len(ns))
	}
	if _, digest, err := db.Digest(ctx, w.reader.ID, hearth.EmailDaily, time.Now().Add(48*time.Hour)); err != nil || len(digest) != 0 {
		t.Errorf("digest: %d items, %v", len(digest), err)
	}
	// The author was told, with the reason.
	ns, _, _ := db.ListNotifications(ctx, w.author, 1)
	if len(ns) != 1 || ns[0].Kind != hearth.NotifyModeration || ns[0].Title != "A moderator hid your post" || ns[0].Excerpt != "No selling here (rule 4)." {
		t.Errorf("the author's notifications: %+v", ns)
	}
	notes, _ := db.ListNotices(ctx, w.author)
	if len(notes) != 1 || notes[0].Action != hearth.ActHide || notes[0].URL == "" {
		t.Errorf("notices: %+v", notes)
	}

	// Approve publishes it again.
	if _, err := db.ModeratePost(ctx, w.smod, w.reply.ID, hearth.PostAction{Action: hearth.ActApprove}); err != nil {
		t.Fatal(err)
	}
	if !w.seesReply(t, nil) {
		t.Error("approved reply is not back")
	}
	// Removed: moderators only, not even the author.
	if _, err := db.ModeratePost(ctx, w.cmod, w.reply.ID, hearth.PostAction{Action: hearth.ActRemove, Reason: "Spam."}); err != nil {
		t.Fatal(err)
	}
	for m, want := range map[*hearth.Member]bool{nil: false, w.reader: false, w.author: false, w.cmod: true, w.smod: true} {
		if got := w.seesReply(t, m); got != want {
			t.Errorf("removed reply: %v sees it: %v, want %v", m, got, want)
		}
	}
	if w.searchFinds(t, w.author, "xylitol") {
		t.Error("the author finds their removed reply by search")
	}
	if _, err := db.EditPost(ctx, w.author, w.reply.ID, "Changed"); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("the author edits a removed post: %v", err)
	}

	// A removed opening post takes its thread out of lists and feeds.
	if _, err := db.ModeratePost(ctx, w.cmod, mustOpening(t, db, w.thread.ID), hearth.PostAction{Action: hearth.ActRemove, Reason: "Off topic."}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []*hearth.Member{nil, w.reader, w.author} {
		if _, err := db.FindThreadPage(ctx, m, w.thread.ID, 1); hearth.ErrorCode(err) != hearth.ENotFound {
			t.Errorf("%v opens a removed thread: %v", m, err)
		}
		if ts, _, _ := db.ListThreads(ctx, m, "pub", 1); len(ts) != 0 {
			t.Errorf("%v lists %d threads", m, len(ts))
		}
		if ts, _ := db.NewestThreads(ctx, m, "pub", 10); len(ts) != 0 {
			t.Errorf("feed for %v lists %d threads", m, len(ts))
		}
		if w.searchFinds(t, m, "ketogenic") {
			t.Errorf("%v finds the removed thread", m)
		}
	}
	if _, err := db.FindThreadPage(ctx, w.cmod, w.thread.ID, 1); err != nil {
		t.Errorf("the community's moderator cannot open the removed thread: %v", err)
	}
	if c, _ := db.FindCommunity(ctx, nil, "pub"); c.ThreadCount != 0 {
		t.Errorf("the community counts %d threads", c.ThreadCount)
	}
}

func mustOpening(t *testing.T, db *sqldb.DB, threadID int64) int64 {
	t.Helper()
	tp, err := db.FindThreadPage(context.Background(), &hearth.Member{ID: -1, Role: hearth.RoleAdmin}, threadID, 1)
	if err != nil {
		t.Fatal(err)
	}
	return tp.Opening.ID
}

func TestEveryActionIsAudited(t *testing.T) {
	ctx := context.Background()
	w := newModWorld(t)
	db := w.db
	if _, err := db.FlagPost(ctx, w.reader, w.reply.ID, hearth.NewFlag{Reason: hearth.FlagSpam}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		who *hearth.Member
		a   hearth.PostAction
	}{
		{w.cmod, hearth.PostAction{Action: hearth.ActApprove, Reason: "Fine as it is."}},
		{w.cmod, hearth.PostAction{Action: hearth.ActEdit, Reason: "Took out the shop link.", Body: "Xylitol gummies helped us."}},
		{w.cmod, hearth.PostAction{Action: hearth.ActWarn, Reason: "No selling, please."}},
		{w.cmod, hearth.PostAction{Action: hearth.ActHide, Reason: "Selling."}},
		{w.cmod, hearth.PostAction{Action: hearth.ActRemove, Reason: "Selling again."}},
		{w.smod, hearth.PostAction{Action: hearth.ActSuspend, Reason: "Third time.", Days: 3}},
		{w.smod, hearth.PostAction{Action: hearth.ActBan, Reason: "Spam account."}},
	}
	for _, s := range steps {
		if _, err := db.ModeratePost(ctx, s.who, w.reply.ID, s.a); err != nil {
			t.Fatalf("%s: %v", s.a.Action, err)
		}
	}
	if err := db.ModerateMember(ctx, w.smod, "author", hearth.MemberAction{Action: hearth.ActLift, Reason: "Appeal granted."}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCommunitySettings(ctx, w.cmod, "pub", hearth.CommunitySettings{HoldFirstPosts: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.VerifyClinician(ctx, w.admin, "reader", hearth.NewVerification{Profession: "Registered nurse", License: "RN-1", Region: "Ohio"}); err != nil {
		t.Fatal(err)
	}
	if err := db.RevokeClinician(ctx, w.admin, "reader", "License lapsed."); err != nil {
		t.Fatal(err)
	}
	newbie := mustMember(t, db, "newbie", hearth.RoleMember)
	if err := db.Welcome(ctx, w.mentor, newbie.Handle); err != nil {
		t.Fatal(err)
	}
	// A held post, returned to its author.
	held, err := db.HoldReply(ctx, newbie, w.thread.ID, "My first post here", hearth.Hold{Reason: hearth.ReasonFirstPost})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ModeratePost(ctx, w.cmod, held.ID, hearth.PostAction{Action: hearth.ActReturn, Reason: "Please add a title."}); err != nil {
		t.Fatal(err)
	}

	entries, pages, err := db.ListAudit(ctx, w.admin, "", 1)
	if err != nil || pages != 1 {
		t.Fatal(err, pages)
	}
	var got []string
	for i := len(entries) - 1; i >= 0; i-- {
		got = append(got, entries[i].Actor+":"+string(entries[i].Action))
	}
	want := "cmod:approve cmod:edit cmod:warn cmod:hide cmod:remove smod:suspend smod:ban smod:lift cmod:settings admin:verify admin:revoke mentor:welcome cmod:return"
	if strings.Join(got, " ") != want {
		t.Errorf("audit log:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	first := entries[len(entries)-1]
	if first.Detail != "kept; closed 1 flag" || first.Member != "author" || first.Community != "pub" || first.TargetType != "post" {
		t.Errorf("first entry: %+v", first)
	}
	if entries[0].Reason != "Please add a title." || !strings.Contains(entries[len(entries)-10].Detail, "license RN-1 (Ohio)") {
		t.Errorf("entries: %+v / %+v", entries[0], entries[len(entries)-10])
	}
	if only, _, _ := db.ListAudit(ctx, w.admin, hearth.ActHide, 1); len(only) != 1 {
		t.Errorf("filtered by hide: %d", len(only))
	}
	var all int
	if err := db.EachAudit(ctx, w.admin, func(*hearth.AuditEntry) error { all++; return nil }); err != nil || all != len(entries) {
		t.Errorf("EachAudit: %d %v", all, err)
	}
	for _, m := range []*hearth.Member{nil, w.smod, w.cmod, w.reader} {
		if _, _, err := db.ListAudit(ctx, m, "", 1); err == nil {
			t.Errorf("%v reads the audit log", m)
		}
		if err := db.EachAudit(ctx, m, func(*hearth.AuditEntry) error { return nil }); err == nil {
			t.Errorf("%v exports the audit log", m)
		}
	}

	// The log is append-only, in the database itself.
	for _, q := range []string{`UPDATE audit_log SET reason = 'nothing happened'`, `DELETE FROM audit_log`, `DELETE FROM audit_log WHERE id = 1`} {
		if err := sqldb.ExecForNotifyTest(db, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
	if sqldbtest.Backend() == "postgres" {
		if err := sqldb.ExecForNotifyTest(db, `TRUNCATE audit_log`); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("TRUNCATE: %v", err)
		}
	}
	if after, _, _ := db.ListAudit(ctx, w.admin, "", 1); len(after) != len(entries) || after[0].Reason != entries[0].Reason {
		t.Error("the audit log changed")
	}
	// Deleting accounts named in the log (as actor and as target) leaves
	// the log alone.
	if err := sqldb.ExecForNotifyTest(db, `DELETE FROM members WHERE handle IN ('reader', 'mentor')`); err != nil {
		t.Fatalf("deleting members named in the log: %v", err)
	}
	if after, _, _ := db.ListAudit(ctx, w.admin, "", 1); len(after) != len(entries) {
		t.Errorf("the log has %d lines after deleting accounts, want %d", len(after), len(entries))
	}
}

func TestSanctionsAtSignInAndPosting(t *testing.T) {
	ctx := context.Background()
	w := newModWorld(t)
	db := w.db
	token, err := db.CreateSession(ctx, w.author.ID)
	if err != nil {
		t.Fatal(err)
	}
	pat, _ := db.CreateToken(ctx, w.author.ID, "test")
	if _, err := db.ModeratePost(ctx, w.cmod, w.reply.ID, hearth.PostAction{Action: hearth.ActSuspend, Reason: "x", Days: 1}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a community moderator suspends: %v", err)
	}
	if err := db.ModerateMember(ctx, w.cmod, "author", hearth.MemberAction{Action: hearth.ActSuspend, Reason: "x", Days: 1}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a community moderator suspends a member: %v", err)
	}
	if err := db.ModerateMember(ctx, w.smod, "admin", hearth.MemberAction{Action: hearth.ActBan, Reason: "x"}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a moderator bans an admin: %v", err)
	}
	if err := db.ModerateMember(ctx, w.smod, "smod", hearth.MemberAction{Action: hearth.ActWarn, Reason: "x"}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a moderator warns themselves: %v", err)
	}
	if _, err := db.ModeratePost(ctx, w.smod, w.reply.ID, hearth.PostAction{Action: hearth.ActSuspend, Reason: "Selling after a warning.", Days: 7}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindSession(ctx, token); hearth.ErrorCode(err) != hearth.EUnauthorized {
		t.Errorf("the suspended member's session: %v", err)
	}
	if _, err := db.Authenticate(ctx, "author", "long enough password"); hearth.ErrorCode(err) != hearth.EForbidden ||
		!strings.Contains(hearth.ErrorMessage(err), "suspended until") || !strings.Contains(hearth.ErrorMessage(err), "Selling after a warning.") {
		t.Errorf("sign-in while suspended: %v", err)
	}
	if _, err := db.Authenticate(ctx, "author", "wrong password!"); hearth.ErrorCode(err) != hearth.EInvalid {
		t.Errorf("a wrong password says nothing of the suspension: %v", err)
	}
	if _, err := db.FindToken(ctx, pat); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("the suspended member's token: %v", err)
	}
	if _, err := db.CreateReply(ctx, w.author, w.thread.ID, "still here"); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("posting while suspended: %v", err)
	}
	if _, err := db.CreateThread(ctx, w.author, "pub", hearth.NewThread{Title: "t", Body: "b"}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a thread while suspended: %v", err)
	}
	if _, err := db.FlagPost(ctx, w.author, mustOpening(t, db, w.thread.ID), hearth.NewFlag{Reason: hearth.FlagSpam}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("flagging while suspended: %v", err)
	}
	// A week later it has ended by itself.
	w.clock.T = w.clock.T.Add(8 * 24 * time.Hour)
	if _, err := db.Authenticate(ctx, "author", "long enough password"); err != nil {
		t.Errorf("sign-in after the suspension: %v", err)
	}
	if _, err := db.CreateReply(ctx, w.author, w.thread.ID, "back again"); err != nil {
		t.Errorf("posting after the suspension: %v", err)
	}
	// A ban lasts until lifted.
	if err := db.ModerateMember(ctx, w.smod, "author", hearth.MemberAction{Action: hearth.ActBan, Reason: "Spam account."}); err != nil {
		t.Fatal(err)
	}
	w.clock.T = w.clock.T.Add(400 * 24 * time.Hour)
	if _, err := db.Authenticate(ctx, "author", "long enough password"); hearth.ErrorCode(err) != hearth.EForbidden || !strings.Contains(hearth.ErrorMessage(err), "closed this account") {
		t.Errorf("sign-in when banned: %v", err)
	}
	rec, err := db.FindMemberRecord(ctx, w.smod, "author")
	if err != nil || len(rec.Sanctions) != 2 || !rec.Sanctions[0].Active(w.clock.T) || rec.Sanctions[1].Active(w.clock.T) || rec.Sanctions[0].By != "smod" {
		t.Errorf("record: %+v %v", rec, err)
	}
	if err := db.ModerateMember(ctx, w.smod, "author", hearth.MemberAction{Action: hearth.ActLift, Reason: "Appeal."}); err != nil {
		t.Fatal(err)
	}
	if err := db.ModerateMember(ctx, w.smod, "author", hearth.MemberAction{Action: hearth.ActLift, Reason: "Again."}); hearth.ErrorCode(err) != hearth.EConflict {
		t.Errorf("lifting twice: %v", err)
	}
	if _, err := db.Authenticate(ctx, "author", "long enough password"); err != nil {
		t.Errorf("sign-in after the ban is lifted: %v", err)
	}
	notes, _ := db.ListNotices(ctx, w.author)
	var actions []string
	for _, n := range notes {
		actions = append(actions, string(n.Action))
	}
	if strings.Join(actions, " ") != "lift ban suspend" {
		t.Errorf("notices: %v", actions)
	}
}

func TestFlagsAndQueue(t *testing.T) {
	ctx := context.Background()
	w := newModWorld(t)
	db := w.db
	if _, err := db.FlagPost(ctx, nil, w.reply.ID, hearth.NewFlag{Reason: hearth.FlagSpam}); hearth.ErrorCode(err) != hearth.EUnauthorized {
		t.Errorf("anonymous flag: %v", err)
	}
	if _, err := db.FlagPost(ctx, w.author, w.reply.ID, hearth.NewFlag{Reason: hearth.FlagSpam}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("flagging one's own post: %v", err)
	}
	if _, err := db.FlagPost(ctx, w.reader, w.reply.ID, hearth.NewFlag{Reason: "bogus"}); hearth.ErrorField(err) != "reason" {
		t.Errorf("a bad reason: %v", err)
	}
	if _, err := db.FlagPost(ctx, w.reader, w.reply.ID, hearth.NewFlag{Reason: hearth.FlagOther}); hearth.ErrorField(err) != "note" {
		t.Errorf("other without a note: %v", err)
	}
	if _, err := db.FlagPost(ctx, w.reader, w.reply.ID, hearth.NewFlag{Reason: hearth.FlagSpam}); err != nil {
		t.Fatal(err)
	}
	// A second flag from the same member replaces the first.
	if _, err := db.FlagPost(ctx, w.reader, w.reply.ID, hearth.NewFlag{Reason: hearth.FlagHarmfulAdvice, Note: "says it cures everything"}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FlagPost(ctx, w.mentor, w.reply.ID, hearth.NewFlag{Reason: hearth.FlagSpam}); err != nil {
		t.Fatal(err)
	}
	// Queues: the community's moderator and staff see it; the other
	// community's moderator does not; a mentor sees the welcome list only;
	// a member has no queue.
	for m, want := range map[*hearth.Member]int{w.cmod: 1, w.smod: 1, w.admin: 1, w.omod: 0, w.mentor: 0} {
		q, err := db.ModerationQueue(ctx, m)
		if err != nil {
			t.Fatalf("%s: %v", m.Handle, err)
		}
		if len(q.Flagged) != want {
			t.Errorf("%s sees %d flagged posts, want %d", m.Handle, len(q.Flagged), want)
		}
	}
	if _, err := db.ModerationQueue(ctx, w.reader); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a member's queue: %v", err)
	}
	q, _ := db.ModerationQueue(ctx, w.cmod)
	fp := q.Flagged[0]
	if len(fp.Flags) != 2 || fp.Flags[0].Reason != hearth.FlagHarmfulAdvice || fp.Flags[0].Note != "says it cures everything" ||
		fp.Opening == nil || fp.Opening.Body != "What did you pack for lunch?" || fp.Thread.Title != "Ketogenic diet at school" {
		t.Errorf("flagged post in context: %+v", fp)
	}
	// Keeping it closes both flags; the queue is empty.
	if _, err := db.ModeratePost(ctx, w.cmod, w.reply.ID, hearth.PostAction{Action: hearth.ActApprove}); err != nil {
		t.Fatal(err)
	}
	if q, _ := db.ModerationQueue(ctx, w.cmod); len(q.Flagged) != 0 {
		t.Errorf("after approving: %d flagged", len(q.Flagged))
	}
	if _, err := db.ModeratePost(ctx, w.cmod, w.reply.ID, hearth.PostAction{Action: hearth.ActApprove}); hearth.ErrorCode(err) != hearth.EConflict {
		t.Errorf("approving a post nobody flagged: %v", err)
	}
	// A flag on a post already with the moderators is refused.
	db.ModeratePost(ctx, w.cmod, w.reply.ID, hearth.PostAction{Action: hearth.ActHide, Reason: "x"})
	if _, err := db.FlagPost(ctx, w.mentor, w.reply.ID, hearth.NewFlag{Reason: hearth.FlagSpam}); hearth.ErrorCode(err) == "" {
		t.Error("flagging a hidden post")
	}
	// Welcome list: new members, until welcomed.
	q, _ = db.ModerationQueue(ctx, w.mentor)
	var handles []string
	for _, n := range q.Welcome {
		handles = append(handles, n.Handle)
	}
	if !slices.Contains(handles, "reader") || slices.Contains(handles, "mentor") || slices.Contains(handles, "smod") {
		t.Errorf("welcome list: %v", handles)
	}
	if err := db.Welcome(ctx, w.mentor, "reader"); err != nil {
		t.Fatal(err)
	}
	if err := db.Welcome(ctx, w.mentor, "reader"); hearth.ErrorCode(err) != hearth.EConflict {
		t.Errorf("welcoming twice: %v", err)
	}
	if err := db.Welcome(ctx, w.reader, "author"); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a member welcomes: %v", err)
	}
	q, _ = db.ModerationQueue(ctx, w.mentor)
	for _, n := range q.Welcome {
		if n.Handle == "reader" {
			t.Error("a welcomed member is still listed")
		}
	}
}

func TestModeratorEditShowsNote(t *testing.T) {
	ctx := context.Background()
	w := newModWorld(t)
	db := w.db
	if _, err := db.ModeratePost(ctx, w.cmod, w.reply.ID, hearth.PostAction{Action: hearth.ActEdit, Reason: "Removed a shop link (rule 4).", Body: "Xylitol gummies helped us."}); err != nil {
		t.Fatal(err)
	}
	tp, _ := db.FindThreadPage(ctx, nil, w.thread.ID, 1)
	r := tp.Replies[0]
	if r.Body != "Xylitol gummies helped us." || r.ModNote != "Removed a shop link (rule 4)." || r.EditedAt == nil {
		t.Errorf("edited reply: %+v", r)
	}
	revs, _ := db.ListRevisions(ctx, nil, w.reply.ID)
	if len(revs) != 1 || !strings.Contains(revs[0].Body, "from my shop") {
		t.Errorf("revisions: %+v", revs)
	}
	if !w.searchFinds(t, nil, "helped") || w.searchFinds(t, nil, "shop") {
		t.Error("search does not follow the moderator's edit")
	}
	if _, err := db.ModeratePost(ctx, w.cmod, w.reply.ID, hearth.PostAction{Action: hearth.ActEdit, Reason: "again", Body: "Xylitol gummies helped us."}); hearth.ErrorField(err) != "body" {
		t.Errorf("an edit that changes nothing: %v", err)
	}
}

func TestFirstPostsAndSpamHolds(t *testing.T) {
	ctx := context.Background()
	w := newModWorld(t)
	db := w.db
	newbie := mustMember(t, db, "newbie", hearth.RoleMember)
	hold := func(m *hearth.Member, title, body string) *hearth.Hold {
		t.Helper()
		h, err := db.ModerationHold(ctx, m, "pub", 0, title, body)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	if h := hold(newbie, "Hello", "My son was just diagnosed."); h != nil {
		t.Errorf("a first post where the community does not hold them: %+v", h)
	}
	if err := db.SetCommunitySettings(ctx, w.omod, "pub", hearth.CommunitySettings{HoldFirstPosts: true}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("another community's moderator changes settings: %v", err)
	}
	if err := db.SetCommunitySettings(ctx, w.cmod, "pub", hearth.CommunitySettings{HoldFirstPosts: true}); err != nil {
		t.Fatal(err)
	}
	if _, cs, err := db.CommunitySettings(ctx, w.cmod, "pub"); err != nil || !cs.HoldFirstPosts {
		t.Errorf("settings: %+v %v", cs, err)
	}
	if h := hold(newbie, "Hello", "My son was just diagnosed."); h == nil || h.Reason != hearth.ReasonFirstPost {
		t.Fatalf("a first post: %+v", h)
	}
	for _, m := range []*hearth.Member{w.mentor, w.smod, w.cmod} {
		if h := hold(m, "Hello", "Welcome, everyone."); h != nil {
			t.Errorf("%s's first post is held", m.Handle)
		}
	}
	// Held, the first post waits even when its author edits it, and the
	// community's moderator approves it; then the next post is not held.
	th, err := db.HoldThread(ctx, newbie, "pub", hearth.NewThread{Title: "Hello", Body: "My son was just diagnosed."}, *hold(newbie, "Hello", "x"))
	if err != nil {
		t.Fatal(err)
	}
	op := mustOpening(t, db, th.ID)
	if p, err := db.EditPost(ctx, newbie, op, "My son was just diagnosed with absence seizures."); err != nil || p.Status != hearth.StatusHeld {
		t.Fatalf("an edit of a held first post: %v %v", p, err)
	}
	q, _ := db.ModerationQueue(ctx, w.cmod)
	if len(q.Held) != 1 || q.Held[0].Review.Reason != hearth.ReasonFirstPost {
		t.Fatalf("queue: %+v", q.Held)
	}
	if q, _ := db.ModerationQueue(ctx, w.omod); len(q.Held) != 0 {
		t.Error("another community's moderator sees the held post")
	}
	if _, err := db.ModeratePost(ctx, w.cmod, op, hearth.PostAction{Action: hearth.ActApprove}); err != nil {
		t.Fatal(err)
	}
	if h := hold(newbie, "Again", "Thanks for the answers."); h != nil {
		t.Errorf("a second post after approval: %+v", h)
	}
	// Spam: a new account with links and known wording, in title and body.
	spammer := mustMember(t, db, "spammer", hearth.RoleMember)
	h := hold(spammer, "Miracle cure for epilepsy", "Contact Dr Ade on WhatsApp +234 801 234 5678 now")
	if h == nil || h.Reason != hearth.ReasonSpam || len(h.Findings) < 2 {
		t.Fatalf("spam: %+v", h)
	}
	for _, f := range h.Findings {
		text := map[string]string{"title": "Miracle cure for epilepsy", "body": "Contact Dr Ade on WhatsApp +234 801 234 5678 now"}[f.Field]
		if f.Start >= 0 && text[f.Start:f.End] != f.Text {
			t.Errorf("finding %+v does not match its field", f)
		}
	}
	// The same long text again, from a new account, with a link.
	body := "Great thread, I found many more answers at https://example.com/answers for all of you."
	if h := hold(spammer, "", body); h != nil && h.Reason != hearth.ReasonFirstPost {
		t.Fatalf("one post with one link: %+v", h)
	}
	if _, err := db.CreateReply(ctx, spammer, mustThreadIn(t, db, w, "other"), body); err != nil {
		t.Fatal(err)
	}
	if h, _ := db.ModerationHold(ctx, spammer, "", w.thread.ID, "", body); h == nil || h.Reason != hearth.ReasonSpam {
		t.Errorf("the same text again: %+v", h)
	}
}

func mustThreadIn(t *testing.T, db *sqldb.DB, w *modWorld, slug string) int64 {
	t.Helper()
	th, err := db.CreateThread(context.Background(), w.omod, slug, hearth.NewThread{Title: "Introductions", Body: "Say hello!"})
	if err != nil {
		t.Fatal(err)
	}
	return th.ID
}

func TestClinicianVerification(t *testing.T) {
	ctx := context.Background()
	w := newModWorld(t)
	db := w.db
	n := hearth.NewVerification{Profession: "Registered nurse", License: "RN-445201", Region: "Ohio Board of Nursing"}
	for _, m := range []*hearth.Member{nil, w.reader, w.cmod, w.smod} {
		if _, err := db.VerifyClinician(ctx, m, "reader", n); err == nil {
			t.Errorf("%v verifies a clinician", m)
		}
	}
	if _, err := db.VerifyClinician(ctx, w.admin, "reader", hearth.NewVerification{Profession: "Nurse"}); hearth.ErrorField(err) != "license" {
		t.Errorf("without a license number: %v", err)
	}
	v, err := db.VerifyClinician(ctx, w.admin, "reader", n)
	if err != nil {
		t.Fatal(err)
	}
	if v.VerifiedBy != "admin" || v.License != "RN-445201" || !v.Current() {
		t.Errorf("verification: %+v", v)
	}
	if m, _ := db.FindMemberByHandle(ctx, "reader"); m.Role != hearth.RoleClinician {
		t.Errorf("role after verification: %s", m.Role)
	}
	if err := db.RevokeClinician(ctx, w.admin, "reader", "The license lapsed."); err != nil {
		t.Fatal(err)
	}
	if m, _ := db.FindMemberByHandle(ctx, "reader"); m.Role != hearth.RoleMember {
		t.Errorf("role after revoking: %s", m.Role)
	}
	if v, _ := db.FindVerification(ctx, "reader"); v.Current() {
		t.Error("a revoked verification is current")
	}
	// Staff keep their role; the operator is named when verifying at the CLI.
	if _, err := db.VerifyClinicianAsOperator(ctx, "", "smod", n); err != nil {
		t.Fatal(err)
	}
	if m, _ := db.FindMemberByHandle(ctx, "smod"); m.Role != hearth.RoleModerator {
		t.Errorf("a verified moderator's role: %s", m.Role)
	}
	if v, _ := db.FindVerification(ctx, "smod"); v.VerifiedBy != "operator" {
		t.Errorf("verified by %q", v.VerifiedBy)
	}
}

func TestCommunityModeratorBadge(t *testing.T) {
	ctx := context.Background()
	w := newModWorld(t)
	db := w.db
	r, err := db.CreateReply(ctx, w.cmod, w.thread.ID, "Welcome! Please read the rules.")
	if err != nil {
		t.Fatal(err)
	}
	tp, _ := db.FindThreadPage(ctx, nil, w.thread.ID, 1)
	for _, p := range append([]*hearth.Post{tp.Opening}, tp.Replies...) {
		if p.AuthorModerates != (p.ID == r.ID) {
			t.Errorf("post %d by %s: AuthorModerates %v", p.ID, p.Author, p.AuthorModerates)
		}
	}
}
