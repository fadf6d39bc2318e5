package sqldb_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// storyFixture: an author with a public and a members-only story, a
// reader, a moderator.
type storyFixture struct {
	db                  *sqldb.DB
	author, reader, mod *hearth.Member
	public, membersOnly *hearth.Story
	ctx                 context.Context
	t                   *testing.T
}

func newStoryFixture(t *testing.T) *storyFixture {
	f := &storyFixture{db: MustOpenDB(t), ctx: context.Background(), t: t}
	f.author = mustMember(t, f.db, "author", hearth.RoleMember)
	f.reader = mustMember(t, f.db, "reader", hearth.RoleMember)
	f.mod = mustMember(t, f.db, "the_mod", hearth.RoleModerator)
	f.public = f.story(f.author, "Our first year", "It was *hard*.", hearth.Public)
	f.membersOnly = f.story(f.author, "Just for members", "Family details.", hearth.MembersOnly)
	return f
}

func (f *storyFixture) story(by *hearth.Member, title, body string, v hearth.Visibility) *hearth.Story {
	f.t.Helper()
	s, err := f.db.CreateStory(f.ctx, by, hearth.NewStory{Title: title, Body: body, Visibility: v})
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

func (f *storyFixture) comment(by *hearth.Member, s *hearth.Story, n hearth.NewComment) *hearth.Comment {
	f.t.Helper()
	c, err := f.db.CreateComment(f.ctx, by, s.ID, n)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// bodies lists the comments a viewer sees, replies after their comment
// as "↳body".
func (f *storyFixture) bodies(viewer *hearth.Member, s *hearth.Story) string {
	f.t.Helper()
	cs, err := f.db.ListComments(f.ctx, viewer, s.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		out = append(out, c.Body)
		for _, r := range c.Replies {
			out = append(out, "↳"+r.Body)
		}
	}
	return strings.Join(out, "|")
}

func TestStoryVisibility(t *testing.T) {
	f := newStoryFixture(t)
	if s, err := f.db.FindStory(f.ctx, nil, f.public.ID); err != nil || s.Title != "Our first year" || !strings.Contains(string(s.BodyHTML), "<em>hard</em>") {
		t.Fatalf("anonymous reads the public story: %v %+v", err, s)
	}
	if _, err := f.db.FindStory(f.ctx, nil, f.membersOnly.ID); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("anonymous reads the members-only story: %v", err)
	}
	if _, err := f.db.FindStory(f.ctx, f.reader, f.membersOnly.ID); err != nil {
		t.Errorf("a member cannot read the members-only story: %v", err)
	}
	for _, tc := range []struct {
		viewer *hearth.Member
		want   int
	}{{nil, 1}, {f.reader, 2}, {f.author, 2}} {
		ss, pages, err := f.db.ListStories(f.ctx, tc.viewer, "author", 1)
		if err != nil || len(ss) != tc.want || pages != 1 {
			t.Errorf("ListStories for %v: %d stories, %d pages, %v; want %d", tc.viewer, len(ss), pages, err, tc.want)
		}
		if len(ss) > 0 && ss[0].ID != f.membersOnly.ID && tc.want == 2 {
			t.Errorf("stories not newest first")
		}
	}
	if _, _, err := f.db.ListStories(f.ctx, nil, "nobody", 1); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("stories of a missing member: %v", err)
	}
	// Guests cannot comment where they cannot read.
	_, err := f.db.CreateComment(f.ctx, nil, f.membersOnly.ID, hearth.NewComment{Body: "hi", Guest: &hearth.Guest{Name: "G", Email: "g@example.org"}})
	if hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("guest comment on a members-only story: %v", err)
	}
	if _, err := f.db.ListComments(f.ctx, nil, f.membersOnly.ID); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("anonymous lists comments of a members-only story: %v", err)
	}
}

