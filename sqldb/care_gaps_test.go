package sqldb_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
)

// crisisNotifications lists a member's crisis notifications.
func crisisNotifications(t *testing.T, db interface {
	ListNotifications(context.Context, *hearth.Member, int) ([]*hearth.Notification, int, error)
}, m *hearth.Member) []*hearth.Notification {
	t.Helper()
	ns, _, err := db.ListNotifications(context.Background(), m, 1)
	if err != nil {
		t.Fatal(err)
	}
	var out []*hearth.Notification
	for _, n := range ns {
		if n.Kind == hearth.NotifyCrisis {
			out = append(out, n)
		}
	}
	return out
}

// An edit may add, change or remove a post's warning (Replace); the
// thread's excerpt follows, and the body's history is kept.
func TestCareEditPostWarning(t *testing.T) {
	ctx := context.Background()
	w := newModWorld(t)
	db := w.db
	tp, err := db.FindThreadPage(ctx, w.author, w.thread.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	op := tp.Opening
	if _, err := db.EditPost(ctx, w.author, op.ID, "What did you pack for lunch? We lost our dog this week."); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPostCare(ctx, w.author, op.ID, 0, hearth.PostCare{Warning: hearth.ContentWarning{Kind: hearth.WarnLoss}, Replace: true}); err != nil {
		t.Fatal(err)
	}
	check := func(kind hearth.WarningKind, excerpt string) {
		t.Helper()
		p, th, err := db.FindPost(ctx, w.reader, op.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Warning.Kind != kind || !strings.HasPrefix(th.Excerpt, excerpt) {
			t.Errorf("warning %q excerpt %q; want %q, %q", p.Warning.Kind, th.Excerpt, kind, excerpt)
		}
	}
	check(hearth.WarnLoss, "Content warning: loss")
	// Change it to "other".
	if err := db.SetPostCare(ctx, w.author, op.ID, 0, hearth.PostCare{Warning: hearth.ContentWarning{Kind: hearth.WarnOther, Note: "pets"}, Replace: true}); err != nil {
		t.Fatal(err)
	}
	check(hearth.WarnOther, "Content warning: pets")
	// A zero warning without Replace changes nothing (new posts' path).
	if err := db.SetPostCare(ctx, w.author, op.ID, 0, hearth.PostCare{}); err != nil {
		t.Fatal(err)
	}
	check(hearth.WarnOther, "Content warning: pets")
	// Removed: the excerpt is the text again.
	if err := db.SetPostCare(ctx, w.author, op.ID, 0, hearth.PostCare{Replace: true}); err != nil {
		t.Fatal(err)
	}
	check("", "What did you pack for lunch? We lost our dog")
	if err := db.SetPostCare(ctx, w.reader, op.ID, 0, hearth.PostCare{Replace: true}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("another member changed the warning: %v", err)
	}
	revs, err := db.ListRevisions(ctx, w.reader, op.ID)
	if err != nil || len(revs) != 1 || revs[0].Body != "What did you pack for lunch?" {
		t.Errorf("history: %d revisions, %v", len(revs), err)
	}
}

// Self-harm wording in a story files one urgent flag, the system as
// reporter, for the site's moderators on duty; closing it is audited.
func TestCareStoryFlag(t *testing.T) {
	ctx := context.Background()
	w := newModWorld(t)
	db := w.db
	st, err := db.CreateStory(ctx, w.author, hearth.NewStory{Title: "Winter", Body: "Some nights I want to end it all."})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.FlagStorySelfHarm(ctx, w.reader, st.ID); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("someone else flagged the story as its author: %v", err)
	}
	if err := db.SetDuty(ctx, w.smod, true); err != nil {
		t.Fatal(err)
	}
	for range 2 { // an edit with more wording: still one open flag
		if err := db.FlagStorySelfHarm(ctx, w.author, st.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.StoryFlags(ctx, w.reader); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a member listed flagged stories: %v", err)
	}
	fs, err := db.StoryFlags(ctx, w.smod)
	if err != nil || len(fs) != 1 || fs[0].StoryID != st.ID || !fs[0].Automatic || fs[0].Reporter != "" || fs[0].Author != "author" ||
		fs[0].URL() != "/u/author/stories/"+itoa(st.ID) {
		t.Fatalf("flagged stories: %+v %v", fs, err)
	}
	ns := crisisNotifications(t, db, w.smod)
	if len(ns) != 1 || ns[0].Title != "Winter" || ns[0].URL != fs[0].URL() || !strings.Contains(ns[0].Excerpt, "self-harm wording check") ||
		strings.Contains(ns[0].Excerpt, "end it all") {
		t.Errorf("the moderator on duty's notification: %+v", ns)
	}
	if len(crisisNotifications(t, db, w.admin)) != 0 || len(crisisNotifications(t, db, w.author)) != 0 || len(crisisNotifications(t, db, w.cmod)) != 0 {
		t.Error("someone off duty, or the author, was told")
	}
	if has, _ := db.CrisisNotice(ctx, w.author); !has {
		t.Error("the author has no gentle notice")
	}
	if err := db.CloseStoryFlags(ctx, w.smod, st.ID, "Wrote to them; they are safe tonight."); err != nil {
		t.Fatal(err)
	}
	if fs, _ := db.StoryFlags(ctx, w.admin); len(fs) != 0 {
		t.Errorf("the flag stays open: %+v", fs)
	}
	if err := db.CloseStoryFlags(ctx, w.smod, st.ID, ""); hearth.ErrorCode(err) != hearth.EConflict {
		t.Errorf("closing twice: %v", err)
	}
	es, _, err := db.ListAudit(ctx, w.admin, hearth.ActCloseStoryFlag, 1)
	if err != nil || len(es) != 1 || es[0].Actor != "smod" || es[0].Member != "author" || es[0].TargetID != st.ID || es[0].Reason != "Wrote to them; they are safe tonight." {
		t.Errorf("audit: %+v %v", es, err)
	}
	// A later edit with new wording opens a new flag; nobody on duty now
	// means every moderator and admin of the site.
	if err := db.SetDuty(ctx, w.smod, false); err != nil {
		t.Fatal(err)
	}
	if err := db.FlagStorySelfHarm(ctx, w.author, st.ID); err != nil {
		t.Fatal(err)
	}
	if fs, _ := db.StoryFlags(ctx, w.admin); len(fs) != 1 {
		t.Errorf("no new flag after the edit: %+v", fs)
	}
	if len(crisisNotifications(t, db, w.admin)) != 1 || len(crisisNotifications(t, db, w.cmod)) != 0 {
		t.Error("with nobody on duty, the site's staff (only) should hear of it")
	}
}

// A "someone may be in danger" report on a private message tells the
// moderators on duty at once, without a word of the message or the note.
func TestCareMessageCrisisAlert(t *testing.T) {
	ctx := context.Background()
	w := newMsgWorld(t)
	db := w.db
	if err := db.SetDuty(ctx, w.smod, true); err != nil {
		t.Fatal(err)
	}
	// A spam report alerts nobody.
	if _, err := db.ReportMessage(ctx, w.ben, w.first.ID, hearth.NewFlag{Reason: hearth.FlagSpam}); err != nil {
		t.Fatal(err)
	}
	if len(crisisNotifications(t, db, w.smod)) != 0 {
		t.Fatal("a spam report alerted the moderator on duty")
	}
	// Changed to a crisis report: the alert goes out, once.
	for range 2 {
		if _, err := db.ReportMessage(ctx, w.ben, w.first.ID, hearth.NewFlag{Reason: hearth.FlagCrisis, Note: "she wrote " + secretText}); err != nil {
			t.Fatal(err)
		}
	}
	ns := crisisNotifications(t, db, w.smod)
	if len(ns) != 1 {
		t.Fatalf("the moderator on duty got %d crisis notifications", len(ns))
	}
	n := ns[0]
	if n.URL != "/mod/messages/"+itoa(w.first.ID) || !strings.Contains(n.Title, "reported as urgent") || n.Actor != "ben" {
		t.Errorf("notification: %+v", n)
	}
	for _, s := range []string{n.Title, n.Excerpt, n.Where} {
		if strings.Contains(s, "neurologist") || strings.Contains(s, "Seizure diary") {
			t.Errorf("the alert carries the message: %q", s)
		}
	}
	if len(crisisNotifications(t, db, w.admin)) != 0 || len(crisisNotifications(t, db, w.ana)) != 0 {
		t.Error("someone off duty, or the author, was told")
	}
	// Nobody on duty: every moderator and admin.
	if err := db.SetDuty(ctx, w.smod, false); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ReportMessage(ctx, w.ana, w.reply.ID, hearth.NewFlag{Reason: hearth.FlagCrisis}); err != nil {
		t.Fatal(err)
	}
	if len(crisisNotifications(t, db, w.admin)) != 1 || len(crisisNotifications(t, db, w.smod)) != 2 || len(crisisNotifications(t, db, w.ben)) != 0 {
		t.Error("with nobody on duty, every moderator and admin (never the author) should hear of it")
	}
	// Members never see the alert, even with its subject in hand.
	if len(crisisNotifications(t, db, w.cleo)) != 0 {
		t.Error("a member sees a message crisis alert")
	}
}

// Adding, changing and removing a crisis resource each write a line in
// the audit log: who, and what.
func TestCareCrisisResourceAudit(t *testing.T) {
	ctx := context.Background()
	w := newModWorld(t)
	db := w.db
	c := &hearth.CrisisResource{Country: "US", Language: "en", Name: "988 Suicide & Crisis Lifeline", Phone: "988"}
	if err := db.SaveCrisisResource(ctx, w.admin, c); err != nil {
		t.Fatal(err)
	}
	c.Phone, c.Hours = "988", "24 hours, every day"
	c.SMS = "Text 988"
	if err := db.SaveCrisisResource(ctx, w.admin, c); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteCrisisResource(ctx, w.admin, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveCrisisResource(ctx, w.smod, &hearth.CrisisResource{Country: "US", Language: "en", Name: "X", Phone: "1"}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a moderator edited resources: %v", err)
	}
	for _, want := range []struct {
		action hearth.ModAction
		detail []string
	}{
		{hearth.ActCrisisAdd, []string{"US-en: 988 Suicide & Crisis Lifeline", "phone 988"}},
		{hearth.ActCrisisEdit, []string{"text “” → “Text 988”", "hours “” → “24 hours, every day”"}},
		{hearth.ActCrisisRemove, []string{"US-en: 988 Suicide & Crisis Lifeline", "text Text 988"}},
	} {
		es, _, err := db.ListAudit(ctx, w.admin, want.action, 1)
		if err != nil || len(es) != 1 {
			t.Fatalf("%s: %d lines, %v", want.action, len(es), err)
		}
		e := es[0]
		if e.Actor != "admin" || e.TargetType != "crisis_resource" || e.TargetID != c.ID {
			t.Errorf("%s: %+v", want.action, e)
		}
		for _, d := range want.detail {
			if !strings.Contains(e.Detail, d) {
				t.Errorf("%s: detail %q lacks %q", want.action, e.Detail, d)
			}
		}
		if want.action == hearth.ActCrisisEdit && strings.Contains(e.Detail, "phone “") {
			t.Errorf("an unchanged field is listed as changed: %q", e.Detail)
		}
	}
}
