// Package email builds and sends hearth's outgoing mail: notifications,
// digests and password resets, each a multipart/alternative message with
// a plain-text part and a small HTML part, a stable Message-ID and
// one-click unsubscribe headers (RFC 8058). Mail goes out over SMTP
// (github.com/emersion/go-smtp) when HEARTH_SMTP_URL names a server, and
// is written to the log, marked as not sent, when it does not.
package email

import (
	"bytes"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// Message is one email to one member.
type Message struct {
	From, To string // addresses
	ToName   string // the member's handle
	Subject  string
	Text     string // the plain-text part
	HTML     string // the HTML part
	// MessageID is the Message-ID without angle brackets. It is made from
	// what the message is about, so that a retried send carries the same
	// one.
	MessageID string
	Date      time.Time
	// Unsubscribe is the one-click unsubscribe URL (List-Unsubscribe).
	Unsubscribe string
	// Kind says what the message is ("notification", "digest",
	// "password_reset"), for logs.
	Kind string
}

// Bytes renders the message as RFC 5322 text with CRLF line ends.
func (m *Message) Bytes() ([]byte, error) {
	if m.From == "" || m.To == "" || m.MessageID == "" {
		return nil, fmt.Errorf("email: message needs From, To and MessageID")
	}
	var b bytes.Buffer
	body := multipart.NewWriter(&b)
	h := textproto.MIMEHeader{}
	from := mail.Address{Address: m.From}
	to := mail.Address{Name: m.ToName, Address: m.To}
	h.Set("From", from.String())
	h.Set("To", to.String())
	h.Set("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	h.Set("Date", m.Date.Format(time.RFC1123Z))
	h.Set("Message-ID", "<"+m.MessageID+">")
	h.Set("MIME-Version", "1.0")
	h.Set("Content-Type", "multipart/alternative; boundary="+body.Boundary())
	// Mail from a program: auto-responders must not answer it (RFC 3834).
	h.Set("Auto-Submitted", "auto-generated")
	if m.Unsubscribe != "" {
		h.Set("List-Unsubscribe", "<"+m.Unsubscribe+">")
		h.Set("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	var head bytes.Buffer
	for _, k := range []string{"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Auto-Submitted", "List-Unsubscribe", "List-Unsubscribe-Post"} {
		if v := h.Get(k); v != "" {
			fmt.Fprintf(&head, "%s: %s\r\n", k, v)
		}
	}
	head.WriteString("\r\n")
	for _, part := range []struct{ typ, text string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := body.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(w)
		if _, err := qp.Write([]byte(strings.ReplaceAll(part.text, "\r\n", "\n"))); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := body.Close(); err != nil {
		return nil, err
	}
	return append(head.Bytes(), b.Bytes()...), nil
}
