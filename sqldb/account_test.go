package sqldb_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// accountWorld: "member0" (who exports, deletes or is memorialized)
// wrote a thread, a reply, a story with a comment by member1, a report
// that was edited once, follows and a notification setting; member1
// answered the thread and follows member0. A private community holds a
// thread by member1 that must never reach member0's export.
type accountWorld struct {
	*triedFixture
	me, other         *hearth.Member
	thread, lone      *hearth.Thread
	reply, otherReply *hearth.Post
	story             *hearth.Story
	report            *hearth.Report
}

func newAccountWorld(t *testing.T) *accountWorld {
	f := newTriedFixture(t, hearth.Public, 2)
	ctx := context.Background()
	w := &accountWorld{triedFixture: f, me: f.members[0], other: f.members[1]}
	db := f.db
	var err error
	if w.thread, err = db.CreateThread(ctx, w.me, f.slug, hearth.NewThread{Title: "Zebrafish diet questions", Body: "Has anyone tried the quokkaberry plan?"}); err != nil {
		t.Fatal(err)
	}
	if w.lone, err = db.CreateThread(ctx, w.me, f.slug, hearth.NewThread{Title: "Nobody answered this narwhal thread", Body: "Lonely narwhal words."}); err != nil {
		t.Fatal(err)
	}
	if w.otherReply, err = db.CreateReply(ctx, w.other, w.thread.ID, "We tried it, @member0, it helped a bit."); err != nil {
		t.Fatal(err)
	}
	if w.reply, err = db.CreateReply(ctx, w.me, w.thread.ID, "Thanks! The axolotl trick worked for us."); err != nil {
		t.Fatal(err)
	}
	if w.story, err = db.CreateStory(ctx, w.me, hearth.NewStory{Title: "Our pangolin year", Body: "It was a long pangolin year.", Visibility: hearth.Public}); err != nil {
		t.Fatal(err)
	}
	if _, err = db.CreateComment(ctx, w.other, w.story.ID, hearth.NewComment{Body: "Thank you for sharing this."}); err != nil {
		t.Fatal(err)
	}
	if w.report, err = db.CreateReport(ctx, w.me, f.slug, report(f.lev.ID, hearth.EffectModerate, 6, se("Drowsiness", hearth.SeverityMild))); err != nil {
		t.Fatal(err)
	}
	in := report(f.lev.ID, hearth.EffectMajor, 6)
	in.Body = "Better after a month."
	if _, err = db.UpdateReport(ctx, w.me, w.report.ID, in); err != nil {
		t.Fatal(err)
	}
	for _, ft := range []hearth.FollowTarget{{Kind: hearth.FollowCommunity, Key: f.slug}} {
		if err := db.Follow(ctx, w.me, ft); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Follow(ctx, w.other, hearth.FollowTarget{Kind: hearth.FollowMember, Key: w.me.Handle}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetNotifyPrefs(ctx, w.me, hearth.NotifyPrefs{hearth.NotifyReply: hearth.EmailWeekly}); err != nil {
		t.Fatal(err)
	}
	mustCommunity(t, db, "secret", hearth.Private)
	if err := db.AddMember(ctx, "secret", w.other.Handle); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateThread(ctx, w.other, "secret", hearth.NewThread{Title: "Private wombat matter", Body: "Only for the secret circle."}); err != nil {
		t.Fatal(err)
	}
	return w
}

// zipBuilder writes export.json only, the way web's builder starts.
func zipBuilder(ctx context.Context, d *hearth.ExportData) ([]byte, error) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	f, _ := z.Create("export.json")
	if err := json.NewEncoder(f).Encode(d); err != nil {
		return nil, err
	}
	err := z.Close()
	return buf.Bytes(), err
}

func TestAccountExport(t *testing.T) {
	w := newAccountWorld(t)
	ctx := context.Background()
	d, err := w.db.ExportData(ctx, w.me.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Profile.Handle != "member0" || d.Profile.Email != "member0@example.org" || len(d.Threads) != 2 || len(d.Replies) != 1 ||
		len(d.Stories) != 1 || len(d.Stories[0].Comments) != 1 || len(d.Reports) != 1 || len(d.Reports[0].History) != 1 ||
		len(d.Reports[0].SideEffects) != 0 || len(d.Follows) != 1 || len(d.Notifications) != 1 {
		t.Fatalf("export data incomplete: %+v", d)
	}
	if d.Reports[0].History[0].Effectiveness != "moderate" || d.Reports[0].Effectiveness != "major" {
		t.Errorf("report history: %+v", d.Reports[0])
	}
	b, _ := json.Marshal(d)
	for _, leak := range []string{"wombat", "secret circle", "member1@example.org", "password"} {
		if strings.Contains(string(b), leak) {
			t.Errorf("export holds %q, which is not member0's", leak)
		}
	}

	// Twice: a second request while the first is being prepared is told
	// so and starts nothing; once ready, the ready one is offered.
	var nested error
	var builds int
	build := func(ctx context.Context, d *hearth.ExportData) ([]byte, error) {
		builds++
		_, _, nested = w.db.RequestExport(ctx, w.me, zipBuilder, false)
		return zipBuilder(ctx, d)
	}
	e, ready, err := w.db.RequestExport(ctx, w.me, build, false)
	if err != nil || ready || e.Status != hearth.ExportReady || e.Size == 0 {
		t.Fatalf("first export: %+v %v %v", e, ready, err)
	}
	if hearth.ErrorCode(nested) != hearth.EConflict || !strings.Contains(hearth.ErrorMessage(nested), "already being prepared") {
		t.Fatalf("second request while preparing: %v", nested)
	}
	again, ready, err := w.db.RequestExport(ctx, w.me, build, false)
	if err != nil || !ready || again.ID != e.ID || builds != 1 {
		t.Fatalf("request with a ready export: %+v ready=%v builds=%d %v", again, ready, builds, err)
	}
	if n := sqldb.CountForTest(w.db, `SELECT COUNT(*) FROM data_exports WHERE member_id = $1`, w.me.ID); n != 1 {
		t.Fatalf("%d export rows, want 1", n)
	}
	archive, err := w.db.ExportArchive(ctx, w.me, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil || len(z.File) != 1 || z.File[0].Name != "export.json" {
		t.Fatalf("archive: %v", err)
	}
	if _, err := w.db.ExportArchive(ctx, w.other, e.ID); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Fatalf("another member downloads the export: %v", err)
	}
}

func TestAccountDelete(t *testing.T) {
	for _, choice := range []hearth.DeleteChoice{hearth.DeleteKeepPosts, hearth.DeleteRemovePosts} {
		t.Run(string(choice), func(t *testing.T) {
			w := newAccountWorld(t)
			ctx := context.Background()
			db := w.db
			sess, err := db.CreateSession(ctx, w.me.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.CreateToken(ctx, w.me.ID, "app"); err != nil {
				t.Fatal(err)
			}
			// A queued digest and a queued notification email for member0,
			// and one digest for member1, as River keeps them (only the
			// columns this code reads).
			if err := sqldb.ExecForNotifyTest(db, `CREATE TABLE river_job (id BIGINT PRIMARY KEY, kind TEXT NOT NULL, args TEXT NOT NULL, state TEXT NOT NULL)`); err != nil {
				t.Fatal(err)
			}
			var note int64
			if n := sqldb.CountForTest(db, `SELECT COUNT(*) FROM notifications WHERE member_id = $1`, w.me.ID); n == 0 {
				t.Fatal("member0 has no notification to start with")
			}
			note = int64(sqldb.CountForTest(db, `SELECT MIN(id) FROM notifications WHERE member_id = $1`, w.me.ID))
			for i, job := range []struct{ kind, args string }{
				{"hearth_email_digest", `{"member_id": ` + itoa(w.me.ID) + `, "period": "weekly", "key": "2026-W45", "until": 1}`},
				{"hearth_email_notification", `{"notification_id": ` + itoa(note) + `}`},
				{"hearth_email_digest", `{"member_id": ` + itoa(w.other.ID) + `, "period": "weekly", "key": "2026-W45", "until": 1}`},
			} {
				if err := sqldb.ExecForNotifyTest(db, `INSERT INTO river_job (id, kind, args, state) VALUES ($1, $2, $3, 'available')`, i+1, job.kind, job.args); err != nil {
					t.Fatal(err)
				}
			}

			// A private conversation with member1 (messages.go).
			if _, _, err := db.StartConversation(ctx, w.me, hearth.NewConversation{To: []string{"member1"}, Subject: "Hi", Body: "My private okapi news."}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.DeleteAccount(ctx, w.me, "wrong password!", choice); hearth.ErrorField(err) != "password" {
				t.Fatalf("wrong password: %v", err)
			}
			if _, err := db.DeleteAccount(ctx, w.me, "long enough password", "maybe"); hearth.ErrorField(err) != "choice" {
				t.Fatalf("no choice: %v", err)
			}
			if _, err := db.DeleteAccount(ctx, w.me, "long enough password", choice); err != nil {
				t.Fatal(err)
			}
			id := w.me.ID
			for q, want := range map[string]int{
				`SELECT COUNT(*) FROM sessions WHERE member_id = $1`:                                                                                             0,
				`SELECT COUNT(*) FROM api_tokens WHERE member_id = $1`:                                                                                           0,
				`SELECT COUNT(*) FROM follows WHERE member_id = $1 OR (target_kind = 'member' AND target_id = $1)`:                                               0,
				`SELECT COUNT(*) FROM notify_prefs WHERE member_id = $1`:                                                                                         0,
				`SELECT COUNT(*) FROM notifications WHERE member_id = $1 OR actor_id = $1`:                                                                       0,
				`SELECT COUNT(*) FROM memberships WHERE member_id = $1`:                                                                                          0,
				`SELECT COUNT(*) FROM conversation_participants WHERE member_id = $1`:                                                                            0,
				`SELECT COUNT(*) FROM members WHERE id = $1 AND (email <> '' OR bio <> '' OR password_hash <> '' OR status <> 'deleted')`:                        0,
				`SELECT COUNT(*) FROM members WHERE handle = 'member0'`:                                                                                          0,
				`SELECT COUNT(*) FROM river_job`:                                                                                                                 1,
				`SELECT COUNT(*) FROM river_job WHERE kind = 'hearth_email_notification'`:                                                                        0,
				`SELECT COUNT(*) FROM river_job WHERE args LIKE '%member_id": ' || (SELECT CAST(MAX(id) AS TEXT) FROM members WHERE handle = 'member1') || ',%'`: 1,
				`SELECT COUNT(*) FROM audit_log WHERE action = 'account_deleted' AND target_id = $1`:                                                             1,
			} {
				var args []any
				if strings.Contains(q, "$1") {
					args = append(args, id)
				}
				if n := sqldb.CountForTest(db, q, args...); n != want {
					t.Errorf("%s: %d, want %d", q, n, want)
				}
			}
			if _, err := db.FindSession(ctx, sess); hearth.ErrorCode(err) != hearth.EUnauthorized {
				t.Errorf("session still works: %v", err)
			}
			if _, err := db.Authenticate(ctx, "member0", "long enough password"); err == nil {
				t.Error("signed in to a deleted account")
			}
			// The handle is retired: nobody can take it.
			if _, err := db.CreateMember(ctx, hearth.NewMember{Handle: "member0", Email: "new@example.org", Password: "long enough password"}); hearth.ErrorField(err) != "handle" {
				t.Errorf("reusing the handle: %v", err)
			}

			search := func(q string) []*hearth.SearchResult {
				res, err := db.Search(ctx, w.other, hearth.SearchQuery{Text: q})
				if err != nil {
					t.Fatal(err)
				}
				return res.Results
			}
			th, err := db.FindThreadPage(ctx, w.other, w.thread.ID, 1)
			if err != nil {
				t.Fatal(err)
			}
			if choice == hearth.DeleteKeepPosts {
				if th.Thread.Author != hearth.DeletedHandle(id) || hearth.AuthorName(th.Thread.Author, false) != "deleted member" {
					t.Errorf("kept thread's author: %q", th.Thread.Author)
				}
				hits := search("axolotl")
				if len(hits) != 1 || hearth.DisplayHandle(hits[0].Author) != "deleted member" {
					t.Errorf("kept reply in search: %+v", hits)
				}
				if _, err := db.FindStory(ctx, w.other, w.story.ID); err != nil {
					t.Errorf("kept story: %v", err)
				}
				return
			}
			if n := len(search("axolotl")) + len(search("quokkaberry")) + len(search("zebrafish")) + len(search("narwhal")) + len(search("pangolin")); n != 0 {
				t.Errorf("removed posts still found by search: %d", n)
			}
			if n := sqldb.CountForTest(db, `SELECT COUNT(*) FROM messages WHERE body LIKE '%okapi%'`); n != 0 {
				t.Errorf("removed message text still stored: %d", n)
			}
			if n := sqldb.CountForTest(db, `SELECT COUNT(*) FROM posts WHERE body LIKE '%axolotl%' OR body LIKE '%quokkaberry%'`); n != 0 {
				t.Errorf("removed text still stored: %d", n)
			}
			if n := sqldb.CountForTest(db, `SELECT COUNT(*) FROM stories WHERE author_id = $1`, id) + sqldb.CountForTest(db, `SELECT COUNT(*) FROM tried_reports WHERE author_id = $1`, id); n != 0 {
				t.Errorf("stories or reports left: %d", n)
			}
			// The thread member1 answered stays, with the answer.
			if th.Thread.Title != hearth.RemovedThreadTitle || len(search("helped")) != 1 {
				t.Errorf("answered thread: %q, answer found %d times", th.Thread.Title, len(search("helped")))
			}
			if _, err := db.FindThreadPage(ctx, w.other, w.lone.ID, 1); hearth.ErrorCode(err) != hearth.ENotFound {
				t.Errorf("unanswered thread still readable: %v", err)
			}
		})
	}
}

func TestAccountMemorial(t *testing.T) {
	w := newAccountWorld(t)
	ctx := context.Background()
	db := w.db
	staff := mustMember(t, db, "staffer", hearth.RoleModerator)
	if _, err := db.CreateSession(ctx, w.me.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RequestMemorial(ctx, w.other, hearth.NewMemorialRequest{Handle: "member0"}); hearth.ErrorField(err) != "relationship" {
		t.Fatalf("no relationship: %v", err)
	}
	r, err := db.RequestMemorial(ctx, w.other, hearth.NewMemorialRequest{Handle: "member0", Relationship: "I am his sister"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RequestMemorial(ctx, staff, hearth.NewMemorialRequest{Handle: "member0", Relationship: "moderator"}); hearth.ErrorCode(err) != hearth.EConflict {
		t.Fatalf("second request: %v", err)
	}
	if err := db.DecideMemorial(ctx, w.other, r.ID, true); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Fatalf("a member approves: %v", err)
	}
	if err := db.DecideMemorial(ctx, staff, r.ID, true); err != nil {
		t.Fatal(err)
	}
	m, err := db.FindMemberByHandle(ctx, "member0")
	if err != nil || !m.IsMemorial() || m.Contactable() {
		t.Fatalf("memorial member: %+v %v", m, err)
	}
	if _, err := db.Authenticate(ctx, "member0", "long enough password"); hearth.ErrorCode(err) != hearth.EForbidden || !strings.Contains(hearth.ErrorMessage(err), "memorial") {
		t.Fatalf("sign-in to a memorial account: %v", err)
	}
	for q, want := range map[string]int{
		`SELECT COUNT(*) FROM sessions WHERE member_id = $1`:                          0,
		`SELECT COUNT(*) FROM notifications WHERE member_id = $1`:                     0,
		`SELECT COUNT(*) FROM audit_log WHERE action = 'memorial' AND target_id = $1`: 1,
		`SELECT COUNT(*) FROM posts WHERE author_id = $1 AND status = 'published'`:    3,
	} {
		if n := sqldb.CountForTest(db, q, w.me.ID); n != want {
			t.Errorf("%s: %d, want %d", q, n, want)
		}
	}
	if _, _, err := db.StartConversation(ctx, w.other, hearth.NewConversation{To: []string{"member0"}, Body: "Hello"}); hearth.ErrorField(err) != "to" || !strings.Contains(hearth.ErrorMessage(err), "memorial") {
		t.Errorf("a message to a memorial account: %v", err)
	}
	// New replies in their thread and mentions notify them no more.
	if _, err := db.CreateReply(ctx, w.other, w.thread.ID, "Remembering you, @member0."); err != nil {
		t.Fatal(err)
	}
	if n := sqldb.CountForTest(db, `SELECT COUNT(*) FROM notifications WHERE member_id = $1`, w.me.ID); n != 0 {
		t.Errorf("memorial account notified %d times", n)
	}
	if ids, err := db.DigestMembers(ctx, hearth.EmailWeekly, db.Now().Add(1e12)); err != nil || len(ids) != 0 && ids[0] == w.me.ID {
		t.Errorf("digest for a memorial account: %v %v", ids, err)
	}
	rs, err := db.ListMemorialRequests(ctx, staff)
	if err != nil || len(rs) != 1 || rs[0].Status != "approved" || rs[0].DecidedBy != "staffer" {
		t.Fatalf("requests: %+v %v", rs, err)
	}
}
