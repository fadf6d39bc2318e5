package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestHostedByEventsAndJSON: an event linked to an organization, or in a
// community linked to one, says "Hosted by" it on its page and carries
// hosted_by in JSON, as does the community; an entry linked both ways is
// named once.
func TestHostedByEventsAndJSON(t *testing.T) {
	f := newLinkFixture(t)
	nurse := f.signedIn("nurse")
	page := f.orgPath(f.org)
	// The Sunday chat is hosted through its community, the closed
	// meeting through a link of its own.
	for _, form := range []url.Values{{"community": {"epilepsy"}}, {"event": {fmt.Sprint(f.weekly.ID)}}, {"event": {fmt.Sprint(f.secretEvent.ID)}}} {
		form.Set("action", "link")
		if res := f.post(nurse, page+"/links", form); res.code != http.StatusSeeOther {
			t.Fatalf("link %v: %d %s", form, res.code, res.body)
		}
	}
	hosted := fmt.Sprintf(`Hosted by <a href="/directory/%d">Great Lakes Epilepsy Alliance</a></p>`, f.org.ID)
	if res := f.get(f.client(), fmt.Sprintf("/events/%d", f.weekly.ID)); res.code != 200 || strings.Count(res.body, hosted) != 1 ||
		strings.Count(res.body, "Great Lakes Epilepsy Alliance") != 1 {
		t.Errorf("public event page: %d, want %q once:\n%s", res.code, hosted, res.body)
	}
	if res := f.get(f.signedIn("fam"), fmt.Sprintf("/events/%d", f.secretEvent.ID)); res.code != 200 || !strings.Contains(res.body, hosted) {
		t.Errorf("linked event page: %d, no %q", res.code, hosted)
	}
	wantRef := func(where string, v any) {
		t.Helper()
		refs, ok := v.([]any)
		if !ok || len(refs) != 1 {
			t.Fatalf("%s: hosted_by = %#v", where, v)
		}
		ref := refs[0].(map[string]any)
		if ref["id"] != float64(f.org.ID) || ref["name"] != "Great Lakes Epilepsy Alliance" || ref["url"] != page {
			t.Errorf("%s: hosted_by = %v", where, ref)
		}
	}
	code, out := f.apiJSON("", "GET", "/api/v1/communities/epilepsy", "")
	if code != 200 || out["slug"] != "epilepsy" {
		t.Fatalf("community JSON: %d %v", code, out)
	}
	wantRef("community", out["hosted_by"])
	code, out = f.apiJSON("", "GET", fmt.Sprintf("/api/v1/events/%d", f.weekly.ID), "")
	if code != 200 {
		t.Fatalf("event JSON: %d %v", code, out)
	}
	wantRef("event", out["event"].(map[string]any)["hosted_by"])
	code, out = f.apiJSON("fam", "GET", fmt.Sprintf("/api/v1/events/%d", f.secretEvent.ID), "")
	if code != 200 {
		t.Fatalf("linked event JSON: %d %v", code, out)
	}
	wantRef("linked event", out["event"].(map[string]any)["hosted_by"])
	code, out = f.apiJSON("", "GET", "/api/v1/events", "")
	if code != 200 || len(out["events"].([]any)) != 1 {
		t.Fatalf("event list JSON: %d %v", code, out)
	}
	wantRef("event list", out["events"].([]any)[0].(map[string]any)["hosted_by"])
	// The list reads every event's hosts in one query; each event must
	// still get its own, as its page gives them.
	code, out = f.apiJSON("fam", "GET", "/api/v1/events", "")
	if code != 200 || len(out["events"].([]any)) < 2 {
		t.Fatalf("event list JSON for a member: %d %v", code, out)
	}
	for _, e := range out["events"].([]any) {
		e := e.(map[string]any)
		_, one := f.apiJSON("fam", "GET", fmt.Sprintf("/api/v1/events/%v", e["id"]), "")
		if got, want := fmt.Sprint(e["hosted_by"]), fmt.Sprint(one["event"].(map[string]any)["hosted_by"]); got != want {
			t.Errorf("event %v: hosted_by in the list %s, on its own %s", e["id"], got, want)
		}
	}

	// Unlinked, the lines and fields go; hosted_by is an empty list.
	for _, form := range []url.Values{{"community": {"epilepsy"}}, {"event": {fmt.Sprint(f.weekly.ID)}}} {
		form.Set("action", "unlink")
		if res := f.post(nurse, page+"/links", form); res.code != http.StatusSeeOther {
			t.Fatalf("unlink %v: %d %s", form, res.code, res.body)
		}
	}
	if res := f.get(f.client(), fmt.Sprintf("/events/%d", f.weekly.ID)); strings.Contains(res.body, "Great Lakes Epilepsy Alliance") {
		t.Error("the event page still names the organization after unlinking")
	}
	if _, out := f.apiJSON("", "GET", "/api/v1/communities/epilepsy", ""); out["hosted_by"] == nil || len(out["hosted_by"].([]any)) != 0 {
		t.Errorf("community JSON after unlinking: hosted_by = %#v", out["hosted_by"])
	}
}

// TestUnlinkButtonForCommunityModerators: a moderator of a linked
// community who is not the organization's staff sees "Remove link" for
// that community and its events, and it works; a member sees none.
func TestUnlinkButtonForCommunityModerators(t *testing.T) {
	f := newLinkFixture(t)
	ctx := context.Background()
	page := f.orgPath(f.org)
	nurse := f.signedIn("nurse")
	for _, form := range []url.Values{{"community": {"epilepsy"}}, {"community": {"secret"}}, {"event": {fmt.Sprint(f.weekly.ID)}}} {
		form.Set("action", "link")
		if res := f.post(nurse, page+"/links", form); res.code != http.StatusSeeOther {
			t.Fatalf("link %v: %d %s", form, res.code, res.body)
		}
	}
	if err := f.db.AddMember(ctx, "epilepsy", "rb_comms"); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetModerator(ctx, "epilepsy", "rb_comms"); err != nil {
		t.Fatal(err)
	}
	removeCommunity := `<input type="hidden" name="community" value="epilepsy"><button type="submit" class="secondary" aria-label="Remove link to Epilepsy circle">Remove link</button>`
	removeEvent := fmt.Sprintf(`<input type="hidden" name="event" value="%d"><button type="submit" class="secondary" aria-label="Remove link to Sunday night chat">`, f.weekly.ID)
	mod := f.signedIn("rb_comms")
	body := f.get(mod, page).body
	if !strings.Contains(body, removeCommunity) || !strings.Contains(body, removeEvent) || strings.Count(body, "Remove link</button>") != 2 ||
		strings.Contains(body, "Link a community or an event") {
		t.Fatalf("moderator's page, want two Remove link buttons and no link form:\n%s", body)
	}
	if fam := f.get(f.signedIn("fam"), page).body; strings.Contains(fam, "Remove link") {
		t.Error("a member who moderates nothing sees Remove link")
	}
	if res := f.post(mod, page+"/links", url.Values{"action": {"unlink"}, "community": {"epilepsy"}}); res.code != http.StatusSeeOther {
		t.Fatalf("moderator unlinks: %d %s", res.code, res.body)
	}
	if res := f.get(f.client(), "/c/epilepsy"); strings.Contains(res.body, "Hosted by") {
		t.Error("still hosted after the moderator unlinked")
	}
	// The private community, which rb_comms does not moderate, stays.
	if res := f.get(f.signedIn("fam"), page); !strings.Contains(res.body, `<a href="/c/secret">Secret circle</a>`) {
		t.Error("unlinking one community removed another")
	}
}
