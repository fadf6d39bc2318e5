package sqldb_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// eventFixture: a public and a private community, a moderator (who hosts
// the events), a member of both and an outsider; the clock at
// 2026-11-01 12:00 UTC.
type eventFixture struct {
	db                              *sqldb.DB
	clock                           *sqldbtest.Clock
	mod, member, outsider, staff    *hearth.Member
	publicEvent, privateEvent, week *hearth.Event
}

func newEventFixture(t *testing.T) *eventFixture {
	t.Helper()
	ctx := context.Background()
	db, clock := sqldbtest.MustOpen(t)
	f := &eventFixture{db: db, clock: clock}
	f.mod = mustMember(t, db, "nurse_mod", hearth.RoleClinician)
	f.member = mustMember(t, db, "member_one", hearth.RoleMember)
	f.outsider = mustMember(t, db, "outsider", hearth.RoleMember)
	f.staff = mustMember(t, db, "site_admin", hearth.RoleAdmin)
	for _, c := range []struct {
		slug string
		v    hearth.Visibility
	}{{"open", hearth.Public}, {"closed", hearth.Private}} {
		mustCommunity(t, db, c.slug, c.v)
		if err := db.SetModerator(ctx, c.slug, f.mod.Handle); err != nil {
			t.Fatal(err)
		}
		if err := db.AddMember(ctx, c.slug, f.member.Handle); err != nil {
			t.Fatal(err)
		}
	}
	var err error
	once := hearth.NewEvent{Title: "Ask the nurse", Description: "Bring your **questions**.", Hosts: f.mod.Handle, Date: "2026-11-01", Time: "12:30",
		TimeZone: "UTC", Duration: "60", Repeat: "once"}
	if f.publicEvent, err = db.CreateEvent(ctx, f.mod, "open", once); err != nil {
		t.Fatal(err)
	}
	if f.privateEvent, err = db.CreateEvent(ctx, f.mod, "closed", once); err != nil {
		t.Fatal(err)
	}
	weekly := hearth.NewEvent{Title: "Sunday chat", Hosts: f.mod.Handle, Date: "2026-11-01", Time: "21:00", TimeZone: "America/New_York",
		Duration: "60", Repeat: "weekly"}
	if f.week, err = db.CreateEvent(ctx, f.mod, "open", weekly); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *eventFixture) at(t time.Time) { f.clock.T = t }

func TestCreateEventRules(t *testing.T) {
	f := newEventFixture(t)
	ctx := context.Background()
	n := hearth.NewEvent{Title: "x", Hosts: "nurse_mod", Date: "2026-11-02", Time: "10:00", TimeZone: "UTC", Duration: "60"}
	if _, err := f.db.CreateEvent(ctx, f.member, "open", n); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a member schedules: %v", err)
	}
	if _, err := f.db.CreateEvent(ctx, nil, "open", n); hearth.ErrorCode(err) != hearth.EUnauthorized {
		t.Errorf("signed out: %v", err)
	}
	if _, err := f.db.CreateEvent(ctx, f.staff, "open", n); err != nil {
		t.Errorf("staff: %v", err)
	}
	bad := n
	bad.Hosts = "nobody_here"
	if _, err := f.db.CreateEvent(ctx, f.mod, "open", bad); hearth.ErrorField(err) != "hosts" {
		t.Errorf("unknown host: %v", err)
	}
	if _, err := f.db.CreateEvent(ctx, f.outsider, "closed", n); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("outsider, private community: %v", err)
	}
	e, err := f.db.FindEvent(ctx, f.mod, f.week.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !e.IsHost || !e.IsModerator || e.StartTime != "21:00" || e.TimeZone != "America/New_York" || len(e.Hosts) != 1 || e.Repeat != hearth.RepeatWeekly {
		t.Errorf("stored event: %+v", e)
	}
	// A host who does not moderate may change the event; a member may not.
	upd := hearth.NewEvent{Title: "Sunday night chat", Hosts: "nurse_mod, member_one", Date: "2026-11-01", Time: "20:00",
		TimeZone: "America/New_York", Duration: "90", Repeat: "weekly"}
	if _, err := f.db.UpdateEvent(ctx, f.member, f.week.ID, upd); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("member edits: %v", err)
	}
	if e, err = f.db.UpdateEvent(ctx, f.mod, f.week.ID, upd); err != nil || e.StartTime != "20:00" || len(e.Hosts) != 2 || e.Duration != 90*time.Minute {
		t.Fatalf("update: %+v %v", e, err)
	}
	upd.Title = "Edited by a co-host"
	if _, err := f.db.UpdateEvent(ctx, f.member, f.week.ID, upd); err != nil {
		t.Errorf("co-host edits: %v", err)
	}
}

