package sqldb_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// TestSearchTreatmentOtherNames: an experience is found by every name of
// its treatment (migration 0023), and the index follows names added,
// removed, moved by a merge and a rename, and a full rebuild.
func TestSearchTreatmentOtherNames(t *testing.T) {
	f := newSearchFixture(t)
	ctx := context.Background()
	add := func(slug, name string, other ...string) *hearth.Treatment {
		t.Helper()
		tr, err := f.db.AddTreatment(ctx, f.m["staff"], slug, hearth.NewTreatment{Name: name, Category: hearth.CategoryMedication, Synonyms: other})
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	lev := add("pub", "Levetiracetam", "Keppra")
	brv := add("pub", "Brivaracetam", "Briviact")
	privLev := add("priv", "Levetiracetam", "Keppra")
	levRep := f.experience(f.m["member"], "pub", lev.ID, hearth.ForChild, "Mood swings the first month, then calmer.")
	brvRep := f.experience(f.m["author"], "pub", brv.ID, hearth.ForSelf, "Fewer mood swings than before.")
	f.experience(f.m["insider"], "priv", privLev.ID, hearth.ForSelf, "Tired in the afternoons.")
	f.checkIndex()

	reports := func(viewer *hearth.Member, text string) []int64 {
		t.Helper()
		var ids []int64
		for _, r := range f.search(viewer, hearth.SearchQuery{Text: text}).Results {
			if r.Kind == hearth.KindExperience {
				ids = append(ids, r.ReportID)
			}
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		return ids
	}
	expect := func(step string, viewer *hearth.Member, text string, want ...int64) {
		t.Helper()
		got := reports(viewer, text)
		if len(got) != len(want) {
			t.Errorf("%s: %q finds reports %v, want %v", step, text, got, want)
			return
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: %q finds reports %v, want %v", step, text, got, want)
				return
			}
		}
	}

	// Both names find it, and the snippet shows the name matched.
	expect("new", nil, "keppra", levRep.ID)
	expect("new", nil, "levetiracetam", levRep.ID)
	expect("new", nil, "briviact", brvRep.ID)
	// A typo finds the other name too (the fallback of sqldb/search.go).
	expect("typo", nil, "kepra", levRep.ID)
	res := f.search(nil, hearth.SearchQuery{Text: "keppra"})
	if e := ofKind(res, hearth.KindExperience); len(e) != 1 || e[0].Title != "Levetiracetam" ||
		!strings.Contains(string(e[0].SnippetHTML), "<mark>Keppra</mark>") || !strings.Contains(string(e[0].SnippetHTML), "Mood swings") {
		t.Errorf("keppra: %+v", e)
	}
	// The private community's experience only for its members, whatever
	// name is searched.
	var privRep int64
	for _, id := range reports(f.m["insider"], "keppra") {
		if id != levRep.ID {
			privRep = id
		}
	}
	if privRep == 0 {
		t.Fatal("the insider does not find the private community's experience by its other name")
	}
	expect("private", f.m["outsider"], "keppra", levRep.ID)
	expect("private", f.m["insider"], "tired keppra", privRep)

	// A name added by a moderator.
	if err := f.db.AddSynonym(ctx, f.m["staff"], "pub", lev.ID, "LEV 500"); err != nil {
		t.Fatal(err)
	}
	f.checkIndex()
	expect("synonym added", nil, "lev", levRep.ID)
	// A merge: Brivaracetam's names become Levetiracetam's, for every
	// report the merged treatment now holds.
	if err := f.db.MergeTreatment(ctx, f.m["staff"], "pub", brv.ID, lev.ID); err != nil {
		t.Fatal(err)
	}
	f.checkIndex()
	expect("merged", nil, "briviact", levRep.ID, brvRep.ID)
	expect("merged", nil, "brivaracetam", levRep.ID, brvRep.ID)
	expect("merged", nil, "keppra", levRep.ID, brvRep.ID)
	// A name removed (no service does this yet; any writer is followed).
	if err := sqldb.ExecForSearchTest(f.db, `DELETE FROM tried_names WHERE treatment_id = $1 AND name = 'Keppra'`, lev.ID); err != nil {
		t.Fatal(err)
	}
	f.checkIndex()
	expect("synonym removed", nil, "keppra")
	expect("synonym removed", f.m["insider"], "keppra", privRep)
	// A rename: the old name stays in tried_names, so it is now another
	// name, and both find the experiences.
	if err := sqldb.ExecForSearchTest(f.db, `UPDATE tried_treatments SET name = 'Levetiracetam XR' WHERE id = $1`, lev.ID); err != nil {
		t.Fatal(err)
	}
	f.checkIndex()
	expect("renamed", nil, "xr", levRep.ID, brvRep.ID)
	expect("renamed", nil, "levetiracetam", levRep.ID, brvRep.ID)
	// An edit of the text keeps the names.
	in := report(lev.ID, hearth.EffectModerate, 6)
	in.Body = "Calmer now."
	if _, err := f.db.UpdateReport(ctx, f.m["member"], levRep.ID, in); err != nil {
		t.Fatal(err)
	}
	f.checkIndex()
	expect("edited", nil, "briviact calmer", levRep.ID)
	// A full rebuild indexes the same text.
	if err := f.db.RebuildSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	f.checkIndex()
	expect("rebuilt", nil, "briviact", levRep.ID, brvRep.ID)
	expect("rebuilt", nil, "keppra")

	// Copied to PostgreSQL (hearth migrate-to), the triggers index the
	// names whichever table arrives first.
	if sqldbtest.Backend() != "sqlite" {
		return
	}
	dst, err := sqldb.Open(ctx, sqldbtest.NewPostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := sqldb.CopyTo(ctx, f.db, dst); err != nil {
		t.Fatal(err)
	}
	if err := dst.CheckSearchIndex(ctx); err != nil {
		t.Fatalf("copied: %v", err)
	}
	if res, err := dst.Search(ctx, nil, hearth.SearchQuery{Text: "briviact"}); err != nil || res.Total != 2 {
		t.Errorf("copied: briviact finds %v, %v", res, err)
	}
}
