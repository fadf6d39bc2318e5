package sqldb_test

import (
	"context"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// TestSearchMigrationBackfill writes threads, replies, stories and tried
// reports with the schema as it stood before migration 0014 (raw SQL: the
// code speaks the newest schema), then applies 0014 and every later
// migration, as an upgraded server would on its first start, and checks
// that the backfilled stories and experiences are found by exactly the
// readers who may see them, and that the index check passes.
func TestSearchMigrationBackfill(t *testing.T) {
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "hearth.db")
	if sqldbtest.Backend() == "postgres" {
		dsn = sqldbtest.NewPostgresDSN(t)
	}
	db, err := sqldb.OpenBeforeMigration(ctx, dsn, "0014")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := int64(1_780_000_000_000) // 2026-05-28, before the migration
	tick := func() int64 { now += 60_000; return now }
	id := func(q string, args ...any) int64 {
		t.Helper()
		v, err := sqldb.QueryIDForTest(db, q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return v
	}
	// Before 0014, search_docs has no story_id column: the stop worked.
	if err := sqldb.ExecForSearchTest(db, `SELECT story_id FROM search_docs`); err == nil {
		t.Fatal("search_docs.story_id exists before migration 0014")
	}

	member := func(h string) *hearth.Member {
		mid := id(`INSERT INTO members (handle, email, email_lower, password_hash, created_at) VALUES ($1, $2, $2, 'x', $3) RETURNING id`,
			h, h+"@example.org", tick())
		return &hearth.Member{ID: mid, Handle: h, Role: hearth.RoleMember}
	}
	author, insider, outsider := member("author"), member("insider"), member("outsider")
	community := func(slug, vis string) int64 {
		return id(`INSERT INTO communities (slug, name, visibility, created_at) VALUES ($1, $1, $2, $3) RETURNING id`, slug, vis, tick())
	}
	pub, priv := community("pub", "public"), community("priv", "private")
	for _, m := range []*hearth.Member{author, insider} {
		id(`INSERT INTO memberships (community_id, member_id, status, created_at) VALUES ($1, $2, 'active', $3) RETURNING member_id`, priv, m.ID, tick())
	}

	// A thread and a reply (indexed since 0002).
	th := id(`INSERT INTO threads (community_id, author_id, title, reply_count, created_at, last_activity_at) VALUES ($1, $2, 'School lunches', 1, $3, $3) RETURNING id`,
		pub, author.ID, tick())
	for pos, body := range []string{"Lunch boxes are hard.", "Our neurologist mentioned a ketogenic option."} {
		id(`INSERT INTO posts (thread_id, position, author_id, body, body_html, created_at) VALUES ($1, $2, $3, $4, $4, $5) RETURNING id`,
			th, pos, author.ID, body, tick())
	}
	// Stories: one public, one for members.
	story := func(title, body, vis string) int64 {
		return id(`INSERT INTO stories (author_id, title, body, body_html, visibility, created_at) VALUES ($1, $2, $3, $3, $4, $5) RETURNING id`,
			author.ID, title, body, vis, tick())
	}
	pubStory := story("Our year on the ketogenic diet", "We weighed every meal.", "public")
	memStory := story("Begonia notes", "Begonia tea in the garden, members only.", "members")
	// Treatments: approved in the public and the private community (with
	// another name), and a proposal, which has no page and so no results.
	treatment := func(c int64, name, status string, names ...string) int64 {
		tid := id(`INSERT INTO tried_treatments (community_id, name, category, status, created_at) VALUES ($1, $2, 'medication', $3, $4) RETURNING id`,
			c, name, status, tick())
		for _, n := range append([]string{name}, names...) {
			id(`INSERT INTO tried_names (community_id, name_key, name, treatment_id) VALUES ($1, $2, $3, $4) RETURNING treatment_id`,
				c, hearth.NameKey(n), n, tid)
		}
		return tid
	}
	keto := treatment(pub, "Ketogenic diet", "approved")
	lev := treatment(priv, "Levetiracetam", "approved", "Keppra")
	turmeric := treatment(pub, "Turmeric", "pending")
	experience := func(c, tid int64, by *hearth.Member, body string) int64 {
		at := tick()
		return id(`INSERT INTO tried_reports (community_id, treatment_id, author_id, for_whom, started, effectiveness, body, body_html, created_at, updated_at)
			VALUES ($1, $2, $3, 'child', 24300, 'moderate', $4, $4, $5, $5) RETURNING id`, c, tid, by.ID, body, at)
	}
	ketoRep := experience(pub, keto, author, "Weighing every meal is a lot of work, and worth it.")
	levRep := experience(priv, lev, insider, "Mood swings in the first month, then calmer.")
	experience(pub, turmeric, author, "Turmeric tea every morning made no difference.")
	experience(pub, keto, insider, "") // no text: nothing to find

	if err := sqldb.MigrateRest(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckSearchIndex(ctx); err != nil {
		t.Fatalf("after the migrations: %v", err)
	}

	found := func(viewer *hearth.Member, text string) []string {
		t.Helper()
		res, err := db.Search(ctx, viewer, hearth.SearchQuery{Text: text})
		if err != nil {
			t.Fatalf("Search(%q): %v", text, err)
		}
		var out []string
		for _, r := range res.Results {
			var ref int64
			switch r.Kind {
			case hearth.KindStory:
				ref = r.StoryID
			case hearth.KindExperience:
				ref = r.ReportID
				if (r.ReportID == ketoRep && r.TreatmentID != keto) || (r.ReportID == levRep && r.TreatmentID != lev) {
					t.Errorf("%q: report %d on treatment %d", text, r.ReportID, r.TreatmentID)
				}
			default:
				ref = r.PostID
			}
			out = append(out, r.Kind+":"+r.Title+":"+itoa(ref))
		}
		sort.Strings(out)
		if len(out) != res.Total {
			t.Errorf("%q: %d results, total %d", text, len(out), res.Total)
		}
		return out
	}
	readers := map[string]*hearth.Member{"signed out": nil, "author": author, "insider": insider, "outsider": outsider}
	for _, tc := range []struct {
		text string
		who  []string // readers who find it; everyone else finds nothing
		want []string
	}{
		{"worth", []string{"signed out", "author", "insider", "outsider"}, []string{"experience:Ketogenic diet:" + itoa(ketoRep)}},
		{"ketogenic diet", []string{"signed out", "author", "insider", "outsider"},
			[]string{"experience:Ketogenic diet:" + itoa(ketoRep), "story:Our year on the ketogenic diet:" + itoa(pubStory)}},
		{"begonia", []string{"author", "insider", "outsider"}, []string{"story:Begonia notes:" + itoa(memStory)}},
		{"mood swings", []string{"author", "insider"}, []string{"experience:Levetiracetam:" + itoa(levRep)}},
		{"levetiracetam", []string{"author", "insider"}, []string{"experience:Levetiracetam:" + itoa(levRep)}},
		// Written before 0014 and before 0023: the other name found too.
		{"keppra", []string{"author", "insider"}, []string{"experience:Levetiracetam:" + itoa(levRep)}},
		{"turmeric", nil, nil},
		{"lunch boxes", []string{"signed out", "author", "insider", "outsider"}, []string{"thread:School lunches:"}},
	} {
		for name, viewer := range readers {
			got := found(viewer, tc.text)
			var want []string
			for _, w := range tc.who {
				if w == name {
					want = tc.want
				}
			}
			// A thread's post id is not known here: compare without it.
			for i := range got {
				if strings.HasPrefix(got[i], "thread:") {
					got[i] = got[i][:strings.LastIndex(got[i], ":")+1]
				}
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("%s searching %q: %q, want %q", name, tc.text, got, want)
			}
		}
	}

	// The triggers go on from the backfilled rows: a new story and an
	// edit are indexed, and the index still checks out.
	db.Now = (&sqldbtest.Clock{T: time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)}).Now
	if _, err := db.CreateStory(ctx, author, hearth.NewStory{Title: "Quince jam", Body: "Quince season again.", Visibility: hearth.Public}); err != nil {
		t.Fatal(err)
	}
	if err := sqldb.ExecForSearchTest(db, `UPDATE tried_reports SET body = 'Weighing meals, then quince.' WHERE id = $1`, ketoRep); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckSearchIndex(ctx); err != nil {
		t.Fatalf("after new writes: %v", err)
	}
	if got := found(nil, "quince"); len(got) != 2 {
		t.Errorf("quince: %q, want the new story and the edited experience", got)
	}
}
