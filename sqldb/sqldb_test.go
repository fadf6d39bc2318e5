package sqldb_test

import (
	"context"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// MustOpenDB opens a fresh database on the backend under test.
func MustOpenDB(tb testing.TB) *sqldb.DB {
	db, _ := sqldbtest.MustOpen(tb)
	return db
}

func mustMember(tb testing.TB, db *sqldb.DB, handle string, role hearth.Role) *hearth.Member {
	tb.Helper()
	m, err := db.CreateMember(context.Background(), hearth.NewMember{Handle: handle, Email: handle + "@example.org", Password: "long enough password", Role: role})
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

func mustCommunity(tb testing.TB, db *sqldb.DB, slug string, v hearth.Visibility) *hearth.Community {
	tb.Helper()
	c, err := db.CreateCommunity(context.Background(), hearth.NewCommunity{Slug: slug, Name: slug + " community", Visibility: v, Rules: "- be kind"})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func TestMemberAccounts(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	m := mustMember(t, db, "Sam_Mom", hearth.RoleMember)
	if m.Handle != "sam_mom" {
		t.Fatalf("handle not normalized: %q", m.Handle)
	}
	_, err := db.CreateMember(ctx, hearth.NewMember{Handle: "sam_mom", Email: "other@example.org", Password: "long enough password"})
	if hearth.ErrorCode(err) != hearth.EInvalid || hearth.ErrorField(err) != "handle" {
		t.Fatalf("duplicate handle: got %v", err)
	}
	_, err = db.CreateMember(ctx, hearth.NewMember{Handle: "other", Email: "SAM_MOM@example.org", Password: "long enough password"})
	if hearth.ErrorField(err) != "email" {
		t.Fatalf("duplicate email (case folded): got %v", err)
	}
	for _, bad := range []hearth.NewMember{
		{Handle: "a b", Email: "x@example.org", Password: "long enough password"},
		{Handle: "okhandle", Email: "not an email", Password: "long enough password"},
		{Handle: "okhandle", Email: "x@example.org", Password: "short"},
		{Handle: "okhandle", Email: "x@example.org", Password: "long enough password", Role: "king"},
		{Handle: "ok\xffhandle", Email: "x@example.org", Password: "long enough password"},
	} {
		if _, err := db.CreateMember(ctx, bad); hearth.ErrorCode(err) != hearth.EInvalid {
			t.Errorf("CreateMember(%+v) = %v, want invalid", bad, err)
		}
	}
	if _, err := db.Authenticate(ctx, "sam_mom", "wrong password!"); hearth.ErrorCode(err) != hearth.EInvalid {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := db.Authenticate(ctx, "nobody", "long enough password"); hearth.ErrorMessage(err) != hearth.ErrorMessage(func() error { _, e := db.Authenticate(ctx, "sam_mom", "x"); return e }()) {
		t.Fatalf("unknown handle and wrong password must read the same: %v", err)
	}
	got, err := db.Authenticate(ctx, "Sam_Mom@Example.org", "long enough password")
	if err != nil || got.ID != m.ID {
		t.Fatalf("sign in by email: %v %v", got, err)
	}
	tok, err := db.CreateSession(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := db.FindSession(ctx, tok); err != nil || s.ID != m.ID {
		t.Fatalf("FindSession: %v %v", s, err)
	}
	if err := db.DeleteSession(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindSession(ctx, tok); hearth.ErrorCode(err) != hearth.EUnauthorized {
		t.Fatalf("session survived sign-out: %v", err)
	}
	pat, err := db.CreateToken(ctx, m.ID, "cli")
	if err != nil {
		t.Fatal(err)
	}
	if who, err := db.FindToken(ctx, pat); err != nil || who.ID != m.ID {
		t.Fatalf("FindToken: %v %v", who, err)
	}
	if _, err := db.FindToken(ctx, pat+"x"); hearth.ErrorCode(err) != hearth.EUnauthorized {
		t.Fatalf("bad token accepted: %v", err)
	}
}

// TestVisibility checks, for each kind of viewer and community, that
// every read path agrees with hearth.CanRead.
func TestVisibility(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	author := mustMember(t, db, "author", hearth.RoleMember)
	insider := mustMember(t, db, "insider", hearth.RoleMember)
	pending := mustMember(t, db, "pending", hearth.RoleMember)
	outsider := mustMember(t, db, "outsider", hearth.RoleMember)
	mod := mustMember(t, db, "sitemod", hearth.RoleModerator)
	threads := map[hearth.Visibility]int64{}
	for _, v := range []hearth.Visibility{hearth.Public, hearth.MembersOnly, hearth.Private} {
		c := mustCommunity(t, db, "c-"+string(v), v)
		for _, m := range []*hearth.Member{author, insider} {
			if err := db.AddMember(ctx, c.Slug, m.Handle); err != nil {
				t.Fatal(err)
			}
		}
		if st, err := db.Join(ctx, pending, c.Slug); err != nil {
			t.Fatal(err)
		} else if v == hearth.Private && st != hearth.MembershipPending {
			t.Fatalf("joining a private community gave %q, want pending", st)
		}
		if v == hearth.Private {
			if err := db.Leave(ctx, outsider, c.Slug); err != nil {
				t.Fatal(err)
			}
		}
		th, err := db.CreateThread(ctx, author, c.Slug, hearth.NewThread{Title: "A thread in " + string(v), Body: "hello"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateReply(ctx, insider, th.ID, "a reply"); err != nil {
			t.Fatal(err)
		}
		threads[v] = th.ID
	}
	viewers := map[string]*hearth.Member{"anonymous": nil, "insider": insider, "pending": pending, "outsider": outsider, "moderator": mod}
	for name, viewer := range viewers {
		cs, err := db.ListCommunities(ctx, viewer)
		if err != nil {
			t.Fatal(err)
		}
		listed := map[hearth.Visibility]bool{}
		for _, c := range cs {
			listed[c.Visibility] = true
		}
		recent, err := db.RecentThreads(ctx, viewer, 50)
		if err != nil {
			t.Fatal(err)
		}
		inRecent := map[int64]bool{}
		for _, th := range recent {
			inRecent[th.ID] = true
		}
		byAuthor, _ := db.ListMemberPosts(ctx, viewer, "insider", 50)
		for v, id := range threads {
			membership := ""
			if name == "insider" {
				membership = hearth.MembershipActive
			} else if name == "pending" && v == hearth.Private {
				membership = hearth.MembershipPending
			}
			want := hearth.CanRead(v, viewer, membership)
			_, err := db.FindThreadPage(ctx, viewer, id, 1)
			if got := err == nil; got != want {
				t.Errorf("%s reading a %s thread: got %v (%v), want %v", name, v, got, err, want)
			}
			if !want && hearth.ErrorCode(err) != hearth.ENotFound {
				t.Errorf("%s reading a %s thread: got %v, want not_found", name, v, err)
			}
			if listed[v] != want {
				t.Errorf("%s: %s community listed = %v, want %v", name, v, listed[v], want)
			}
			if inRecent[id] != want {
				t.Errorf("%s: %s thread in recent = %v, want %v", name, v, inRecent[id], want)
			}
			_, _, err = db.ListThreads(ctx, viewer, "c-"+string(v), 1)
			if (err == nil) != want {
				t.Errorf("%s listing %s threads: %v, want readable=%v", name, v, err, want)
			}
			if _, err := db.CreateReply(ctx, viewer, id, "sneaky"); viewer != nil && !want && hearth.ErrorCode(err) != hearth.ENotFound {
				t.Errorf("%s replying in unreadable %s thread: %v", name, v, err)
			}
		}
		n := 0
		for _, th := range byAuthor {
			if !inRecent[th.ID] {
				t.Errorf("%s: member profile lists thread %d they may not read", name, th.ID)
			}
			n++
		}
		if n == 0 {
			t.Errorf("%s: member profile lists nothing, want the public thread", name)
		}
	}
}

func TestThreadsRepliesAndEdits(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	a := mustMember(t, db, "alice", hearth.RoleMember)
	b := mustMember(t, db, "bob", hearth.RoleMember)
	c := mustCommunity(t, db, "epilepsy", hearth.Public)
	if _, err := db.CreateThread(ctx, a, c.Slug, hearth.NewThread{Title: "   ", Body: "x"}); hearth.ErrorField(err) != "title" {
		t.Fatalf("empty title: %v", err)
	}
	if _, err := db.CreateThread(ctx, a, c.Slug, hearth.NewThread{Title: "t", Body: string(make([]byte, 2<<20))}); hearth.ErrorCode(err) != hearth.EInvalid {
		t.Fatalf("2 MB body: %v", err)
	}
	if _, err := db.CreateThread(ctx, nil, c.Slug, hearth.NewThread{Title: "t", Body: "b"}); hearth.ErrorCode(err) != hearth.EUnauthorized {
		t.Fatalf("anonymous thread: %v", err)
	}
	th, err := db.CreateThread(ctx, a, c.Slug, hearth.NewThread{Title: "  Keppra   and mood  ", Body: "Has anyone seen mood changes?"})
	if err != nil {
		t.Fatal(err)
	}
	if th.Title != "Keppra and mood" {
		t.Fatalf("title not cleaned: %q", th.Title)
	}
	for i := range 120 {
		if _, err := db.CreateReply(ctx, b, th.ID, "reply"); err != nil {
			t.Fatalf("reply %d: %v", i, err)
		}
	}
	p1, err := db.FindThreadPage(ctx, nil, th.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if p1.Pages != 3 || len(p1.Replies) != 50 || p1.Replies[0].Position != 1 || p1.Opening.Body != "Has anyone seen mood changes?" {
		t.Fatalf("page 1: pages=%d replies=%d", p1.Pages, len(p1.Replies))
	}
	p3, _ := db.FindThreadPage(ctx, nil, th.ID, 99)
	if p3.Page != 3 || len(p3.Replies) != 20 || p3.Replies[19].Position != 120 {
		t.Fatalf("last page: page=%d replies=%d", p3.Page, len(p3.Replies))
	}
	reply := p1.Replies[0]
	if _, err := db.EditPost(ctx, a, reply.ID, "hijack"); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Fatalf("editing another's post: %v", err)
	}
	if _, err := db.EditPost(ctx, b, reply.ID, "reply, edited"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.EditPost(ctx, b, reply.ID, "reply, edited twice"); err != nil {
		t.Fatal(err)
	}
	revs, err := db.ListRevisions(ctx, nil, reply.ID)
	if err != nil || len(revs) != 2 || revs[0].Body != "reply, edited" || revs[1].Body != "reply" {
		t.Fatalf("revisions: %v %+v", err, revs)
	}
	p, _, _ := db.FindPost(ctx, nil, reply.ID)
	if p.Body != "reply, edited twice" || p.EditedAt == nil {
		t.Fatalf("edited post: %+v", p)
	}
	ts, pages, err := db.ListThreads(ctx, nil, c.Slug, 1)
	if err != nil || pages != 1 || len(ts) != 1 || ts[0].ReplyCount != 120 {
		t.Fatalf("ListThreads: %v %d %+v", err, pages, ts)
	}
}
