package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
)

// The crisis path by email: a crisis flag mails the moderator on duty at
// once (whatever their email choices), and nobody else; with nobody on
// duty, every moderator and admin.
func TestCrisisFlagMail(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.community("epilepsy", hearth.Public, "bob", "carol")
	staff := map[string]*hearth.Member{}
	for _, h := range []string{"onduty", "offduty", "boss"} {
		role := hearth.RoleModerator
		if h == "boss" {
			role = hearth.RoleAdmin
		}
		m, err := e.db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: "long enough password", Role: role})
		if err != nil {
			t.Fatal(err)
		}
		staff[h], e.members[h] = m, m
	}
	// Even a moderator who turned moderation email off gets crisis mail.
	if err := e.db.SetNotifyPrefs(ctx, staff["onduty"], hearth.NotifyPrefs{hearth.NotifyModeration: hearth.EmailNever}); err != nil {
		t.Fatal(err)
	}
	if err := e.db.SetDuty(ctx, staff["onduty"], true); err != nil {
		t.Fatal(err)
	}
	th := e.thread("bob", "epilepsy", "Rough night", "Another cluster last night.")
	p := e.reply("bob", th, "I am so tired of all of it.")
	e.settle()
	before := len(e.mail.Messages())
	if _, err := e.db.FlagPost(ctx, e.member("carol"), p.ID, hearth.NewFlag{Reason: hearth.FlagCrisis}); err != nil {
		t.Fatal(err)
	}
	e.mail.Wait(t, before+1, 10*time.Second)
	e.settle()
	got := e.to("onduty")
	if len(got) != 1 || len(e.mail.Messages()) != before+1 {
		t.Fatalf("onduty got %d, all new %d; want exactly one mail to onduty", len(got), len(e.mail.Messages())-before)
	}
	m := got[0]
	if s := m.Header.Get("Subject"); s != "Urgent: someone may be in danger: Rough night" {
		t.Errorf("Subject = %q", s)
	}
	if !strings.Contains(m.Text(), base+"/mod/posts/"+itoa(p.ID)) || !strings.Contains(m.Text(), "someone may be in danger") {
		t.Errorf("text:\n%s", m.Text())
	}
	// Off duty: every moderator and admin (never the author).
	if err := e.db.SetDuty(ctx, staff["onduty"], false); err != nil {
		t.Fatal(err)
	}
	before = len(e.mail.Messages())
	if err := e.db.SetPostCare(ctx, e.member("bob"), 0, th.ID, hearth.PostCare{SelfHarm: true}); err != nil {
		t.Fatal(err)
	}
	e.mail.Wait(t, before+3, 10*time.Second)
	e.settle()
	for _, h := range []string{"onduty", "offduty", "boss"} {
		if n := len(e.to(h)); (h == "onduty" && n != 2) || (h != "onduty" && n != 1) {
			t.Errorf("%s got %d crisis mails", h, n)
		}
	}
	if n := len(e.to("bob")); n != 0 {
		t.Errorf("the author got %d mails", n)
	}
}

// Notification emails about a warned post say "(content warning: …)" in
// place of its text.
func TestWarnedPostMail(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.community("epilepsy", hearth.Public, "bob", "alice")
	th := e.thread("bob", "epilepsy", "Remembering Dad", "He loved the garden.")
	// The warning comes with the reply, in its transaction: no mail job
	// can run before it is there.
	warned := hearth.WithWarning(ctx, hearth.ContentWarning{Kind: hearth.WarnLoss})
	if _, err := e.db.CreateReply(warned, e.member("alice"), th.ID, "We lost our mother the same way; the details still hurt."); err != nil {
		t.Fatal(err)
	}
	e.mail.Wait(t, 1, 10*time.Second)
	e.settle()
	got := e.to("bob")
	if len(got) != 1 {
		t.Fatalf("bob got %d mails", len(got))
	}
	if txt := got[0].Text(); !strings.Contains(txt, "(content warning: loss)") || strings.Contains(txt, "the details still hurt") {
		t.Errorf("text:\n%s", txt)
	}
}
