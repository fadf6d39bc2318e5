package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
)

// apiAs calls the JSON API with a fresh token of a member.
func (f *fixture) apiAs(handle, method, path, body string) (int, map[string]any) {
	f.t.Helper()
	tok, err := f.db.CreateToken(context.Background(), f.members[handle].ID, "test")
	if err != nil {
		f.t.Fatal(err)
	}
	req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func TestMentoringPages(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	for h, role := range map[string]hearth.Role{"guide": hearth.RoleMentor, "modo": hearth.RoleMember} {
		m, err := f.db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: pw, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		f.members[h] = m
		f.db.AddMember(ctx, "c-public", h)
	}
	f.db.SetModerator(ctx, "c-public", "modo")

	// A member without the mentor role cannot volunteer, and is told why.
	res := f.post(f.signedIn("insider"), "/mentor/volunteer", url.Values{"community": {"c-public"}, "languages": {"en"}, "capacity": {"2"}})
	if res.code != http.StatusForbidden || !strings.Contains(res.body, "Only members with the mentor role can volunteer") {
		t.Fatalf("non-mentor volunteers: %d", res.code)
	}
	// A mentor's rejected form comes back with its values and the problem.
	guide := f.signedIn("guide")
	res = f.post(guide, "/mentor/volunteer", url.Values{"community": {"c-public"}, "capacity": {"4"}})
	if res.code != http.StatusBadRequest || !strings.Contains(res.body, "Please choose at least one language") || !strings.Contains(res.body, `value="4"`) {
		t.Fatalf("form without languages: %d %s", res.code, res.body)
	}
	res = f.post(guide, "/mentor/volunteer", url.Values{"community": {"c-public"}, "languages": {"en", "es"}, "capacity": {"2"}})
	if res.code != http.StatusSeeOther {
		t.Fatalf("volunteer: %d %s", res.code, res.body)
	}

	// A Spanish speaker signs up and joins: the community page offers
	// them the Spanish-speaking mentor, and they accept.
	newbie := f.client()
	req, _ := http.NewRequest("POST", f.srv.URL+"/signup", strings.NewReader(url.Values{"handle": {"nueva"}, "email": {"nueva@example.org"}, "password": {pw}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Accept-Language", "es-MX,es;q=0.9,en;q=0.5")
	if res := f.do(newbie, req); res.code != http.StatusSeeOther {
		t.Fatalf("sign up: %d %s", res.code, res.body)
	}
	if res := f.get(newbie, "/mentor"); !strings.Contains(res.body, `<option value="es" selected>`) {
		t.Errorf("language from Accept-Language not kept")
	}
	f.post(newbie, "/c/c-public/join", nil)
	res = f.get(newbie, "/c/c-public")
	if !strings.Contains(res.body, "A mentor for you") || !strings.Contains(res.body, "@guide</a>, an experienced member") {
		t.Fatalf("no offer on the community page:\n%s", res.body)
	}
	id := regexpFind(t, res.body, `action="/mentor/offers/(\d+)"`)
	if res := f.post(newbie, "/mentor/offers/"+id, url.Values{"answer": {"accept"}, "next": {"/c/c-public"}}); res.code != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.code)
	}
	if res := f.get(newbie, "/c/c-public"); !strings.Contains(res.body, "is your mentor in") {
		t.Errorf("accepted offer not shown")
	}

	// The mentor sees the newcomer and marks the welcome.
	res = f.get(guide, "/mentor")
	if !strings.Contains(res.body, "@nueva</strong>") || !strings.Contains(res.body, "Accepted, waiting for a welcome") || !strings.Contains(res.body, "reads Spanish (Español)") {
		t.Fatalf("mentor page:\n%s", res.body)
	}
	if res := f.post(guide, "/mentor/mentees/"+id, url.Values{"action": {"welcomed"}}); res.code != http.StatusSeeOther {
		t.Fatalf("mark welcomed: %d", res.code)
	}
	if res := f.post(f.signedIn("insider"), "/mentor/mentees/"+id, url.Values{"action": {"welcomed"}}); res.code != http.StatusNotFound {
		t.Errorf("someone else marks the mentee: %d", res.code)
	}
	if res := f.get(guide, "/mentor"); !strings.Contains(res.body, "Welcomed") {
		t.Errorf("welcome not shown")
	}

	// Coverage: moderators only.
	if res := f.get(f.signedIn("insider"), "/mod/mentoring"); res.code != http.StatusForbidden || !strings.Contains(res.body, "Only moderators can see mentoring coverage") {
		t.Errorf("non-moderator coverage: %d", res.code)
	}
	if res := f.get(f.signedIn("modo"), "/mod/mentoring"); res.code != http.StatusOK || !strings.Contains(res.body, "@guide</a></td><td>1</td><td>2</td>") {
		t.Errorf("moderator coverage: %d\n%s", res.code, res.body)
	}

	// The API.
	code, out := f.apiAs("guide", "GET", "/api/v1/mentor", "")
	if mentees, _ := out["mentees"].([]any); code != http.StatusOK || len(mentees) != 1 {
		t.Errorf("GET /api/v1/mentor: %d %v", code, out)
	}
	if code, out := f.apiAs("insider", "GET", "/api/v1/communities/c-public/mentoring", ""); code != http.StatusForbidden || out["code"] != "forbidden" {
		t.Errorf("non-moderator API coverage: %d %v", code, out)
	}
	if code, _ := f.apiAs("outsider", "GET", "/api/v1/communities/c-private/mentoring", ""); code != http.StatusNotFound {
		t.Errorf("outsider's coverage of a private community: %d", code)
	}
	code, out = f.apiAs("modo", "GET", "/api/v1/communities/c-public/mentoring", "")
	if mentors, _ := out["mentors"].([]any); code != http.StatusOK || len(mentors) != 1 {
		t.Errorf("moderator API coverage: %d %v", code, out)
	}
	if code, out := f.apiAs("insider", "POST", "/api/v1/mentor/volunteer", `{"community":"c-public","languages":["en"],"capacity":2}`); code != http.StatusForbidden {
		t.Errorf("non-mentor API volunteer: %d %v", code, out)
	}
	if code, out := f.apiAs("guide", "POST", "/api/v1/mentor/mentees/"+id, `{"action":"checked_in"}`); code != http.StatusOK {
		t.Errorf("API check-in: %d %v", code, out)
	}
}

func regexpFind(t *testing.T, body, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in the page", pattern)
	}
	return m[1]
}
