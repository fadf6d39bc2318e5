package web_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
)

// exportFiles asks for a member's export through the pages and returns
// the archive's files by name.
func exportFiles(t *testing.T, f *fixture, c *http.Client) map[string]string {
	t.Helper()
	if res := f.post(c, "/settings/data/export", url.Values{"fresh": {"1"}}); res.code != http.StatusSeeOther {
		t.Fatalf("export: %d %s", res.code, res.body)
	}
	page := f.get(c, "/settings/data?ready=1")
	i := strings.Index(page.body, "/settings/data/export/hearth-export-")
	if i < 0 {
		t.Fatalf("no download link: %s", page.body)
	}
	dl := f.get(c, page.body[i:i+strings.Index(page.body[i:], `"`)])
	z, err := zip.NewReader(strings.NewReader(dl.body), int64(len(dl.body)))
	if err != nil {
		t.Fatalf("download: %d %v", dl.code, err)
	}
	files := map[string]string{}
	for _, zf := range z.File {
		r, _ := zf.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		files[zf.Name] = string(b)
	}
	return files
}

// TestExportHoldsPrivateMessages: the export's JSON and a readable page
// per conversation hold the conversations the member is in, with the
// other participants' messages; not a conversation they left, nor a
// message moderators removed.
func TestExportHoldsPrivateMessages(t *testing.T) {
	ctx := context.Background()
	f := newModFixture(t)
	author, member := f.as("author"), f.as("member")
	path, _ := startConversation(t, f, author, "@member", "Our okapi trip needs the seizure log")
	if res := f.post(member, path+"/reply", url.Values{"body": {"We keep ours in a *kinkajou* notebook"}}); res.code != http.StatusSeeOther {
		t.Fatalf("reply: %d", res.code)
	}
	left, _ := startConversation(t, f, member, "@author", "Words about an ibex")
	if res := f.post(author, left+"/leave", nil); res.code != http.StatusSeeOther {
		t.Fatalf("leave: %d", res.code)
	}
	conv, err := f.db.ListConversations(ctx, f.members["member"])
	if err != nil {
		t.Fatal(err)
	}
	var convID int64
	for _, c := range conv {
		if "/messages/"+itoa(c.ID) == path {
			convID = c.ID
		}
	}
	bad, err := f.db.SendMessage(ctx, f.members["member"], convID, "Rude gecko words")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ReportMessage(ctx, f.members["author"], bad.ID, hearth.NewFlag{Reason: hearth.FlagHarassment}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.ModerateMessage(ctx, f.members["sitemod"], bad.ID, hearth.ActRemove, "Rude."); err != nil {
		t.Fatal(err)
	}

	files := exportFiles(t, f.fixture, author)
	var d hearth.ExportData
	if err := json.Unmarshal([]byte(files["export.json"]), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Conversations) != 1 || d.Conversations[0].ID != convID || len(d.Conversations[0].Messages) != 2 ||
		d.Conversations[0].Messages[1].Author != "member" || !d.Conversations[0].Messages[0].Mine {
		t.Fatalf("export.json conversations: %+v", d.Conversations)
	}
	page := files["messages/conversation-"+itoa(convID)+".html"]
	if !strings.Contains(page, "Our okapi trip needs the seizure log") || !strings.Contains(page, "<em>kinkajou</em>") ||
		!strings.Contains(page, "Conversation with @member") || !strings.Contains(page, "You ·") {
		t.Fatalf("conversation page: %s", page)
	}
	if !strings.Contains(files["index.html"], `href="messages/conversation-`+itoa(convID)+`.html"`) {
		t.Errorf("index.html does not link the conversation: %s", files["index.html"])
	}
	for name, body := range files {
		for _, leak := range []string{"ibex", "gecko", "<script", "member@example.org"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s holds %q", name, leak)
			}
		}
	}
}

var tagRE = regexp.MustCompile(`(?s)<[^>]*>`)

