package email

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"net/url"
	"strings"
	texttemplate "text/template"
	"time"

	"github.com/hearth-community/hearth"
)

//go:embed templates
var templateFS embed.FS

var (
	textTemplates = texttemplate.Must(texttemplate.New("").ParseFS(templateFS, "templates/*.txt"))
	htmlTemplates = htmltemplate.Must(htmltemplate.New("").ParseFS(templateFS, "templates/*.html"))
)

// Composer writes hearth's messages.
type Composer struct {
	SiteName string
	// BaseURL is the site's public address, e.g. https://forum.example.org,
	// for links in mail.
	BaseURL string
	// From is the sender address.
	From string
}

// host returns the site's host name, for Message-IDs.
func (c *Composer) host() string {
	if u, err := url.Parse(c.BaseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "hearth.invalid"
}

// URL makes an absolute link from a path.
func (c *Composer) URL(path string) string { return strings.TrimRight(c.BaseURL, "/") + path }

// UnsubscribeURL is the one-click link for a token.
func (c *Composer) UnsubscribeURL(token string) string { return c.URL("/unsubscribe/" + token) }

// NotificationID is the Message-ID of the email about a notification.
func (c *Composer) NotificationID(id int64) string {
	return fmt.Sprintf("notification-%d@%s", id, c.host())
}

// DigestID is the Message-ID of a member's digest for one period.
func (c *Composer) DigestID(memberID int64, period hearth.EmailMode, key string) string {
	return fmt.Sprintf("digest-%s-%s-%d@%s", period, key, memberID, c.host())
}

// mailData is what every template gets.
type mailData struct {
	Site        string
	Handle      string
	Settings    string
	Unsubscribe string
	Because     string
	// One notification, or a digest's.
	Item    *item
	Items   []*item
	Period  string
	AllURL  string
	Reset   string
	Minutes int
}

type item struct {
	Summary, Title, Excerpt, Where, URL string
	When                                string
}

func (c *Composer) item(n *hearth.Notification) *item {
	return &item{Summary: n.Summary(), Title: n.Title, Excerpt: n.Excerpt, Where: n.Where, URL: c.URL(n.URL),
		When: n.CreatedAt.UTC().Format("Jan 2, 15:04 UTC")}
}

func (c *Composer) render(name string, d *mailData) (string, string, error) {
	d.Site, d.Settings = c.SiteName, c.URL("/settings/notifications")
	var t, h bytes.Buffer
	if err := textTemplates.ExecuteTemplate(&t, name+".txt", d); err != nil {
		return "", "", err
	}
	if err := htmlTemplates.ExecuteTemplate(&h, name+".html", d); err != nil {
		return "", "", err
	}
	return t.String(), h.String(), nil
}

func (c *Composer) message(to *hearth.Member, kind, id, subject, unsubscribe string, now time.Time) *Message {
	return &Message{From: c.From, To: to.Email, ToName: to.Handle, Subject: subject, MessageID: id, Date: now,
		Unsubscribe: unsubscribe, Kind: kind}
}

// Notification writes the email about one notification.
func (c *Composer) Notification(to *hearth.Member, n *hearth.Notification, unsubscribeToken string, now time.Time) (*Message, error) {
	d := &mailData{Handle: to.Handle, Item: c.item(n), Unsubscribe: c.UnsubscribeURL(unsubscribeToken),
		Because: "you chose to get an email right away when: " + strings.ToLower(n.Kind.Label()) + "."}
	subject := n.Summary() + ": " + n.Title
	if n.Kind == hearth.NotifyMessage {
		// Who wrote, never what (messages.go).
		subject = "You have a new message from @" + n.Actor + " on " + c.SiteName
	}
	m := c.message(to, "notification", c.NotificationID(n.ID), subject, d.Unsubscribe, now)
	var err error
	m.Text, m.HTML, err = c.render("notification", d)
	return m, err
}

// Digest writes a daily or weekly digest.
func (c *Composer) Digest(to *hearth.Member, period hearth.EmailMode, key string, ns []*hearth.Notification, unsubscribeToken string, now time.Time) (*Message, error) {
	word := "daily"
	if period == hearth.EmailWeekly {
		word = "weekly"
	}
	d := &mailData{Handle: to.Handle, Period: word, Unsubscribe: c.UnsubscribeURL(unsubscribeToken), AllURL: c.URL("/notifications"),
		Because: "you chose a " + word + " digest for some kinds of notifications."}
	for _, n := range ns {
		d.Items = append(d.Items, c.item(n))
	}
	subject := fmt.Sprintf("Your %s digest from %s: %s", word, c.SiteName, plural(len(ns), "new notification", "new notifications"))
	m := c.message(to, "digest", c.DigestID(to.ID, period, key), subject, d.Unsubscribe, now)
	var err error
	m.Text, m.HTML, err = c.render("digest", d)
	return m, err
}

// PasswordReset writes the email with a password reset link. messageID
// must differ for each token sent.
func (c *Composer) PasswordReset(to *hearth.Member, token, messageID, unsubscribeToken string, now time.Time) (*Message, error) {
	d := &mailData{Handle: to.Handle, Reset: c.URL("/password/reset/" + token), Minutes: int(hearth.PasswordResetLifetime / time.Minute),
		Unsubscribe: c.UnsubscribeURL(unsubscribeToken), Because: "someone asked to reset the password of your account."}
	m := c.message(to, "password_reset", messageID+"@"+c.host(), "Reset your "+c.SiteName+" password", d.Unsubscribe, now)
	var err error
	m.Text, m.HTML, err = c.render("reset", d)
	return m, err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
