package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/email"
	"github.com/hearth-community/hearth/email/emailtest"
	"github.com/hearth-community/hearth/jobs"
	"github.com/hearth-community/hearth/web"
)

func TestFollowAndNotifications(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	// With the page cache on, signed-in readers share a thread page's
	// content (threadcache.go): the follow button must still be each
	// reader's own.
	cached := httptest.NewServer(web.NewServer(f.db, web.Config{PostsPerMinute: 1000, PageCacheTTL: time.Minute}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(cached.Close)
	th := f.threads[hearth.Public]
	path := threadPath(th)
	anon := f.get(f.client(), path)
	if strings.Contains(anon.body, "/follow") || strings.Contains(anon.body, `href="/notifications"`) {
		t.Error("a signed-out reader sees a follow button or a notifications link")
	}
	insider, outsider := f.signedIn("insider"), f.signedIn("outsider")
	for _, srv := range []string{f.srv.URL, cached.URL} {
		for _, c := range []*http.Client{insider, outsider} {
			req, _ := http.NewRequest("GET", srv+path, nil)
			if page := f.do(c, req); !strings.Contains(page.body, `action="`+path+`/follow"`) || !strings.Contains(page.body, "Follow this thread") {
				t.Fatalf("no follow button on the thread page (%s)", srv)
			}
		}
	}
	// Two readers who own no post on the page share its content.
	if _, err := f.db.CreateMember(ctx, hearth.NewMember{Handle: "reader", Email: "reader@example.org", Password: pw}); err != nil {
		t.Fatal(err)
	}
	reader := f.signedIn("reader")
	f.post(reader, path+"/follow", nil)
	req, _ := http.NewRequest("GET", cached.URL+path, nil)
	if page := f.do(reader, req); !strings.Contains(page.body, `action="`+path+`/unfollow"`) {
		t.Error("a reader of shared thread content sees another's follow state")
	}
	res := f.post(insider, path+"/follow", url.Values{"next": {path}})
	if res.code != http.StatusSeeOther || res.header.Get("Location") != path {
		t.Fatalf("follow: %d %s", res.code, res.header.Get("Location"))
	}
	for _, srv := range []string{f.srv.URL, cached.URL} {
		req, _ := http.NewRequest("GET", srv+path, nil)
		if page := f.do(insider, req); !strings.Contains(page.body, `action="`+path+`/unfollow"`) {
			t.Errorf("the insider follows, yet sees no unfollow button (%s)", srv)
		}
		req, _ = http.NewRequest("GET", srv+path, nil)
		if page := f.do(outsider, req); !strings.Contains(page.body, `action="`+path+`/follow"`) {
			t.Errorf("the outsider sees the insider's follow state (%s)", srv)
		}
	}
	// Community and profile buttons; none on one's own profile.
	if page := f.get(insider, "/c/c-public"); !strings.Contains(page.body, `action="/c/c-public/follow"`) {
		t.Error("no follow button on the community page")
	}
	if page := f.get(insider, "/u/author"); !strings.Contains(page.body, `action="/u/author/follow"`) {
		t.Error("no follow button on a member's profile")
	}
	if page := f.get(insider, "/u/insider"); strings.Contains(page.body, `/u/insider/follow`) {
		t.Error("a follow button on one's own profile")
	}
	// Following without signing in leads to sign-in; following what one
	// may not read is not found.
	if res := f.post(f.client(), path+"/follow", nil); res.code != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/signin") {
		t.Errorf("signed-out follow: %d %s", res.code, res.header.Get("Location"))
	}
	if res := f.post(outsider, threadPath(f.threads[hearth.Private])+"/follow", nil); res.code != http.StatusNotFound {
		t.Errorf("outsider follows a private thread: %d", res.code)
	}

	// A reply (no job queue here: fan-out runs in the reply's transaction).
	if _, err := f.db.CreateReply(ctx, f.members["author"], th.ID, "An answer for everyone following"); err != nil {
		t.Fatal(err)
	}
	home := f.get(insider, "/")
	if !strings.Contains(home.body, `Notifications <span class="count">1<span class="visually-hidden"> unread</span></span>`) {
		t.Errorf("no unread count in the header:\n%s", home.body[:min(len(home.body), 2000)])
	}
	list := f.get(insider, "/notifications")
	if list.code != 200 || !strings.Contains(list.body, "@author replied in a thread you follow: Hidden title public") ||
		!strings.Contains(list.body, "An answer for everyone following") || list.header.Get("Cache-Control") != "private, no-store" {
		t.Fatalf("notifications page: %d\n%s", list.code, list.body)
	}
	id := regexp.MustCompile(`href="/notifications/(\d+)"`).FindStringSubmatch(list.body)
	if id == nil {
		t.Fatal("no link to the notification")
	}
	if res := f.get(outsider, "/notifications/"+id[1]); res.code != http.StatusNotFound {
		t.Errorf("another member opens the notification: %d", res.code)
	}
	open := f.get(insider, "/notifications/"+id[1])
	if open.code != http.StatusSeeOther || !strings.HasPrefix(open.header.Get("Location"), path+"?page=1#p") {
		t.Errorf("open: %d %s", open.code, open.header.Get("Location"))
	}
	if home := f.get(insider, "/"); strings.Contains(home.body, `class="count"`) {
		t.Error("the count stays after reading")
	}
	f.db.CreateReply(ctx, f.members["author"], th.ID, "Another one")
	if res := f.post(insider, "/notifications/read-all", nil); res.code != http.StatusSeeOther {
		t.Errorf("read all: %d", res.code)
	}
	if n, _ := f.db.CountUnread(ctx, f.members["insider"]); n != 0 {
		t.Errorf("%d unread after marking all read", n)
	}
	if res := f.get(f.client(), "/notifications"); res.code != http.StatusSeeOther {
		t.Errorf("signed-out notifications: %d", res.code)
	}
	// Unfollow from the settings page.
	settings := f.get(insider, "/settings/notifications")
	if !strings.Contains(settings.body, `action="/c/c-public/t/`+itoa(th.ID)+`/unfollow"`) {
		t.Fatalf("settings page does not list the follow:\n%s", settings.body)
	}
	f.post(insider, path+"/unfollow", url.Values{"next": {"/settings/notifications#following"}})
	if ok, _ := f.db.IsFollowing(ctx, f.members["insider"], hearth.FollowTarget{Kind: hearth.FollowThread, Key: itoa(th.ID)}); ok {
		t.Error("still following after unfollowing")
	}
}

func TestNotifySettingsForm(t *testing.T) {
	f := newFixture(t)
	c := f.signedIn("insider")
	page := f.get(c, "/settings/notifications")
	if page.code != 200 || !strings.Contains(page.body, `<legend>Someone mentions you (@your-handle)</legend>`) ||
		!strings.Contains(page.body, `name="mention" value="immediate" checked`) || !strings.Contains(page.body, `name="post" value="daily" checked`) {
		t.Fatalf("settings form:\n%s", page.body)
	}
	res := f.post(c, "/settings/notifications", url.Values{"mention": {"weekly"}, "thread": {"never"}})
	if res.code != http.StatusSeeOther || res.header.Get("Location") != "/settings/notifications?saved=1" {
		t.Fatalf("save: %d", res.code)
	}
	page = f.get(c, "/settings/notifications?saved=1")
	if !strings.Contains(page.body, `name="mention" value="weekly" checked`) || !strings.Contains(page.body, `name="thread" value="never" checked`) ||
		!strings.Contains(page.body, `role="status"`) {
		t.Errorf("saved form:\n%s", page.body)
	}
	res = f.post(c, "/settings/notifications", url.Values{"mention": {"hourly"}, "reply": {"weekly"}})
	if res.code != http.StatusBadRequest || !strings.Contains(res.body, `role="alert"`) || !strings.Contains(res.body, `name="reply" value="weekly" checked`) {
		t.Errorf("bad choice: %d\n%s", res.code, res.body)
	}
}

func TestUnsubscribeWithoutSignIn(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	m := f.members["insider"]
	token, err := f.db.UnsubscribeToken(ctx, m.ID, "daily")
	if err != nil {
		t.Fatal(err)
	}
	page := f.get(f.client(), "/unsubscribe/"+token)
	if page.code != 200 || !strings.Contains(page.body, "This turns off the daily digest") || !strings.Contains(page.body, `<button type="submit">Unsubscribe</button>`) ||
		page.header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("GET unsubscribe: %d\n%s", page.code, page.body)
	}
	if p, _ := f.db.NotifyPrefs(ctx, m); p[hearth.NotifyPost] != hearth.EmailDaily {
		t.Fatal("GET changed the settings")
	}
	// A mail provider's one-click POST: no cookie, from another site.
	req, _ := http.NewRequest("POST", f.srv.URL+"/unsubscribe/"+token, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://mail.example.com")
	if res := f.do(f.client(), req); res.code != 200 || !strings.Contains(res.body, "We will not send you the daily digest any more") {
		t.Fatalf("one-click POST: %d\n%s", res.code, res.body)
	}
	p, _ := f.db.NotifyPrefs(ctx, m)
	if p[hearth.NotifyPost] != hearth.EmailNever || p[hearth.NotifyMention] != hearth.EmailImmediately {
		t.Errorf("after unsubscribing from the daily digest: %v", p)
	}
	// A forged or cut token does nothing; other forms keep their
	// cross-origin check.
	bad := token[:len(token)-2]
	req, _ = http.NewRequest("POST", f.srv.URL+"/unsubscribe/"+bad, nil)
	if res := f.do(f.client(), req); res.code != http.StatusNotFound {
		t.Errorf("bad token: %d", res.code)
	}
	req, _ = http.NewRequest("POST", f.srv.URL+"/settings/notifications", strings.NewReader("mention=never"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := f.do(f.signedIn("insider"), req); res.code != http.StatusForbidden {
		t.Errorf("cross-site settings POST: %d", res.code)
	}
}

func TestPasswordResetByEmail(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	// The mail job reads the clock beside the HTTP handlers.
	var mu sync.Mutex
	now := f.db.Now
	f.db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now() }
	mail := emailtest.New(t)
	sender, _ := email.NewSender(mail.URL, nil)
	q, err := jobs.Open(ctx, f.db, jobs.Config{Sender: sender, Composer: &email.Composer{SiteName: "hearth", BaseURL: f.srv.URL, From: "hearth@example.org"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), PollInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	q.Start(ctx)
	t.Cleanup(func() { q.Stop(context.Background()); q.Close() })

	old := f.signedIn("insider")
	if page := f.get(f.client(), "/signin"); !strings.Contains(page.body, `href="/password/forgot"`) {
		t.Error("no link to reset a password on the sign-in page")
	}
	unknown := f.post(f.client(), "/password/forgot", url.Values{"email": {"nobody@example.org"}})
	known := f.post(f.client(), "/password/forgot", url.Values{"email": {"Insider@example.org"}})
	if known.code != 200 || unknown.code != 200 ||
		strings.ReplaceAll(unknown.body, "nobody@example.org", "X") != strings.ReplaceAll(known.body, "insider@example.org", "X") {
		t.Fatalf("the answers differ: %d %d", known.code, unknown.code)
	}
	msg := mail.Wait(t, 1, 10*time.Second)[0]
	link := regexp.MustCompile(`(/password/reset/[A-Za-z0-9_-]+)`).FindString(msg.Text())
	if link == "" || msg.To[0] != "insider@example.org" {
		t.Fatalf("reset mail to %v:\n%s", msg.To, msg.Text())
	}
	if page := f.get(f.client(), link); page.code != 200 || !strings.Contains(page.body, `autocomplete="new-password"`) {
		t.Fatalf("reset form: %d", page.code)
	}
	c := f.client()
	if res := f.post(c, link, url.Values{"password": {"short"}}); res.code != http.StatusBadRequest || !strings.Contains(res.body, `aria-invalid="true"`) {
		t.Errorf("short password: %d", res.code)
	}
	res := f.post(c, link, url.Values{"password": {"a brand new password"}})
	if res.code != http.StatusSeeOther || res.header.Get("Location") != "/password/changed" {
		t.Fatalf("reset: %d %s", res.code, res.body)
	}
	if page := f.get(c, "/password/changed"); !strings.Contains(page.body, `<a href="/u/insider">@insider</a>`) {
		t.Error("not signed in after the reset")
	}
	if page := f.get(old, "/settings/notifications"); page.code != http.StatusSeeOther {
		t.Errorf("the session from before the reset still works: %d", page.code)
	}
	if page := f.get(f.client(), link); page.code != http.StatusNotFound || !strings.Contains(page.body, `href="/password/forgot"`) {
		t.Errorf("a used link: %d", page.code)
	}
	// Rate limited per address.
	for range 2 {
		f.post(f.client(), "/password/forgot", url.Values{"email": {"insider@example.org"}})
	}
	if res := f.post(f.client(), "/password/forgot", url.Values{"email": {"insider@example.org"}}); res.code != http.StatusTooManyRequests {
		t.Errorf("fourth request in an hour: %d", res.code)
	}
	if res := f.post(f.client(), "/password/forgot", url.Values{"email": {""}}); res.code != http.StatusBadRequest || !strings.Contains(res.body, `role="alert"`) {
		t.Errorf("empty address: %d", res.code)
	}
}

func TestNotifyAPI(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	tok := f.mustToken("insider")
	call := func(method, path, body string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		res := f.do(f.client(), req)
		var out map[string]any
		json.Unmarshal([]byte(res.body), &out)
		return res.code, out
	}
	th := f.threads[hearth.MembersOnly]
	if code, out := call("POST", "/api/v1/follows", `{"kind":"thread","target":"`+itoa(th.ID)+`"}`); code != 201 || out["following"] != true {
		t.Fatalf("follow: %d %v", code, out)
	}
	if code, _ := call("POST", "/api/v1/follows", `{"kind":"galaxy","target":"x"}`); code != 400 {
		t.Errorf("bad kind: %d", code)
	}
	if code, out := call("GET", "/api/v1/follows", ""); code != 200 || len(out["follows"].([]any)) != 1 {
		t.Errorf("follows: %d %v", code, out)
	}
	f.db.CreateReply(ctx, f.members["author"], th.ID, "News for followers")
	code, out := call("GET", "/api/v1/notifications", "")
	ns, _ := out["notifications"].([]any)
	if code != 200 || len(ns) != 1 || out["unread"] != float64(1) {
		t.Fatalf("notifications: %d %v", code, out)
	}
	n := ns[0].(map[string]any)
	if n["kind"] != "post" || n["actor"] != "author" || n["title"] != th.Title || !strings.HasPrefix(n["url"].(string), threadPath(th)) {
		t.Errorf("notification: %v", n)
	}
	if code, _ := call("POST", "/api/v1/notifications/"+itoa(int64(n["id"].(float64)))+"/read", ""); code != 200 {
		t.Errorf("mark read: %d", code)
	}
	if _, out := call("GET", "/api/v1/notifications", ""); out["unread"] != float64(0) {
		t.Errorf("unread after reading: %v", out["unread"])
	}
	if code, out := call("PUT", "/api/v1/settings/notifications", `{"email":{"post":"weekly"}}`); code != 200 || out["email"].(map[string]any)["post"] != "weekly" {
		t.Errorf("settings: %d %v", code, out)
	}
	if code, _ := call("PUT", "/api/v1/settings/notifications", `{"email":{"post":"sometimes"}}`); code != 400 {
		t.Errorf("bad setting: %d", code)
	}
	if code, out := call("DELETE", "/api/v1/follows/thread/"+itoa(th.ID), ""); code != 200 || out["following"] != false {
		t.Errorf("unfollow: %d %v", code, out)
	}
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/notifications", nil)
	if res := f.do(f.client(), req); res.code != http.StatusUnauthorized {
		t.Errorf("without a token: %d", res.code)
	}
}
