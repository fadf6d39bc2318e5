package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
)

// triedAPI sends a JSON request with a member's token.
func (f *triedFixture) triedAPI(token, method, path string, body any) (int, map[string]any) {
	f.t.Helper()
	req, _ := http.NewRequest(method, f.srv.URL+path, strings.NewReader(string(mustJSON(body))))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res := f.do(f.client(), req)
	var out map[string]any
	if err := json.Unmarshal([]byte(res.body), &out); err != nil {
		f.t.Fatalf("%s %s: not JSON: %d %s", method, path, res.code, res.body)
	}
	return res.code, out
}

// ownReport is the viewer's report on a treatment, or nil.
func (f *triedFixture) ownReport(handle, slug string, treatment int64) *hearth.Report {
	f.t.Helper()
	own, err := f.db.ListOwnReports(context.Background(), f.members[handle], slug)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, r := range own {
		if r.TreatmentID == treatment {
			return r
		}
	}
	return nil
}

func TestTriedPrivacyGuardForms(t *testing.T) {
	f := newTriedFixture(t)
	c := f.signedIn("member3")
	vals := reportForm(fmt.Sprint(f.other["epi"]))
	vals.Set("body", "  "+phi+"\r\nKeto helped within weeks.  ")

	// Findings: the form comes back with everything the member filled in.
	res := f.post(c, "/c/epi/tried/new", vals)
	if res.code != 200 || !strings.Contains(res.body, "We found 2 things that could identify someone") ||
		!strings.Contains(res.body, "Nothing was posted yet") || !strings.Contains(res.body, `name="publish_anyway" value="1"`) ||
		!strings.Contains(res.body, "Replace with [phone]") || !strings.Contains(res.body, `value="moderate" checked`) ||
		!strings.Contains(res.body, `value="Dizziness"`) {
		t.Fatalf("findings page: %d %s", res.code, res.body)
	}
	if got := textarea(t, res.body); got != phi+"\nKeto helped within weeks." {
		t.Fatalf("text not kept as stored: %q", got)
	}
	if f.ownReport("member3", "epi", f.other["epi"]) != nil {
		t.Fatal("a report with findings was saved without confirmation")
	}

	// Replace one finding, then all, without JavaScript: plain buttons.
	vals.Set("body", textarea(t, res.body))
	vals.Set("redact", redactButton.FindStringSubmatch(res.body)[1])
	res = f.post(c, "/c/epi/tried/new", vals)
	if res.code != 200 || !strings.Contains(textarea(t, res.body), "Call me at [phone].") || !strings.Contains(res.body, "Replaced “555-201-4477”") {
		t.Fatalf("replace one: %d %q", res.code, textarea(t, res.body))
	}
	// A stale button (the text changed since) changes nothing.
	stale := redactButton.FindStringSubmatch(res.body)[1]
	vals.Set("body", textarea(t, res.body)+" More.")
	vals.Set("redact", stale)
	if res := f.post(c, "/c/epi/tried/new", vals); !strings.Contains(res.body, "did not replace anything") || !strings.Contains(textarea(t, res.body), "Liam Carter") {
		t.Errorf("stale replace: %d", res.code)
	}
	vals.Del("redact")
	vals.Set("action", "redact_all")
	res = f.post(c, "/c/epi/tried/new", vals)
	clean := textarea(t, res.body)
	if res.code != 200 || strings.Contains(clean, "Liam Carter") || !strings.Contains(res.body, "No private details found") {
		t.Fatalf("replace all: %d %q", res.code, clean)
	}
	vals.Del("action")
	vals.Set("body", clean)
	if res := f.post(c, "/c/epi/tried/new", vals); res.code != http.StatusSeeOther {
		t.Fatalf("clean report: %d %s", res.code, res.body)
	}
	if rep := f.ownReport("member3", "epi", f.other["epi"]); rep == nil || rep.Body != clean {
		t.Fatalf("clean report not saved as shown: %+v", rep)
	}

	// A missing answer is named before the text is screened, text intact.
	c4 := f.signedIn("member4")
	vals = reportForm(fmt.Sprint(f.other["epi"]))
	vals.Set("body", phi)
	vals.Del("effectiveness")
	if res := f.post(c4, "/c/epi/tried/new", vals); res.code != 400 || !strings.Contains(res.body, "how much it helped") || textarea(t, res.body) != phi {
		t.Errorf("missing answer with findings: %d", res.code)
	}
	// "Publish anyway": a member's own words are theirs to share.
	vals.Set("effectiveness", "slight")
	vals.Set("publish_anyway", "1")
	if res := f.post(c4, "/c/epi/tried/new", vals); res.code != http.StatusSeeOther {
		t.Fatalf("publish anyway: %d %s", res.code, res.body)
	}
	if rep := f.ownReport("member4", "epi", f.other["epi"]); rep == nil || rep.Body != phi {
		t.Fatalf("published report: %+v", rep)
	}

	// The update form: the same guard.
	old := f.ownReport("member0", "epi", f.lev["epi"])
	edit := fmt.Sprintf("/c/epi/tried/%d/edit", old.ID)
	c0 := f.signedIn("member0")
	vals = reportForm(fmt.Sprint(f.lev["epi"]))
	vals.Set("body", "Born 03/14/2016, "+phi)
	res = f.post(c0, edit, vals)
	if res.code != 200 || !strings.Contains(res.body, "Save changes") || !strings.Contains(res.body, `name="publish_anyway"`) ||
		textarea(t, res.body) != "Born 03/14/2016, "+phi {
		t.Fatalf("update with findings: %d", res.code)
	}
	if rep := f.ownReport("member0", "epi", f.lev["epi"]); rep.Body != old.Body {
		t.Fatal("an update with findings was saved without confirmation")
	}
	vals.Set("publish_anyway", "1")
	if res := f.post(c0, edit, vals); res.code != http.StatusSeeOther {
		t.Fatalf("update, publish anyway: %d", res.code)
	}
	if rep := f.ownReport("member0", "epi", f.lev["epi"]); !strings.Contains(rep.Body, "Liam Carter") {
		t.Fatalf("confirmed update not saved: %q", rep.Body)
	}
}

