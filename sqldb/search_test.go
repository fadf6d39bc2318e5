package sqldb_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// searchFixture has one community of each visibility and a member of each
// kind of reader: an author in all three, a member of the public and
// members-only ones, an insider of the private one, an outsider whose
// request to join it waits, and a site moderator (staff).
type searchFixture struct {
	t  *testing.T
	db *sqldb.DB
	m  map[string]*hearth.Member
}

var searchCommunities = map[string]hearth.Visibility{"pub": hearth.Public, "mem": hearth.MembersOnly, "priv": hearth.Private}

func newSearchFixture(t *testing.T) *searchFixture {
	t.Helper()
	ctx := context.Background()
	db := MustOpenDB(t)
	f := &searchFixture{t: t, db: db, m: map[string]*hearth.Member{}}
	for _, h := range []string{"author", "member", "insider", "outsider"} {
		f.m[h] = mustMember(t, db, h, hearth.RoleMember)
	}
	f.m["staff"] = mustMember(t, db, "staff", hearth.RoleModerator)
	for slug, v := range searchCommunities {
		mustCommunity(t, db, slug, v)
		db.AddMember(ctx, slug, "author")
	}
	db.AddMember(ctx, "pub", "member")
	db.AddMember(ctx, "mem", "member")
	db.AddMember(ctx, "priv", "insider")
	if _, err := db.Join(ctx, f.m["outsider"], "priv"); err != nil {
		t.Fatal(err)
	}
	return f
}

// membership is what the fixture's reader has in a community, for
// hearth.CanRead.
func (f *searchFixture) membership(reader, slug string) string {
	switch {
	case reader == "author", reader == "member" && slug != "priv", reader == "insider" && slug == "priv":
		return hearth.MembershipActive
	case reader == "outsider" && slug == "priv":
		return hearth.MembershipPending
	}
	return ""
}

func (f *searchFixture) thread(slug, title, body string, replies ...string) *hearth.Thread {
	f.t.Helper()
	ctx := context.Background()
	th, err := f.db.CreateThread(ctx, f.m["author"], slug, hearth.NewThread{Title: title, Body: body})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, r := range replies {
		if _, err := f.db.CreateReply(ctx, f.m["author"], th.ID, r); err != nil {
			f.t.Fatal(err)
		}
	}
	return th
}

func (f *searchFixture) search(viewer *hearth.Member, q hearth.SearchQuery) *hearth.SearchResults {
	f.t.Helper()
	res, err := f.db.Search(context.Background(), viewer, q)
	if err != nil {
		f.t.Fatalf("Search(%q): %v", q.Text, err)
	}
	return res
}

func (f *searchFixture) count(viewer *hearth.Member, text string) int {
	f.t.Helper()
	return f.search(viewer, hearth.SearchQuery{Text: text}).Total
}

func (f *searchFixture) checkIndex() {
	f.t.Helper()
	if err := f.db.CheckSearchIndex(context.Background()); err != nil {
		f.t.Fatal(err)
	}
}

func titles(res *hearth.SearchResults) []string {
	var ts []string
	for _, r := range res.Results {
		ts = append(ts, r.Kind+":"+r.Title)
	}
	return ts
}

