package jobs_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
)

// A private message is mailed at once by default, through the real queue
// and an SMTP server, and the mail says who wrote, never what.
func TestMessageMailCarriesNoBody(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	const secret = "The biopsy came back and I am scared"
	e.member("ben")
	e.member("cleo")
	c, _, err := e.db.StartConversation(ctx, e.member("ana"), hearth.NewConversation{To: []string{"ben", "cleo"}, Subject: "Results day", Body: secret})
	if err != nil {
		t.Fatal(err)
	}
	e.mail.Wait(t, 2, 10*time.Second)
	e.settle()
	for _, h := range []string{"ben", "cleo"} {
		got := e.to(h)
		if len(got) != 1 {
			t.Fatalf("%s got %d messages, want 1", h, len(got))
		}
		m := got[0]
		if s := m.Header.Get("Subject"); s != "You have a new message from @ana on hearth test" {
			t.Errorf("%s: Subject = %q", h, s)
		}
		for _, part := range []string{m.Text(), m.HTML()} {
			if strings.Contains(part, "biopsy") || strings.Contains(part, "Results day") {
				t.Errorf("%s: the mail carries the message:\n%s", h, part)
			}
		}
		if !strings.Contains(m.Text(), base+"/messages/"+itoa(c.ID)) {
			t.Errorf("%s: no link to the conversation:\n%s", h, m.Text())
		}
	}
	if len(e.to("ana")) != 0 {
		t.Errorf("the author was mailed")
	}
	// A member who wants no email about messages gets none.
	if err := e.db.SetNotifyPrefs(ctx, e.member("ben"), hearth.NotifyPrefs{hearth.NotifyMessage: hearth.EmailNever}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.SendMessage(ctx, e.member("ana"), c.ID, "Call me?"); err != nil {
		t.Fatal(err)
	}
	e.mail.Wait(t, 3, 10*time.Second)
	e.settle()
	if len(e.to("ben")) != 1 || len(e.to("cleo")) != 2 {
		t.Errorf("after ben chose no email: ben %d, cleo %d messages", len(e.to("ben")), len(e.to("cleo")))
	}
}