func TestGuestCommentsWaitForModeration(t *testing.T) {
	f := newStoryFixture(t)
	f.comment(f.reader, f.public, hearth.NewComment{Body: "Thank you"})
	guest := f.comment(nil, f.public, hearth.NewComment{Body: "From a guest",
		Guest: &hearth.Guest{Name: "  Pat  ", Email: "pat@example.org", Website: "example.org/pat"}})
	if guest.Status != hearth.StatusHeld || guest.GuestName != "Pat" || guest.GuestWebsite != "https://example.org/pat" || !guest.IsGuest() {
		t.Fatalf("guest comment: %+v", guest)
	}
	// Nobody but the author and moderators sees it, nor counts it.
	for who, v := range map[string]*hearth.Member{"anonymous": nil, "reader": f.reader} {
		if got := f.bodies(v, f.public); got != "Thank you" {
			t.Errorf("%s sees %q", who, got)
		}
		s, _ := f.db.FindStory(f.ctx, v, f.public.ID)
		if s.CommentCount != 1 || s.HeldCount != 0 {
			t.Errorf("%s: counts %d published, %d held", who, s.CommentCount, s.HeldCount)
		}
	}
	for who, v := range map[string]*hearth.Member{"author": f.author, "moderator": f.mod} {
		if got := f.bodies(v, f.public); got != "Thank you|From a guest" {
			t.Errorf("%s sees %q", who, got)
		}
		if s, _ := f.db.FindStory(f.ctx, v, f.public.ID); s.HeldCount != 1 || s.CommentCount != 1 {
			t.Errorf("%s: counts %d published, %d held", who, s.CommentCount, s.HeldCount)
		}
	}
	ss, _, _ := f.db.ListStories(f.ctx, f.author, "author", 1)
	for _, s := range ss {
		if (s.ID == f.public.ID) != (s.HeldCount == 1) {
			t.Errorf("author's list: story %d held %d", s.ID, s.HeldCount)
		}
	}
	// Only the author and moderators decide; others find nothing to decide.
	if _, err := f.db.ModerateComment(f.ctx, f.reader, guest.ID, true); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("a reader approves: %v", err)
	}
	if _, err := f.db.ModerateComment(f.ctx, nil, guest.ID, true); hearth.ErrorCode(err) != hearth.EUnauthorized {
		t.Errorf("anonymous approves: %v", err)
	}
	if c, err := f.db.ModerateComment(f.ctx, f.author, guest.ID, true); err != nil || c.Status != hearth.StatusPublished {
		t.Fatalf("author approves: %v", err)
	}
	if got := f.bodies(nil, f.public); got != "Thank you|From a guest" {
		t.Errorf("after approval anonymous sees %q", got)
	}
	// Replies: one level; a reply to a reply joins its comment.
	top := f.comment(f.reader, f.public, hearth.NewComment{Body: "Question"})
	r1 := f.comment(f.author, f.public, hearth.NewComment{Body: "Answer", ParentID: top.ID})
	r2 := f.comment(f.reader, f.public, hearth.NewComment{Body: "Thanks", ParentID: r1.ID})
	if r2.ParentID != top.ID {
		t.Errorf("reply to a reply has parent %d, want %d", r2.ParentID, top.ID)
	}
	if got := f.bodies(nil, f.public); got != "Thank you|From a guest|Question|↳Answer|↳Thanks" {
		t.Errorf("thread of comments: %q", got)
	}
	held := f.comment(nil, f.public, hearth.NewComment{Body: "Held", Guest: &hearth.Guest{Name: "Jo", Email: "jo@example.org"}})
	if _, err := f.db.CreateComment(f.ctx, f.reader, f.public.ID, hearth.NewComment{Body: "x", ParentID: held.ID}); hearth.ErrorField(err) != "body" {
		t.Errorf("reply to a held comment: %v", err)
	}
	// Removing a comment removes its replies, for everyone.
	if _, err := f.db.ModerateComment(f.ctx, f.mod, top.ID, false); err != nil {
		t.Fatal(err)
	}
	if got := f.bodies(f.author, f.public); got != "Thank you|From a guest|Held" {
		t.Errorf("after removal the author sees %q", got)
	}
	if _, err := f.db.ModerateComment(f.ctx, f.author, top.ID, true); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("approving a removed comment: %v", err)
	}
}