func TestEventVisibility(t *testing.T) {
	f := newEventFixture(t)
	ctx := context.Background()
	for _, c := range []struct {
		who  *hearth.Member
		name string
		want int
	}{{nil, "signed out", 2}, {f.outsider, "outsider", 2}, {f.member, "member", 3}, {f.staff, "staff", 3}} {
		es, err := f.db.ListEvents(ctx, c.who, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != c.want {
			t.Errorf("%s lists %d events, want %d", c.name, len(es), c.want)
		}
		_, err = f.db.FindEvent(ctx, c.who, f.privateEvent.ID)
		if (err == nil) != (c.want == 3) {
			t.Errorf("%s finds the private event: %v", c.name, err)
		}
		if _, err := f.db.FindRSVP(ctx, c.who, f.privateEvent.ID, "2026-11-01"); (err == nil) != (c.want == 3) {
			t.Errorf("%s reads the private RSVPs: %v", c.name, err)
		}
	}
	if _, err := f.db.ListEvents(ctx, f.outsider, "closed"); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("outsider lists the private community's events: %v", err)
	}
	// Ended events leave the lists.
	f.at(time.Date(2026, 11, 1, 13, 31, 0, 0, time.UTC))
	if es, _ := f.db.ListEvents(ctx, f.member, "open"); len(es) != 1 || es[0].ID != f.week.ID {
		t.Errorf("after the one-off ended: %d events", len(es))
	}
}

