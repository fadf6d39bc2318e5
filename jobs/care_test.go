package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/email/emailtest"
)

// The crisis path by email: a crisis flag mails the moderator on duty at
// once (whatever their email choices), and nobody else; with nobody on
// duty, every moderator and admin.
func TestCrisisFlagMail(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.community("epilepsy", hearth.Public, "bob", "carol")
	e.staff(hearth.RoleModerator, "onduty", "offduty")
	e.staff(hearth.RoleAdmin, "boss")
	// Even a moderator who turned moderation email off gets crisis mail.
	e.onDuty("onduty", hearth.NotifyPrefs{hearth.NotifyModeration: hearth.EmailNever})
	th := e.thread("bob", "epilepsy", "Rough night", "Another cluster last night.")
	p := e.reply("bob", th, "I am so tired of all of it.")
	e.settle()
	before := len(e.mail.Messages())
	if _, err := e.db.FlagPost(ctx, e.member("carol"), p.ID, hearth.NewFlag{Reason: hearth.FlagCrisis}); err != nil {
		t.Fatal(err)
	}
	m := e.onlyNewMailTo(before, "onduty")
	if s := m.Header.Get("Subject"); s != "Urgent: someone may be in danger: Rough night" {
		t.Errorf("Subject = %q", s)
	}
	if !strings.Contains(m.Text(), base+"/mod/posts/"+itoa(p.ID)) || !strings.Contains(m.Text(), "someone may be in danger") {
		t.Errorf("text:\n%s", m.Text())
	}
	// Off duty: every moderator and admin (never the author).
	if err := e.db.SetDuty(ctx, e.member("onduty"), false); err != nil {
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

// staff creates site staff of the role: moderators or admins.
func (e *env) staff(role hearth.Role, handles ...string) {
	e.t.Helper()
	for _, h := range handles {
		m, err := e.db.CreateMember(context.Background(), hearth.NewMember{Handle: h, Email: h + "@example.org", Password: "long enough password", Role: role})
		if err != nil {
			e.t.Fatal(err)
		}
		e.members[h] = m
	}
}

// onDuty sets the staff member's email choices (which crisis mail
// ignores) and puts them on duty.
func (e *env) onDuty(handle string, prefs hearth.NotifyPrefs) {
	e.t.Helper()
	if err := e.db.SetNotifyPrefs(context.Background(), e.member(handle), prefs); err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.SetDuty(context.Background(), e.member(handle), true); err != nil {
		e.t.Fatal(err)
	}
}

// onlyNewMailTo waits for the one mail sent since there were before
// mails, and fails unless it is the only one and goes to handle.
func (e *env) onlyNewMailTo(before int, handle string) *emailtest.Message {
	e.t.Helper()
	e.mail.Wait(e.t, before+1, 10*time.Second)
	e.settle()
	got := e.to(handle)
	if len(got) != 1 || len(e.mail.Messages()) != before+1 {
		e.t.Fatalf("%s got %d, all new %d; want exactly one mail to %s", handle, len(got), len(e.mail.Messages())-before, handle)
	}
	return got[0]
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
