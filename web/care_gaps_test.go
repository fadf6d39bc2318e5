package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
)

// The post edit form adds, changes and removes the content warning; the
// text's history is kept as before.
func TestCareEditPostWarning(t *testing.T) {
	ctx := context.Background()
	f := careFixture(t)
	th := f.threads[hearth.Public]
	tp, err := f.db.FindThreadPage(ctx, nil, th.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	op := tp.Opening
	edit := threadPath(th) + "/p/" + itoa(op.ID) + "/edit"
	c := f.signedIn("author")
	if res := f.get(c, edit); res.code != 200 || !strings.Contains(res.body, `<select id="content_warning" name="content_warning"`) {
		t.Fatalf("edit form: %d", res.code)
	}
	warned := func() hearth.ContentWarning {
		t.Helper()
		p, _, err := f.db.FindPost(ctx, nil, op.ID)
		if err != nil {
			t.Fatal(err)
		}
		return p.Warning
	}
	// Rejected: the text comes back, the problem named.
	res := f.post(c, edit, url.Values{"body": {"Body, edited once."}, "content_warning": {"other"}})
	if res.code != http.StatusBadRequest || !strings.Contains(res.body, "Please say in a few words what the warning is about.") ||
		!strings.Contains(res.body, "Body, edited once.") {
		t.Fatalf("bad warning: %d", res.code)
	}
	if res := f.post(c, edit, url.Values{"body": {"Body, edited once."}, "content_warning": {"loss"}}); res.code != http.StatusSeeOther {
		t.Fatalf("add: %d %s", res.code, res.body)
	}
	if w := warned(); w.Kind != hearth.WarnLoss {
		t.Fatalf("after adding: %+v", w)
	}
	if res := f.get(f.client(), threadPath(th)); !strings.Contains(res.body, "Content warning: loss — show post") {
		t.Error("the thread does not show the new warning")
	}
	if res := f.get(c, edit); !strings.Contains(res.body, `<option value="loss" selected>`) {
		t.Error("the edit form does not show the current warning")
	}
	if res := f.post(c, edit, url.Values{"body": {"Body, edited once."}, "content_warning": {"other"}, "content_warning_note": {"our dog"}}); res.code != http.StatusSeeOther {
		t.Fatalf("change: %d", res.code)
	}
	if w := warned(); w.Kind != hearth.WarnOther || w.Note != "our dog" {
		t.Fatalf("after changing: %+v", w)
	}
	if res := f.post(c, edit, url.Values{"body": {"Body, edited twice."}, "content_warning": {""}}); res.code != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.code)
	}
	if w := warned(); !w.IsZero() {
		t.Fatalf("after removing: %+v", w)
	}
	if res := f.get(f.client(), threadPath(th)); strings.Contains(res.body, "Content warning:") || !strings.Contains(res.body, "Body, edited twice.") {
		t.Error("the thread still shows a warning")
	}
	revs, err := f.db.ListRevisions(ctx, nil, op.ID)
	if err != nil || len(revs) != 2 || revs[1].Body != "Body of the public thread" {
		t.Errorf("history: %d revisions %v", len(revs), err)
	}
}

// An edit that adds self-harm wording shows the crisis resources first,
// then, posted as it is, is flagged urgent; an edit that keeps the same
// wording asks nothing again.
func TestCareEditPostSelfHarm(t *testing.T) {
	ctx := context.Background()
	f := careFixture(t)
	th := f.threads[hearth.Public]
	tp, _ := f.db.FindThreadPage(ctx, nil, th.ID, 1)
	reply := tp.Replies[0] // by insider
	edit := threadPath(th) + "/p/" + itoa(reply.ID) + "/edit"
	c := f.signedIn("insider")
	const words = "Reply in public. Honestly, I want to end it all."
	res := f.post(c, edit, url.Values{"body": {words}})
	if res.code != http.StatusOK || !strings.Contains(res.body, "You are not alone") || !strings.Contains(res.body, "988 Suicide &amp; Crisis Lifeline") ||
		!strings.Contains(res.body, "A moderator will also read it") || !strings.Contains(res.body, words) {
		t.Fatalf("interstitial: %d %s", res.code, res.body)
	}
	if p, _, _ := f.db.FindPost(ctx, nil, reply.ID); p.Body != reply.Body {
		t.Fatal("the edit went out before its author chose")
	}
	if res := f.post(c, edit, url.Values{"body": {words}, "care_ok": {"1"}}); res.code != http.StatusSeeOther {
		t.Fatalf("post it: %d %s", res.code, res.body)
	}
	mp, err := f.db.FindModPost(ctx, f.members["boss"], reply.ID)
	if err != nil || !mp.Urgent() || len(mp.Flags) != 1 || !mp.Flags[0].Automatic || mp.Post.Body != words {
		t.Fatalf("the automatic crisis flag: %+v %v", mp, err)
	}
	// Fixing a typo elsewhere asks nothing again.
	if res := f.post(c, edit, url.Values{"body": {words + " Sorry for typos."}}); res.code != http.StatusSeeOther {
		t.Errorf("a second edit with the same wording: %d", res.code)
	}
}