func TestCommentValidation(t *testing.T) {
	f := newStoryFixture(t)
	for name, tc := range map[string]struct {
		n     hearth.NewComment
		field string
	}{
		"empty body":    {hearth.NewComment{Body: "  ", Guest: &hearth.Guest{Name: "A", Email: "a@example.org"}}, "body"},
		"no name":       {hearth.NewComment{Body: "hi", Guest: &hearth.Guest{Name: " ", Email: "a@example.org"}}, "name"},
		"no email":      {hearth.NewComment{Body: "hi", Guest: &hearth.Guest{Name: "A"}}, "email"},
		"bad email":     {hearth.NewComment{Body: "hi", Guest: &hearth.Guest{Name: "A", Email: "not an address"}}, "email"},
		"script site":   {hearth.NewComment{Body: "hi", Guest: &hearth.Guest{Name: "A", Email: "a@example.org", Website: "javascript:alert(1)"}}, "website"},
		"site with tag": {hearth.NewComment{Body: "hi", Guest: &hearth.Guest{Name: "A", Email: "a@example.org", Website: `https://x.org/"><script>`}}, "website"},
	} {
		_, err := f.db.CreateComment(f.ctx, nil, f.public.ID, tc.n)
		if hearth.ErrorCode(err) != hearth.EInvalid || hearth.ErrorField(err) != tc.field {
			t.Errorf("%s: %v (field %q), want invalid %s", name, err, hearth.ErrorField(err), tc.field)
		}
	}
	if _, err := f.db.CreateComment(f.ctx, nil, f.public.ID, hearth.NewComment{Body: "hi"}); hearth.ErrorCode(err) != hearth.EUnauthorized {
		t.Errorf("anonymous without guest details: %v", err)
	}
}