func TestLiveRoom(t *testing.T) {
	f := newEventFixture(t)
	ctx := context.Background()
	id := f.publicEvent.ID
	if _, err := f.db.PostLiveMessage(ctx, f.member, id, hearth.NewLiveMessage{Body: "early"}); hearth.ErrorCode(err) != hearth.EConflict {
		t.Fatalf("before the room opens: %v", err)
	}
	f.at(time.Date(2026, 11, 1, 12, 20, 0, 0, time.UTC)) // the room opens at 12:15
	if _, err := f.db.PostLiveMessage(ctx, f.member, id, hearth.NewLiveMessage{Body: "Is this a question?", Question: true}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a member asks a numbered question: %v", err)
	}
	if _, err := f.db.PostLiveMessage(ctx, f.outsider, f.privateEvent.ID, hearth.NewLiveMessage{Body: "hi"}); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("an outsider in the private room: %v", err)
	}
	if _, err := f.db.PostLiveMessage(ctx, f.member, id, hearth.NewLiveMessage{Body: "A1: too soon"}); hearth.ErrorField(err) != "topic" {
		t.Errorf("an answer to a question not asked: %v", err)
	}
	post := func(who *hearth.Member, n hearth.NewLiveMessage) *hearth.LiveMessage {
		t.Helper()
		m, err := f.db.PostLiveMessage(ctx, who, id, n)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	hello := post(f.member, hearth.NewLiveMessage{Body: "Hello everyone"})
	q1 := post(f.mod, hearth.NewLiveMessage{Body: "What helps you sleep?", Question: true})
	a1 := post(f.member, hearth.NewLiveMessage{Body: "A1: a dark room", Topic: 0})
	q2 := post(f.mod, hearth.NewLiveMessage{Body: "What about naps?", Question: true})
	a2 := post(f.outsider, hearth.NewLiveMessage{Body: "short ones", Topic: 2})
	spam := post(f.outsider, hearth.NewLiveMessage{Body: "buy my pills", Topic: 1})
	if q1.Number != 1 || q2.Number != 2 || a1.Topic != 1 || a2.Topic != 2 || !q1.IsHost || a1.IsHost || q1.Tag() != "Q1" || a2.Tag() != "Q2" {
		t.Errorf("numbering: q1 %+v q2 %+v a1 %+v a2 %+v", q1, q2, a1, a2)
	}
	if _, err := f.db.HideLiveMessage(ctx, f.member, id, spam.ID); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a member hides: %v", err)
	}
	if _, err := f.db.HideLiveMessage(ctx, f.mod, id, spam.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.HideLiveMessage(ctx, f.mod, id, spam.ID); err != nil {
		t.Fatal("hiding twice:", err)
	}
	// The audit log has the hide, once.
	log, _, err := f.db.ListAudit(ctx, f.staff, hearth.ActHide, 1)
	if err != nil || len(log) != 1 || log[0].TargetType != "live_message" || log[0].TargetID != spam.ID || log[0].Actor != "nurse_mod" || log[0].Member != "outsider" {
		t.Errorf("audit log: %v %+v", err, log)
	}
	ms, err := f.db.ListLiveMessages(ctx, nil, id, "2026-11-01", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	if want := []int64{hello.ID, q1.ID, a1.ID, q2.ID, a2.ID}; !slices.Equal(ids, want) {
		t.Errorf("messages %v, want %v", ids, want)
	}
	if after, _ := f.db.ListLiveMessages(ctx, nil, id, "2026-11-01", q2.ID, 100); len(after) != 1 || after[0].ID != a2.ID {
		t.Errorf("after q2: %+v", after)
	}
	if hidden, _ := f.db.HiddenLiveMessages(ctx, nil, id, "2026-11-01"); !slices.Equal(hidden, []int64{spam.ID}) {
		t.Errorf("hidden %v", hidden)
	}
	// The private room's messages are not listed to an outsider.
	if _, err := f.db.PostLiveMessage(ctx, f.member, f.privateEvent.ID, hearth.NewLiveMessage{Body: "inside"}); err != nil {
		t.Fatal(err)
	}
	if ms, _ := f.db.ListLiveMessages(ctx, f.outsider, f.privateEvent.ID, "2026-11-01", 0, 100); len(ms) != 0 {
		t.Errorf("outsider reads %d private messages", len(ms))
	}
	if ms, _ := f.db.ListLiveMessages(ctx, f.member, f.privateEvent.ID, "2026-11-01", 0, 100); len(ms) != 1 {
		t.Errorf("member reads %d private messages", len(ms))
	}
	f.at(time.Date(2026, 11, 1, 13, 30, 0, 0, time.UTC))
	if _, err := f.db.PostLiveMessage(ctx, f.member, id, hearth.NewLiveMessage{Body: "late"}); hearth.ErrorCode(err) != hearth.EConflict {
		t.Errorf("after the end: %v", err)
	}
}

func TestArchiveTranscript(t *testing.T) {
	f := newEventFixture(t)
	ctx := context.Background()
	id := f.publicEvent.ID
	f.at(time.Date(2026, 11, 1, 12, 31, 0, 0, time.UTC))
	for _, m := range []struct {
		who *hearth.Member
		n   hearth.NewLiveMessage
	}{
		{f.member, hearth.NewLiveMessage{Body: "Hi all"}},
		{f.mod, hearth.NewLiveMessage{Body: "What helps you sleep?", Question: true}},
		{f.member, hearth.NewLiveMessage{Body: "A1: a fan\nand earplugs"}},
		{f.mod, hearth.NewLiveMessage{Body: "Who else naps?", Question: true}},
		{f.outsider, hearth.NewLiveMessage{Body: "I nap daily", Topic: 2}},
		{f.outsider, hearth.NewLiveMessage{Body: "visit my shop", Topic: 1}},
	} {
		if _, err := f.db.PostLiveMessage(ctx, m.who, id, m.n); err != nil {
			t.Fatal(err)
		}
	}
	ms, _ := f.db.ListLiveMessages(ctx, f.mod, id, "2026-11-01", 0, 100)
	if _, err := f.db.HideLiveMessage(ctx, f.mod, id, ms[len(ms)-1].ID); err != nil {
		t.Fatal(err)
	}
	if n, err := f.db.ArchiveDue(ctx); err != nil || n != 0 {
		t.Fatalf("archived %d while live: %v", n, err)
	}
	// Several archivers at once (requests, nodes, the command): one wins.
	// (A fixed clock: the test clock is not safe for concurrent use.)
	ended := time.Date(2026, 11, 1, 13, 30, 0, 0, time.UTC)
	f.db.Now = func() time.Time { return ended }
	var wg sync.WaitGroup
	counts := make([]int, 4)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := f.db.ArchiveDue(ctx)
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		}()
	}
	wg.Wait()
	if total := counts[0] + counts[1] + counts[2] + counts[3]; total != 1 {
		t.Fatalf("archived %v times", counts)
	}
	ss, err := f.db.ListSessions(ctx, nil, id)
	if err != nil || len(ss) != 1 || ss[0].ThreadID == 0 || ss[0].ArchivedAt.IsZero() || ss[0].Questions != 2 {
		t.Fatalf("sessions %+v %v", ss, err)
	}
	tp, err := f.db.FindThreadPage(ctx, nil, ss[0].ThreadID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(tp.Thread.Title, "Transcript: Ask the nurse, November 1, 2026") || tp.Thread.CommunitySlug != "open" || tp.Opening.Author != "nurse_mod" {
		t.Errorf("thread %+v by %s", tp.Thread, tp.Opening.Author)
	}
	if len(tp.Replies) != 3 {
		t.Fatalf("%d replies, want Q1, Q2 and other messages", len(tp.Replies))
	}
	for i, want := range []string{"### Q1: What helps you sleep?", "### Q2: Who else naps?", "### Other messages"} {
		if !strings.HasPrefix(tp.Replies[i].Body, want) {
			t.Errorf("reply %d starts %q, want %q", i+1, firstLine(tp.Replies[i].Body), want)
		}
	}
	if !strings.Contains(tp.Replies[0].Body, "**@member_one**, 12:31 p.m.: A1: a fan\n  and earplugs") || !strings.Contains(tp.Replies[1].Body, "I nap daily") ||
		!strings.Contains(tp.Replies[2].Body, "Hi all") || strings.Contains(tp.Opening.Body+tp.Replies[0].Body, "visit my shop") {
		t.Errorf("transcript:\n%s\n---\n%s\n---\n%s\n---\n%s", tp.Opening.Body, tp.Replies[0].Body, tp.Replies[1].Body, tp.Replies[2].Body)
	}
	if n, _ := f.db.ArchiveDue(ctx); n != 0 {
		t.Errorf("archived again: %d", n)
	}
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

func TestExceptionsAndRSVPs(t *testing.T) {
	f := newEventFixture(t)
	ctx := context.Background()
	id := f.week.ID
	ny, _ := hearth.LoadZone("America/New_York")
	if err := f.db.SetException(ctx, f.member, id, hearth.Exception{Date: "2026-11-08", Skip: true}); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("member skips: %v", err)
	}
	if err := f.db.SetException(ctx, f.mod, id, hearth.Exception{Date: "2026-11-09", Skip: true}); hearth.ErrorField(err) != "date" {
		t.Errorf("skip a Monday: %v", err)
	}
	if err := f.db.SetException(ctx, f.mod, id, hearth.Exception{Date: "2026-11-08", Skip: true}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetRSVP(ctx, f.member, id, "2026-11-08", true); hearth.ErrorCode(err) != hearth.EConflict {
		t.Errorf("RSVP to a skipped session: %v", err)
	}
	if err := f.db.SetRSVP(ctx, f.member, id, "2026-11-15", true); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetRSVP(ctx, f.member, id, "2026-11-15", true); err != nil {
		t.Fatal("a second yes is fine:", err)
	}
	if r, _ := f.db.FindRSVP(ctx, f.member, id, "2026-11-15"); r == nil || r.Count != 1 || !r.Going {
		t.Errorf("rsvp %+v", r)
	}
	moved := time.Date(2026, 11, 14, 10, 0, 0, 0, ny)
	if err := f.db.SetException(ctx, f.mod, id, hearth.Exception{Date: "2026-11-15", MovedTo: moved}); err != nil {
		t.Fatal(err)
	}
	e, _ := f.db.FindEvent(ctx, nil, id)
	if len(e.Exceptions) != 2 {
		t.Fatalf("exceptions %+v", e.Exceptions)
	}
	// The reminder follows the moved session: an hour before Saturday 10 a.m.
	f.at(moved.Add(-2 * time.Hour))
	if n, err := f.db.SendReminders(ctx); err != nil || n != 0 {
		t.Fatalf("two hours before: %d reminders, %v", n, err)
	}
	f.at(moved.Add(-50 * time.Minute))
	if n, err := f.db.SendReminders(ctx); err != nil || n != 1 {
		t.Fatalf("50 minutes before: %d reminders, %v", n, err)
	}
	if n, _ := f.db.SendReminders(ctx); n != 0 {
		t.Errorf("reminded twice: %d", n)
	}
	ns, _, err := f.db.ListNotifications(ctx, f.member, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 1 || ns[0].Kind != hearth.NotifyEvent || ns[0].URL != "/events/"+strconv.FormatInt(id, 10)+"/live" || ns[0].Title != "Sunday chat" || ns[0].Actor != "nurse_mod" {
		t.Errorf("notifications %+v", ns)
	}
	if err := f.db.ClearException(ctx, f.mod, id, "2026-11-08"); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetRSVP(ctx, f.member, id, "2026-11-08", true); hearth.ErrorCode(err) != hearth.EConflict {
		t.Errorf("RSVP to a session that ended (Nov 8 is past now): %v", err)
	}
	if err := f.db.SetRSVP(ctx, f.member, id, "2026-11-15", false); err != nil {
		t.Fatal(err)
	}
	if r, _ := f.db.FindRSVP(ctx, f.member, id, "2026-11-15"); r.Count != 0 || r.Going {
		t.Errorf("after no: %+v", r)
	}
}

func TestMemberTimeZone(t *testing.T) {
	f := newEventFixture(t)
	ctx := context.Background()
	if tz, err := f.db.MemberTimeZone(ctx, f.member); err != nil || tz != "" {
		t.Fatalf("default %q %v", tz, err)
	}
	if err := f.db.SetMemberTimeZone(ctx, f.member, "Mars/Olympus"); hearth.ErrorField(err) != "time_zone" {
		t.Errorf("unknown zone: %v", err)
	}
	if err := f.db.SetMemberTimeZone(ctx, f.member, "Europe/Berlin"); err != nil {
		t.Fatal(err)
	}
	if tz, _ := f.db.MemberTimeZone(ctx, f.member); tz != "Europe/Berlin" {
		t.Errorf("saved %q", tz)
	}
	if tz, _ := f.db.MemberTimeZone(ctx, f.outsider); tz != "" {
		t.Errorf("another member's zone %q", tz)
	}
}
