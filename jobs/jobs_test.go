package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river/rivertype"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/email"
	"github.com/hearth-community/hearth/email/emailtest"
	"github.com/hearth-community/hearth/jobs"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
	"github.com/hearth-community/hearth/web"
)

func TestMain(m *testing.M) { os.Exit(sqldbtest.Main(m)) }

// clock is a settable clock that River's workers may read concurrently.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// fastRetry retries a failed job after 50ms, so that tests see retries.
type fastRetry struct{}

func (fastRetry) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().Add(50 * time.Millisecond)
}

type env struct {
	t       *testing.T
	db      *sqldb.DB
	q       *jobs.Queue
	mail    *emailtest.Server
	clock   *clock
	members map[string]*hearth.Member
}

const base = "https://hearth.example"

// newEnv opens a database, an SMTP server and a started queue. The
// storage clock starts on Sunday 2026-11-01 12:00 UTC.
func newEnv(t *testing.T) *env {
	t.Helper()
	db, _ := sqldbtest.MustOpen(t)
	return startQueue(t, db, emailtest.New(t), "")
}

func startQueue(t *testing.T, db *sqldb.DB, mail *emailtest.Server, id string) *env {
	t.Helper()
	ctx := context.Background()
	c := &clock{t: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}
	db.Now = c.Now
	sender, err := email.NewSender(mail.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	q, err := jobs.Open(ctx, db, jobs.Config{
		Sender:       sender,
		Composer:     &email.Composer{SiteName: "hearth test", BaseURL: base, From: "hearth@hearth.example"},
		DigestHour:   7,
		Now:          c.Now,
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
		RetryPolicy:  fastRetry{},
		PollInterval: 20 * time.Millisecond,
		ID:           id,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := q.Stop(stop); err != nil {
			t.Errorf("stop: %v", err)
		}
		q.Close()
	})
	return &env{t: t, db: db, q: q, mail: mail, clock: c, members: map[string]*hearth.Member{}}
}

func (e *env) member(handle string) *hearth.Member {
	e.t.Helper()
	if m := e.members[handle]; m != nil {
		return m
	}
	m, err := e.db.CreateMember(context.Background(), hearth.NewMember{Handle: handle, Email: handle + "@example.org", Password: "long enough password"})
	if err != nil {
		e.t.Fatal(err)
	}
	e.members[handle] = m
	return m
}

func (e *env) community(slug string, v hearth.Visibility, members ...string) {
	e.t.Helper()
	if _, err := e.db.CreateCommunity(context.Background(), hearth.NewCommunity{Slug: slug, Name: "The " + slug + " group", Visibility: v}); err != nil {
		e.t.Fatal(err)
	}
	for _, h := range members {
		e.member(h)
		e.db.AddMember(context.Background(), slug, h)
	}
}

func (e *env) thread(author, slug, title, body string) *hearth.Thread {
	e.t.Helper()
	th, err := e.db.CreateThread(context.Background(), e.member(author), slug, hearth.NewThread{Title: title, Body: body})
	if err != nil {
		e.t.Fatal(err)
	}
	return th
}

func (e *env) reply(author string, th *hearth.Thread, body string) *hearth.Post {
	e.t.Helper()
	p, err := e.db.CreateReply(context.Background(), e.member(author), th.ID, body)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// settle waits until no job is waiting or running, so that a test can
// check that nothing more happens.
func (e *env) settle() {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		res, err := e.q.Client().JobList(context.Background(), riverListPending())
		if err != nil {
			e.t.Fatal(err)
		}
		if len(res.Jobs) == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	e.t.Fatal("jobs did not settle within 10s")
}

func (e *env) to(handle string) []*emailtest.Message {
	var out []*emailtest.Message
	for _, m := range e.mail.Messages() {
		if len(m.To) == 1 && m.To[0] == handle+"@example.org" {
			out = append(out, m)
		}
	}
	return out
}

func TestImmediateMail(t *testing.T) {
	e := newEnv(t)
	e.community("epilepsy", hearth.Public, "bob", "carol", "alice")
	th := e.thread("bob", "epilepsy", "Night seizures & sleep", "Does anyone log them at night?")
	e.reply("alice", th, "Yes! @carol showed me a good app.")
	e.mail.Wait(t, 2, 10*time.Second)
	e.settle()
	if len(e.mail.Messages()) != 2 {
		t.Fatalf("got %d messages, want 2 (bob's reply, carol's mention)", len(e.mail.Messages()))
	}
	carol := e.to("carol")
	if len(carol) != 1 {
		t.Fatalf("carol got %d messages", len(carol))
	}
	m := carol[0]
	h := m.Header
	if got := h.Get("Subject"); got != "@alice mentioned you: Night seizures & sleep" {
		t.Errorf("Subject = %q", got)
	}
	if !regexp.MustCompile(`^<notification-\d+@hearth\.example>$`).MatchString(h.Get("Message-ID")) {
		t.Errorf("Message-ID = %q", h.Get("Message-ID"))
	}
	if !strings.HasPrefix(h.Get("Content-Type"), "multipart/alternative;") {
		t.Errorf("Content-Type = %q", h.Get("Content-Type"))
	}
	unsub := h.Get("List-Unsubscribe")
	if !regexp.MustCompile(`^<https://hearth\.example/unsubscribe/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+>$`).MatchString(unsub) ||
		h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("unsubscribe headers: %q %q", unsub, h.Get("List-Unsubscribe-Post"))
	}
	if h.Get("Auto-Submitted") != "auto-generated" || h.Get("Date") == "" || !strings.Contains(h.Get("From"), "hearth@hearth.example") {
		t.Errorf("headers: %v", h)
	}
	link := base + "/c/epilepsy/t/"
	if !strings.Contains(m.Text(), "Yes! @carol showed me a good app.") || !strings.Contains(m.Text(), link) ||
		!strings.Contains(m.Text(), "/settings/notifications") {
		t.Errorf("text part:\n%s", m.Text())
	}
	if !strings.Contains(m.HTML(), "Night seizures &amp; sleep") || !strings.Contains(m.HTML(), `href="`+link) || strings.Contains(m.HTML(), "style=") {
		t.Errorf("HTML part:\n%s", m.HTML())
	}
	if got := e.to("bob"); len(got) != 1 || got[0].Header.Get("Subject") != "@alice replied to your thread: Night seizures & sleep" {
		t.Errorf("bob's mail: %d", len(got))
	}
	// The email is recorded: the notification is marked emailed.
	counts, _ := e.db.MailCounts(context.Background())
	if counts["sent"] != 2 {
		t.Errorf("mail log: %v", counts)
	}
	// What a member chose not to get by email stays in the app only.
	ctx := context.Background()
	e.db.SetNotifyPrefs(ctx, e.member("carol"), hearth.NotifyPrefs{hearth.NotifyMention: hearth.EmailNever})
	e.reply("alice", th, "@carol one more thing")
	e.settle()
	if got := e.to("carol"); len(got) != 1 {
		t.Errorf("carol got %d messages after choosing no email", len(got))
	}
	if n, _ := e.db.CountUnread(ctx, e.member("carol")); n != 2 {
		t.Errorf("carol has %d unread, want 2", n)
	}
}

func TestRetryAfterSMTPFailure(t *testing.T) {
	e := newEnv(t)
	e.community("t1d", hearth.Public, "bob", "carol")
	e.mail.FailNext(3)
	e.thread("bob", "t1d", "Pump sites", "Hi @carol, which sites do you use?")
	msgs := e.mail.Wait(t, 1, 15*time.Second)
	e.settle()
	if got := e.mail.Failed(); got != 3 {
		t.Errorf("the server refused %d deliveries, want 3", got)
	}
	if len(e.mail.Messages()) != 1 {
		t.Fatalf("after 3 failures and a success: %d messages, want exactly 1", len(e.mail.Messages()))
	}
	if !strings.Contains(msgs[0].Text(), "Pump sites") {
		t.Errorf("text: %s", msgs[0].Text())
	}
	// Running the same job again (as after a crash right after sending)
	// finds it in the mail log and sends nothing.
	ns, _, _ := e.db.ListNotifications(context.Background(), e.member("carol"), 1)
	if _, err := e.q.Client().Insert(context.Background(), jobs.NotificationEmailArgs{NotificationID: ns[0].ID}, nil); err != nil {
		t.Fatal(err)
	}
	e.settle()
	if len(e.mail.Messages()) != 1 {
		t.Errorf("a repeated job sent again: %d messages", len(e.mail.Messages()))
	}
}

func TestDigests(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.community("caregivers", hearth.Private, "bob", "carol", "dave", "alice")
	e.community("open", hearth.Public, "bob")
	carol, dave := e.member("carol"), e.member("dave")
	// carol wants new replies in followed threads daily (the default) and
	// mentions weekly; dave wants mentions daily.
	e.db.SetNotifyPrefs(ctx, carol, hearth.NotifyPrefs{hearth.NotifyMention: hearth.EmailWeekly})
	e.db.SetNotifyPrefs(ctx, dave, hearth.NotifyPrefs{hearth.NotifyMention: hearth.EmailDaily})
	e.db.SetNotifyPrefs(ctx, e.member("bob"), hearth.NotifyPrefs{hearth.NotifyReply: hearth.EmailNever})
	th := e.thread("bob", "caregivers", "Sundowning in the afternoon", "Any routines that help?")
	open := e.thread("bob", "open", "A public question", "Anyone?")
	for _, h := range []string{"carol", "dave"} {
		e.db.Follow(ctx, e.member(h), hearth.FollowTarget{Kind: hearth.FollowThread, Key: itoa(th.ID)})
	}
	e.db.Follow(ctx, carol, hearth.FollowTarget{Kind: hearth.FollowThread, Key: itoa(open.ID)})
	e.reply("alice", th, "A walk after lunch helped my dad.")
	e.reply("alice", th, "Also @carol and @dave, try music.")
	held := e.reply("bob", open, "A reply that will be taken down.")
	e.settle()
	if n := len(e.mail.Messages()); n != 0 {
		t.Fatalf("%d immediate messages; everything here waits for a digest", n)
	}
	// The reply in the public thread is taken down before the digest goes.
	if _, err := e.db.HoldEdit(ctx, e.member("bob"), held.ID, "Held now", hearth.Hold{Reason: hearth.ReasonPrivacy}); err != nil {
		t.Fatal(err)
	}
	// dave leaves the private community before the digest goes out.
	e.db.Leave(ctx, dave, "caregivers")

	// Before 07:00 UTC on Monday nothing is due for Monday's daily digest
	// yet: Sunday's closed at 07:00 Sunday, before all of this.
	e.clock.Set(time.Date(2026, 11, 2, 6, 59, 0, 0, time.UTC))
	if n, err := e.q.ScheduleDigests(ctx); err != nil || n != 0 {
		t.Fatalf("early: queued %d (%v)", n, err)
	}
	e.clock.Set(time.Date(2026, 11, 2, 7, 30, 0, 0, time.UTC))
	// A reply after the period closed waits for the next digest.
	e.reply("alice", th, "Late news, after seven.")
	e.settle()
	n, err := e.q.ScheduleDigests(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Daily: carol (2 replies), dave (a mention, now hidden: he left).
	// Weekly (Monday 07:00): carol's mention.
	if n != 3 {
		t.Errorf("queued %d digests, want 3", n)
	}
	e.settle()
	got := e.to("carol")
	if len(got) != 2 {
		t.Fatalf("carol got %d digests, want daily and weekly", len(got))
	}
	var daily, weekly *emailtest.Message
	for _, m := range got {
		if strings.Contains(m.Header.Get("Subject"), "daily") {
			daily = m
		} else {
			weekly = m
		}
	}
	if daily == nil || weekly == nil {
		t.Fatalf("subjects: %q %q", got[0].Header.Get("Subject"), got[1].Header.Get("Subject"))
	}
	if s := daily.Header.Get("Subject"); s != "Your daily digest from hearth test: 1 new notification" {
		t.Errorf("daily subject %q", s)
	}
	if id := daily.Header.Get("Message-ID"); id != "<digest-daily-2026-11-02-"+itoa(carol.ID)+"@hearth.example>" {
		t.Errorf("daily Message-ID %q", id)
	}
	if !strings.Contains(daily.Text(), "A walk after lunch") || strings.Contains(daily.Text(), "Late news") ||
		strings.Contains(daily.Text(), "taken down") || strings.Contains(daily.Text(), "Held now") {
		t.Errorf("daily digest:\n%s", daily.Text())
	}
	if !strings.Contains(daily.HTML(), "<ul>") || daily.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Errorf("daily digest HTML or headers:\n%s", daily.HTML())
	}
	if !strings.Contains(weekly.Text(), "try music") || weekly.Header.Get("Message-ID") != "<digest-weekly-2026-W45-"+itoa(carol.ID)+"@hearth.example>" {
		t.Errorf("weekly digest %s:\n%s", weekly.Header.Get("Message-ID"), weekly.Text())
	}
	if got := e.to("dave"); len(got) != 0 {
		t.Errorf("dave left the private community, yet got a digest:\n%s", got[0].Text())
	}
	// Scheduling again in the same period sends nothing more.
	e.q.ScheduleDigests(ctx)
	e.settle()
	if len(e.to("carol")) != 2 {
		t.Errorf("a second run sent again: %d", len(e.to("carol")))
	}
	// The next day's digest carries the late reply.
	e.clock.Set(time.Date(2026, 11, 3, 7, 0, 0, 0, time.UTC))
	e.q.ScheduleDigests(ctx)
	e.settle()
	got = e.to("carol")
	if len(got) != 3 || !strings.Contains(got[2].Text(), "Late news") || strings.Contains(got[2].Text(), "A walk after lunch") {
		t.Errorf("Tuesday: %d messages", len(got))
	}
}

func TestOneClickUnsubscribeFromMail(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	srv := httptest.NewServer(web.NewServer(e.db, web.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(srv.Close)
	e.community("epilepsy", hearth.Public, "bob", "carol")
	e.thread("bob", "epilepsy", "First", "@carol hello")
	m := e.mail.Wait(t, 1, 10*time.Second)[0]
	link := strings.Trim(m.Header.Get("List-Unsubscribe"), "<>")
	// What a mail provider does (RFC 8058): POST, no cookies, no Origin of
	// ours, this exact body.
	req, _ := http.NewRequest("POST", srv.URL+strings.TrimPrefix(link, base), strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("one-click unsubscribe: %d", res.StatusCode)
	}
	p, _ := e.db.NotifyPrefs(ctx, e.member("carol"))
	if p[hearth.NotifyMention] != hearth.EmailNever || p[hearth.NotifyReply] != hearth.EmailImmediately {
		t.Errorf("after unsubscribing from mentions: %v", p)
	}
	e.thread("bob", "epilepsy", "Second", "@carol hello again")
	e.settle()
	if n := len(e.to("carol")); n != 1 {
		t.Errorf("carol got %d messages after unsubscribing", n)
	}
}

func TestPasswordResetMail(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	carol := e.member("carol")
	if err := e.db.RequestPasswordReset(ctx, "nobody@example.org"); err != nil {
		t.Fatal(err)
	}
	e.mail.FailNext(1)
	if err := e.db.RequestPasswordReset(ctx, " Carol@Example.org "); err != nil {
		t.Fatal(err)
	}
	m := e.mail.Wait(t, 1, 10*time.Second)[0]
	e.settle()
	if len(e.mail.Messages()) != 1 || m.To[0] != carol.Email {
		t.Fatalf("%d messages, to %v", len(e.mail.Messages()), m.To)
	}
	token := regexp.MustCompile(`/password/reset/([A-Za-z0-9_-]+)`).FindStringSubmatch(m.Text())
	if token == nil || m.Header.Get("List-Unsubscribe") == "" {
		t.Fatalf("reset mail:\n%s", m.Text())
	}
	if _, err := e.db.ResetPassword(ctx, token[1], "a new long enough password"); err != nil {
		t.Fatalf("the mailed token: %v", err)
	}
}

func TestDigestPeriod(t *testing.T) {
	for _, c := range []struct {
		now     string
		period  hearth.EmailMode
		end     string
		wantKey string
	}{
		{"2026-11-02T07:00:00Z", hearth.EmailDaily, "2026-11-02T07:00:00Z", "2026-11-02"},
		{"2026-11-02T06:59:59Z", hearth.EmailDaily, "2026-11-01T07:00:00Z", "2026-11-01"},
		{"2026-11-04T12:00:00Z", hearth.EmailWeekly, "2026-11-02T07:00:00Z", "2026-W45"},
		{"2026-11-02T06:00:00Z", hearth.EmailWeekly, "2026-10-26T07:00:00Z", "2026-W44"},
		{"2027-01-01T08:00:00Z", hearth.EmailWeekly, "2026-12-28T07:00:00Z", "2026-W53"},
	} {
		now, _ := time.Parse(time.RFC3339, c.now)
		end, key := jobs.DigestPeriod(now, c.period, 7)
		if end.Format(time.RFC3339) != c.end || key != c.wantKey {
			t.Errorf("DigestPeriod(%s, %s) = %s %s, want %s %s", c.now, c.period, end.Format(time.RFC3339), key, c.end, c.wantKey)
		}
	}
}
