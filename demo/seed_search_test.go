package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// TestDemoSearch checks that the searches the demo invites find its
// conversations, in English and in Spanish, and that a signed-out reader
// finds nothing from the members-only and private communities.
func TestDemoSearch(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"keppra":            "Keppra rage",
		"ketogenic diet":    "ketogenic diet",
		`"ketogenic diet"`:  "ketogenic diet",
		"dieta cetogénica":  "dieta cetogénica",
		"convulsión":        "convulsiones",
		"seizure diary":     "",
		"ketogenec":         "ketogenic", // a typo
		"lamotrigine rash":  "lamotrigine",
		"keppra -rage":      "",
		"cetogenica dietas": "dieta cetogénica",
	} {
		res, err := db.Search(ctx, nil, hearth.SearchQuery{Text: q})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if res.Total == 0 {
			t.Errorf("%s: no results in the demo", q)
			continue
		}
		var all strings.Builder
		for _, r := range res.Results {
			all.WriteString(r.Title + " " + string(r.SnippetHTML) + "\n")
			if r.Kind == hearth.KindStory {
				if st, err := db.FindStory(ctx, nil, r.StoryID); err != nil || !st.IsPublic() {
					t.Errorf("%s: a signed-out reader finds the story %q", q, r.Title)
				}
			} else if c, err := db.FindCommunity(ctx, nil, r.Community); err != nil || c.Visibility != hearth.Public {
				t.Errorf("%s: a signed-out reader finds %q in %s", q, r.Title, r.Community)
			}
		}
		if want != "" && !strings.Contains(strings.ToLower(all.String()), strings.ToLower(want)) {
			t.Errorf("%s: results do not mention %q:\n%s", q, want, all.String())
		}
	}
	// Stories and members' experiences are found too.
	for _, kind := range []string{hearth.KindStory, hearth.KindExperience} {
		res, err := db.Search(ctx, nil, hearth.SearchQuery{Text: "ketogenic diet", Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == 0 || !strings.Contains(strings.ToLower(res.Results[0].Title), "ketogenic diet") {
			t.Errorf("ketogenic diet, %s: %d results", kind, res.Total)
		}
	}
	res, err := db.Search(ctx, nil, hearth.SearchQuery{Text: "ketogenic diet"})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, r := range res.Results {
		found[r.Kind] = true
	}
	if !found[hearth.KindStory] || !found[hearth.KindExperience] || !found[hearth.KindThread] {
		t.Errorf("ketogenic diet: the first page has %v, want threads, stories and experiences", found)
	}
}
