package email_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/email"
	"github.com/hearth-community/hearth/email/emailtest"
)

func composer() *email.Composer {
	return &email.Composer{SiteName: "hearth", BaseURL: "https://forum.example.org/", From: "hearth@forum.example.org"}
}

func TestSendNotification(t *testing.T) {
	srv := emailtest.New(t)
	s, err := email.NewSender(srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := &hearth.Notification{ID: 42, Kind: hearth.NotifyReply, Actor: "nurse_jo", Title: "Keppra & sleep — ça va?", Excerpt: "Try <b>not</b> to worry.",
		Where: "Epilepsy", URL: "/c/epilepsy/t/7?page=1#p3", CreatedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	m, err := composer().Notification(&hearth.Member{ID: 3, Handle: "carol", Email: "carol@example.org"}, n, "tok.sig", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Wait(t, 1, 5*time.Second)[0]
	h := got.Header
	dec := new(mimeDecoder)
	if subj := dec.decode(h.Get("Subject")); subj != "@nurse_jo replied to your thread: Keppra & sleep — ça va?" {
		t.Errorf("Subject %q", subj)
	}
	for k, want := range map[string]string{
		"Message-ID":            "<notification-42@forum.example.org>",
		"List-Unsubscribe":      "<https://forum.example.org/unsubscribe/tok.sig>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"MIME-Version":          "1.0",
	} {
		if h.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, h.Get(k), want)
		}
	}
	if got.To[0] != "carol@example.org" || got.From != "hearth@forum.example.org" {
		t.Errorf("envelope %s → %v", got.From, got.To)
	}
	if !strings.Contains(got.Text(), "https://forum.example.org/c/epilepsy/t/7?page=1#p3") || !strings.Contains(got.Text(), "Try <b>not</b> to worry.") {
		t.Errorf("text:\n%s", got.Text())
	}
	if !strings.Contains(got.HTML(), "Try &lt;b&gt;not&lt;/b&gt; to worry.") || !strings.Contains(got.HTML(), `href="https://forum.example.org/c/epilepsy/t/7?page=1#p3"`) {
		t.Errorf("HTML:\n%s", got.HTML())
	}
}

func TestSendFailures(t *testing.T) {
	srv := emailtest.New(t)
	s, _ := email.NewSender(srv.URL, nil)
	m, _ := composer().PasswordReset(&hearth.Member{ID: 3, Handle: "carol", Email: "carol@example.org"}, "secret-token", "reset-1-1", "tok.sig", time.Now())
	srv.FailNext(1)
	err := s.Send(context.Background(), m)
	var se *smtp.SMTPError
	if !errors.As(err, &se) || se.Code != 451 {
		t.Fatalf("temporary failure: %v", err)
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages", n)
	}
	closed, _ := email.NewSender("smtp://127.0.0.1:1", nil)
	if err := closed.Send(context.Background(), m); err == nil {
		t.Error("sending to a closed port worked")
	}
}

func TestSMTPURL(t *testing.T) {
	for _, bad := range []string{"http://x", "smtp://", "mailto:a@b"} {
		if _, err := email.NewSMTP(bad); err == nil {
			t.Errorf("NewSMTP(%q) accepted", bad)
		}
	}
}
