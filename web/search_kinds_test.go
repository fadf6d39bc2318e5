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

// experience makes "author" a moderator of the community slug, where they
// add the treatment n and report on it, for a child, with body: started
// three months ago, still in use, a major effect.
func (f *fixture) experience(slug string, n hearth.NewTreatment, body string) (*hearth.Treatment, *hearth.Report) {
	f.t.Helper()
	ctx, author := context.Background(), f.members["author"]
	if err := f.db.SetModerator(ctx, slug, "author"); err != nil {
		f.t.Fatal(err)
	}
	tr, err := f.db.AddTreatment(ctx, author, slug, n)
	if err != nil {
		f.t.Fatal(err)
	}
	now := hearth.MonthOf(f.db.CurrentTime())
	rep, err := f.db.CreateReport(ctx, author, slug, hearth.ReportInput{TreatmentID: tr.ID, ForWhom: hearth.ForChild,
		Started: hearth.MonthFromIndex(now.Index() - 3), StillUsing: true, Effectiveness: hearth.EffectMajor, Body: body})
	if err != nil {
		f.t.Fatal(err)
	}
	return tr, rep
}

// TestSearchStoriesAndExperiencesPage searches stories and what-we-tried
// experiences through the real router, as each kind of reader: results
// link to the story and to the text on its treatment's page, and nothing
// the reader may not read shows.
func TestSearchStoriesAndExperiencesPage(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	author := f.members["author"]
	pubStory, err := f.db.CreateStory(ctx, author, hearth.NewStory{Title: "Marigold summer", Body: "A public marigold story.", Visibility: hearth.Public})
	if err != nil {
		t.Fatal(err)
	}
	memStory, err := f.db.CreateStory(ctx, author, hearth.NewStory{Title: "Marigold winter", Body: "A marigold story for members.", Visibility: hearth.MembersOnly})
	if err != nil {
		t.Fatal(err)
	}
	type exp struct {
		path string // the treatment's page
		id   int64  // the report
	}
	exps := map[hearth.Visibility]exp{}
	for v := range f.threads {
		slug := "c-" + string(v)
		tr, rep := f.experience(slug, hearth.NewTreatment{Name: "Marigold balm", Category: hearth.CategoryOther}, "The balm soothed the rash in "+string(v)+".")
		exps[v] = exp{fmt.Sprintf("/c/%s/tried/t/%d", slug, tr.ID), rep.ID}
	}
	clients := map[string]*http.Client{"anonymous": f.client(), "insider": f.signedIn("insider"), "outsider": f.signedIn("outsider")}
	for who, c := range clients {
		res := f.get(c, "/search?q=marigold")
		if res.code != http.StatusOK {
			t.Fatalf("%s: %d", who, res.code)
		}
		viewer, membership := f.reader(who) // web_test.go
		want := 0
		stories := map[*hearth.Story]bool{pubStory: true, memStory: viewer != nil}
		for st, can := range stories {
			if can {
				want++
			}
			link := fmt.Sprintf(`href="/u/author/stories/%d/`, st.ID)
			if got := strings.Contains(res.body, link) && strings.Contains(res.body, "Story: <mark>Marigold</mark> "+strings.Fields(st.Title)[1]); got != can {
				t.Errorf("%s: shows the story %q: %v, want %v", who, st.Title, got, can)
			}
		}
		for v, e := range exps {
			can := hearth.CanRead(v, viewer, membership)
			link := fmt.Sprintf(`href="%s#experience-%d"`, e.path, e.id)
			if got := strings.Contains(res.body, link); got != can {
				t.Errorf("%s: shows the experience in %s: %v, want %v", who, v, got, can)
			}
			if !can {
				continue
			}
			want++
			// The link leads to the text, on the treatment's page.
			page := f.get(c, e.path)
			if page.code != http.StatusOK || !strings.Contains(page.body, fmt.Sprintf(`id="experience-%d"`, e.id)) ||
				!strings.Contains(page.body, "soothed the rash in "+string(v)) {
				t.Errorf("%s: %s does not show the experience: %d", who, e.path, page.code)
			}
		}
		if !strings.Contains(res.body, fmt.Sprintf(">%d result", want)) {
			t.Errorf("%s: want the count %d on the page", who, want)
		}
		if !strings.Contains(res.body, "What we tried: Marigold balm</a>") {
			t.Errorf("%s: no experience heading", who)
		}
		if who == "outsider" && strings.Contains(res.body, "Secret name private") {
			t.Errorf("outsider: the page names the private community")
		}
	}
	// The kind filter offers stories and experiences, and keeps them.
	res := f.get(f.client(), "/search?q=marigold&kind=experience")
	for _, want := range []string{`<option value="story">Stories</option>`, `<option value="experience" selected>`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("kind filter: no %q", want)
		}
	}
	if strings.Contains(res.body, "/stories/") || !strings.Contains(res.body, ">1 result") {
		t.Error("kind=experience shows something else")
	}

	// The API gives the same, with links; never a report's answers.
	var out struct {
		Total   int              `json:"total"`
		Results []map[string]any `json:"results"`
	}
	body := f.get(f.client(), "/api/v1/search?q=marigold+balm+soothed&kind=experience").body
	if err := json.Unmarshal([]byte(body), &out); err != nil || out.Total != 1 || len(out.Results) != 1 {
		t.Fatalf("API experience: %v %s", err, body)
	}
	r := out.Results[0]
	if r["kind"] != "experience" || r["url"] != fmt.Sprintf("%s#experience-%d", exps[hearth.Public].path, exps[hearth.Public].id) ||
		r["community"] != "c-public" || r["title"] != "Marigold balm" || r["treatment_id"] == nil {
		t.Errorf("API experience result: %v", r)
	}
	for _, k := range []string{"for_whom", "effectiveness", "side_effects", "started", "post_id", "thread_id"} {
		if _, ok := r[k]; ok {
			t.Errorf("API experience result has %q: %v", k, r)
		}
	}
	body = f.get(f.client(), "/api/v1/search?q=marigold&kind=story").body
	if err := json.Unmarshal([]byte(body), &out); err != nil || out.Total != 1 {
		t.Fatalf("API story: %v %s", err, body)
	}
	if r := out.Results[0]; r["story_id"] != float64(pubStory.ID) || !strings.HasPrefix(r["url"].(string), fmt.Sprintf("/u/author/stories/%d/", pubStory.ID)) {
		t.Errorf("API story result: %v", r)
	}
}