func TestStoryEditDeleteAndCovers(t *testing.T) {
	f := newStoryFixture(t)
	up := func(by *hearth.Member, name string) {
		t.Helper()
		if err := f.db.CreateUpload(f.ctx, by, &hearth.Upload{Name: name, ContentType: "image/jpeg", Width: 10, Height: 5, Size: 100}); err != nil {
			t.Fatal(err)
		}
	}
	mine, theirs := strings.Repeat("a", 32)+".jpg", strings.Repeat("b", 32)+".jpg"
	up(f.author, mine)
	up(f.reader, theirs)
	// An upload is seen by its owner until a story uses it.
	if _, err := f.db.FindUpload(f.ctx, f.author, mine); err != nil {
		t.Errorf("owner cannot see their upload: %v", err)
	}
	if _, err := f.db.FindUpload(f.ctx, nil, mine); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("anonymous sees a pending upload: %v", err)
	}
	if _, err := f.db.CreateStory(f.ctx, f.author, hearth.NewStory{Title: "T", Body: "B", Cover: theirs}); hearth.ErrorField(err) != "cover" {
		t.Errorf("cover from another member's upload: %v", err)
	}
	if _, err := f.db.EditStory(f.ctx, f.reader, f.membersOnly.ID, hearth.NewStory{Title: "Mine now", Body: "x"}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a reader edits the story: %v", err)
	}
	s, err := f.db.EditStory(f.ctx, f.author, f.membersOnly.ID, hearth.NewStory{Title: "  Now   public ", Body: "New body", Visibility: hearth.Public,
		Cover: mine, CoverAlt: "A sunrise"})
	if err != nil || s.Title != "Now public" || s.Cover != mine || s.CoverWidth != 10 || s.EditedAt == nil || !s.IsPublic() {
		t.Fatalf("edit: %v %+v", err, s)
	}
	if u, err := f.db.FindUpload(f.ctx, nil, mine); err != nil || !u.Public || u.ContentType != "image/jpeg" {
		t.Errorf("cover of a public story: %v %+v", err, u)
	}
	s, _ = f.db.EditStory(f.ctx, f.author, s.ID, hearth.NewStory{Title: "Members again", Body: "x", Visibility: hearth.MembersOnly, CoverAlt: "A sunrise"})
	if s.Cover != mine {
		t.Errorf("edit without a new cover dropped it")
	}
	if _, err := f.db.FindUpload(f.ctx, nil, mine); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("anonymous sees the cover of a members-only story: %v", err)
	}
	if u, err := f.db.FindUpload(f.ctx, f.reader, mine); err != nil || u.Public {
		t.Errorf("a member sees the members-only cover: %v %+v", err, u)
	}
	if _, err := f.db.DeleteStory(f.ctx, f.reader, s.ID); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a reader deletes the story: %v", err)
	}
	f.comment(f.reader, s, hearth.NewComment{Body: "Nice"})
	cover, err := f.db.DeleteStory(f.ctx, f.author, s.ID)
	if err != nil || cover != mine {
		t.Fatalf("delete: %q %v", cover, err)
	}
	if _, err := f.db.FindStory(f.ctx, f.author, s.ID); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("deleted story still found: %v", err)
	}
	if _, err := f.db.FindUpload(f.ctx, f.author, mine); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("deleted story's cover record remains: %v", err)
	}
	if _, err := f.db.DeleteStory(f.ctx, f.mod, f.public.ID); err != nil {
		t.Errorf("a moderator cannot delete a story: %v", err)
	}
	for _, bad := range []hearth.NewStory{{Title: " ", Body: "x"}, {Title: "x", Body: " "}, {Title: "x", Body: "y", Visibility: hearth.Private}} {
		if _, err := f.db.CreateStory(f.ctx, f.author, bad); hearth.ErrorCode(err) != hearth.EInvalid {
			t.Errorf("CreateStory(%+v) = %v", bad, err)
		}
	}
}

// storyNotices lists a member's visible notifications as "kind:title".
func storyNotices(t *testing.T, db *sqldb.DB, m *hearth.Member) string {
	t.Helper()
	ns, _, err := db.ListNotifications(context.Background(), m, 1)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, string(n.Kind)+":"+n.Title)
	}
	return strings.Join(out, "|")
}

func TestStoryNotifications(t *testing.T) {
	f := newStoryFixture(t)
	fan := mustMember(t, f.db, "fan", hearth.RoleMember)
	if err := f.db.Follow(f.ctx, fan, hearth.FollowTarget{Kind: hearth.FollowMember, Key: "author"}); err != nil {
		t.Fatal(err)
	}
	s := f.story(f.author, "New chapter", "Thanks @reader for the advice.", hearth.Public)
	c := f.comment(f.reader, s, hearth.NewComment{Body: "Glad it helped, @fan"})
	f.comment(f.author, s, hearth.NewComment{Body: "Reply to you", ParentID: c.ID})
	f.comment(nil, s, hearth.NewComment{Body: "A guest writes @fan", Guest: &hearth.Guest{Name: "G", Email: "g@example.org"}})
	if got := storyNotices(t, f.db, f.reader); got != "comment:New chapter|mention:New chapter" {
		t.Errorf("reader: %q", got)
	}
	if got := storyNotices(t, f.db, f.author); got != "comment:New chapter" {
		t.Errorf("author: %q", got)
	}
	if got := storyNotices(t, f.db, fan); got != "mention:New chapter|story:New chapter" {
		t.Errorf("fan: %q", got)
	}
	ns, _, _ := f.db.ListNotifications(f.ctx, f.author, 1)
	if len(ns) != 1 || !strings.HasPrefix(ns[0].URL, "/u/author/stories/") || !strings.Contains(ns[0].URL, "#c") {
		t.Errorf("comment notification: %+v", ns)
	}
	// A story that turns members-only stays visible to members; one that
	// is deleted drops out of everyone's notifications.
	if _, err := f.db.DeleteStory(f.ctx, f.author, s.ID); err != nil {
		t.Fatal(err)
	}
	for _, m := range []*hearth.Member{f.reader, f.author, fan} {
		if got := storyNotices(t, f.db, m); got != "" {
			t.Errorf("%s after deletion: %q", m.Handle, got)
		}
	}
}

