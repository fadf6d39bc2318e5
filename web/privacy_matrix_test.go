package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/email"
)

// The rule of issue 13: every path that shows content (pages, lists,
// search, feeds, API, sitemap, Open Graph, notifications, private
// messages) obeys the thread's and the member's privacy choices. This is
// the matrix that proves it: for each privacy choice (a subject) and
// each kind of reader, the response bodies hold the handle, the title or
// the text exactly when that reader may see them.

// matrixReaders are the kinds of reader. "author" is the member whose
// choice the subject is (for a deleted or memorial account, who can no
// longer sign in, a signed-out reader stands in); "moderator" moderates
// the community; "staff" is a site moderator.
var matrixReaders = []string{"anon", "outsider", "member", "author", "moderator", "staff", "admin"}

// matrixHandles are the accounts behind the reader kinds.
var matrixHandles = map[string]string{"outsider": "outsider", "member": "member", "moderator": "cmod", "staff": "staff", "admin": "admin"}

type matrixWorld struct {
	*fixture
	quiet, open              *hearth.Thread
	tokens                   map[string]string
	clients                  map[string]*http.Client
	anonReply                *hearth.Post
	goneStory, goneHandle    string
	memorialThread, convPath string
}

// reader returns the client and API token of a reader kind for a subject
// whose author is writer ("" when the author cannot sign in).
func (w *matrixWorld) reader(kind, writer string) (*http.Client, string) {
	h := matrixHandles[kind]
	if kind == "author" {
		h = writer
	}
	if h == "" {
		return w.clients[""], ""
	}
	return w.clients[h], w.tokens[h]
}

