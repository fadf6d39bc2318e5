package email

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Sender hands a message to the mail system.
type Sender interface {
	// Send delivers m, or returns an error; a temporary failure is worth
	// retrying later.
	Send(ctx context.Context, m *Message) error
	// Sends reports whether messages really leave ("sent") or are only
	// written to the log ("logged").
	Status() string
}

// NewSender returns an SMTP sender for an smtp:// or smtps:// URL, or, for
// an empty URL, a sender that writes messages to log and sends nothing.
func NewSender(rawURL string, log *slog.Logger) (Sender, error) {
	if rawURL == "" {
		return &LogSender{Log: log}, nil
	}
	return NewSMTP(rawURL)
}

// LogSender writes each message to the log instead of sending it: the
// setup without a mail server (the demo, development). Its plain-text
// part is in the log line, so that a password reset link can be followed.
type LogSender struct {
	Log *slog.Logger
}

// Send logs m.
func (l *LogSender) Send(ctx context.Context, m *Message) error {
	if _, err := m.Bytes(); err != nil {
		return err
	}
	l.Log.InfoContext(ctx, "mail NOT sent (no HEARTH_SMTP_URL); logged instead", "kind", m.Kind, "to", m.To, "subject", m.Subject,
		"message_id", m.MessageID, "text", m.Text)
	return nil
}

// Status is "logged": nothing leaves.
func (l *LogSender) Status() string { return "logged" }

// SMTP sends through a mail server: smtps://user:pass@host:465 uses TLS
// from the start; smtp://user:pass@host:587 requires STARTTLS, except to
// a server on this machine (a local relay or mail catcher) or with
// ?tls=none (a relay on a trusted network).
type SMTP struct {
	addr        string
	host        string
	implicitTLS bool
	startTLS    bool
	user, pass  string
	// Timeout bounds one delivery.
	Timeout time.Duration
	// TLSConfig, when set, replaces the default (tests).
	TLSConfig *tls.Config
}

// NewSMTP parses a mail server URL.
func NewSMTP(rawURL string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("HEARTH_SMTP_URL: %w", err)
	}
	s := &SMTP{host: u.Hostname(), Timeout: time.Minute}
	port := u.Port()
	switch u.Scheme {
	case "smtp":
		port = cmpOr(port, "587")
		s.startTLS = !isLoopback(s.host) && u.Query().Get("tls") != "none"
	case "smtps":
		s.implicitTLS, port = true, cmpOr(port, "465")
	default:
		return nil, fmt.Errorf("HEARTH_SMTP_URL must start with smtp:// or smtps://, not %q", u.Scheme+"://")
	}
	if s.host == "" {
		return nil, errors.New("HEARTH_SMTP_URL has no host")
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	return s, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Status is "sent".
func (s *SMTP) Status() string { return "sent" }

func (s *SMTP) tlsConfig() *tls.Config {
	if s.TLSConfig != nil {
		return s.TLSConfig
	}
	return &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
}

// Send delivers one message in one connection.
func (s *SMTP) Send(ctx context.Context, m *Message) error {
	raw, err := m.Bytes()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	d := net.Dialer{}
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return fmt.Errorf("smtp: connect to %s: %w", s.addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	// Closing the connection when the context ends unblocks any read.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if s.implicitTLS {
		conn = tls.Client(conn, s.tlsConfig())
	}
	var c *smtp.Client
	if s.implicitTLS || !s.startTLS {
		c = smtp.NewClient(conn)
	} else if c, err = smtp.NewClientStartTLS(conn, s.tlsConfig()); err != nil {
		conn.Close()
		return fmt.Errorf("smtp: STARTTLS with %s: %w", s.addr, err)
	}
	defer c.Close()
	if s.user != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.user, s.pass)); err != nil {
			return fmt.Errorf("smtp: sign in: %w", err)
		}
	}
	if err := c.SendMail(m.From, []string{m.To}, bytes.NewReader(raw)); err != nil {
		return fmt.Errorf("smtp: send: %w", err)
	}
	// The message is accepted once DATA is answered; a failed QUIT does
	// not make it unsent.
	_ = c.Quit()
	return nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
