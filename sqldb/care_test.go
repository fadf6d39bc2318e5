package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
)

// A crisis flag jumps the queue, reaches only the moderators on duty
// (or every moderator when none is), and gives the author a notice.
func TestCrisisFlag(t *testing.T) {
	ctx := context.Background()
	w := newModWorld(t)
	db := w.db
	// An older spam flag on the opening post; the crisis flag on the
	// reply comes later but goes first.
	tp, err := db.FindThreadPage(ctx, w.admin, w.thread.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.FlagPost(ctx, w.reader, tp.Opening.ID, hearth.NewFlag{Reason: hearth.FlagSpam}); err != nil {
		t.Fatal(err)
	}
	w.clock.T = w.clock.T.Add(time.Minute)
	if err := db.SetDuty(ctx, w.smod, true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetDuty(ctx, w.reader, true); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Fatalf("a member went on duty: %v", err)
	}
	if _, err := db.FlagPost(ctx, w.reader, w.reply.ID, hearth.NewFlag{Reason: hearth.FlagCrisis, Note: "They said goodbye"}); err != nil {
		t.Fatal(err)
	}
	q, err := db.ModerationQueue(ctx, w.smod)
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Flagged) != 2 || q.Flagged[0].Post.ID != w.reply.ID || !q.Flagged[0].Urgent() || q.Flagged[1].Urgent() {
		t.Fatalf("queue: %d flagged, first %+v", len(q.Flagged), q.Flagged[0].Post)
	}
	crisisNotes := func(m *hearth.Member) int {
		ns, _, err := db.ListNotifications(ctx, m, 1)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, x := range ns {
			if x.Kind == hearth.NotifyCrisis {
				n++
				reply := strings.HasSuffix(x.URL, "/mod/posts/"+itoa(w.reply.ID))
				if reply != strings.Contains(x.Excerpt, "They said goodbye") || x.Title != w.thread.Title {
					t.Errorf("crisis notification: %+v", x)
				}
			}
		}
		return n
	}
	if crisisNotes(w.smod) != 1 || crisisNotes(w.admin) != 0 || crisisNotes(w.cmod) != 0 || crisisNotes(w.author) != 0 {
		t.Error("the crisis notification did not reach exactly the moderator on duty")
	}
	if has, _ := db.CrisisNotice(ctx, w.author); !has {
		t.Error("the author has no crisis notice")
	}
	if has, _ := db.CrisisNotice(ctx, w.reader); has {
		t.Error("the reporter has a crisis notice")
	}
	if err := db.DismissCrisisNotice(ctx, w.author); err != nil {
		t.Fatal(err)
	}
	if has, _ := db.CrisisNotice(ctx, w.author); has {
		t.Error("the notice stays after it was dismissed")
	}
	// Nobody on duty: every moderator who may act hears of it (site
	// staff and the community's moderator), never the other community's.
	if err := db.SetDuty(ctx, w.smod, false); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPostCare(ctx, w.author, 0, w.thread.ID, hearth.PostCare{SelfHarm: true}); err != nil {
		t.Fatal(err)
	}
	if crisisNotes(w.admin) != 1 || crisisNotes(w.cmod) != 1 || crisisNotes(w.omod) != 0 {
		t.Error("with nobody on duty, the automatic crisis flag did not reach every moderator of the post")
	}
	mp, err := db.FindModPost(ctx, w.smod, tp.Opening.ID)
	if err != nil {
		t.Fatal(err)
	}
	auto := false
	for _, f := range mp.Flags {
		auto = auto || (f.Automatic && f.Reason == hearth.FlagCrisis && f.Reporter == "")
	}
	if !auto || !mp.Urgent() {
		t.Errorf("the automatic flag: %+v", mp.Flags)
	}
}