func TestNewestThreads(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	m := mustMember(t, db, "writer", hearth.RoleMember)
	mustCommunity(t, db, "open", hearth.Public)
	mustCommunity(t, db, "closed", hearth.Private)
	db.AddMember(ctx, "closed", "writer")
	first, _ := db.CreateThread(ctx, m, "open", hearth.NewThread{Title: "First", Body: "a"})
	db.CreateThread(ctx, m, "open", hearth.NewThread{Title: "Second", Body: "b"})
	db.CreateReply(ctx, m, first.ID, "bump") // activity must not reorder
	ts, err := db.NewestThreads(ctx, nil, "open", 10)
	if err != nil || len(ts) != 2 || ts[0].Title != "Second" {
		t.Fatalf("newest threads: %v %+v", err, ts)
	}
	if _, err := db.NewestThreads(ctx, nil, "closed", 10); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("anonymous reads a private community's threads: %v", err)
	}
}

// TestCopyStoriesToPostgres: migrate-to carries stories, comments (with
// their replies and guests' held comments) and uploads into PostgreSQL.
func TestCopyStoriesToPostgres(t *testing.T) {
	ctx := context.Background()
	src, err := sqldb.Open(ctx, filepath.Join(t.TempDir(), "src.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	src.PasswordParams = &sqldb.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	f := &storyFixture{db: src, ctx: ctx, t: t}
	f.author = mustMember(t, src, "author", hearth.RoleMember)
	f.reader = mustMember(t, src, "reader", hearth.RoleMember)
	cover := strings.Repeat("c", 32) + ".png"
	if err := src.CreateUpload(ctx, f.author, &hearth.Upload{Name: cover, ContentType: "image/png", Width: 4, Height: 3, Size: 9}); err != nil {
		t.Fatal(err)
	}
	s, err := src.CreateStory(ctx, f.author, hearth.NewStory{Title: "Copied", Body: "Body", Cover: cover, CoverAlt: "alt"})
	if err != nil {
		t.Fatal(err)
	}
	top := f.comment(f.reader, s, hearth.NewComment{Body: "Top"})
	f.comment(f.author, s, hearth.NewComment{Body: "Reply", ParentID: top.ID})
	f.comment(nil, s, hearth.NewComment{Body: "Guest", Guest: &hearth.Guest{Name: "G", Email: "g@example.org"}})

	dst, err := sqldb.Open(ctx, sqldbtest.NewPostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	counts, err := sqldb.CopyTo(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if counts["stories"] != 1 || counts["story_comments"] != 3 || counts["uploads"] != 1 {
		t.Fatalf("copied %v", counts)
	}
	f.db = dst
	if got := f.bodies(f.author, s); got != "Top|↳Reply|Guest" {
		t.Errorf("comments on PostgreSQL: %q", got)
	}
	if got, err := dst.FindStory(ctx, nil, s.ID); err != nil || got.Cover != cover || got.CoverWidth != 4 {
		t.Errorf("story on PostgreSQL: %v %+v", err, got)
	}
	if c := f.comment(f.reader, s, hearth.NewComment{Body: "After the copy"}); c.ID != 4 {
		t.Errorf("comment ids do not continue: %d", c.ID)
	}
}
