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
			if c, err := db.FindCommunity(ctx, nil, r.Community); err != nil || c.Visibility != hearth.Public {
				t.Errorf("%s: a signed-out reader finds %q in %s", q, r.Title, r.Community)
			}
		}
		if want != "" && !strings.Contains(strings.ToLower(all.String()), strings.ToLower(want)) {
			t.Errorf("%s: results do not mention %q:\n%s", q, want, all.String())
		}
	}
}