// Stories: the edit form changes and removes the warning; self-harm
// wording in a new or edited story shows the resources and files one
// urgent flag, which the site's moderators see in the queue and close.
func TestCareStoryEditAndFlag(t *testing.T) {
	ctx := context.Background()
	f := careFixture(t)
	c := f.signedIn("plain")
	res := f.post(c, "/u/plain/stories/new", url.Values{"title": {"Spring"}, "body": {"Grandpa died on Tuesday."}, "visibility": {"public"}, "content_warning": {"loss"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("story: %d", res.code)
	}
	path := res.header.Get("Location") // /u/plain/stories/{id}/spring
	id := strings.Split(path, "/")[4]
	base := "/u/plain/stories/" + id
	edit := base + "/edit"
	story := func() *hearth.Story {
		t.Helper()
		sid, _ := strconv.ParseInt(id, 10, 64)
		st, err := f.db.FindStory(ctx, nil, sid)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if res := f.get(c, edit); !strings.Contains(res.body, `<option value="loss" selected>`) {
		t.Error("the story edit form does not show the warning")
	}
	if res := f.post(c, edit, url.Values{"title": {"Spring"}, "body": {"Grandpa died on Tuesday."}, "visibility": {"public"}, "content_warning": {"end-of-life"}}); res.code != http.StatusSeeOther {
		t.Fatalf("change: %d", res.code)
	}
	if st := story(); st.Warning.Kind != hearth.WarnEndOfLife {
		t.Errorf("after changing: %+v", st.Warning)
	}
	if res := f.post(c, edit, url.Values{"title": {"Spring"}, "body": {"Grandpa died on Tuesday."}, "visibility": {"public"}, "content_warning": {""}}); res.code != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.code)
	}
	if st := story(); !st.Warning.IsZero() || strings.HasPrefix(st.Excerpt, "Content warning") {
		t.Errorf("after removing: %+v %q", st.Warning, st.Excerpt)
	}
	if fs, _ := f.db.StoryFlags(ctx, f.members["boss"]); len(fs) != 0 {
		t.Fatalf("flagged before any wording: %+v", fs)
	}
	// Edited to add self-harm wording: the resources, then the flag.
	const words = "Grandpa died on Tuesday. Since then I don't want to live."
	res = f.post(c, edit, url.Values{"title": {"Spring"}, "body": {words}, "visibility": {"public"}})
	if res.code != http.StatusOK || !strings.Contains(res.body, "You are not alone") || !strings.Contains(res.body, "A moderator will also read it") {
		t.Fatalf("story interstitial: %d", res.code)
	}
	if fs, _ := f.db.StoryFlags(ctx, f.members["boss"]); len(fs) != 0 {
		t.Fatal("flagged before the author chose")
	}
	if res := f.post(c, edit, url.Values{"title": {"Spring"}, "body": {words}, "visibility": {"public"}, "care_ok": {"1"}}); res.code != http.StatusSeeOther {
		t.Fatalf("post it: %d", res.code)
	}
	fs, err := f.db.StoryFlags(ctx, f.members["boss"])
	if err != nil || len(fs) != 1 || !fs[0].Automatic || fs[0].URL() != base {
		t.Fatalf("story flags: %+v %v", fs, err)
	}
	// A new story with wording is flagged too.
	res = f.post(c, "/u/plain/stories/new", url.Values{"title": {"Night"}, "body": {"I keep thinking about how to kill myself."}, "visibility": {"members"}, "care_ok": {"1"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("new story: %d", res.code)
	}
	if fs, _ := f.db.StoryFlags(ctx, f.members["boss"]); len(fs) != 2 {
		t.Fatalf("the new story was not flagged: %+v", fs)
	}
	// The queue shows them to the site's moderators; one closes a flag.
	watch := f.signedIn("watch")
	q := f.get(watch, "/mod")
	if !strings.Contains(q.body, "Stories flagged as urgent (2)") || !strings.Contains(q.body, `href="`+base+`"`) {
		t.Fatalf("the queue does not list the stories: %s", q.body)
	}
	if res := f.post(f.signedIn("plain"), "/mod/stories/"+id+"/close", url.Values{"note": {"x"}}); res.code != http.StatusForbidden {
		t.Errorf("a member closed a flag: %d", res.code)
	}
	res = f.post(watch, "/mod/stories/"+id+"/close", url.Values{"note": {"Wrote to them."}})
	if res.code != http.StatusSeeOther || res.header.Get("Location") != "/mod?done=story" {
		t.Fatalf("close: %d %s", res.code, res.header.Get("Location"))
	}
	if q := f.get(watch, "/mod?done=story"); !strings.Contains(q.body, "Stories flagged as urgent (1)") || !strings.Contains(q.body, "crisis flags are closed") {
		t.Error("the closed flag stays in the queue")
	}
	if code, body := f.apiAs("watch", "GET", "/api/v1/mod/stories", ""); code != 200 || len(body["stories"].([]any)) != 1 {
		t.Errorf("API: %d %v", code, body)
	}
}

// The crisis resources admin page's changes are in the audit log.
func TestCareCrisisAdminAudit(t *testing.T) {
	ctx := context.Background()
	f := careFixture(t)
	boss := f.signedIn("boss")
	if res := f.post(boss, "/admin/crisis", url.Values{"country": {"MX"}, "language": {"es"}, "name": {"Línea de la Vida"}, "phone": {"800 911 2000"}}); res.code != http.StatusSeeOther {
		t.Fatalf("save: %d", res.code)
	}
	all, err := f.db.ListCrisisResources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	for _, c := range all {
		if c.Country == "MX" {
			id = c.ID
		}
	}
	if res := f.post(boss, "/admin/crisis/"+itoa(id)+"/delete", nil); res.code != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.code)
	}
	log := f.get(boss, "/admin/audit")
	for _, want := range []string{"Add a crisis resource", "Remove a crisis resource", "MX-es: Línea de la Vida"} {
		if !strings.Contains(log.body, want) {
			t.Errorf("the audit log lacks %q", want)
		}
	}
}
