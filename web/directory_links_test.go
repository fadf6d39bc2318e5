package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
)

// linkFixture adds to the directory fixture a public community
// "epilepsy" and a private one "secret", both moderated by the clinician
// "nurse", whose claim on the Great Lakes Epilepsy Alliance is approved;
// an event in each; "fam", a member of "secret"; and "rb_comms", whose
// claim on Riverbend waits.
type linkFixture struct {
	*dirFixture
	org                 *hearth.Organization
	members             map[string]*hearth.Member
	weekly, secretEvent *hearth.Event
}

func newLinkFixture(t *testing.T) *linkFixture {
	t.Helper()
	ctx := context.Background()
	f := &linkFixture{dirFixture: newDirFixture(t), members: map[string]*hearth.Member{}}
	db := f.db
	f.org = f.orgs[3]
	for h, role := range map[string]hearth.Role{"nurse": hearth.RoleClinician, "fam": hearth.RoleMember} {
		m, err := db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: dirPassword, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		f.members[h] = m
	}
	for _, h := range []string{"rb_comms", "boss"} {
		m, err := db.FindMemberByHandle(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		f.members[h] = m
	}
	for slug, v := range map[string]hearth.Visibility{"epilepsy": hearth.Public, "secret": hearth.Private} {
		if _, err := db.CreateCommunity(ctx, hearth.NewCommunity{Slug: slug, Name: strings.ToUpper(slug[:1]) + slug[1:] + " circle", Visibility: v}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetModerator(ctx, slug, "nurse"); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AddMember(ctx, "secret", "fam"); err != nil {
		t.Fatal(err)
	}
	var err error
	if f.weekly, err = db.CreateEvent(ctx, f.members["nurse"], "epilepsy", hearth.NewEvent{Title: "Sunday night chat", Hosts: "nurse",
		Date: "2026-11-01", Time: "21:00", TimeZone: "America/New_York", Duration: "60", Repeat: "weekly"}); err != nil {
		t.Fatal(err)
	}
	if f.secretEvent, err = db.CreateEvent(ctx, f.members["nurse"], "secret", hearth.NewEvent{Title: "Closed circle meeting", Hosts: "nurse",
		Date: "2026-12-01", Time: "18:00", TimeZone: "UTC", Duration: "60", Repeat: "once"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		handle string
		org    *hearth.Organization
		ok     bool
	}{{"nurse", f.org, true}, {"rb_comms", f.orgs[0], false}} {
		claim, err := db.ClaimOrganization(ctx, f.members[c.handle], c.org.ID, "I work there.")
		if err != nil {
			t.Fatal(err)
		}
		if c.ok {
			if err := db.DecideClaim(ctx, f.members["boss"], claim.ID, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	return f
}

func (f *linkFixture) orgPath(o *hearth.Organization) string {
	return fmt.Sprintf("/directory/%d", o.ID)
}

// apiJSON calls the API with a member's token ("" for none).
func (f *linkFixture) apiJSON(handle, method, path, body string) (int, map[string]any) {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	if handle != "" {
		tok, err := f.db.CreateToken(context.Background(), f.members[handle].ID, "test")
		if err != nil {
			f.t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	req.Header.Set("Content-Type", "application/json")
	res := f.do(f.client(), req)
	var out map[string]any
	if err := json.Unmarshal([]byte(res.body), &out); err != nil {
		f.t.Fatalf("%s %s: %d %s", method, path, res.code, res.body)
	}
	return res.code, out
}

func TestDirectoryLinksPages(t *testing.T) {
	f := newLinkFixture(t)
	nurse := f.signedIn("nurse")
	page := f.orgPath(f.org)
	res := f.get(nurse, page)
	if res.code != 200 || !strings.Contains(res.body, "Link a community or an event") || !strings.Contains(res.body, `<option value="secret">Secret circle</option>`) ||
		!strings.Contains(res.body, fmt.Sprintf(`<option value="%d">Sunday night chat (Epilepsy circle)</option>`, f.weekly.ID)) {
		t.Fatalf("claimant's page: %d %s", res.code, res.body)
	}
	for _, form := range []url.Values{{"community": {"epilepsy"}}, {"community": {"secret"}}, {"event": {fmt.Sprint(f.weekly.ID)}}, {"event": {fmt.Sprint(f.secretEvent.ID)}}} {
		form.Set("action", "link")
		if res := f.post(nurse, page+"/links", form); res.code != http.StatusSeeOther || res.header.Get("Location") != page+"#hosts" {
			t.Fatalf("link %v: %d %s", form, res.code, res.body)
		}
	}
	// Everyone sees the public community and its event; only readers of
	// the private community see it and its event.
	anon := f.get(f.client(), page).body
	if !strings.Contains(anon, `<a href="/c/epilepsy">Epilepsy circle</a>`) || !strings.Contains(anon, fmt.Sprintf(`<a href="/events/%d">Sunday night chat</a>`, f.weekly.ID)) ||
		strings.Contains(anon, "Secret circle") || strings.Contains(anon, "Closed circle meeting") || strings.Contains(anon, "Remove link") ||
		strings.Contains(anon, "Link a community") {
		t.Errorf("signed-out reader's page: %s", anon)
	}
	if other := f.get(f.signedIn("rb_comms"), page).body; strings.Contains(other, "Secret circle") || !strings.Contains(other, "Epilepsy circle") {
		t.Error("a member who may not read the private community sees it")
	}
	if fam := f.get(f.signedIn("fam"), page).body; !strings.Contains(fam, `<a href="/c/secret">Secret circle</a>`) || !strings.Contains(fam, "Closed circle meeting") {
		t.Error("a member of the private community does not see it")
	}
	// The community's pages say who hosts it, linking back.
	hosted := fmt.Sprintf(`Hosted by <a href="/directory/%d">Great Lakes Epilepsy Alliance</a>`, f.org.ID)
	for _, p := range []string{"/c/epilepsy", "/c/epilepsy/about"} {
		if res := f.get(f.client(), p); res.code != 200 || !strings.Contains(res.body, hosted) {
			t.Errorf("%s: %d, no %q", p, res.code, hosted)
		}
	}

	// Refusals, in plain words, with the page around them.
	rb := f.signedIn("rb_comms")
	for _, tc := range []struct {
		who, org, words string
		code            int
	}{
		{"rb_comms", f.orgPath(f.orgs[0]), "still waiting for an administrator", 403},
		{"rb_comms", page, "Ask to manage the entry first", 403},
		{"fam", page, "Ask to manage the entry first", 403},
	} {
		c := rb
		if tc.who != "rb_comms" {
			c = f.signedIn(tc.who)
		}
		res := f.post(c, tc.org+"/links", url.Values{"action": {"link"}, "community": {"epilepsy"}})
		if res.code != tc.code || !strings.Contains(res.body, tc.words) || !strings.Contains(res.body, `role="alert"`) {
			t.Errorf("%s on %s: %d, want %d with %q", tc.who, tc.org, res.code, tc.code, tc.words)
		}
	}
	// An approved claimant who does not moderate the community.
	ctx := context.Background()
	claim, err := f.db.ClaimOrganization(ctx, f.members["fam"], f.orgs[4].ID, "Volunteer.")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.DecideClaim(ctx, f.members["boss"], claim.ID, true); err != nil {
		t.Fatal(err)
	}
	res = f.post(f.signedIn("fam"), f.orgPath(f.orgs[4])+"/links", url.Values{"action": {"link"}, "community": {"secret"}})
	if res.code != 403 || !strings.Contains(res.body, "You do not moderate Secret circle") {
		t.Errorf("claimant who does not moderate: %d", res.code)
	}
	if res := f.post(f.client(), page+"/links", url.Values{"action": {"link"}, "community": {"epilepsy"}}); res.code != http.StatusSeeOther ||
		!strings.HasPrefix(res.header.Get("Location"), "/signin") {
		t.Errorf("signed out: %d", res.code)
	}

	// Unlinking.
	if res := f.post(nurse, page+"/links", url.Values{"action": {"unlink"}, "community": {"epilepsy"}}); res.code != http.StatusSeeOther {
		t.Fatalf("unlink: %d %s", res.code, res.body)
	}
	if res := f.get(f.client(), "/c/epilepsy"); strings.Contains(res.body, "Hosted by") {
		t.Error("still hosted after unlinking")
	}
	if res := f.get(f.client(), page); strings.Contains(res.body, `<a href="/c/epilepsy">`) || !strings.Contains(res.body, "Sunday night chat") {
		t.Error("the org page after unlinking the community")
	}
}

func TestDirectoryLinksAPI(t *testing.T) {
	f := newLinkFixture(t)
	path := fmt.Sprintf("/api/v1/directory/%d", f.org.ID)
	code, out := f.apiJSON("nurse", "POST", path+"/links", `{"community": "secret"}`)
	if code != 201 || len(out["communities"].([]any)) != 1 {
		t.Fatalf("link: %d %v", code, out)
	}
	if code, out = f.apiJSON("nurse", "POST", path+"/links", fmt.Sprintf(`{"event_id": %d}`, f.weekly.ID)); code != 201 {
		t.Fatalf("link event: %d %v", code, out)
	}
	if code, out = f.apiJSON("nurse", "POST", path+"/links", `{"community": "secret"}`); code != 409 || out["code"] != "conflict" {
		t.Errorf("twice: %d %v", code, out)
	}
	if code, out = f.apiJSON("rb_comms", "POST", fmt.Sprintf("/api/v1/directory/%d/links", f.orgs[0].ID), `{"community": "epilepsy"}`); code != 403 ||
		!strings.Contains(out["message"].(string), "still waiting") {
		t.Errorf("pending claimant: %d %v", code, out)
	}
	if code, _ = f.apiJSON("", "POST", path+"/links", `{"community": "epilepsy"}`); code != 401 {
		t.Errorf("no token: %d", code)
	}
	// The entry in JSON carries the links its reader may see.
	seen := func(handle string) (cs, es int) {
		t.Helper()
		code, out := f.apiJSON(handle, "GET", path, "")
		if code != 200 || out["name"] != f.org.Name {
			t.Fatalf("show: %d %v", code, out)
		}
		return len(out["communities"].([]any)), len(out["events"].([]any))
	}
	if cs, es := seen(""); cs != 0 || es != 1 {
		t.Errorf("signed out sees %d communities, %d events", cs, es)
	}
	if cs, es := seen("fam"); cs != 1 || es != 1 {
		t.Errorf("member of the private community sees %d communities, %d events", cs, es)
	}
	if code, out = f.apiJSON("nurse", "DELETE", path+"/links?community=secret", ""); code != 200 || len(out["communities"].([]any)) != 0 {
		t.Errorf("unlink: %d %v", code, out)
	}
	if code, _ = f.apiJSON("nurse", "DELETE", path+"/links?community=secret", ""); code != 404 {
		t.Errorf("unlink twice: %d", code)
	}
}
