package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/web"
)

// careFixture is the fixture served with the page cache on, with staff,
// crisis resources and three readers: one who folds loss posts, one who
// hides them and one who mutes nothing.
func careFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t)
	f.srv.Close()
	f.srv = httptest.NewServer(web.NewServer(f.db, web.Config{PostsPerMinute: 1000, PageCacheTTL: time.Hour}, slog.New(slog.NewTextHandler(io.Discard, nil))))
	t.Cleanup(f.srv.Close)
	for h, role := range map[string]hearth.Role{"boss": hearth.RoleAdmin, "watch": hearth.RoleModerator, "folder": hearth.RoleMember,
		"hider": hearth.RoleMember, "plain": hearth.RoleMember} {
		m, err := f.db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: pw, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		f.members[h] = m
	}
	for _, c := range []hearth.CrisisResource{
		{Country: "US", Language: "en", Name: "988 Suicide & Crisis Lifeline", Phone: "988", SMS: "Text 988"},
		{Country: "ES", Language: "es", Name: "Línea 024", Phone: "024"},
		{Country: "GB", Language: "en", Name: "Samaritans", Phone: "116 123"},
	} {
		if err := f.db.SaveCrisisResource(ctx, f.members["boss"], &c); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.db.SetMutes(ctx, f.members["folder"], hearth.Mutes{Kinds: []hearth.WarningKind{hearth.WarnLoss}, Mode: hearth.MuteCollapse}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetMutes(ctx, f.members["hider"], hearth.Mutes{Kinds: []hearth.WarningKind{hearth.WarnLoss}, Mode: hearth.MuteHide}); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestMutesForEachReaderAndCache(t *testing.T) {
	ctx := context.Background()
	f := careFixture(t)
	th := f.threads[hearth.Public]
	if err := f.db.SetPostCare(ctx, f.members["author"], 0, th.ID, hearth.PostCare{Warning: hearth.ContentWarning{Kind: hearth.WarnLoss}}); err != nil {
		t.Fatal(err)
	}
	path := threadPath(th)
	const (
		body     = "Body of the public thread"
		folded   = `<details class="cw"><summary>Content warning: loss — show post</summary>`
		mutedTag = "You muted this kind of warning"
		hidden   = "The opening post has a content warning you muted (loss), so it is hidden."
	)
	readers := map[string]*http.Client{"folder": f.signedIn("folder"), "hider": f.signedIn("hider"), "plain": f.signedIn("plain"), "": f.client()}
	check := func(who string) {
		t.Helper()
		res := f.get(readers[who], path)
		if res.code != http.StatusOK {
			t.Fatalf("%s: %d", who, res.code)
		}
		switch who {
		case "hider":
			if !strings.Contains(res.body, hidden) || strings.Contains(res.body, body) {
				t.Errorf("hider sees the muted post: %v %v\n%s", strings.Contains(res.body, hidden), strings.Contains(res.body, body), res.body)
			}
		case "folder":
			if !strings.Contains(res.body, folded) || !strings.Contains(res.body, mutedTag) || !strings.Contains(res.body, body) {
				t.Errorf("folder does not see the post folded with the muted note")
			}
		default:
			if !strings.Contains(res.body, folded) || strings.Contains(res.body, mutedTag) || strings.Contains(res.body, hidden) || !strings.Contains(res.body, body) {
				t.Errorf("reader %q does not see the post folded, or sees someone's mutes", who)
			}
		}
	}
	// Each reader in turn, twice, in an order where each muted view comes
	// right after a shared one and before one: no reader gets another's.
	for _, who := range []string{"hider", "plain", "", "", "folder", "hider", "plain", "folder", "", "plain"} {
		check(who)
	}
	// Replies behind a warning, in the API too.
	res := f.post(readers["plain"], path+"/reply", url.Values{"body": {"Thinking of you all today."}, "content_warning": {"other"}, "content_warning_note": {"anniversary"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("reply with a warning: %d %s", res.code, res.body)
	}
	if res := f.get(readers[""], path); !strings.Contains(res.body, "Content warning: anniversary — show post") {
		t.Error("the reply's warning is not shown to a signed-out reader after the write")
	}
	api := f.get(f.client(), "/api/v1/threads/"+itoa(th.ID))
	if !strings.Contains(api.body, `"content_warning": {`) || !strings.Contains(api.body, `"kind": "loss"`) || !strings.Contains(api.body, `"note": "anniversary"`) {
		t.Errorf("API: %s", api.body)
	}
	// A bad warning comes back with the text intact and the problem named.
	res = f.post(readers["plain"], path+"/reply", url.Values{"body": {"My words stay here."}, "content_warning": {"other"}})
	if res.code != http.StatusBadRequest || !strings.Contains(res.body, "My words stay here.") || !strings.Contains(res.body, "what the warning is about") {
		t.Errorf("bad warning: %d", res.code)
	}
	// The settings page saves mutes; /api/v1/me shows them.
	if res := f.post(readers["plain"], "/settings/warnings", url.Values{"kinds": {"self-harm", "loss"}, "mode": {"hide"}}); res.code != http.StatusSeeOther {
		t.Fatalf("save mutes: %d %s", res.code, res.body)
	}
	check("hider")
	if res := f.get(readers["plain"], path); !strings.Contains(res.body, hidden) {
		t.Error("plain's new mute does not apply")
	}
	check("")
	token := f.mustToken("plain")
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	me := f.do(f.client(), req)
	var got struct {
		Handle string       `json:"handle"`
		Mutes  hearth.Mutes `json:"content_warning_mutes"`
	}
	if err := json.Unmarshal([]byte(me.body), &got); err != nil || got.Handle != "plain" || got.Mutes.Mode != hearth.MuteHide || len(got.Mutes.Kinds) != 2 {
		t.Errorf("/api/v1/me: %s", me.body)
	}
}

func TestCrisisFlagPath(t *testing.T) {
	ctx := context.Background()
	f := careFixture(t)
	if err := f.db.SetDuty(ctx, f.members["watch"], true); err != nil {
		t.Fatal(err)
	}
	th := f.threads[hearth.Public]
	tp, err := f.db.FindThreadPage(ctx, nil, th.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	reply := tp.Replies[0] // by insider
	flagPath := threadPath(th) + "/p/" + itoa(reply.ID) + "/flag"
	reporter := f.signedIn("outsider")
	if res := f.get(reporter, flagPath); !strings.Contains(res.body, `value="crisis"`) || !strings.Contains(res.body, "Someone may be in danger") {
		t.Fatal("the flag form has no crisis reason")
	}
	// An older spam flag elsewhere; the crisis flag still comes first.
	if _, err := f.db.FlagPost(ctx, f.members["insider"], tp.Opening.ID, hearth.NewFlag{Reason: hearth.FlagSpam}); err != nil {
		t.Fatal(err)
	}
	res := f.post(reporter, flagPath, url.Values{"reason": {"crisis"}})
	if res.code != http.StatusSeeOther || !strings.HasSuffix(res.header.Get("Location"), "?sent=crisis") {
		t.Fatalf("crisis flag: %d %s", res.code, res.header.Get("Location"))
	}
	req, _ := http.NewRequest("GET", f.srv.URL+flagPath+"?sent=crisis", nil)
	req.Header.Set("Accept-Language", "es-ES,es;q=0.9")
	thanks := f.do(reporter, req)
	if !strings.Contains(thanks.body, "Thank you for telling us") || !strings.Contains(thanks.body, "Línea 024") || !strings.Contains(thanks.body, `href="tel:024"`) {
		t.Errorf("the reporter's thank-you page: %s", thanks.body)
	}
	queue := f.get(f.signedIn("watch"), "/mod")
	urgent, spam := strings.Index(queue.body, `<span class="badge urgent">Urgent</span>`), strings.Index(queue.body, "Spam or selling (1)")
	if urgent < 0 || spam < 0 || urgent > spam {
		t.Errorf("the crisis flag is not first and marked urgent (at %d, spam at %d)", urgent, spam)
	}
	ns, _, err := f.db.ListNotifications(ctx, f.members["watch"], 1)
	if err != nil || len(ns) != 1 || ns[0].Kind != hearth.NotifyCrisis {
		t.Errorf("the moderator on duty's notifications: %+v %v", ns, err)
	}
	// The author's next page shows the gentle banner, until they hide it.
	author := f.signedIn("insider")
	const banner = `class="notice care-banner"`
	if res := f.get(author, "/"); !strings.Contains(res.body, banner) || !strings.Contains(res.body, `href="/help/crisis"`) {
		t.Error("the author sees no banner")
	}
	if res := f.get(reporter, "/"); strings.Contains(res.body, banner) {
		t.Error("the reporter sees the author's banner")
	}
	if res := f.post(author, "/help/crisis/dismiss", url.Values{"next": {"/"}}); res.code != http.StatusSeeOther {
		t.Fatalf("dismiss: %d", res.code)
	}
	if res := f.get(author, "/"); strings.Contains(res.body, banner) {
		t.Error("the banner stays after it was hidden")
	}
}

func TestSelfHarmInterstitial(t *testing.T) {
	ctx := context.Background()
	f := careFixture(t)
	th := f.threads[hearth.Public]
	c := f.signedIn("plain")
	const words = "Some nights I just want to end it all."
	res := f.post(c, threadPath(th)+"/reply", url.Values{"body": {words}})
	if res.code != http.StatusOK || !strings.Contains(res.body, "You are not alone") || !strings.Contains(res.body, "988 Suicide &amp; Crisis Lifeline") ||
		!strings.Contains(res.body, `name="care_ok" value="1"`) || !strings.Contains(res.body, words) {
		t.Fatalf("interstitial: %d %s", res.code, res.body)
	}
	tp, _ := f.db.FindThreadPage(ctx, nil, th.ID, 1)
	if len(tp.Replies) != 1 {
		t.Fatal("the post went out before its author chose")
	}
	if res := f.post(c, threadPath(th)+"/reply", url.Values{"body": {words}, "care_ok": {"1"}}); res.code != http.StatusSeeOther {
		t.Fatalf("post it: %d %s", res.code, res.body)
	}
	tp, _ = f.db.FindThreadPage(ctx, nil, th.ID, 1)
	if len(tp.Replies) != 2 {
		t.Fatal("post it did not post")
	}
	mp, err := f.db.FindModPost(ctx, f.members["boss"], tp.Replies[1].ID)
	if err != nil || !mp.Urgent() || len(mp.Flags) != 1 || !mp.Flags[0].Automatic {
		t.Errorf("the automatic crisis flag: %+v %v", mp, err)
	}
	// Words that only sound alike go straight through.
	if res := f.post(c, threadPath(th)+"/reply", url.Values{"body": {"This pain is killing me, but the new med helps."}}); res.code != http.StatusSeeOther {
		t.Errorf("an idiom was stopped: %d", res.code)
	}
}

func TestCrisisHelpAndAdmin(t *testing.T) {
	f := careFixture(t)
	get := func(path, lang string) response {
		req, _ := http.NewRequest("GET", f.srv.URL+path, nil)
		req.Header.Set("Accept-Language", lang)
		return f.do(f.client(), req)
	}
	if res := get("/help/crisis", "en-US,en;q=0.8"); res.code != 200 || !strings.Contains(res.body, "988 Suicide") || strings.Contains(res.body, "Samaritans") {
		t.Errorf("US page: %d", res.code)
	}
	if res := get("/help/crisis", "es-ES"); !strings.Contains(res.body, "Línea 024") || !strings.Contains(res.body, `<option value="GB-en">`) {
		t.Error("the page does not follow Accept-Language or offers no other place")
	}
	if res := get("/help/crisis?place=GB-en", "es-ES"); !strings.Contains(res.body, "Samaritans") || len(res.body) > 12000 {
		t.Errorf("the chosen place: %d bytes", len(res.body))
	} else {
		t.Logf("/help/crisis: %d bytes of HTML", len(res.body))
	}
	if res := get("/", ""); !strings.Contains(res.body, `<a href="/help/crisis">`) {
		t.Error("no footer link")
	}
	var h hearth.CrisisHelp
	if res := get("/api/v1/help/crisis?place=ES-es", ""); json.Unmarshal([]byte(res.body), &h) != nil || h.Country != "ES" || h.Resources[0].Phone != "024" {
		t.Errorf("API: %s", res.body)
	}
	boss := f.signedIn("boss")
	if res := f.get(f.signedIn("watch"), "/admin/crisis"); res.code != http.StatusForbidden {
		t.Errorf("a moderator opened the admin page: %d", res.code)
	}
	if res := f.get(boss, "/admin/crisis"); res.code != 200 || !strings.Contains(res.body, "Samaritans") {
		t.Errorf("admin page: %d", res.code)
	}
	res := f.post(boss, "/admin/crisis", url.Values{"country": {"Mexico"}, "language": {"es"}, "name": {"Línea de la Vida"}, "phone": {"800 911 2000"}})
	if res.code != http.StatusBadRequest || !strings.Contains(res.body, "two-letter code") || !strings.Contains(res.body, "Línea de la Vida") {
		t.Errorf("invalid resource: %d", res.code)
	}
	res = f.post(boss, "/admin/crisis", url.Values{"country": {"MX"}, "language": {"es"}, "name": {"Línea de la Vida"}, "phone": {"800 911 2000"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.code, res.body)
	}
	if res := get("/help/crisis?place=MX-es", ""); !strings.Contains(res.body, "800 911 2000") {
		t.Error("the new resource is not shown")
	}
}

func TestStoryWarning(t *testing.T) {
	f := careFixture(t)
	c := f.signedIn("plain")
	res := f.post(c, "/u/plain/stories/new", url.Values{"title": {"The week we said goodbye"}, "body": {"Grandpa died on Tuesday, peacefully, at home."},
		"visibility": {"public"}, "content_warning": {"loss"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("story: %d %s", res.code, res.body)
	}
	path := res.header.Get("Location")
	for who, want := range map[string]string{"": "Content warning: loss — show story", "folder": "You muted this kind of warning", "hider": "This story has a content warning you muted (loss)"} {
		cl := f.client()
		if who != "" {
			cl = f.signedIn(who)
		}
		res := f.get(cl, path)
		if !strings.Contains(res.body, want) || (who == "hider") == strings.Contains(res.body, "peacefully, at home") {
			t.Errorf("%q reading the story: want %q", who, want)
		}
		if strings.Contains(res.body, `content="Grandpa died`) {
			t.Errorf("%q: the preview shows the warned text", who)
		}
	}
	feed := f.get(f.client(), "/feeds/u/plain/stories.atom")
	if !strings.Contains(feed.body, "Content warning: loss") {
		t.Errorf("feed: %s", feed.body)
	}
}

func TestAPIContentWarning(t *testing.T) {
	ctx := context.Background()
	f := careFixture(t)
	th := f.threads[hearth.Public]
	token := f.mustToken("plain")
	send := func(body string) response {
		req, _ := http.NewRequest("POST", f.srv.URL+"/api/v1/threads/"+itoa(th.ID)+"/replies", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		return f.do(f.client(), req)
	}
	if res := send(`{"body": "x", "content_warning": {"kind": "scary"}}`); res.code != http.StatusBadRequest || !strings.Contains(res.body, `"field": "content_warning"`) {
		t.Errorf("bad kind: %d %s", res.code, res.body)
	}
	res := send(`{"body": "Scans from the ER, described.", "content_warning": {"kind": "graphic-medical"}}`)
	if res.code != http.StatusCreated || !strings.Contains(res.body, `"kind": "graphic-medical"`) {
		t.Fatalf("warned reply: %d %s", res.code, res.body)
	}
	// Self-harm wording by API: no interstitial, but the urgent flag.
	res = send(`{"body": "Honestly I don't want to live anymore."}`)
	var p hearth.Post
	if res.code != http.StatusCreated || json.Unmarshal([]byte(res.body), &p) != nil {
		t.Fatalf("reply: %d %s", res.code, res.body)
	}
	if mp, err := f.db.FindModPost(ctx, f.members["boss"], p.ID); err != nil || !mp.Urgent() {
		t.Errorf("no urgent flag on the API reply: %v", err)
	}
}
