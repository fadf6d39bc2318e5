package sqldb_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// threadPrivacyFixture is a public community with a thread everyone may read
// and one for its members only, and one reader of each kind: signed out
// (nil), a signed-in non-member, a member, the author, a moderator of
// the community and a site moderator (staff). The non-member, the member
// and staff follow the community, so each hears of new threads they may
// read.
type threadPrivacyFixture struct {
	db          *sqldb.DB
	readers     map[string]*hearth.Member
	open, quiet *hearth.Thread
}

// threadReaders are the reader kinds; mayRead says who may read the
// members-only thread (hearth.CanReadThread).
var threadReaders = []string{"anon", "outsider", "member", "author", "cmod", "staff"}

func mayReadQuiet(reader string) bool { return reader != "anon" && reader != "outsider" }

func newThreadPrivacyFixture(t *testing.T) *threadPrivacyFixture {
	t.Helper()
	ctx := context.Background()
	db := MustOpenDB(t)
	f := &threadPrivacyFixture{db: db, readers: map[string]*hearth.Member{"anon": nil}}
	for _, h := range []string{"outsider", "member", "author", "cmod"} {
		f.readers[h] = mustMember(t, db, h, hearth.RoleMember)
	}
	f.readers["staff"] = mustMember(t, db, "staff", hearth.RoleModerator)
	mustCommunity(t, db, "pub", hearth.Public)
	for _, h := range []string{"member", "author", "cmod"} {
		if err := db.AddMember(ctx, "pub", h); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetModerator(ctx, "pub", "cmod"); err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"outsider", "member", "staff"} {
		if err := db.Follow(ctx, f.readers[h], hearth.FollowTarget{Kind: hearth.FollowCommunity, Key: "pub"}); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	if f.open, err = db.CreateThread(ctx, f.readers["author"], "pub", hearth.NewThread{Title: "Open talk", Body: "Marigold tea for sleep."}); err != nil {
		t.Fatal(err)
	}
	if f.quiet, err = db.CreateThread(ctx, f.readers["author"], "pub", hearth.NewThread{Title: "Quiet talk about marigold",
		Body: "Only for us: marigold and a hard diagnosis.", Visibility: hearth.ThreadCommunity}); err != nil {
		t.Fatal(err)
	}
	if f.quiet.Visibility != hearth.ThreadCommunity {
		t.Fatalf("new thread visibility = %q", f.quiet.Visibility)
	}
	if _, err := db.CreateReply(ctx, f.readers["member"], f.quiet.ID, "A marigold reply only members see."); err != nil {
		t.Fatal(err)
	}
	return f
}

func threadIDs(ts []*hearth.Thread) []int64 {
	var ids []int64
	for _, t := range ts {
		ids = append(ids, t.ID)
	}
	return ids
}

// TestThreadPrivacyMatrix holds every path that reads threads to the
// rule, for every kind of reader: the members-only thread exists for the
// community's members and staff, and for nobody else.
func TestThreadPrivacyMatrix(t *testing.T) {
	f := newThreadPrivacyFixture(t)
	ctx := context.Background()
	paths := []struct {
		name string
		// sees reports whether the reader finds the quiet thread there,
		// and checks that the open one is always there.
		sees func(t *testing.T, v *hearth.Member) bool
	}{
		{"thread page", func(t *testing.T, v *hearth.Member) bool {
			if _, err := f.db.FindThreadPage(ctx, v, f.open.ID, 1); err != nil {
				t.Fatalf("open thread: %v", err)
			}
			tp, err := f.db.FindThreadPage(ctx, v, f.quiet.ID, 1)
			if err != nil {
				if hearth.ErrorCode(err) != hearth.ENotFound {
					t.Fatalf("quiet thread: %v, want not found", err)
				}
				return false
			}
			if tp.Thread.Visibility != hearth.ThreadCommunity || len(tp.Replies) != 1 {
				t.Errorf("quiet thread page: visibility %q, %d replies", tp.Thread.Visibility, len(tp.Replies))
			}
			return true
		}},
		{"post", func(t *testing.T, v *hearth.Member) bool {
			tp, err := f.db.FindThreadPage(ctx, f.readers["staff"], f.quiet.ID, 1)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = f.db.FindPost(ctx, v, tp.Replies[0].ID)
			return err == nil
		}},
		{"community list and count", func(t *testing.T, v *hearth.Member) bool {
			ts, _, err := f.db.ListThreads(ctx, v, "pub", 1)
			if err != nil {
				t.Fatal(err)
			}
			c, err := f.db.FindCommunity(ctx, v, "pub")
			if err != nil {
				t.Fatal(err)
			}
			in := slices.Contains(threadIDs(ts), f.quiet.ID)
			if !slices.Contains(threadIDs(ts), f.open.ID) || c.ThreadCount != len(ts) {
				t.Errorf("list %v, count %d", threadIDs(ts), c.ThreadCount)
			}
			cs, err := f.db.ListCommunities(ctx, v)
			if err != nil || len(cs) != 1 || cs[0].ThreadCount != c.ThreadCount {
				t.Errorf("home count: %v %v", cs, err)
			}
			return in
		}},
		{"home", func(t *testing.T, v *hearth.Member) bool {
			ts, err := f.db.RecentThreads(ctx, v, 10)
			if err != nil {
				t.Fatal(err)
			}
			return slices.Contains(threadIDs(ts), f.quiet.ID)
		}},
		{"profile", func(t *testing.T, v *hearth.Member) bool {
			ts, err := f.db.ListMemberPosts(ctx, v, "member", 10)
			if err != nil {
				t.Fatal(err)
			}
			return slices.Contains(threadIDs(ts), f.quiet.ID)
		}},
		{"feed", func(t *testing.T, v *hearth.Member) bool {
			ts, err := f.db.NewestThreads(ctx, v, "pub", 10)
			if err != nil {
				t.Fatal(err)
			}
			return slices.Contains(threadIDs(ts), f.quiet.ID)
		}},
		{"search", func(t *testing.T, v *hearth.Member) bool {
			res, err := f.db.Search(ctx, v, hearth.SearchQuery{Text: "marigold"})
			if err != nil {
				t.Fatal(err)
			}
			var quiet, open int
			for _, r := range res.Results {
				switch r.ThreadID {
				case f.quiet.ID:
					quiet++
				case f.open.ID:
					open++
				}
			}
			if open != 1 || res.Total != open+quiet {
				t.Errorf("search: open %d, quiet %d, total %d", open, quiet, res.Total)
			}
			return quiet > 0
		}},
	}
	for _, p := range paths {
		for _, reader := range threadReaders {
			t.Run(p.name+"/"+reader, func(t *testing.T) {
				if got, want := p.sees(t, f.readers[reader]), mayReadQuiet(reader); got != want {
					t.Errorf("%s sees the members-only thread: %v, want %v", reader, got, want)
				}
			})
		}
	}
}

// TestThreadPrivacyNotifications: a follower of the community who is not
// a member hears of the open thread only, in the app and in digests; a
// thread made members-only later takes its notifications with it.
func TestThreadPrivacyNotifications(t *testing.T) {
	f := newThreadPrivacyFixture(t)
	ctx := context.Background()
	for _, tc := range []struct {
		reader string
		want   []string
	}{
		{"outsider", []string{"thread:Open talk"}},
		{"member", []string{"thread:Quiet talk about marigold", "thread:Open talk"}},
		{"staff", []string{"thread:Quiet talk about marigold", "thread:Open talk"}},
	} {
		t.Run(tc.reader, func(t *testing.T) {
			want(t, tc.reader, kinds(t, f.db, f.readers[tc.reader]), tc.want...)
			_, ns, err := f.db.Digest(ctx, f.readers[tc.reader].ID, hearth.EmailWeekly, f.db.Now().Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if len(ns) != len(tc.want) {
				t.Errorf("digest has %d notifications, want %d", len(ns), len(tc.want))
			}
		})
	}
	// Made members-only, the open thread leaves the outsider's list.
	if err := f.db.SetThreadVisibility(ctx, f.readers["author"], f.open.ID, hearth.ThreadCommunity); err != nil {
		t.Fatal(err)
	}
	want(t, "outsider", kinds(t, f.db, f.readers["outsider"]))
	if n, err := f.db.CountUnread(ctx, f.readers["outsider"]); err != nil || n != 0 {
		t.Errorf("outsider's unread count = %d, %v; want 0", n, err)
	}
	// Mentions and thread followers who are not members hear nothing.
	if err := f.db.Follow(ctx, f.readers["outsider"], hearth.FollowTarget{Kind: hearth.FollowThread, Key: itoa(f.open.ID)}); err == nil {
		t.Errorf("an outsider could follow a members-only thread")
	}
	if _, err := f.db.CreateReply(ctx, f.readers["member"], f.quiet.ID, "@outsider and @cmod, see this."); err != nil {
		t.Fatal(err)
	}
	want(t, "outsider", kinds(t, f.db, f.readers["outsider"]))
	want(t, "cmod", kinds(t, f.db, f.readers["cmod"]), "mention:Quiet talk about marigold")
}

// TestThreadPrivacyWrites: the community default, who may change a
// thread's visibility, and that a change applies at once.
func TestThreadPrivacyWrites(t *testing.T) {
	f := newThreadPrivacyFixture(t)
	ctx := context.Background()
	for _, tc := range []struct {
		reader string
		code   string
	}{
		{"anon", hearth.EUnauthorized}, {"outsider", hearth.ENotFound}, {"member", hearth.EForbidden}, {"cmod", ""}, {"staff", ""}, {"author", ""},
	} {
		err := f.db.SetThreadVisibility(ctx, f.readers[tc.reader], f.quiet.ID, hearth.ThreadCommunity)
		if hearth.ErrorCode(err) != tc.code && !(tc.code == "" && err == nil) {
			t.Errorf("%s sets the visibility: %v, want code %q", tc.reader, err, tc.code)
		}
	}
	if err := f.db.SetThreadVisibility(ctx, f.readers["author"], f.quiet.ID, "everyone"); hearth.ErrorField(err) != "visibility" {
		t.Errorf("unknown visibility: %v", err)
	}
	if err := f.db.SetThreadVisibility(ctx, f.readers["author"], f.quiet.ID, hearth.ThreadOpen); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.FindThreadPage(ctx, nil, f.quiet.ID, 1); err != nil {
		t.Errorf("opened thread, signed out: %v", err)
	}

	// The community's default applies when the author does not choose.
	if err := f.db.SetThreadDefault(ctx, f.readers["member"], "pub", hearth.ThreadCommunity); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a member set the default: %v", err)
	}
	if err := f.db.SetThreadDefault(ctx, f.readers["cmod"], "pub", hearth.ThreadCommunity); err != nil {
		t.Fatal(err)
	}
	c, err := f.db.FindCommunity(ctx, nil, "pub")
	if err != nil || c.ThreadDefault != hearth.ThreadCommunity {
		t.Fatalf("default = %v, %v", c, err)
	}
	th, err := f.db.CreateThread(ctx, f.readers["member"], "pub", hearth.NewThread{Title: "By default", Body: "Members only by default."})
	if err != nil || th.Visibility != hearth.ThreadCommunity {
		t.Fatalf("thread by default: %v, %v", th, err)
	}
	th, err = f.db.CreateThread(ctx, f.readers["member"], "pub", hearth.NewThread{Title: "Chosen", Body: "Open by choice.", Visibility: hearth.ThreadOpen})
	if err != nil || th.Visibility != hearth.ThreadOpen {
		t.Fatalf("thread by choice: %v, %v", th, err)
	}
	if _, err := f.db.CreateThread(ctx, f.readers["member"], "pub", hearth.NewThread{Title: "Bad", Body: "x", Visibility: "secret"}); hearth.ErrorField(err) != "visibility" {
		t.Errorf("bad visibility: %v", err)
	}
}

// TestHiddenMemberships: a member who hides their communities shows none
// to others; they and staff still see all, and counts stay.
func TestHiddenMemberships(t *testing.T) {
	f := newThreadPrivacyFixture(t)
	ctx := context.Background()
	if err := f.db.SetHideMemberships(ctx, f.readers["member"], true); err != nil {
		t.Fatal(err)
	}
	for _, reader := range threadReaders {
		t.Run(reader, func(t *testing.T) {
			v := f.readers[reader]
			cs, hidden, err := f.db.ListMemberCommunities(ctx, v, "member")
			if err != nil {
				t.Fatal(err)
			}
			wantAll := reader == "staff" || reader == "member"
			if len(cs) != map[bool]int{true: 1, false: 0}[wantAll] || hidden == wantAll {
				t.Errorf("member's communities for %s: %v, hidden %v", reader, cs, hidden)
			}
			// The author does not hide theirs.
			cs, hidden, err = f.db.ListMemberCommunities(ctx, v, "author")
			if err != nil || len(cs) != 1 || hidden || cs[0].Slug != "pub" {
				t.Errorf("author's communities for %s: %v, %v, %v", reader, cs, hidden, err)
			}
			c, err := f.db.FindCommunity(ctx, v, "pub")
			if err != nil || c.MemberCount != 3 {
				t.Errorf("member count for %s: %v, %v", reader, c, err)
			}
		})
	}
	cs, hidden, err := f.db.ListMemberCommunities(ctx, f.readers["member"], "member")
	if err != nil || len(cs) != 1 || hidden {
		t.Errorf("the member's own view: %v, %v, %v", cs, hidden, err)
	}
	if h, err := f.db.HidesMemberships(ctx, f.readers["member"].ID); err != nil || !h {
		t.Errorf("HidesMemberships = %v, %v", h, err)
	}
	if _, _, err := f.db.ListMemberCommunities(ctx, nil, "nobody"); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("unknown member: %v", err)
	}
}
