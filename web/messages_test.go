package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var conversationURL = regexp.MustCompile(`^/messages/(\d+)#m(\d+)$`)

// startConversation starts a conversation through the form, as a browser
// without JavaScript does, and returns its path and first message's ID.
func startConversation(t *testing.T, f *modFixture, c *http.Client, to, body string) (string, string) {
	t.Helper()
	res := f.post(c, "/messages/new", url.Values{"to": {to}, "subject": {""}, "body": {body}})
	m := conversationURL.FindStringSubmatch(res.header.Get("Location"))
	if res.code != http.StatusSeeOther || m == nil {
		t.Fatalf("start a conversation: %d %s %s", res.code, res.header.Get("Location"), res.body)
	}
	return "/messages/" + m[1], m[2]
}

func TestMessagesParticipantsOnlyPagesAndAPI(t *testing.T) {
	f := newModFixture(t)
	author, member := f.as("author"), f.as("member")
	const first, second = "Our pediatric neurologist moved the appointment", "Thanks, we saw Dr Okafor on Tuesday"
	path, _ := startConversation(t, f, author, "@member", first)
	if res := f.post(member, path+"/reply", url.Values{"body": {second}}); res.code != http.StatusSeeOther {
		t.Fatalf("reply: %d %s", res.code, res.body)
	}
	id := strings.TrimPrefix(path, "/messages/")
	for _, who := range []string{"author", "member"} {
		res := f.get(f.as(who), path)
		if res.code != http.StatusOK || !strings.Contains(res.body, first) || !strings.Contains(res.body, second) {
			t.Errorf("%s reads the conversation: %d", who, res.code)
		}
		if code, out := f.apiCall(who, "GET", "/api/v1/messages/"+id, nil); code != http.StatusOK || len(out["messages"].([]any)) != 2 {
			t.Errorf("%s reads it through the API: %d %v", who, code, out)
		}
	}
	if res := f.get(member, "/messages"); !strings.Contains(res.body, path) {
		t.Errorf("the conversation is not in member's list")
	}
	for _, role := range []string{"anonymous", "mentor", "clinician", "othermod", "thismod", "sitemod", "admin"} {
		c := f.as(role)
		wantPage, wantAPI := http.StatusNotFound, http.StatusNotFound
		if role == "anonymous" {
			wantPage, wantAPI = http.StatusSeeOther, http.StatusUnauthorized
		}
		for _, p := range []string{path, "/messages", "/mod", "/admin/audit", "/notifications", "/search?q=neurologist", "/u/author"} {
			res := f.get(c, p)
			if strings.Contains(res.body, first) || strings.Contains(res.body, second) {
				t.Errorf("%s sees a message on %s", role, p)
			}
			if p == path && res.code != wantPage {
				t.Errorf("%s GET %s = %d, want %d", role, p, res.code, wantPage)
			}
		}
		if res := f.post(c, path+"/reply", url.Values{"body": {"hello"}}); res.code != wantPage && !(role == "anonymous" && res.code == http.StatusUnauthorized) {
			t.Errorf("%s replies on the page: %d", role, res.code)
		}
		if code, _ := f.apiCall(role, "GET", "/api/v1/messages/"+id, nil); code != wantAPI {
			t.Errorf("%s API GET = %d, want %d", role, code, wantAPI)
		}
		if code, _ := f.apiCall(role, "POST", "/api/v1/messages/"+id, map[string]any{"body": "let me in"}); code != wantAPI {
			t.Errorf("%s API reply = %d, want %d", role, code, wantAPI)
		}
		if role != "anonymous" {
			if code, out := f.apiCall(role, "GET", "/api/v1/messages", nil); code != http.StatusOK || len(out["conversations"].([]any)) != 0 {
				t.Errorf("%s API list = %d %v", role, code, out)
			}
		}
	}
	// The notification says who, not what.
	res := f.get(member, "/notifications")
	if !strings.Contains(res.body, "@author sent you a message") || strings.Contains(res.body, "neurologist") {
		t.Errorf("member's notifications: %s", res.body)
	}
	// Start and reply through the API.
	code, out := f.apiCall("mentor", "POST", "/api/v1/messages", map[string]any{"to": []string{"author", "member"}, "subject": "Group", "body": "Hello both"})
	if code != http.StatusCreated {
		t.Fatalf("API start: %d %v", code, out)
	}
	gid := itoa(int64(out["conversation"].(map[string]any)["id"].(float64)))
	if code, out := f.apiCall("author", "POST", "/api/v1/messages/"+gid, map[string]any{"body": "Hi mentor"}); code != http.StatusCreated {
		t.Errorf("API reply: %d %v", code, out)
	}
	if code, _ := f.apiCall("sitemod", "GET", "/api/v1/messages/"+gid, nil); code != http.StatusNotFound {
		t.Errorf("sitemod reads the group: %d", code)
	}
	// Leaving ends reading.
	if res := f.post(member, "/messages/"+gid+"/leave", nil); res.code != http.StatusSeeOther {
		t.Fatalf("leave: %d", res.code)
	}
	if res := f.get(member, "/messages/"+gid); res.code != http.StatusNotFound {
		t.Errorf("after leaving: %d", res.code)
	}
}

