package sqldb_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// Stories and experiences in search (migration 0014).

func (f *searchFixture) story(by, title, body string, v hearth.Visibility) *hearth.Story {
	f.t.Helper()
	s, err := f.db.CreateStory(context.Background(), f.m[by], hearth.NewStory{Title: title, Body: body, Visibility: v})
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// treatment adds an approved treatment to a community's list, as staff.
func (f *searchFixture) treatment(slug, name string) *hearth.Treatment {
	f.t.Helper()
	t, err := f.db.AddTreatment(context.Background(), f.m["staff"], slug, hearth.NewTreatment{Name: name, Category: hearth.CategoryDiet})
	if err != nil {
		f.t.Fatal(err)
	}
	return t
}

func (f *searchFixture) experience(m *hearth.Member, slug string, tid int64, forWhom hearth.ForWhom, text string) *hearth.Report {
	f.t.Helper()
	in := report(tid, hearth.EffectModerate, 6)
	in.ForWhom, in.Body = forWhom, text
	r, err := f.db.CreateReport(context.Background(), m, slug, in)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

func ofKind(res *hearth.SearchResults, kind string) []*hearth.SearchResult {
	var out []*hearth.SearchResult
	for _, r := range res.Results {
		if r.Kind == kind {
			out = append(out, r)
		}
	}
	return out
}

func TestSearchStoriesAndExperiences(t *testing.T) {
	f := newSearchFixture(t)
	keto := f.treatment("pub", "Ketogenic diet")
	f.thread("pub", "School lunches", "Lunch boxes are hard.", "Our neurologist mentioned a ketogenic option, and a diet plan for lunch.")
	st := f.story("author", "Our year on the ketogenic diet", "We weighed every meal. **The ketogenic diet** was hard, then it helped.", hearth.Public)
	rep := f.experience(f.m["member"], "pub", keto.ID, hearth.ForChild, "Weighing every meal is a lot of work, and worth it. Ask for a dietitian who knows the diet.")
	f.checkIndex()

	res := f.search(nil, hearth.SearchQuery{Text: "ketogenic diet"})
	got := titles(res)
	if res.Total != 3 || len(got) != 3 {
		t.Fatalf("ketogenic diet: %d results %q, want the story, the experience and the reply", res.Total, got)
	}
	// Both words in the title rank first; an experience is found by its
	// treatment's name, which weighs as its text does, not as a title.
	if got[0] != "story:Our year on the ketogenic diet" || !contains(got, "experience:Ketogenic diet") {
		t.Errorf("ranking: %q", got)
	}
	s := ofKind(res, hearth.KindStory)[0]
	if s.StoryID != st.ID || s.Author != "author" || s.Community != "" || s.PostID != 0 ||
		!strings.Contains(string(s.TitleHTML), "<mark>ketogenic</mark> <mark>diet</mark>") ||
		!strings.Contains(string(s.SnippetHTML), "<mark>ketogenic</mark> <mark>diet</mark>") || strings.Contains(string(s.SnippetHTML), "**") {
		t.Errorf("story result %+v", s)
	}
	// The experience is found by its treatment's name, which leads its
	// text and is its title.
	e := ofKind(res, hearth.KindExperience)[0]
	if e.TreatmentID != keto.ID || e.ReportID != rep.ID || e.Community != "pub" || e.Author != "member" || e.Title != "Ketogenic diet" ||
		string(e.TitleHTML) != "Ketogenic diet" || !strings.Contains(string(e.SnippetHTML), "<mark>Ketogenic</mark> <mark>diet</mark>: Weighing every meal") {
		t.Errorf("experience result %+v", e)
	}
	// Words from the report's structured answers are not searchable.
	if n := f.count(f.m["staff"], "child"); n != 0 {
		t.Errorf("\"child\" (for whom) found %d results", n)
	}

	for _, tc := range []struct {
		q    hearth.SearchQuery
		want []string
	}{
		{hearth.SearchQuery{Text: "ketogenic", Kind: hearth.KindStory}, []string{"story:Our year on the ketogenic diet"}},
		{hearth.SearchQuery{Text: "ketogenic", Kind: hearth.KindExperience}, []string{"experience:Ketogenic diet"}},
		{hearth.SearchQuery{Text: "ketogenic", Community: "pub"}, []string{"experience:Ketogenic diet", "reply:School lunches"}},
		{hearth.SearchQuery{Text: "weighing", Author: "member"}, []string{"experience:Ketogenic diet"}},
		{hearth.SearchQuery{Text: "weighed", Author: "author"}, []string{"story:Our year on the ketogenic diet"}},
	} {
		got := titles(f.search(nil, tc.q))
		sort.Strings(got)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%+v: %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestSearchStoryVisibility: public stories for everyone, members-only
// ones for signed-in members, and every change at once.
func TestSearchStoryVisibility(t *testing.T) {
	f := newSearchFixture(t)
	ctx := context.Background()
	pub := f.story("author", "Begonia notes", "begonia in public", hearth.Public)
	mem := f.story("member", "Begonia for members", "begonia for members only", hearth.MembersOnly)
	f.checkIndex()
	readers := map[string]*hearth.Member{"anonymous": nil}
	for h, m := range f.m {
		readers[h] = m
	}
	check := func(step string, want map[int64]bool) {
		t.Helper()
		for who, v := range readers {
			res := f.search(v, hearth.SearchQuery{Text: "begonia"})
			seen := map[int64]bool{}
			for _, r := range res.Results {
				seen[r.StoryID] = true
				if _, err := f.db.FindStory(ctx, v, r.StoryID); err != nil {
					t.Errorf("%s, %s: search shows story %d, whose page says %v", step, who, r.StoryID, err)
				}
			}
			for id, signedIn := range want {
				if can := !signedIn || v != nil; seen[id] != can {
					t.Errorf("%s, %s: story %d found %v, want %v", step, who, id, seen[id], can)
				}
			}
			if res.Total != len(seen) {
				t.Errorf("%s, %s: total %d, results %d", step, who, res.Total, len(seen))
			}
		}
	}
	check("new", map[int64]bool{pub.ID: false, mem.ID: true})

	// An edit replaces the words and the title.
	if _, err := f.db.EditStory(ctx, f.m["author"], pub.ID, hearth.NewStory{Title: "Begonia and fern", Body: "now about ferns", Visibility: hearth.Public}); err != nil {
		t.Fatal(err)
	}
	if f.count(nil, "public") != 0 || f.count(nil, "fern") != 1 {
		t.Errorf("after an edit: public %d, fern %d", f.count(nil, "public"), f.count(nil, "fern"))
	}
	f.checkIndex()
	// Made members-only: gone for the signed-out reader at once.
	if _, err := f.db.EditStory(ctx, f.m["author"], pub.ID, hearth.NewStory{Title: "Begonia and fern", Body: "now about ferns", Visibility: hearth.MembersOnly}); err != nil {
		t.Fatal(err)
	}
	check("members-only", map[int64]bool{pub.ID: true, mem.ID: true})
	// Deleted: gone for everyone.
	if _, err := f.db.DeleteStory(ctx, f.m["member"], mem.ID); err != nil {
		t.Fatal(err)
	}
	check("deleted", map[int64]bool{pub.ID: true})
	if n := f.count(f.m["staff"], "members"); n != 0 {
		t.Errorf("a deleted story's words are still found: %d", n)
	}
	f.checkIndex()
	if err := f.db.RebuildSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	f.checkIndex()
	check("rebuilt", map[int64]bool{pub.ID: true})
}

// experiencePages is, for a reader, every experience (report ID) that the
// treatment pages of the given treatments show.
func (f *searchFixture) experiencePages(v *hearth.Member, ts map[string][]*hearth.Treatment) map[int64]bool {
	f.t.Helper()
	out := map[int64]bool{}
	for slug, list := range ts {
		for _, tr := range list {
			p, err := f.db.TreatmentPage(context.Background(), v, slug, tr.ID, hearth.TriedFilter{})
			if err != nil {
				if c := hearth.ErrorCode(err); c != hearth.ENotFound && c != hearth.EForbidden && c != hearth.EUnauthorized {
					f.t.Fatal(err)
				}
				continue
			}
			for _, e := range p.Experiences {
				out[e.ReportID] = true
			}
		}
	}
	return out
}

// TestSearchExperienceVisibility holds search to the treatment pages: for
// every kind of reader, search finds exactly the experiences that the
// treatment pages show, through new reports, treatments under the
// threshold, proposals, merges, edits, deletions, a community changing
// visibility and the page's cap on experiences.
func TestSearchExperienceVisibility(t *testing.T) {
	f := newSearchFixture(t)
	ctx := context.Background()
	ts := map[string][]*hearth.Treatment{}
	for slug := range searchCommunities {
		tr := f.treatment(slug, "Clover tea")
		ts[slug] = append(ts[slug], tr)
		f.experience(f.m["author"], slug, tr.ID, hearth.ForSelf, "clover tea in "+slug)
	}
	// A report that proposes a new treatment has no page until a
	// moderator approves it.
	in := report(0, hearth.EffectSlight, 3)
	in.NewTreatment, in.Category, in.Body = "Clover syrup", hearth.CategoryOther, "clover syrup, proposed"
	proposal, err := f.db.CreateReport(ctx, f.m["member"], "pub", in)
	if err != nil {
		t.Fatal(err)
	}
	// A report without text has nothing to show.
	f.experience(f.m["member"], "pub", ts["pub"][0].ID, hearth.ForChild, "")
	f.checkIndex()

	readers := map[string]*hearth.Member{"anonymous": nil}
	for h, m := range f.m {
		readers[h] = m
	}
	check := func(step string, want int) {
		t.Helper()
		for who, v := range readers {
			pages := f.experiencePages(v, ts)
			res := f.search(v, hearth.SearchQuery{Text: "clover", Kind: hearth.KindExperience, Page: 1})
			seen := map[int64]bool{}
			for page := 1; page <= res.Pages; page++ {
				for _, r := range f.search(v, hearth.SearchQuery{Text: "clover", Kind: hearth.KindExperience, Page: page}).Results {
					seen[r.ReportID] = true
					if !pages[r.ReportID] {
						t.Errorf("%s, %s: search shows experience %d (%s), which no treatment page shows", step, who, r.ReportID, r.SnippetHTML)
					}
				}
			}
			for id := range pages {
				if !seen[id] {
					t.Errorf("%s, %s: experience %d is on its treatment page but not found", step, who, id)
				}
			}
			if res.Total != len(pages) {
				t.Errorf("%s, %s: total %d, the pages show %d", step, who, res.Total, len(pages))
			}
			if who == "staff" && len(pages) != want {
				t.Errorf("%s: staff sees %d experiences, want %d", step, len(pages), want)
			}
		}
	}
	// One report each is under the threshold of 5: the pages show the
	// text all the same (the threshold guards numbers), and so does search.
	check("new", 3)

	// Approving the proposal shows its report at once.
	pending, err := f.db.ListPendingTreatments(ctx, f.m["staff"], "pub")
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending: %v %v", pending, err)
	}
	if err := f.db.ApproveTreatment(ctx, f.m["staff"], "pub", pending[0].ID); err != nil {
		t.Fatal(err)
	}
	ts["pub"] = append(ts["pub"], pending[0])
	check("approved", 4)
	// A merge moves it to the other treatment, whose name becomes its title.
	if err := f.db.MergeTreatment(ctx, f.m["staff"], "pub", pending[0].ID, ts["pub"][0].ID); err != nil {
		t.Fatal(err)
	}
	ts["pub"] = ts["pub"][:1]
	f.checkIndex()
	check("merged", 4)
	// "Clover syrup" is now another name of Clover tea (migration 0023):
	// it finds both of Clover tea's texts in pub, the moved one included.
	if got := titles(f.search(nil, hearth.SearchQuery{Text: "syrup"})); len(got) != 2 || got[0] != "experience:Clover tea" || got[1] != got[0] {
		t.Errorf("after the merge: %q", got)
	}
	// An edit replaces the words; the other name still finds it.
	in.TreatmentID, in.NewTreatment, in.Body = ts["pub"][0].ID, "", "clover honey now"
	if _, err := f.db.UpdateReport(ctx, f.m["member"], proposal.ID, in); err != nil {
		t.Fatal(err)
	}
	if f.count(nil, "proposed") != 0 || f.count(nil, "honey") != 1 || f.count(nil, "syrup") != 2 {
		t.Errorf("after an edit: proposed %d, honey %d, syrup %d", f.count(nil, "proposed"), f.count(nil, "honey"), f.count(nil, "syrup"))
	}
	f.checkIndex()
	check("edited", 4)
	// The community's visibility changes: search follows at once.
	if err := sqldb.ExecForSearchTest(f.db, `UPDATE communities SET visibility = 'private' WHERE slug = 'pub'`); err != nil {
		t.Fatal(err)
	}
	if n := f.count(nil, "honey"); n != 0 {
		t.Errorf("a private community's experience is found signed out: %d", n)
	}
	check("private", 4)
	if err := sqldb.ExecForSearchTest(f.db, `UPDATE communities SET visibility = 'public' WHERE slug = 'pub'`); err != nil {
		t.Fatal(err)
	}
	// Deleted: gone.
	if err := sqldb.ExecForSearchTest(f.db, `DELETE FROM tried_reports WHERE id = $1`, proposal.ID); err != nil {
		t.Fatal(err)
	}
	f.checkIndex()
	check("deleted", 3)
	if n := f.count(f.m["staff"], "honey"); n != 0 {
		t.Errorf("a deleted report's words are still found: %d", n)
	}

	// The page lists the newest ExperiencesPerPage texts of a treatment;
	// older ones are shown nowhere, so search leaves them out too.
	tr := ts["pub"][0]
	n := 0
	for i := 0; n < hearth.ExperiencesPerPage+3; i++ {
		m := mustMember(t, f.db, fmt.Sprintf("many%02d", i), hearth.RoleMember)
		if err := f.db.AddMember(ctx, "pub", m.Handle); err != nil {
			t.Fatal(err)
		}
		for _, fw := range hearth.ForWhoms {
			if n < hearth.ExperiencesPerPage+3 {
				f.experience(m, "pub", tr.ID, fw, fmt.Sprintf("clover number %d", n))
				n++
			}
		}
	}
	f.checkIndex()
	check("many", hearth.ExperiencesPerPage+2) // pub's newest 50, mem's and priv's
	if f.count(nil, `"clover tea in pub"`) != 0 {
		t.Error("an experience pushed off its treatment page is still found")
	}
	if f.count(nil, fmt.Sprintf(`"clover number %d"`, hearth.ExperiencesPerPage+2)) != 1 {
		t.Error("the newest experience is not found")
	}
	if err := f.db.RebuildSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	f.checkIndex()
	check("rebuilt", hearth.ExperiencesPerPage+2)
}