func TestSearchRanking(t *testing.T) {
	f := newSearchFixture(t)
	f.thread("pub", "Ketogenic diet for seizures", "We started the ketogenic diet in March. The ketogenic diet was hard at first, then it helped.")
	f.thread("pub", "School questions", "Has anyone talked to the school about food? Our neurologist mentioned a ketogenic option once, and a diet plan for lunch.")
	f.thread("pub", "Sleep and seizures", "Sleep matters more than diet for us.", "The ketogenic diet helped our son a lot.")
	f.thread("pub", "Dieta cetogénica y convulsiones", "Mi hija tiene convulsiones desde bebé. La dieta cetogénica nos ayudó mucho.")
	f.thread("pub", "Keppra and mood", "**Keppra** made [him angry](https://example.org/keppra-rage) <script>alert(1)</script> for weeks.")
	f.thread("pub", "Thanks", "Thank you @keppra_fan for the tip.")
	f.checkIndex()

	res := f.search(nil, hearth.SearchQuery{Text: "ketogenic diet"})
	got := titles(res)
	if res.Total != 3 || len(got) != 3 || got[0] != "thread:Ketogenic diet for seizures" {
		t.Fatalf("ketogenic diet: total %d, results %q; want 3 with the thread titled so first", res.Total, got)
	}
	for _, r := range res.Results {
		if r.Title == "Sleep and seizures" && r.Kind == hearth.KindThread {
			t.Errorf("the thread that says only \"diet\" matched both words")
		}
	}
	if first := res.Results[0]; !strings.Contains(string(first.TitleHTML), "<mark>Ketogenic</mark>") ||
		!strings.Contains(string(first.SnippetHTML), "<mark>ketogenic</mark> <mark>diet</mark>") {
		t.Errorf("marks: title %q, snippet %q", first.TitleHTML, first.SnippetHTML)
	}

	for _, tc := range []struct {
		q       string
		want    []string // titles
		ordered bool
	}{
		{`"ketogenic diet"`, []string{"thread:Ketogenic diet for seizures", "reply:Sleep and seizures"}, true},
		{`ketogenic -school -son`, []string{"thread:Ketogenic diet for seizures"}, true},
		{`seizure`, []string{"thread:Ketogenic diet for seizures", "thread:Sleep and seizures"}, false}, // stemmed
		{`convulsión`, []string{"thread:Dieta cetogénica y convulsiones"}, true},                        // Spanish plural
		{`cetogenica`, []string{"thread:Dieta cetogénica y convulsiones"}, true},                        // accents folded
		{`DIETAS cetogénicas`, []string{"thread:Dieta cetogénica y convulsiones"}, true},
		{`keppra angry`, []string{"thread:Keppra and mood"}, true},
		{`keppra -thanks`, []string{"thread:Keppra and mood"}, true},
	} {
		got := titles(f.search(nil, hearth.SearchQuery{Text: tc.q}))
		ok := len(got) == len(tc.want)
		for i := 0; ok && i < len(got); i++ {
			ok = got[i] == tc.want[i] || !tc.ordered && contains(tc.want, got[i])
		}
		if !ok {
			t.Errorf("%s: got %q, want %q", tc.q, got, tc.want)
		}
	}

	// A mention of a handle is found by the handle, not by the words in it
	// (on SQLite; PostgreSQL's parser splits handles at '_').
	if got := titles(f.search(nil, hearth.SearchQuery{Text: "keppra_fan"})); len(got) != 1 || got[0] != "thread:Thanks" {
		t.Errorf("keppra_fan: %q", got)
	}
	// Snippets read like the post: Markdown punctuation gone, HTML escaped.
	res = f.search(nil, hearth.SearchQuery{Text: "keppra", Author: "author"})
	if sqldbtest.Backend() == "sqlite" && len(res.Results) != 1 {
		t.Fatalf("keppra: %q", titles(res))
	}
	res = f.search(nil, hearth.SearchQuery{Text: "keppra angry"})
	if len(res.Results) != 1 {
		t.Fatalf("keppra angry: %q", titles(res))
	}
	s := string(res.Results[0].SnippetHTML)
	// (PostgreSQL's headline drops the tag; SQLite's snippet keeps it, escaped.)
	if !strings.Contains(s, "<mark>Keppra</mark> made him <mark>angry</mark>") || strings.Contains(s, "**") || strings.Contains(s, "https") ||
		strings.Contains(s, "<script") || !strings.Contains(s, "alert(1)") {
		t.Errorf("snippet %q", s)
	}

	// A typo finds the word it was meant to be, and says so.
	res = f.search(nil, hearth.SearchQuery{Text: "ketogenec"})
	if res.Total == 0 || len(res.Notes) == 0 || !strings.Contains(res.Notes[0], "spelled almost the same") {
		t.Errorf("ketogenec: total %d, notes %q", res.Total, res.Notes)
	}
	// A word nothing has, even spelled differently, is left out.
	res = f.search(nil, hearth.SearchQuery{Text: "ketogenic xylophone"})
	if res.Total != 3 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "“xylophone”, so we left it out") {
		t.Errorf("ketogenic xylophone: total %d, notes %q", res.Total, res.Notes)
	}
	// Words that no post has together: results with some of them.
	res = f.search(nil, hearth.SearchQuery{Text: "ketogenic keppra"})
	if res.Total < 4 || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "some of them") {
		t.Errorf("ketogenic keppra: total %d, notes %q", res.Total, res.Notes)
	}
	if res := f.search(nil, hearth.SearchQuery{Text: "xylophone"}); res.Total != 0 || len(res.Results) != 0 || res.Pages != 1 {
		t.Errorf("nothing matches: %+v", res)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSearchFilters(t *testing.T) {
	f := newSearchFixture(t)
	f.thread("pub", "Zinnia one", "zinnia opening", "zinnia reply")
	f.thread("mem", "Zinnia two", "zinnia in members")
	staff := f.m["staff"]
	for _, tc := range []struct {
		q    hearth.SearchQuery
		want int
	}{
		{hearth.SearchQuery{Text: "zinnia"}, 3},
		{hearth.SearchQuery{Text: "zinnia", Community: "pub"}, 2},
		{hearth.SearchQuery{Text: "zinnia", Community: "PUB"}, 2},
		{hearth.SearchQuery{Text: "zinnia", Kind: hearth.KindReply}, 1},
		{hearth.SearchQuery{Text: "zinnia", Kind: hearth.KindThread}, 2},
		{hearth.SearchQuery{Text: "zinnia", Author: "@Author"}, 3},
		{hearth.SearchQuery{Text: "zinnia", Author: "staff"}, 0},
		{hearth.SearchQuery{Text: "zinnia", Author: "nobody-at-all"}, 0},
		{hearth.SearchQuery{Text: "zinnia", Community: "no-such-place"}, 0},
	} {
		if got := f.search(staff, tc.q).Total; got != tc.want {
			t.Errorf("%+v: %d results, want %d", tc.q, got, tc.want)
		}
	}
	// Dates: everything was written on 2026-11-01 (the test clock).
	for _, tc := range []struct {
		from, to string
		want     int
	}{
		{"2026-11-01", "2026-11-01", 3},
		{"2026-11-02", "", 0},
		{"", "2026-10-31", 0},
	} {
		from, to, err := hearth.ParseSearchDates(tc.from, tc.to)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.search(staff, hearth.SearchQuery{Text: "zinnia", From: from, To: to}).Total; got != tc.want {
			t.Errorf("from %q to %q: %d results, want %d", tc.from, tc.to, got, tc.want)
		}
	}
	if _, _, err := hearth.ParseSearchDates("2026-11-05", "2026-11-01"); hearth.ErrorField(err) != "to" {
		t.Errorf("dates in the wrong order: %v", err)
	}
	if _, _, err := hearth.ParseSearchDates("yesterday", ""); hearth.ErrorField(err) != "from" {
		t.Errorf("a date we cannot read: %v", err)
	}
	if _, err := f.db.Search(context.Background(), nil, hearth.SearchQuery{Text: "zinnia", Kind: "poem"}); hearth.ErrorField(err) != "kind" {
		t.Errorf("unknown kind: %v", err)
	}
}

// TestSearchVisibility checks every kind of reader: results, counts and
// every page hold exactly what the reader may read.
func TestSearchVisibility(t *testing.T) {
	f := newSearchFixture(t)
	ctx := context.Background()
	docs := map[string]int{}
	for slug := range searchCommunities {
		f.thread(slug, "Zinnia garden in "+slug, "zinnia seeds in "+slug, "zinnia reply one", "zinnia reply two")
		docs[slug] = 3
	}
	// The private community is the busiest and the newest, so that a
	// reader who may not see it would notice if it took their places.
	f.thread("priv", "Zinnia secrets", "zinnia private", make25("zinnia private reply")...)
	docs["priv"] += 26
	// A held reply is seen only by its author.
	pubThread := f.thread("pub", "Zinnia held", "zinnia visible opening")
	docs["pub"]++
	if _, err := f.db.HoldReply(ctx, f.m["member"], pubThread.ID, "zinnia held reply", hearth.Hold{Reason: hearth.ReasonPrivacy}); err != nil {
		t.Fatal(err)
	}
	// The best match, then a weak one, are the newest: ranked, the best
	// would come first; past the limit, the newest must.
	f.thread("pub", "Zinnia zinnia", "zinnia zinnia zinnia", "and one more word about a zinnia, among many other words that dilute it a lot")
	docs["pub"] += 2
	f.checkIndex()

	readers := map[string]*hearth.Member{"anonymous": nil}
	for h, m := range f.m {
		readers[h] = m
	}
	for _, limit := range []int{sqldb.SearchLimit, 10} {
		old := sqldb.SearchLimit
		sqldb.SearchLimit = limit
		for who, viewer := range readers {
			want := 0
			for slug, v := range searchCommunities {
				if hearth.CanRead(v, viewer, f.membership(who, slug)) {
					want += docs[slug]
				}
			}
			if who == "member" {
				want++ // their own held reply
			}
			capped := want > limit
			want = min(want, limit)
			res := f.search(viewer, hearth.SearchQuery{Text: "zinnia"})
			if res.Total != want || res.Capped != capped {
				t.Errorf("limit %d, %s: total %d capped %v, want %d capped %v", limit, who, res.Total, res.Capped, want, capped)
			}
			if pages := max(1, (want+hearth.SearchPerPage-1)/hearth.SearchPerPage); res.Pages != pages {
				t.Errorf("limit %d, %s: %d pages, want %d", limit, who, res.Pages, pages)
			}
			seen := map[int64]bool{}
			var last time.Time
			for page := 1; page <= res.Pages+1; page++ {
				r := f.search(viewer, hearth.SearchQuery{Text: "zinnia", Page: page})
				if page > res.Pages {
					if r.Page != res.Pages {
						t.Errorf("%s: page %d of %d came back as page %d", who, page, res.Pages, r.Page)
					}
					break
				}
				for _, x := range r.Results {
					v := searchCommunities[x.Community]
					if !hearth.CanRead(v, viewer, f.membership(who, x.Community)) {
						t.Errorf("%s sees %s in %s", who, x.Title, x.Community)
					}
					if strings.Contains(string(x.SnippetHTML), "held") && who != "member" {
						t.Errorf("%s sees the held reply", who)
					}
					// Past the limit, newest first.
					if capped && !last.IsZero() && x.CreatedAt.After(last) {
						t.Errorf("limit %d, %s: capped results are not newest first", limit, who)
					}
					last = x.CreatedAt
					if seen[x.PostID] {
						t.Errorf("%s: post %d on two pages", who, x.PostID)
					}
					seen[x.PostID] = true
				}
			}
			if len(seen) != want {
				t.Errorf("limit %d, %s: %d results over all pages, want %d", limit, who, len(seen), want)
			}
		}
		sqldb.SearchLimit = old
	}
}

func make25(s string) []string {
	out := make([]string, 25)
	for i := range out {
		out[i] = fmt.Sprintf("%s %d", s, i+1)
	}
	return out
}

// TestSearchFollowsChanges checks that every kind of change shows in
// search at once, and that the index stays exactly in step.
func TestSearchFollowsChanges(t *testing.T) {
	f := newSearchFixture(t)
	ctx := context.Background()
	author, insider := f.m["author"], f.m["insider"]
	th := f.thread("pub", "Garden thread", "marigold in the opening post")
	if f.count(nil, "marigold") != 1 {
		t.Fatal("a new thread is not found")
	}
	p, err := f.db.CreateReply(ctx, f.m["member"], th.ID, "a reply about hollyhock")
	if err != nil {
		t.Fatal(err)
	}
	if f.count(nil, "hollyhock") != 1 {
		t.Fatal("a new reply is not found")
	}

	// An edit replaces the old words.
	tp, err := f.db.FindThreadPage(ctx, author, th.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.EditPost(ctx, author, tp.Opening.ID, "sunflower in the opening post"); err != nil {
		t.Fatal(err)
	}
	if f.count(nil, "marigold") != 0 || f.count(nil, "sunflower") != 1 {
		t.Errorf("after an edit: marigold %d, sunflower %d", f.count(nil, "marigold"), f.count(nil, "sunflower"))
	}
	f.checkIndex()

	// A new title.
	if err := sqldb.ExecForSearchTest(f.db, `UPDATE threads SET title = 'Peony corner' WHERE id = $1`, th.ID); err != nil {
		t.Fatal(err)
	}
	if f.count(nil, "peony") != 1 || f.count(nil, "garden") != 0 {
		t.Errorf("after a new title: peony %d, garden %d", f.count(nil, "peony"), f.count(nil, "garden"))
	}
	f.checkIndex()

	// The community becomes private: gone for the anonymous reader, and
	// still there for its members.
	if err := sqldb.ExecForSearchTest(f.db, `UPDATE communities SET visibility = 'private' WHERE slug = 'pub'`); err != nil {
		t.Fatal(err)
	}
	if f.count(nil, "sunflower") != 0 || f.count(f.m["member"], "sunflower") != 1 {
		t.Errorf("after going private: anonymous %d, member %d", f.count(nil, "sunflower"), f.count(f.m["member"], "sunflower"))
	}
	if err := sqldb.ExecForSearchTest(f.db, `UPDATE communities SET visibility = 'public' WHERE slug = 'pub'`); err != nil {
		t.Fatal(err)
	}

	// A member leaves a private community.
	f.thread("priv", "Lilac thread", "lilac behind the wall")
	if f.count(insider, "lilac") != 1 {
		t.Fatal("the insider does not find the private thread")
	}
	if err := f.db.Leave(ctx, insider, "priv"); err != nil {
		t.Fatal(err)
	}
	if n := f.count(insider, "lilac"); n != 0 {
		t.Errorf("after leaving: %d results", n)
	}

	// A post held by a moderator (an edit that waits for review) is gone
	// for readers and stays for its author.
	if _, err := f.db.HoldEdit(ctx, f.m["member"], p.ID, "a reply about hollyhock and a phone number", hearth.Hold{Reason: hearth.ReasonPrivacy}); err != nil {
		t.Fatal(err)
	}
	if f.count(nil, "hollyhock") != 0 || f.count(f.m["member"], "hollyhock") != 1 {
		t.Errorf("after a hold: anonymous %d, author %d", f.count(nil, "hollyhock"), f.count(f.m["member"], "hollyhock"))
	}
	f.checkIndex()

	// Deleting a thread (its posts go by cascade) empties its entries.
	if err := sqldb.ExecForSearchTest(f.db, `DELETE FROM threads WHERE id = $1`, th.ID); err != nil {
		t.Fatal(err)
	}
	if n := f.count(f.m["staff"], "sunflower"); n != 0 {
		t.Errorf("after deleting the thread: %d results", n)
	}
	f.checkIndex()

	// A rebuild gives the same answers.
	if err := f.db.RebuildSearchIndex(ctx); err != nil {
		t.Fatal(err)
	}
	f.checkIndex()
	if f.count(f.m["staff"], "lilac") != 1 || f.count(nil, "sunflower") != 0 {
		t.Error("a rebuild changed the results")
	}
	f.thread("pub", "After the rebuild", "cornflower")
	if f.count(nil, "cornflower") != 1 {
		t.Error("a thread written after a rebuild is not found")
	}
	f.checkIndex()
}

// hostileQueries are things people type or paste, and things an attacker
// tries. Each must give results or a clear message, never a failure.
var hostileQueries = []string{
	`"unbalanced quote`, `unbalanced quote"`, `"`, `""""""`, `***`, `-`, `- - -`, `-zinnia`, `NEAR(zinnia seeds, 2)`,
	`zinnia*`, `^zinnia`, `title:zinnia`, `{title body}: zinnia`, `zinnia + seeds`, `AND OR NOT`, `zinnia NOT`, `(((zinnia`,
	`zinnia)))`, `'; DROP TABLE posts; --`, `x'00'`, "zinnia\x00seeds", "\xff\xfe zinnia", `zinnia & seeds | !x <-> y:*`,
	`🌼 zinnia 🌼`, `z̷̢i̶n̸n̵i̴a`, `%_%`, `\\"zinnia\\"`, strings.Repeat("zinnia seeds ", 800), strings.Repeat(`"(`, 5000),
	strings.Repeat("a", 10000), `ǅ İ ß ﬁ`, `-"zinnia" "`,
}

func TestSearchHostileQueries(t *testing.T) {
	f := newSearchFixture(t)
	f.thread("pub", "Zinnia garden", "zinnia seeds and more")
	for _, q := range hostileQueries {
		res, err := f.db.Search(context.Background(), nil, hearth.SearchQuery{Text: q})
		label := q
		if len(label) > 40 {
			label = label[:40] + "…"
		}
		switch {
		case err != nil && hearth.ErrorCode(err) != hearth.EInvalid:
			t.Errorf("%q: %v", label, err)
		case err != nil && hearth.ErrorMessage(err) == "":
			t.Errorf("%q: an error with no message", label)
		case err == nil && strings.Contains(strings.ToLower(q), "zinnia") && !strings.HasPrefix(q, "-") && res.Total == 0:
			t.Errorf("%q: no results, want a best effort", label)
		}
	}
}

// FuzzSearch holds any text to the promise of TestSearchHostileQueries on
// a real database: FTS5 never sees syntax it rejects.
func FuzzSearch(f *testing.F) {
	for _, q := range hostileQueries {
		f.Add(q)
	}
	db, _ := sqldbtest.MustOpen(f)
	ctx := context.Background()
	author := mustMember(f, db, "author", hearth.RoleMember)
	mustCommunity(f, db, "pub", hearth.Public)
	if _, err := db.CreateThread(ctx, author, "pub", hearth.NewThread{Title: "Zinnia garden", Body: "zinnia seeds"}); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := db.Search(ctx, nil, hearth.SearchQuery{Text: q}); err != nil && hearth.ErrorCode(err) != hearth.EInvalid {
			t.Fatalf("Search(%q): %v", q, err)
		}
	})
}