func TestMessageReportShowsThatMessageOnly(t *testing.T) {
	f := newModFixture(t)
	author, member := f.as("author"), f.as("member")
	const bad, other = "You are stupid and so is your kid", "Here is my home address, 12 Elm Road"
	path, mid := startConversation(t, f, author, "member", bad)
	if res := f.post(author, path+"/reply", url.Values{"body": {other}}); res.code != http.StatusSeeOther {
		t.Fatal(res.code)
	}
	if res := f.post(member, path+"/m/"+mid+"/report", url.Values{"reason": {"harassment"}}); res.code != http.StatusSeeOther {
		t.Fatalf("report: %d %s", res.code, res.body)
	}
	sitemod := f.as("sitemod")
	q := f.get(sitemod, "/mod")
	if !strings.Contains(q.body, "Reported private messages (1)") || strings.Contains(q.body, bad) || strings.Contains(q.body, other) {
		t.Errorf("the queue: %s", q.body)
	}
	for _, role := range []string{"member", "author", "thismod", "mentor"} {
		if res := f.get(f.as(role), "/mod/messages/"+mid); res.code != http.StatusNotFound || strings.Contains(res.body, bad) {
			t.Errorf("%s opens the reported message: %d", role, res.code)
		}
	}
	before := f.auditLines()
	res := f.get(sitemod, "/mod/messages/"+mid)
	if res.code != http.StatusOK || !strings.Contains(res.body, bad) || strings.Contains(res.body, other) {
		t.Fatalf("sitemod reads the reported message: %d %s", res.code, res.body)
	}
	if n := f.auditLines(); n != before+1 {
		t.Errorf("audit lines %d -> %d, want one more for the look", before, n)
	}
	if res := f.post(sitemod, "/mod/messages/"+mid, url.Values{"action": {"remove"}, "reason": {""}}); res.code != http.StatusBadRequest || !strings.Contains(res.body, "why you remove it") {
		t.Errorf("remove without a reason: %d", res.code)
	}
	if res := f.post(sitemod, "/mod/messages/"+mid, url.Values{"action": {"remove"}, "reason": {"Harassment"}}); res.code != http.StatusSeeOther {
		t.Fatalf("remove: %d %s", res.code, res.body)
	}
	res = f.get(member, path)
	if strings.Contains(res.body, bad) || !strings.Contains(res.body, "Removed by the moderators") || !strings.Contains(res.body, other) {
		t.Errorf("the conversation after removal: %s", res.body)
	}
	if q := f.get(sitemod, "/mod"); !strings.Contains(q.body, "Reported private messages (0)") {
		t.Errorf("the queue after removal still lists it")
	}
}

func TestMessageBlockRefusesAndKeepsText(t *testing.T) {
	f := newModFixture(t)
	author, member := f.as("author"), f.as("member")
	path, _ := startConversation(t, f, author, "member", "Hello there")
	if res := f.post(member, "/settings/blocks", url.Values{"handle": {"author"}, "action": {"block"}}); res.code != http.StatusSeeOther {
		t.Fatalf("block: %d", res.code)
	}
	if res := f.get(member, "/settings/blocks"); !strings.Contains(res.body, `href="/u/author"`) {
		t.Errorf("the block list does not show @author")
	}
	const draft = "Please answer me, it is about Saturday"
	res := f.post(author, path+"/reply", url.Values{"body": {draft}})
	if res.code != http.StatusForbidden || !strings.Contains(res.body, "This member does not accept messages from you.") || !strings.Contains(res.body, draft) {
		t.Errorf("reply to a blocker: %d %s", res.code, res.body)
	}
	res = f.post(author, "/messages/new", url.Values{"to": {"@member"}, "subject": {"Saturday"}, "body": {draft}})
	if res.code != http.StatusForbidden || !strings.Contains(res.body, "This member does not accept messages from you.") ||
		!strings.Contains(res.body, draft) || !strings.Contains(res.body, `value="@member"`) {
		t.Errorf("new message to a blocker: %d %s", res.code, res.body)
	}
	if code, out := f.apiCall("author", "POST", "/api/v1/messages", map[string]any{"to": []string{"member"}, "body": draft}); code != http.StatusForbidden ||
		out["message"] != "This member does not accept messages from you." {
		t.Errorf("API start to a blocker: %d %v", code, out)
	}
	if res := f.get(member, "/u/author"); !strings.Contains(res.body, "Unblock @author") {
		t.Errorf("the profile does not offer to unblock")
	}
	if res := f.post(member, "/settings/blocks", url.Values{"handle": {"author"}, "action": {"unblock"}}); res.code != http.StatusSeeOther {
		t.Fatalf("unblock: %d", res.code)
	}
	if res := f.post(author, path+"/reply", url.Values{"body": {draft}}); res.code != http.StatusSeeOther {
		t.Errorf("reply after unblock: %d", res.code)
	}
}

func TestNewMemberConversationLimit(t *testing.T) {
	f := newModFixture(t)
	c := f.as("clinician") // a new account without a published post
	for i := range 3 {
		startConversation(t, f, c, []string{"member", "mentor", "author"}[i], "Hello, I am new here")
	}
	const draft = "One more question about school plans"
	res := f.post(c, "/messages/new", url.Values{"to": {"admin"}, "body": {draft}})
	if res.code != http.StatusTooManyRequests || !strings.Contains(res.body, "New members can start 3 conversations a day") || !strings.Contains(res.body, draft) {
		t.Errorf("fourth conversation: %d %s", res.code, res.body)
	}
	if code, out := f.apiCall("clinician", "POST", "/api/v1/messages", map[string]any{"to": []string{"admin"}, "body": draft}); code != http.StatusTooManyRequests {
		t.Errorf("API fourth conversation: %d %v", code, out)
	}
	// Replies are not limited.
	cs := f.get(c, "/messages")
	if m := regexp.MustCompile(`href="(/messages/\d+)"`).FindStringSubmatch(cs.body); m == nil {
		t.Fatal("no conversation listed")
	} else if res := f.post(c, m[1]+"/reply", url.Values{"body": {"And a reply"}}); res.code != http.StatusSeeOther {
		t.Errorf("reply by a new member: %d", res.code)
	}
}
