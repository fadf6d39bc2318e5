package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
)

var anonymousJSON = regexp.MustCompile(`"anonymous":\s*true`)

// mainPart is a page without its header, which names the signed-in
// member: what a page says about posts is inside <main>.
func mainPart(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		return body[i:]
	}
	return body
}

// apiGet reads an API path as a role, returning the status and raw body.
func (f *modFixture) apiGetRaw(role, path string) (int, string) {
	f.t.Helper()
	req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
	if tok := f.tokens[role]; tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestAnonymousPostingThroughThePages(t *testing.T) {
	ctx := context.Background()
	f := newModFixture(t)
	const handle = "quietwriter"
	writer, err := f.db.CreateMember(ctx, hearth.NewMember{Handle: handle, Email: "quiet@example.org", Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	f.members[handle] = writer
	if f.tokens[handle], err = f.db.CreateToken(ctx, writer.ID, "test"); err != nil {
		t.Fatal(err)
	}
	mod, author, guest, member := f.as("thismod"), f.signedIn(handle), f.client(), f.as("member")

	// Off by default: no checkbox, and an anonymous post is refused with
	// the text kept.
	if res := f.get(author, "/c/pub/new"); strings.Contains(res.body, `name="anonymous"`) {
		t.Fatal("the checkbox shows where anonymous posts are not allowed")
	}
	res := f.post(author, "/c/pub/new", url.Values{"title": {"Night shifts with Dad"}, "body": {"Kept text about caring at night."}, "anonymous": {"1"}})
	if res.code != http.StatusBadRequest || !strings.Contains(res.body, "does not allow anonymous posts") || !strings.Contains(res.body, "Kept text about caring at night.") ||
		!strings.Contains(res.body, `value="Night shifts with Dad"`) {
		t.Fatalf("refusal: %d %s", res.code, res.body)
	}
	// The community's moderator turns it on in the settings page.
	if res := f.post(mod, "/c/pub/settings", url.Values{"allow_anonymous": {"1"}}); res.code != http.StatusSeeOther {
		t.Fatalf("settings: %d %s", res.code, res.body)
	}
	if res := f.get(mod, "/c/pub/settings"); !strings.Contains(res.body, `name="allow_anonymous" value="1" checked`) {
		t.Fatal("the setting is not shown as on")
	}
	if res := f.get(author, "/c/pub/new"); !strings.Contains(res.body, "Post anonymously") {
		t.Fatal("no checkbox on the new-thread form")
	}
	// A thread and a reply, anonymously, through the forms.
	res = f.post(author, "/c/pub/new", url.Values{"title": {"Night shifts with Dad"}, "body": {"Caring at night wears me down; nightowlword."}, "anonymous": {"1"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("new thread: %d %s", res.code, res.body)
	}
	threadURL := res.header.Get("Location")
	if res := f.get(author, threadPath(f.thread)); !strings.Contains(res.body, "Post anonymously") {
		t.Fatal("no checkbox on the reply form")
	}
	res = f.post(author, threadPath(f.thread)+"/reply", url.Values{"body": {"We keep the rescue meds with the nurse; nightowlword."}, "anonymous": {"1"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("reply: %d %s", res.code, res.body)
	}
	tp, err := f.db.FindThreadPage(ctx, nil, f.thread.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	reply := tp.Replies[len(tp.Replies)-1]
	if !reply.Anonymous || reply.AuthorID != writer.ID {
		t.Fatalf("stored reply %+v", reply)
	}
	var anonThreadID int64
	fmt.Sscanf(threadURL[strings.Index(threadURL, "/t/")+3:], "%d", &anonThreadID)

	// Every reader, the author included, sees "a member" and never the
	// handle, on every path.
	paths := []string{threadURL, threadPath(f.thread), "/c/pub", "/", "/search?q=nightowlword", "/feeds/c/pub.atom",
		fmt.Sprintf("/feeds/t/%d.atom", f.thread.ID), fmt.Sprintf("/feeds/t/%d.atom", anonThreadID), "/u/" + handle,
		fmt.Sprintf("%s/p/%d/history", threadPath(f.thread), reply.ID)}
	for who, c := range map[string]any{"guest": guest, "member": member, "author": author, "moderator": mod} {
		for _, p := range paths {
			res := f.get(c.(*http.Client), p)
			if res.code != http.StatusOK {
				t.Errorf("%s %s: %d", who, p, res.code)
				continue
			}
			body := mainPart(res.body)
			if strings.HasPrefix(p, "/u/") {
				// The profile names its member, of course; it must not
				// list the anonymous thread to anyone but its author,
				// and there only in the author's own section.
				if who != "author" && strings.Contains(body, "Night shifts with Dad") {
					t.Errorf("%s: the profile lists the anonymous thread", who)
				}
				if who == "author" && !strings.Contains(body, "posted anonymously") {
					t.Errorf("the author does not see their anonymous posts on their profile")
				}
				continue
			}
			if strings.Contains(body, handle) {
				t.Errorf("%s %s: the handle is on the page", who, p)
			}
			if !strings.Contains(body, hearth.AnonymousAuthor) && p != fmt.Sprintf("/feeds/t/%d.atom", anonThreadID) { // that feed has no replies yet
				t.Errorf("%s %s: no %q", who, p, hearth.AnonymousAuthor)
			}
		}
	}
	// The JSON API: no author, "anonymous": true.
	for _, p := range []string{fmt.Sprintf("/api/v1/threads/%d", anonThreadID), fmt.Sprintf("/api/v1/threads/%d", f.thread.ID), "/api/v1/communities/pub/threads",
		"/api/v1/search?q=nightowlword"} {
		code, body := f.apiGetRaw("member", p)
		if code != http.StatusOK && !(code == http.StatusNotFound && strings.Contains(p, "search")) {
			t.Errorf("API %s: %d", p, code)
		}
		if strings.Contains(body, handle) {
			t.Errorf("API %s shows the handle: %s", p, body)
		}
		if code == http.StatusOK && !strings.Contains(p, "search") && !anonymousJSON.MatchString(body) {
			t.Errorf("API %s: no anonymous flag: %s", p, body)
		}
	}
	// The thread's author is told "a member replied".
	res = f.get(f.signedIn("author"), "/notifications")
	if !strings.Contains(res.body, "a member replied to your thread") || strings.Contains(mainPart(res.body), handle) {
		t.Errorf("notifications: %s", mainPart(res.body))
	}
	// The author edits their anonymous post; it stays anonymous.
	editPath := fmt.Sprintf("%s/p/%d/edit", threadPath(f.thread), reply.ID)
	if res := f.get(author, editPath); res.code != http.StatusOK {
		t.Fatalf("edit form: %d", res.code)
	}
	if res := f.post(author, editPath, url.Values{"body": {"We keep the rescue meds with the school nurse; nightowlword."}}); res.code != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.code, res.body)
	}
	if res := f.get(member, editPath); res.code != http.StatusForbidden {
		t.Errorf("someone else's edit form: %d", res.code)
	}
	if res := f.get(guest, threadPath(f.thread)); strings.Contains(mainPart(res.body), handle) || !strings.Contains(res.body, "school nurse") {
		t.Error("after the edit the page shows the handle, or not the edit")
	}

	// The moderation page hides the author and offers the reveal form.
	modPath := fmt.Sprintf("/mod/posts/%d", reply.ID)
	res = f.get(mod, modPath)
	if res.code != http.StatusOK || strings.Contains(mainPart(res.body), handle) || !strings.Contains(res.body, "Reveal author") {
		t.Fatalf("moderation page: %d %s", res.code, mainPart(res.body))
	}
	before := f.auditLines()
	// Refused: without a reason (the page says so), by a member, by a
	// guest, by the moderator of another community.
	res = f.post(mod, modPath+"/reveal", url.Values{"reveal_reason": {"  "}})
	if res.code != http.StatusBadRequest || !strings.Contains(res.body, "Please say why") || strings.Contains(mainPart(res.body), handle) {
		t.Errorf("no reason: %d", res.code)
	}
	for who, c := range map[string]*http.Client{"member": member, "guest": guest, "othermod": f.as("othermod"), "author": author} {
		res := f.post(c, modPath+"/reveal", url.Values{"reveal_reason": {"curious"}})
		if res.code != http.StatusForbidden && res.code != http.StatusNotFound && res.code != http.StatusUnauthorized && res.code != http.StatusSeeOther {
			t.Errorf("%s reveals: %d", who, res.code)
		}
		if strings.Contains(mainPart(res.body), handle) {
			t.Errorf("%s sees the handle", who)
		}
	}
	if n := f.auditLines(); n != before {
		t.Fatalf("refused reveals wrote %d audit lines", n-before)
	}
	res = f.post(mod, modPath+"/reveal", url.Values{"reveal_reason": {"The post mentions self-harm; we need to reach them."}})
	if res.code != http.StatusOK || !strings.Contains(res.body, "@"+handle) {
		t.Fatalf("reveal: %d %s", res.code, mainPart(res.body))
	}
	if n := f.auditLines(); n != before+1 {
		t.Fatalf("reveal wrote %d audit lines", n-before)
	}
	es, _, err := f.db.ListAudit(ctx, f.members["admin"], hearth.ActReveal, 1)
	if err != nil || len(es) != 1 || es[0].Detail != fmt.Sprintf("revealed author of post %d", reply.ID) || es[0].Reason != "The post mentions self-harm; we need to reach them." {
		t.Fatalf("audit: %+v %v", es, err)
	}
	// Shown on that answer only: the page again hides it.
	if res := f.get(mod, modPath); strings.Contains(mainPart(res.body), "@"+handle) {
		t.Error("the handle stays on the moderation page")
	}

	// The API: refused for members and without a reason; a moderator
	// gets the author, and the log another line.
	if code, _ := f.apiCall("member", "POST", fmt.Sprintf("/api/v1/mod/posts/%d/reveal", reply.ID), map[string]any{"reason": "curious"}); code != http.StatusForbidden {
		t.Errorf("API reveal by a member: %d", code)
	}
	if code, _ := f.apiCall("thismod", "POST", fmt.Sprintf("/api/v1/mod/posts/%d/reveal", reply.ID), map[string]any{"reason": ""}); code != http.StatusBadRequest {
		t.Errorf("API reveal without a reason: %d", code)
	}
	code, out := f.apiCall("sitemod", "POST", fmt.Sprintf("/api/v1/mod/posts/%d/reveal", reply.ID), map[string]any{"reason": "Report of ban evasion"})
	if code != http.StatusOK || out["author"] != handle {
		t.Errorf("API reveal: %d %v", code, out)
	}
	if n := f.auditLines(); n != before+2 {
		t.Errorf("API reveal wrote %d audit lines", n-before-1)
	}
	// The API refuses an anonymous reply where it is not allowed.
	other, err := f.db.CreateThread(ctx, f.members["member"], "other", hearth.NewThread{Title: "Elsewhere", Body: "Text"})
	if err != nil {
		t.Fatal(err)
	}
	code, out = f.apiCall(handle, "POST", fmt.Sprintf("/api/v1/threads/%d/replies", other.ID), map[string]any{"body": "hello", "anonymous": true})
	if code != http.StatusBadRequest {
		b, _ := json.Marshal(out)
		t.Errorf("API anonymous reply where not allowed: %d %s", code, b)
	}
	code, out = f.apiCall(handle, "POST", fmt.Sprintf("/api/v1/threads/%d/replies", f.thread.ID), map[string]any{"body": "An API reply, anonymously.", "anonymous": true})
	if code != http.StatusCreated || out["anonymous"] != true || out["author"] != nil {
		t.Errorf("API anonymous reply: %d %v", code, out)
	}
}
