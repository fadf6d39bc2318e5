package sqldb_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// fixedClock is a settable clock for storage.
type fixedClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fixedClock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fixedClock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

var mentorT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func mentorDB(t *testing.T) (*sqldb.DB, *fixedClock) {
	db := MustOpenDB(t)
	c := &fixedClock{t: mentorT0}
	db.Now = c.Now
	return db, c
}

// newcomerIn creates a member who reads lang and joins slug.
func newcomerIn(t *testing.T, db *sqldb.DB, handle, lang, slug string) *hearth.Member {
	t.Helper()
	ctx := context.Background()
	m := mustMember(t, db, handle, hearth.RoleMember)
	if err := db.SetLanguageByID(ctx, m.ID, lang); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Join(ctx, m, slug); err != nil {
		t.Fatal(err)
	}
	return m
}

// volunteer creates a mentor who belongs to slug and volunteers there.
func volunteer(t *testing.T, db *sqldb.DB, handle, slug string, capacity int, langs ...string) *hearth.Member {
	t.Helper()
	ctx := context.Background()
	m, err := db.FindMemberByHandle(ctx, handle)
	if err != nil {
		m = mustMember(t, db, handle, hearth.RoleMentor)
	}
	if err := db.AddMember(ctx, slug, handle); err != nil {
		t.Fatal(err)
	}
	if _, err := db.VolunteerMentor(ctx, m, hearth.Volunteer{Community: slug, Languages: langs, Capacity: capacity}); err != nil {
		t.Fatalf("volunteer %s: %v", handle, err)
	}
	return m
}

// mentorOf returns the newcomer's mentor in slug ("" for none).
func mentorOf(t *testing.T, db *sqldb.DB, newcomer *hearth.Member, slug string) string {
	t.Helper()
	p, err := db.MentorPage(context.Background(), newcomer)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range p.Offers {
		if o.Community == slug {
			return o.Mentor
		}
	}
	return ""
}

