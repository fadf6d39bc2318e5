package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
)

// A "someone may be in danger" report on a private message mails the
// moderator on duty at once (whatever their email choices), with a link
// to the moderation page and not a word of the message or the note.
func TestCareMessageCrisisMail(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	const secret = "I have saved up all my pills"
	e.staff(hearth.RoleModerator, "onduty", "offduty") // care_test.go
	e.onDuty("onduty", hearth.NotifyPrefs{hearth.NotifyModeration: hearth.EmailNever, hearth.NotifyMessage: hearth.EmailNever})
	e.member("ben")
	_, msg, err := e.db.StartConversation(ctx, e.member("ana"), hearth.NewConversation{To: []string{"ben"}, Subject: "Tonight", Body: secret})
	if err != nil {
		t.Fatal(err)
	}
	e.mail.Wait(t, 1, 10*time.Second) // ben's message mail
	e.settle()
	before := len(e.mail.Messages())
	if _, err := e.db.ReportMessage(ctx, e.member("ben"), msg.ID, hearth.NewFlag{Reason: hearth.FlagCrisis, Note: "she said: " + secret}); err != nil {
		t.Fatal(err)
	}
	m := e.onlyNewMailTo(before, "onduty")
	if s := m.Header.Get("Subject"); !strings.HasPrefix(s, "Urgent: someone may be in danger") {
		t.Errorf("Subject = %q", s)
	}
	if !strings.Contains(m.Text(), base+"/mod/messages/"+itoa(msg.ID)) {
		t.Errorf("no link to the moderation page:\n%s", m.Text())
	}
	for _, part := range []string{m.Header.Get("Subject"), m.Text(), m.HTML()} {
		if strings.Contains(part, "pills") || strings.Contains(part, "Tonight") {
			t.Errorf("the alert carries the message:\n%s", part)
		}
	}
}
