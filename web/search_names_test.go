package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
)

// TestSearchExperienceByOtherName: the search page and the API find an
// experience by another name of its treatment, which its text never
// says (migration 0023), and mark the name in the snippet.
func TestSearchExperienceByOtherName(t *testing.T) {
	f := newFixture(t)
	slug := "c-" + string(hearth.Public)
	tr, rep := f.experience(slug, hearth.NewTreatment{Name: "Levetiracetam", Category: hearth.CategoryMedication, Synonyms: []string{"Keppra"}},
		"Mood swings the first month, then calmer.") // search_kinds_test.go
	link := fmt.Sprintf(`href="/c/%s/tried/t/%d#experience-%d"`, slug, tr.ID, rep.ID)
	res := f.get(f.client(), "/search?q=keppra&kind=experience")
	if res.code != http.StatusOK || !strings.Contains(res.body, link) || !strings.Contains(res.body, "What we tried: Levetiracetam</a>") ||
		!strings.Contains(res.body, "<mark>Keppra</mark>") || !strings.Contains(res.body, ">1 result") {
		t.Errorf("search page for keppra: %d\n%s", res.code, res.body)
	}
	var out struct {
		Total   int              `json:"total"`
		Results []map[string]any `json:"results"`
	}
	body := f.get(f.client(), "/api/v1/search?q=keppra+mood").body
	if err := json.Unmarshal([]byte(body), &out); err != nil || out.Total != 1 || len(out.Results) != 1 {
		t.Fatalf("API: %v %s", err, body)
	}
	if r := out.Results[0]; r["kind"] != "experience" || r["title"] != "Levetiracetam" || r["treatment_id"] != float64(tr.ID) ||
		!strings.Contains(r["snippet_html"].(string), "<mark>Keppra</mark>") {
		t.Errorf("API result: %v", r)
	}
}