// newMatrixWorld builds every subject before any page is read, so that
// the page cache (on, as in production) could leak what it kept.
func newMatrixWorld(t *testing.T) *matrixWorld {
	t.Helper()
	ctx := context.Background()
	f, quiet, tokens := newThreadPrivacyFixture(t)
	w := &matrixWorld{fixture: f, quiet: quiet, open: f.threads[hearth.Public], tokens: tokens, clients: map[string]*http.Client{}}
	mk := func(h string, role hearth.Role, join bool) *hearth.Member {
		m, err := f.db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: pw, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		f.members[h] = m
		if join {
			f.db.AddMember(ctx, "c-public", h)
		}
		if tokens[h], err = f.db.CreateToken(ctx, m.ID, "test"); err != nil {
			t.Fatal(err)
		}
		return m
	}
	admin := mk("admin", hearth.RoleAdmin, false)
	// The admin follows the members-only thread and hears of a reply.
	if err := f.db.Follow(ctx, admin, hearth.FollowTarget{Kind: hearth.FollowThread, Key: itoa(quiet.ID)}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.CreateReply(ctx, f.members["member"], quiet.ID, "Another zinnia reply."); err != nil {
		t.Fatal(err)
	}
	mk("friend", hearth.RoleMember, false)
	// Everyone gets every kind of notification in a weekly digest.
	prefs := hearth.NotifyPrefs{}
	for _, k := range hearth.NotifyKinds {
		prefs[k] = hearth.EmailWeekly
	}
	for _, h := range []string{"outsider", "member", "author", "cmod", "staff", "admin", "friend"} {
		if err := f.db.SetNotifyPrefs(ctx, f.members[h], prefs); err != nil {
			t.Fatal(err)
		}
	}
	night := mk("nightwriter", hearth.RoleMember, true)
	mk("hider", hearth.RoleMember, true)
	gone := mk("heronleaver", hearth.RoleMember, true)
	remembered := mk("remembered", hearth.RoleMember, true)

	// An anonymous reply in the open thread.
	if err := f.db.SetCommunitySettings(ctx, f.members["cmod"], "c-public", hearth.CommunitySettings{AllowAnonymous: true}); err != nil {
		t.Fatal(err)
	}
	var err error
	if w.anonReply, err = f.db.CreateAnonymousReply(ctx, night, w.open.ID, "Anonymous nightowl words about the night shift."); err != nil {
		t.Fatal(err)
	}
	// A hidden membership.
	if err := f.db.SetHideMemberships(ctx, f.members["hider"], true); err != nil {
		t.Fatal(err)
	}
	// A deleted member who kept their posts: a reply and a story.
	if _, err := f.db.CreateReply(ctx, gone, w.open.ID, "Kept heron words from someone who left."); err != nil {
		t.Fatal(err)
	}
	st, err := f.db.CreateStory(ctx, gone, hearth.NewStory{Title: "A heron winter", Body: "Herons all winter.", Visibility: hearth.Public})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.DeleteAccount(ctx, gone, pw, hearth.DeleteKeepPosts); err != nil {
		t.Fatal(err)
	}
	w.goneHandle = hearth.DeletedHandle(gone.ID)
	w.goneStory = "/u/" + w.goneHandle + "/stories/" + itoa(st.ID)
	// A memorial account.
	lupin, err := f.db.CreateThread(ctx, remembered, "c-public", hearth.NewThread{Title: "Lupin garden thread", Body: "Our lupin garden."})
	if err != nil {
		t.Fatal(err)
	}
	w.memorialThread = threadPath(lupin)
	req, err := f.db.RequestMemorial(ctx, f.members["member"], hearth.NewMemorialRequest{Handle: "remembered", Relationship: "I am her sister"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.DecideMemorial(ctx, f.members["staff"], req.ID, true); err != nil {
		t.Fatal(err)
	}
	// A private message between the author and a friend.
	w.clients[""] = f.client()
	for _, h := range []string{"outsider", "member", "author", "cmod", "staff", "admin", "friend", "nightwriter", "hider"} {
		w.clients[h] = f.signedIn(h)
	}
	res := f.post(w.clients["author"], "/messages/new", url.Values{"to": {"friend"}, "body": {"Private okapi words about the new dose."}})
	m := conversationURL.FindStringSubmatch(res.header.Get("Location"))
	if m == nil {
		t.Fatalf("message: %d %s", res.code, res.body)
	}
	w.convPath = "/messages/" + m[1]
	return w
}

// digest is the weekly digest email (text and HTML) of a reader's
// account, as the mail job composes it; "" for a reader without one.
func (w *matrixWorld) digest(t *testing.T, tok string) string {
	t.Helper()
	var m *hearth.Member
	for _, mm := range w.members {
		if tok != "" && w.tokens[mm.Handle] == tok {
			m = mm
		}
	}
	if m == nil {
		return ""
	}
	to, ns, err := w.db.Digest(context.Background(), m.ID, hearth.EmailWeekly, w.db.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := (&email.Composer{SiteName: "hearth", BaseURL: "https://hearth.example", From: "hearth@example.org"}).Digest(to, hearth.EmailWeekly, "k", ns, "tok", w.db.Now())
	if err != nil {
		t.Fatal(err)
	}
	return msg.Text + msg.HTML
}

// body reads a path as a reader: a page through the client, an API path
// with the reader's token.
func (w *matrixWorld) body(c *http.Client, tok, path string) response {
	if strings.HasPrefix(path, "/api/") {
		return w.api(tok, "GET", path, "")
	}
	return w.get(c, path)
}

func TestPrivacyMatrix(t *testing.T) {
	w := newMatrixWorld(t)
	staffish := func(r string) bool { return r == "staff" || r == "admin" }
	subjects := []struct {
		name   string
		writer string
		check  func(t *testing.T, reader string, c *http.Client, tok string)
	}{
		{"members-only thread", "author", func(t *testing.T, reader string, c *http.Client, tok string) {
			may := reader != "anon" && reader != "outsider"
			for _, p := range []string{threadPath(w.quiet), "/c/c-public", "/", "/search?q=zinnia", "/u/member", "/notifications",
				"/api/v1/threads/" + itoa(w.quiet.ID), "/api/v1/communities/c-public/threads", "/api/v1/search?q=zinnia"} {
				if reader == "anon" && p == "/notifications" {
					continue
				}
				res := w.body(c, tok, p)
				if got := strings.Contains(res.body, "Quiet"); got != may {
					t.Errorf("%s: the title shows: %v, want %v", p, got, may)
				}
				if strings.Contains(res.body, `property="og:title" content="Quiet`) {
					t.Errorf("%s: Open Graph carries the members-only thread", p)
				}
			}
			if d := w.digest(t, tok); tok != "" && strings.Contains(d, "Quiet") != may {
				t.Errorf("the digest shows the title: %v, want %v", !may, may)
			}
			// Public channels never carry it, whoever asks.
			for _, p := range []string{"/feeds/c/c-public.atom", "/feeds/t/" + itoa(w.quiet.ID) + ".atom", "/sitemap.xml"} {
				if res := w.get(c, p); strings.Contains(res.body, "zinnia") || strings.Contains(res.body, "/t/"+itoa(w.quiet.ID)) {
					t.Errorf("%s carries the members-only thread", p)
				}
			}
		}},
		{"anonymous post", "nightwriter", func(t *testing.T, reader string, c *http.Client, tok string) {
			// Everyone reads the words; nobody, staff included, sees who
			// wrote them (that takes an audited reveal).
			for _, p := range []string{threadPath(w.open), "/search?q=nightowl", "/feeds/t/" + itoa(w.open.ID) + ".atom", "/feeds/c/c-public.atom",
				"/api/v1/threads/" + itoa(w.open.ID), "/api/v1/search?q=nightowl"} {
				res := w.body(c, tok, p)
				if !strings.Contains(res.body, "nightowl") && !strings.Contains(p, "/feeds/c/") && !(strings.HasPrefix(p, "/api/v1/search") && res.code != 200) {
					t.Errorf("%s: the anonymous words are missing (%d)", p, res.code)
				}
				if strings.Contains(mainPart(res.body), "nightwriter") {
					t.Errorf("%s names the anonymous author", p)
				}
			}
			for _, p := range []string{"/c/c-public", "/", "/notifications", "/sitemap.xml"} {
				if reader == "anon" && p == "/notifications" {
					continue
				}
				if strings.Contains(mainPart(w.get(c, p).body), "nightwriter") {
					t.Errorf("%s names the anonymous author", p)
				}
			}
			if reader != "author" && strings.Contains(w.digest(t, tok), "nightwriter") { // their own digest greets them
				t.Errorf("the digest names the anonymous author")
			}
			// Their profile lists the anonymous post to them alone.
			if got := strings.Contains(mainPart(w.get(c, "/u/nightwriter").body), "posted anonymously"); got != (reader == "author") {
				t.Errorf("the profile lists the anonymous post: %v", got)
			}
		}},
		{"hidden membership", "hider", func(t *testing.T, reader string, c *http.Client, tok string) {
			may := reader == "author" || staffish(reader)
			if got := strings.Contains(communitiesSection(w.get(c, "/u/hider").body), `<a href="/c/c-public">`); got != may {
				t.Errorf("the profile lists the community: %v, want %v", got, may)
			}
			if got := strings.Contains(w.api(tok, "GET", "/api/v1/members/hider", "").body, `"slug": "c-public"`); got != may {
				t.Errorf("the API lists the community: %v, want %v", got, may)
			}
		}},
		{"deleted member", "", func(t *testing.T, reader string, c *http.Client, tok string) {
			for _, p := range []string{threadPath(w.open), w.goneStory, "/search?q=heron", "/feeds/t/" + itoa(w.open.ID) + ".atom",
				"/api/v1/threads/" + itoa(w.open.ID), "/api/v1/search?q=heron", "/c/c-public", "/", "/notifications", "/messages", "/sitemap.xml"} {
				if reader == "anon" && (p == "/notifications" || p == "/messages") {
					continue
				}
				res := w.body(c, tok, p)
				text := visibleText(mainPart(res.body))
				if strings.HasPrefix(p, "/api/") {
					// The JSON names authors in "author"; a kept story's
					// address still holds the account's number.
					text = strings.ReplaceAll(res.body, `"url": "`+w.goneStory, `"url": "`)
				}
				if strings.Contains(text, "heronleaver") || strings.Contains(text, w.goneHandle) || strings.Contains(res.body, `href="/u/`+w.goneHandle+`"`) {
					t.Errorf("%s names the deleted member: %s", p, text)
				}
				if (p == threadPath(w.open) || p == w.goneStory) && (!strings.Contains(text, "heron") || !strings.Contains(text, hearth.DeletedMemberLabel)) {
					t.Errorf("%s: the kept post is not by %q: %d", p, hearth.DeletedMemberLabel, res.code)
				}
			}
			if d := w.digest(t, tok); strings.Contains(d, "heronleaver") || strings.Contains(d, w.goneHandle) {
				t.Errorf("the digest names the deleted member")
			}
			for _, p := range []string{"/u/heronleaver", "/u/" + w.goneHandle, "/u/" + w.goneHandle + "/stories", "/feeds/u/" + w.goneHandle + "/stories.atom",
				"/api/v1/members/" + w.goneHandle, "/api/v1/members/heronleaver"} {
				if res := w.body(c, tok, p); res.code != http.StatusNotFound || strings.Contains(res.body, "A heron winter") || strings.Contains(res.body, "Kept heron") {
					t.Errorf("%s: %d, want a 404 that shows nothing", p, res.code)
				}
			}
		}},
		{"memorial account", "", func(t *testing.T, reader string, c *http.Client, tok string) {
			res := w.get(c, "/u/remembered")
			if res.code != 200 || !strings.Contains(res.body, "In memory of @remembered") {
				t.Errorf("memorial profile: %d", res.code)
			}
			if strings.Contains(res.body, "/messages/new?to=remembered") || strings.Contains(res.body, "/u/remembered/memorial") {
				t.Errorf("the memorial profile offers a message or another memorial request")
			}
			if res := w.get(c, w.memorialThread); res.code != 200 || !strings.Contains(res.body, "Our lupin garden.") {
				t.Errorf("the memorial account's thread: %d", res.code)
			}
			if c != w.clients[""] {
				res := w.post(c, "/messages/new", url.Values{"to": {"remembered"}, "body": {"Hello lupin"}})
				if res.code != http.StatusBadRequest || !strings.Contains(res.body, "memorial account") || !strings.Contains(res.body, "Hello lupin") {
					t.Errorf("a message to the memorial account: %d", res.code)
				}
			}
		}},
		{"private message", "author", func(t *testing.T, reader string, c *http.Client, tok string) {
			may := reader == "author"
			id := strings.TrimPrefix(w.convPath, "/messages/")
			res := w.get(c, w.convPath)
			if got := res.code == 200 && strings.Contains(res.body, "okapi"); got != may {
				t.Errorf("the conversation page: %d, shows %v, want %v", res.code, got, may)
			}
			if !may && strings.Contains(res.body, "okapi") {
				t.Errorf("the refusal shows the message")
			}
			if res := w.api(tok, "GET", "/api/v1/messages/"+id, ""); (res.code == 200) != may || (!may && strings.Contains(res.body, "okapi")) {
				t.Errorf("the API conversation: %d", res.code)
			}
			if strings.Contains(w.digest(t, tok), "okapi") {
				t.Errorf("the digest shows the private message")
			}
			// Nowhere else, not even for its participants: lists say who,
			// never what.
			for _, p := range []string{"/messages", "/notifications", "/search?q=dose", "/api/v1/search?q=dose", "/u/author", "/u/friend", "/mod", "/admin/audit",
				"/feeds/c/c-public.atom", "/sitemap.xml", "/"} {
				if reader == "anon" && (p == "/messages" || p == "/notifications") {
					continue
				}
				if strings.Contains(w.body(c, tok, p).body, "okapi") {
					t.Errorf("%s shows the private message", p)
				}
			}
		}},
	}
	// The recipient reads it too, and is told who wrote, not what.
	if res := w.get(w.clients["friend"], w.convPath); res.code != 200 || !strings.Contains(res.body, "okapi") {
		t.Errorf("the recipient cannot read the message: %d", res.code)
	}
	if res := w.get(w.clients["friend"], "/notifications"); !strings.Contains(res.body, "@author sent you a message") || strings.Contains(res.body, "okapi") {
		t.Errorf("the recipient's notification: %s", mainPart(res.body))
	}
	for _, s := range subjects {
		for _, reader := range matrixReaders {
			t.Run(s.name+"/"+reader, func(t *testing.T) {
				c, tok := w.reader(reader, s.writer)
				s.check(t, reader, c, tok)
			})
		}
	}
}