func TestContentWarningsAndMutes(t *testing.T) {
	ctx := context.Background()
	w := newModWorld(t)
	db := w.db
	if err := db.SetPostCare(ctx, w.author, w.reply.ID, 0, hearth.PostCare{Warning: hearth.ContentWarning{Kind: hearth.WarnOther, Note: "  a  hard  week "}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPostCare(ctx, w.reader, 0, w.thread.ID, hearth.PostCare{Warning: hearth.ContentWarning{Kind: hearth.WarnLoss}}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Fatalf("a reader set the warning of someone else's post: %v", err)
	}
	if err := db.SetPostCare(ctx, w.author, 0, w.thread.ID, hearth.PostCare{Warning: hearth.ContentWarning{Kind: "sad"}}); hearth.ErrorField(err) != "content_warning" {
		t.Fatalf("an unknown kind: %v", err)
	}
	if err := db.SetPostCare(ctx, w.author, 0, w.thread.ID, hearth.PostCare{Warning: hearth.ContentWarning{Kind: hearth.WarnLoss}}); err != nil {
		t.Fatal(err)
	}
	tp, err := db.FindThreadPage(ctx, nil, w.thread.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if tp.Opening.Warning != (hearth.ContentWarning{Kind: hearth.WarnLoss}) || tp.Replies[0].Warning.Text() != "a hard week" {
		t.Fatalf("warnings read back: %+v %+v", tp.Opening.Warning, tp.Replies[0].Warning)
	}
	// Lists, search, notifications and their emails show the warning in
	// place of the text.
	if tp.Thread.Excerpt != "Content warning: loss" {
		t.Errorf("thread excerpt %q", tp.Thread.Excerpt)
	}
	if _, err := db.EditPost(ctx, w.author, tp.Opening.ID, "What did you pack for lunch? We miss him at every meal."); err != nil {
		t.Fatal(err)
	}
	if tp2, _ := db.FindThreadPage(ctx, nil, w.thread.ID, 1); tp2.Thread.Excerpt != "Content warning: loss" || tp2.Opening.Warning.Kind != hearth.WarnLoss {
		t.Errorf("after an edit: excerpt %q, warning %+v", tp2.Thread.Excerpt, tp2.Opening.Warning)
	}
	res, err := db.Search(ctx, w.reader, hearth.SearchQuery{Text: "xylitol"})
	if err != nil || len(res.Results) == 0 || string(res.Results[0].SnippetHTML) != "(content warning: a hard week)" {
		t.Errorf("search: %+v %v", res, err)
	}
	ns, _, err := db.ListNotifications(ctx, w.reader, 1)
	if err != nil || len(ns) == 0 || ns[0].Excerpt != "(content warning: a hard week)" {
		t.Errorf("the reader's notification of the warned reply: %+v %v", ns, err)
	}
	// Mutes: none by default, saved and read back in the list's order.
	m, err := db.Mutes(ctx, w.reader)
	if err != nil || len(m.Kinds) != 0 || m.Mode != hearth.MuteCollapse {
		t.Fatalf("default mutes: %+v %v", m, err)
	}
	if err := db.SetMutes(ctx, w.reader, hearth.Mutes{Kinds: []hearth.WarningKind{hearth.WarnEndOfLife, hearth.WarnLoss, hearth.WarnLoss}, Mode: hearth.MuteHide}); err != nil {
		t.Fatal(err)
	}
	m, _ = db.Mutes(ctx, w.reader)
	if len(m.Kinds) != 2 || m.Kinds[0] != hearth.WarnLoss || m.Mode != hearth.MuteHide || !m.Muted(tp.Opening.Warning) || m.Muted(tp.Replies[0].Warning) {
		t.Fatalf("mutes: %+v", m)
	}
	if err := db.SetMutes(ctx, w.reader, hearth.Mutes{Mode: "vanish"}); hearth.ErrorField(err) != "mode" {
		t.Fatalf("a bad mode: %v", err)
	}
}

func TestCrisisResources(t *testing.T) {
	ctx := context.Background()
	w := newModWorld(t)
	db := w.db
	save := func(c hearth.CrisisResource) (*hearth.CrisisResource, error) {
		err := db.SaveCrisisResource(ctx, w.admin, &c)
		return &c, err
	}
	for _, tc := range []struct {
		c     hearth.CrisisResource
		field string
	}{
		{hearth.CrisisResource{Country: "USA", Language: "en", Name: "X", Phone: "988"}, "country"},
		{hearth.CrisisResource{Country: "us", Language: "english", Name: "X", Phone: "988"}, "language"},
		{hearth.CrisisResource{Country: "US", Language: "en", Phone: "988"}, "name"},
		{hearth.CrisisResource{Country: "US", Language: "en", Name: "X"}, "phone"},
		{hearth.CrisisResource{Country: "US", Language: "en", Name: "X", Phone: "call me"}, "phone"},
		{hearth.CrisisResource{Country: "US", Language: "en", Name: "X", URL: "javascript:alert(1)"}, "url"},
		{hearth.CrisisResource{Country: "US", Language: "en", Name: "X", URL: "https://x.example", Position: -1}, "position"},
	} {
		if _, err := save(tc.c); hearth.ErrorField(err) != tc.field {
			t.Errorf("%+v: error %v, want field %s", tc.c, err, tc.field)
		}
	}
	if err := db.SaveCrisisResource(ctx, w.smod, &hearth.CrisisResource{Country: "US", Language: "en", Name: "X", Phone: "988"}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a moderator saved a resource: %v", err)
	}
	lifeline, err := save(hearth.CrisisResource{Country: " us ", Language: "EN", Name: "988 Lifeline", Phone: "988"})
	if err != nil || lifeline.Country != "US" || lifeline.Language != "en" {
		t.Fatalf("save: %+v %v", lifeline, err)
	}
	if _, err := save(hearth.CrisisResource{Country: "ES", Language: "es", Name: "Línea 024", Phone: "024"}); err != nil {
		t.Fatal(err)
	}
	if _, err := save(hearth.CrisisResource{Country: "GB", Language: "en", Name: "Samaritans", Phone: "116 123"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ country, lang, want string }{
		{"ES", "es", "Línea 024"}, {"GB", "fr", "Samaritans"}, {"", "es", "Línea 024"}, {"FR", "fr", "988 Lifeline"}, {"", "", "988 Lifeline"},
	} {
		h, err := db.CrisisHelp(ctx, tc.country, tc.lang)
		if err != nil || len(h.Resources) != 1 || h.Resources[0].Name != tc.want || len(h.Places) != 3 {
			t.Errorf("CrisisHelp(%q, %q) = %+v, %v; want %s", tc.country, tc.lang, h, err, tc.want)
		}
	}
	lifeline.Name = "988 Suicide & Crisis Lifeline"
	if err := db.SaveCrisisResource(ctx, w.admin, lifeline); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteCrisisResource(ctx, w.admin, lifeline.ID); err != nil {
		t.Fatal(err)
	}
	all, _ := db.ListCrisisResources(ctx)
	if len(all) != 2 {
		t.Errorf("after delete: %d resources", len(all))
	}
}