func TestMentorAssignment(t *testing.T) {
	ctx := context.Background()
	db, clock := mentorDB(t)
	mustCommunity(t, db, "epi", hearth.Public)
	mustCommunity(t, db, "t1d", hearth.Public)
	ana := volunteer(t, db, "ana", "epi", 2, "en")
	clock.Set(mentorT0.Add(time.Minute)) // ties go to the earliest volunteer
	volunteer(t, db, "ben", "epi", 1, "en", "es")
	volunteer(t, db, "cyd", "epi", 1, "es")
	volunteer(t, db, "dee", "t1d", 3, "en")
	gus := volunteer(t, db, "gus", "t1d", 9, "en")
	mod := mustMember(t, db, "mo_admin", hearth.RoleAdmin)
	if err := db.ModerateMember(ctx, mod, "gus", hearth.MemberAction{Action: hearth.ActSuspend, Reason: "spam in replies", Days: 7}); err != nil {
		t.Fatal(err)
	}
	_ = gus
	for _, tc := range []struct {
		newcomer, lang, slug, want string
	}{
		{"new1", "en", "epi", "ana"}, // all at 0: the earliest volunteer
		{"new2", "en", "epi", "ben"}, // ana has 1, ben 0
		{"new3", "es", "epi", "cyd"}, // ben is full; cyd speaks Spanish
		{"new4", "en", "epi", "ana"}, // ana has room for a second
		{"new5", "en", "epi", ""},    // everyone speaking English is full
		{"new6", "es", "epi", ""},    // everyone speaking Spanish is full
		{"new7", "fr", "epi", ""},    // nobody speaks French
		{"new8", "en", "t1d", "dee"}, // another community's mentors; gus is suspended though emptier
		{"new9", "en", "t1d", "dee"},
	} {
		n := newcomerIn(t, db, tc.newcomer, tc.lang, tc.slug)
		if got := mentorOf(t, db, n, tc.slug); got != tc.want {
			t.Errorf("%s (%s, %s): mentor %q, want %q", tc.newcomer, tc.lang, tc.slug, got, tc.want)
		}
	}
	// A French-speaking mentor who joined as a newcomer (and waits, like
	// new7) volunteers: new7 gets her, she never gets herself.
	fay := mustMember(t, db, "fay", hearth.RoleMentor)
	db.SetLanguageByID(ctx, fay.ID, "fr")
	if _, err := db.Join(ctx, fay, "epi"); err != nil {
		t.Fatal(err)
	}
	volunteer(t, db, "fay", "epi", 5, "fr")
	new7, _ := db.FindMemberByHandle(ctx, "new7")
	if got := mentorOf(t, db, new7, "epi"); got != "fay" {
		t.Errorf("new7 after fay volunteered: %q, want fay", got)
	}
	if got := mentorOf(t, db, fay, "epi"); got != "" {
		t.Errorf("fay mentors herself: %q", got)
	}
	// A declined offer frees a place: new5 gets it at the next sweep.
	new1, _ := db.FindMemberByHandle(ctx, "new1")
	id, _ := db.MentorshipID(ctx, "epi", "new1")
	if err := db.AnswerMentorOffer(ctx, new1, id, hearth.OfferDecline); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MentorSweep(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	new5, _ := db.FindMemberByHandle(ctx, "new5")
	if got := mentorOf(t, db, new5, "epi"); got != "ana" {
		t.Errorf("new5 after new1 declined: %q, want ana", got)
	}
	// The mentor's page lists their mentees; the load counts the open ones.
	p, err := db.MentorPage(ctx, ana)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range p.Mentees {
		got = append(got, m.Newcomer+":"+m.Status)
	}
	if want := []string{"new5:offered", "new4:offered", "new1:declined"}; !slices.Equal(got, want) {
		t.Errorf("ana's mentees = %v, want %v", got, want)
	}
	if len(p.Volunteer) != 1 || p.Volunteer[0].Active != 2 || p.Volunteer[0].Capacity != 2 {
		t.Errorf("ana's volunteering = %+v", p.Volunteer)
	}
	// Staff joining get no mentor; members who opted out neither.
	if _, err := db.Join(ctx, mod, "epi"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MentorshipID(ctx, "epi", "mo_admin"); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("staff got a mentorship: %v", err)
	}
}

func TestLanguageFromAccept(t *testing.T) {
	for in, want := range map[string]string{
		"":                             "en",
		"es-MX,es;q=0.9,en;q=0.8":      "es",
		"en-US;q=0.5, vi;q=0.9":        "vi",
		"xx, fr-CA":                    "fr",
		"*":                            "en",
		"de;q=0, pt-BR":                "pt",
		"zh-Hant-TW;q=0.7, ko;q=0.7":   "zh",
		"garbage;;;q=abc, ht;q=0.1, x": "ht",
	} {
		if got := hearth.LanguageFromAccept(in); got != want {
			t.Errorf("LanguageFromAccept(%q) = %q, want %q", in, got, want)
		}
	}
}

// mentorNotes lists a member's mentoring notifications' titles.
func mentorNotes(t *testing.T, db *sqldb.DB, m *hearth.Member) []string {
	t.Helper()
	var out []string
	for _, k := range kinds(t, db, m) {
		if s, ok := strings.CutPrefix(k, "mentor:"); ok {
			out = append(out, s)
		}
	}
	return out
}

func TestMentorReminders(t *testing.T) {
	ctx := context.Background()
	db, clock := mentorDB(t)
	mustCommunity(t, db, "epi", hearth.Public)
	ana := volunteer(t, db, "ana", "epi", 5, "en")
	kim := newcomerIn(t, db, "kim", "en", "epi")
	lou := newcomerIn(t, db, "lou", "en", "epi")
	max := newcomerIn(t, db, "max", "en", "epi")
	want(t, "kim", mentorNotes(t, db, kim), "A mentor can welcome you to epi community")
	want(t, "ana", mentorNotes(t, db, ana), "Please welcome @max to epi community", "Please welcome @lou to epi community", "Please welcome @kim to epi community")

	// lou opts out a day later; ana checks in with max on day 2.
	clock.Set(mentorT0.Add(24 * time.Hour))
	if err := db.SetMentoringOptOut(ctx, lou, true); err != nil {
		t.Fatal(err)
	}
	clock.Set(mentorT0.Add(48 * time.Hour))
	maxID, _ := db.MentorshipID(ctx, "epi", "max")
	if err := db.MarkMentee(ctx, ana, maxID, hearth.MenteeCheckedIn); err != nil {
		t.Fatal(err)
	}
	sweep := func(at time.Time, wantSent int) {
		t.Helper()
		clock.Set(at)
		n, err := db.MentorSweep(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		if n != wantSent {
			t.Errorf("sweep at T0+%v sent %d reminders, want %d", at.Sub(mentorT0), n, wantSent)
		}
	}
	week, month := hearth.MentorWeekReminder, hearth.MentorMonthReminder
	sweep(mentorT0.Add(week-time.Millisecond), 0)
	sweep(mentorT0.Add(week), 1) // kim only: lou opted out, max was checked in
	sweep(mentorT0.Add(week), 0) // never twice
	want(t, "ana", mentorNotes(t, db, ana), "One week on: check in with @kim", "Please welcome @max to epi community", "Please welcome @kim to epi community")
	sweep(mentorT0.Add(month-time.Millisecond), 0)
	sweep(mentorT0.Add(month), 2) // kim and max (checked in long before); still not lou
	sweep(mentorT0.Add(month+time.Hour), 0)
	want(t, "ana", mentorNotes(t, db, ana), "One month on: check in with @max", "One month on: check in with @kim",
		"One week on: check in with @kim", "Please welcome @max to epi community", "Please welcome @kim to epi community")
	// lou's offer and ana's prompt about lou are gone, and lou gets no
	// mentor in the next community either.
	want(t, "lou", mentorNotes(t, db, lou))
	mustCommunity(t, db, "t1d", hearth.Public)
	volunteer(t, db, "ana", "t1d", 5, "en")
	if _, err := db.Join(ctx, lou, "t1d"); err != nil {
		t.Fatal(err)
	}
	if got := mentorOf(t, db, lou, "t1d"); got != "" {
		t.Errorf("lou opted out but got %q in t1d", got)
	}
	_ = max
}

func TestMentoringCoverageAndPermissions(t *testing.T) {
	ctx := context.Background()
	db, clock := mentorDB(t)
	mustCommunity(t, db, "epi", hearth.Public)
	mustCommunity(t, db, "priv", hearth.Private)
	mustCommunity(t, db, "other", hearth.Public)
	ana := volunteer(t, db, "ana", "epi", 1, "en")
	ben := volunteer(t, db, "ben", "epi", 3, "en")
	volunteer(t, db, "ana", "priv", 2, "en")
	plain := mustMember(t, db, "plain", hearth.RoleMember)
	db.AddMember(ctx, "epi", "plain")
	mod := mustMember(t, db, "modi", hearth.RoleMember)
	if err := db.SetModerator(ctx, "epi", "modi"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetModerator(ctx, "priv", "modi"); err != nil {
		t.Fatal(err)
	}

	// A non-mentor cannot volunteer; a mentor only where they belong.
	_, err := db.VolunteerMentor(ctx, plain, hearth.Volunteer{Community: "epi", Languages: []string{"en"}, Capacity: 2})
	if hearth.ErrorCode(err) != hearth.EForbidden || !strings.Contains(hearth.ErrorMessage(err), "mentor role") {
		t.Errorf("non-mentor volunteers: %v", err)
	}
	_, err = db.VolunteerMentor(ctx, ana, hearth.Volunteer{Community: "other", Languages: []string{"en"}, Capacity: 2})
	if hearth.ErrorField(err) != "community" {
		t.Errorf("volunteer outside one's communities: %v", err)
	}
	for _, bad := range []hearth.Volunteer{
		{Community: "epi", Capacity: 2},
		{Community: "epi", Languages: []string{"klingon"}, Capacity: 2},
		{Community: "epi", Languages: []string{"en"}, Capacity: 0},
		{Community: "epi", Languages: []string{"en"}, Capacity: 99},
	} {
		if _, err := db.VolunteerMentor(ctx, ana, bad); hearth.ErrorCode(err) != hearth.EInvalid {
			t.Errorf("VolunteerMentor(%+v) = %v, want invalid", bad, err)
		}
	}
	// Newcomers at different times; one joins priv through a request.
	new1 := newcomerIn(t, db, "new1", "en", "epi")
	clock.Set(mentorT0.Add(3 * time.Hour))
	newcomerIn(t, db, "new2", "en", "epi")
	clock.Set(mentorT0.Add(50 * time.Hour))
	new3 := mustMember(t, db, "new3", hearth.RoleMember)
	if st, _ := db.Join(ctx, new3, "priv"); st != hearth.MembershipPending {
		t.Fatalf("join priv: %q", st)
	}
	if err := db.Approve(ctx, mod, "priv", "new3", true); err != nil {
		t.Fatal(err)
	}
	if got := mentorOf(t, db, new3, "priv"); got != "ana" {
		t.Errorf("approved request: mentor %q, want ana", got)
	}

	// A non-moderator sees no coverage; an outsider of a private
	// community is not told it exists.
	if _, err := db.MentoringCoverage(ctx, plain, "epi"); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("member sees coverage: %v", err)
	}
	if _, err := db.MentoringCoverage(ctx, plain, "priv"); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("outsider sees private coverage: %v", err)
	}
	if _, err := db.ListMentoringCoverage(ctx, plain); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("member lists coverage: %v", err)
	}
	clock.Set(mentorT0.Add(72 * time.Hour))
	cov, err := db.MentoringCoverage(ctx, mod, "epi")
	if err != nil {
		t.Fatal(err)
	}
	var waiting []string
	for _, w := range cov.Waiting {
		waiting = append(waiting, w.Newcomer+"/"+w.Mentor+"/"+cov.Waited(w))
	}
	if want := []string{"new1/ana/3 days", "new2/ben/2 days"}; !slices.Equal(waiting, want) {
		t.Errorf("waiting = %v, want %v", waiting, want)
	}
	var loads []string
	for _, m := range cov.Mentors {
		loads = append(loads, m.Mentor+":"+itoa(int64(m.Active))+"/"+itoa(int64(m.Capacity)))
	}
	if want := []string{"ana:1/1", "ben:1/3"}; !slices.Equal(loads, want) {
		t.Errorf("loads = %v, want %v", loads, want)
	}
	// Welcomed newcomers leave the list; only their mentor may mark them.
	id1, _ := db.MentorshipID(ctx, "epi", "new1")
	if err := db.MarkMentee(ctx, ben, id1, hearth.MenteeWelcomed); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("another mentor marks new1: %v", err)
	}
	if err := db.MarkMentee(ctx, ana, id1, hearth.MenteeWelcomed); err != nil {
		t.Fatal(err)
	}
	// Reassign new2 from ben to ana (a moderator may go over capacity).
	if err := db.ReassignMentor(ctx, plain, "epi", "new2", "ana"); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("member reassigns: %v", err)
	}
	if err := db.ReassignMentor(ctx, mod, "epi", "new2", "plain"); hearth.ErrorField(err) != "mentor" {
		t.Errorf("reassign to a non-volunteer: %v", err)
	}
	if err := db.ReassignMentor(ctx, mod, "epi", "new2", "ana"); err != nil {
		t.Fatal(err)
	}
	if es, _, err := db.ListAudit(ctx, mustMember(t, db, "auditor", hearth.RoleAdmin), hearth.ActReassignMentor, 1); err != nil || len(es) != 1 ||
		es[0].Member != "new2" || es[0].Detail != "new mentor: @ana" {
		t.Errorf("reassignment not audited: %+v %v", es, err)
	}
	cov, _ = db.MentoringCoverage(ctx, mod, "epi")
	if len(cov.Waiting) != 1 || cov.Waiting[0].Newcomer != "new2" || cov.Waiting[0].Mentor != "ana" {
		t.Errorf("after welcome and reassign: %+v", cov.Waiting)
	}
	if ns := mentorNotes(t, db, ben); len(ns) != 0 {
		t.Errorf("ben still sees his prompt about new2: %v", ns)
	}
	if ns := mentorNotes(t, db, ana); len(ns) == 0 || ns[0] != "Please welcome @new2 to epi community" {
		t.Errorf("ana's prompts: %v", ns)
	}
	all, err := db.ListMentoringCoverage(ctx, mod)
	if err != nil || len(all) != 2 {
		t.Fatalf("ListMentoringCoverage: %d, %v", len(all), err)
	}
	// Last activity: a published post by the newcomer in that community.
	th, err := db.CreateThread(ctx, new1, "epi", hearth.NewThread{Title: "Hello from a new member", Body: "Glad to be here, thanks for having me."})
	if err != nil {
		t.Fatal(err)
	}
	_ = th
	p, _ := db.MentorPage(ctx, ana)
	for _, m := range p.Mentees {
		if m.Newcomer == "new1" && !m.LastActive.Equal(clock.Now().Truncate(time.Millisecond)) {
			t.Errorf("new1 last active = %v, want %v", m.LastActive, clock.Now())
		}
		if m.Newcomer == "new1" && m.WelcomedAt.IsZero() {
			t.Error("new1 not marked welcomed")
		}
	}
}
