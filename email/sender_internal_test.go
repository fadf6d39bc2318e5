package email

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/email/emailtest"
)

// TestStartTLSRequired: to a server that is not on this machine, smtp://
// requires STARTTLS, so that a password never crosses a network in the
// clear; the test server offers none, and nothing is sent.
func TestStartTLSRequired(t *testing.T) {
	srv := emailtest.New(t)
	s, err := NewSMTP(strings.Replace(srv.URL, "smtp://", "smtp://user:secret@", 1))
	if err != nil {
		t.Fatal(err)
	}
	if s.startTLS {
		t.Fatal("a server on 127.0.0.1 should not need STARTTLS")
	}
	s.startTLS = true // as for any other host
	c := &Composer{SiteName: "hearth", BaseURL: "https://forum.example.org", From: "hearth@forum.example.org"}
	m, _ := c.PasswordReset(&hearth.Member{ID: 3, Handle: "carol", Email: "carol@example.org"}, "t", "reset-1-1", "tok.sig", time.Now())
	if err := s.Send(context.Background(), m); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("plain SMTP where TLS is required: %v", err)
	}
	if len(srv.Messages()) != 0 {
		t.Error("a message went out without TLS")
	}
	for url, want := range map[string]bool{"smtp://mail.example.org": true, "smtp://mail.example.org:25?tls=none": false, "smtp://localhost:25": false} {
		if s, _ := NewSMTP(url); s.startTLS != want {
			t.Errorf("%s: STARTTLS required = %v", url, s.startTLS)
		}
	}
}