// Clinicians and staff cannot publish a report with identifiers: there
// is no review queue for reports, as for stories.
func TestTriedPrivacyGuardStaff(t *testing.T) {
	f := newTriedFixture(t)
	ctx := context.Background()
	doc, err := f.db.CreateMember(ctx, hearth.NewMember{Handle: "dr_ana", Email: "ana@example.org", Password: pw, Role: hearth.RoleClinician})
	if err != nil {
		t.Fatal(err)
	}
	f.members["dr_ana"] = doc
	f.db.AddMember(ctx, "epi", "dr_ana")
	c := f.signedIn("dr_ana")
	vals := reportForm(fmt.Sprint(f.lev["epi"]))
	vals.Set("body", phi)
	vals.Set("publish_anyway", "1")
	res := f.post(c, "/c/epi/tried/new", vals)
	if res.code != 200 || strings.Contains(res.body, `name="publish_anyway"`) || !strings.Contains(res.body, "please replace these details") ||
		!strings.Contains(res.body, "Replace with [phone]") || textarea(t, res.body) != phi {
		t.Fatalf("clinician's report: %d %s", res.code, res.body)
	}
	if f.ownReport("dr_ana", "epi", f.lev["epi"]) != nil {
		t.Fatal("a clinician's report with identifiers was saved")
	}
	tok := f.mustToken("dr_ana")
	body := map[string]any{"treatment_id": f.lev["epi"], "for_whom": "self", "started": "2025-03", "still_using": true,
		"effectiveness": "moderate", "text": phi, "publish_anyway": true}
	code, out := f.triedAPI(tok, "POST", "/api/v1/communities/epi/tried", body)
	if code != 400 || out["code"] != "invalid" || strings.Contains(out["message"].(string), "publish_anyway") ||
		!strings.Contains(out["message"].(string), "replace them") || len(out["findings"].([]any)) != 2 {
		t.Fatalf("clinician API: %d %v", code, out)
	}
	body["text"] = "Most of my patients tolerate it well."
	if code, out := f.triedAPI(tok, "POST", "/api/v1/communities/epi/tried", body); code != 201 {
		t.Fatalf("clinician's clean report: %d %v", code, out)
	}
}

func TestTriedPrivacyGuardAPI(t *testing.T) {
	f := newTriedFixture(t)
	tok := f.mustToken("member3")
	body := map[string]any{"treatment_id": f.other["epi"], "for_whom": "child", "started": "2025-03", "still_using": true,
		"effectiveness": "major", "text": "  Ça va. " + phi}
	code, out := f.triedAPI(tok, "POST", "/api/v1/communities/epi/tried", body)
	if code != 400 || out["code"] != "invalid" || !strings.Contains(out["message"].(string), `"publish_anyway": true`) {
		t.Fatalf("report with findings: %d %v", code, out)
	}
	fs := out["findings"].([]any)
	first := fs[0].(map[string]any)
	if len(fs) != 2 || first["field"] != "text" || first["type"] != "PHONE" || first["start"] != 18.0 || first["end"] != 30.0 {
		t.Fatalf("findings: %v", fs)
	}
	if f.ownReport("member3", "epi", f.other["epi"]) != nil {
		t.Fatal("saved without confirmation")
	}
	body["publish_anyway"] = true
	code, out = f.triedAPI(tok, "POST", "/api/v1/communities/epi/tried", body)
	if code != 201 || out["text"] != "Ça va. "+phi {
		t.Fatalf("publish anyway: %d %v", code, out)
	}
	id := int64(out["id"].(float64))

	// The update path: PUT the whole report.
	put := fmt.Sprintf("/api/v1/communities/epi/tried/%d", id)
	upd := map[string]any{"treatment_id": f.other["epi"], "for_whom": "child", "started": "2025-03", "still_using": true,
		"effectiveness": "moderate", "text": "Seen at 12 Oak Street by Dr. Alvarez, MRN 12345678."}
	code, out = f.triedAPI(tok, "PUT", put, upd)
	if code != 400 || len(out["findings"].([]any)) == 0 {
		t.Fatalf("update with findings: %d %v", code, out)
	}
	upd["text"] = "It settled after a month."
	if code, out = f.triedAPI(tok, "PUT", put, upd); code != 200 || out["text"] != "It settled after a month." || out["effectiveness"] != "moderate" {
		t.Fatalf("clean update: %d %v", code, out)
	}
	// Another member's report, or the wrong community, is not found.
	if code, _ := f.triedAPI(f.mustToken("member4"), "PUT", put, upd); code != 404 {
		t.Errorf("another member's update: %d", code)
	}
	if code, _ := f.triedAPI(tok, "PUT", fmt.Sprintf("/api/v1/communities/kids/tried/%d", id), upd); code != 404 {
		t.Errorf("wrong community: %d", code)
	}
}