// visibleText is what a reader sees of a page: its text without tags.
func visibleText(body string) string { return tagRE.ReplaceAllString(body, " ") }

// TestDeletedMemberHandleNowhere: after "delete account, keep posts" the
// internal ~deleted-N handle is shown nowhere: the profile, story list,
// story feed and API answers are not found; the kept story, the thread,
// search and the other participant's messages say "deleted member" and
// offer no link to or follow of the account; the moderators' newcomers
// list leaves it out.
func TestDeletedMemberHandleNowhere(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	author := f.members["author"]
	st, err := f.db.CreateStory(ctx, author, hearth.NewStory{Title: "Our quetzal spring", Body: "A spring of quetzals.", Visibility: hearth.Public})
	if err != nil {
		t.Fatal(err)
	}
	insider := f.signedIn("insider")
	c := f.signedIn("author")
	convPath := ""
	res := f.post(c, "/messages/new", url.Values{"to": {"insider"}, "body": {"A note about quetzals"}})
	if m := conversationURL.FindStringSubmatch(res.header.Get("Location")); m != nil {
		convPath = "/messages/" + m[1]
	} else {
		t.Fatalf("message: %d %s", res.code, res.body)
	}
	if res := f.post(c, "/settings/delete", url.Values{"choice": {"keep"}, "password": {pw}}); res.code != http.StatusSeeOther {
		t.Fatalf("delete: %d %s", res.code, res.body)
	}
	gone := hearth.DeletedHandle(author.ID)
	// The moderators' list of newcomers to welcome leaves it out.
	if _, err := f.db.CreateMember(ctx, hearth.NewMember{Handle: "sitemod", Email: "sitemod@example.org", Password: pw, Role: hearth.RoleModerator}); err != nil {
		t.Fatal(err)
	}
	if res := f.get(f.signedIn("sitemod"), "/mod"); res.code != http.StatusOK || strings.Contains(visibleText(res.body), gone) || !strings.Contains(res.body, "@insider") {
		t.Errorf("the moderation queue: %d %s", res.code, visibleText(mainPart(res.body)))
	}
	tok, err := f.db.CreateToken(ctx, f.members["insider"].ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/u/" + gone, "/u/" + gone + "/stories", "/feeds/u/" + gone + "/stories.atom", "/api/v1/members/" + gone, "/api/v1/members/" + gone + "/stories"} {
		for who, cl := range map[string]*http.Client{"signed out": f.client(), "insider": insider} {
			var res response
			if strings.HasPrefix(p, "/api/") && who == "insider" {
				res = f.api(tok, "GET", p, "")
			} else {
				res = f.get(cl, p)
			}
			if res.code != http.StatusNotFound || strings.Contains(visibleText(res.body), gone) || strings.Contains(res.body, "quetzal") {
				t.Errorf("%s %s: %d, want a 404 that names nobody: %s", who, p, res.code, visibleText(res.body))
			}
		}
	}
	for _, p := range []string{"/u/" + gone + "/stories/" + itoa(st.ID), threadPath(f.threads[hearth.Public]), "/search?q=quetzal", "/search?q=public",
		"/messages", convPath, "/", "/c/c-public", "/feeds/c/c-public.atom"} {
		res := f.get(insider, p)
		text := visibleText(res.body)
		if res.code != http.StatusOK || strings.Contains(text, gone) || strings.Contains(res.body, `href="/u/`+gone+`"`) ||
			strings.Contains(res.body, `/u/`+gone+`/follow`) || strings.Contains(res.body, `/u/`+gone+`/stories"`) || strings.Contains(text, "@deleted") {
			t.Errorf("%s: %d shows the deleted account's handle: %s", p, res.code, text)
		}
		if p != "/" && p != "/c/c-public" && p != "/search?q=quetzal" && !strings.Contains(text, hearth.DeletedMemberLabel) {
			t.Errorf("%s does not say %q: %s", p, hearth.DeletedMemberLabel, text)
		}
	}
}
