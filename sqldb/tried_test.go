package sqldb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// triedFixture is a community with a moderator, members m0…m(n-1) and a
// treatment list (Levetiracetam, also called Keppra; Lamotrigine; Sleep
// routine). The test clock starts in November 2026.
type triedFixture struct {
	t       *testing.T
	db      *sqldb.DB
	slug    string
	mod     *hearth.Member
	members []*hearth.Member
	lev     *hearth.Treatment
	lam     *hearth.Treatment
	sleep   *hearth.Treatment
}

func newTriedFixture(t *testing.T, v hearth.Visibility, n int) *triedFixture {
	t.Helper()
	ctx := context.Background()
	db := MustOpenDB(t)
	f := &triedFixture{t: t, db: db, slug: "epi"}
	mustCommunity(t, db, f.slug, v)
	f.mod = mustMember(t, db, "modder", hearth.RoleMember)
	if err := db.SetModerator(ctx, f.slug, "modder"); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		m := mustMember(t, db, fmt.Sprintf("member%d", i), hearth.RoleMember)
		if err := db.AddMember(ctx, f.slug, m.Handle); err != nil {
			t.Fatal(err)
		}
		f.members = append(f.members, m)
	}
	var err error
	if f.lev, err = db.AddTreatment(ctx, f.mod, f.slug, hearth.NewTreatment{Name: "Levetiracetam", Category: hearth.CategoryMedication, Synonyms: []string{"Keppra", " keppra ", "Spritam"}}); err != nil {
		t.Fatal(err)
	}
	if f.lam, err = db.AddTreatment(ctx, f.mod, f.slug, hearth.NewTreatment{Name: "Lamotrigine", Category: hearth.CategoryMedication}); err != nil {
		t.Fatal(err)
	}
	if f.sleep, err = db.AddTreatment(ctx, f.mod, f.slug, hearth.NewTreatment{Name: "Sleep routine", Category: hearth.CategoryLifestyle}); err != nil {
		t.Fatal(err)
	}
	return f
}

// report is a compact way to write a valid report input.
func report(tid int64, eff hearth.Effectiveness, startedMonthsAgo int, ses ...hearth.SideEffect) hearth.ReportInput {
	now := hearth.MonthOf(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)).Index()
	return hearth.ReportInput{TreatmentID: tid, ForWhom: hearth.ForSelf, Started: hearth.MonthFromIndex(now - startedMonthsAgo),
		StillUsing: true, Effectiveness: eff, SideEffects: ses}
}

func stopped(in hearth.ReportInput, monthsAgo int, why hearth.StopReason) hearth.ReportInput {
	now := hearth.MonthOf(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)).Index()
	in.StillUsing, in.Stopped, in.StopReason = false, hearth.MonthFromIndex(now-monthsAgo), why
	return in
}

func se(name string, sev hearth.Severity) hearth.SideEffect {
	return hearth.SideEffect{Name: name, Severity: sev}
}

func (f *triedFixture) mustReport(m *hearth.Member, in hearth.ReportInput) *hearth.Report {
	f.t.Helper()
	r, err := f.db.CreateReport(context.Background(), m, f.slug, in)
	if err != nil {
		f.t.Fatalf("report by %s: %v", m.Handle, err)
	}
	return r
}

func statsOf(t *testing.T, s *hearth.TriedSummary, name string) *hearth.TreatmentStats {
	t.Helper()
	for _, st := range s.Treatments {
		if st.Treatment.Name == name {
			return st
		}
	}
	t.Fatalf("%s is not in the summary", name)
	return nil
}

func countsString(cs hearth.Counts) string {
	var b []string
	for _, c := range cs {
		b = append(b, fmt.Sprintf("%s=%d", c.Key, c.N))
	}
	return strings.Join(b, " ")
}

func TestTriedAggregation(t *testing.T) {
	ctx := context.Background()
	f := newTriedFixture(t, hearth.Public, 7)
	m := f.members
	// Levetiracetam: 6 reports by 6 members, one of them typed as "KEPPRA".
	keppra := report(0, hearth.EffectMajor, 30, se("Tiredness", hearth.SeverityMild), se("irritability", hearth.SeveritySevere))
	keppra.NewTreatment = "  KEPPRA "
	f.mustReport(m[0], keppra)
	f.mustReport(m[1], report(f.lev.ID, hearth.EffectMajor, 3, se("tiredness", hearth.SeverityModerate)))
	f.mustReport(m[2], stopped(report(f.lev.ID, hearth.EffectNone, 12, se(" TIREDNESS", hearth.SeverityMild), se("rash", hearth.SeverityMild)), 8, hearth.StopSideEffects))
	f.mustReport(m[3], stopped(report(f.lev.ID, hearth.EffectSlight, 40), 10, hearth.StopNotEffective))
	f.mustReport(m[4], report(f.lev.ID, hearth.EffectModerate, 7, se("tiredness", hearth.SeverityMild)))
	f.mustReport(m[5], report(f.lev.ID, hearth.EffectModerate, 1, se("tiredness", hearth.SeveritySevere)))
	// Lamotrigine: 4 members, one of whom reports twice (for self and a
	// child): 5 reports but only 4 people, so still too few.
	for i := range 4 {
		f.mustReport(m[i], report(f.lam.ID, hearth.EffectMajor, 5))
	}
	child := report(f.lam.ID, hearth.EffectMajor, 5)
	child.ForWhom = hearth.ForChild
	f.mustReport(m[0], child)

	s, err := f.db.TriedSummary(ctx, nil, f.slug, hearth.TriedFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Treatments) != 3 || s.Treatments[0].Treatment.Name != "Levetiracetam" {
		t.Fatalf("summary order: %v", s.Treatments)
	}
	lev := s.Treatments[0]
	if !lev.Enough || lev.Reports != 6 || lev.StillUsing != 4 {
		t.Errorf("levetiracetam: enough %v reports %d still %d, want true 6 4", lev.Enough, lev.Reports, lev.StillUsing)
	}
	for name, c := range map[string]struct {
		got  hearth.Counts
		want string
	}{
		"effectiveness": {lev.Effectiveness, "none=1 slight=1 moderate=2 major=2"},
		// Only 2 stopped: too few to say why.
		"stop reasons": {lev.StopReasons, ""},
		"worst":        {lev.WorstSeverity, "none=1 mild=2 moderate=1 severe=2"},
		// Months on: 30, 3, 4 (12→8), 30 (40→10), 7, 1.
		"time on": {lev.TimeOn, "short=3 medium=1 long=2"},
	} {
		if got := countsString(c.got); got != c.want {
			t.Errorf("levetiracetam %s: %s, want %s", name, got, c.want)
		}
	}
	// Tiredness is named by 5 members (in any case and spacing); rash and
	// irritability by one each, so they are not named.
	if len(lev.SideEffects) != 1 || lev.SideEffects[0].Name != "tiredness" || lev.SideEffects[0].Reports != 5 ||
		countsString(lev.SideEffects[0].Severity) != "mild=3 moderate=1 severe=1" || !lev.OtherSideEffects {
		t.Errorf("levetiracetam side effects: %+v other %v", lev.SideEffects, lev.OtherSideEffects)
	}
	if got := lev.StillUsingPercent(); got != 67 {
		t.Errorf("still using %d%%, want 67%%", got)
	}
	for _, name := range []string{"Lamotrigine", "Sleep routine"} {
		st := statsOf(t, s, name)
		if st.Enough || st.Reports != 0 || st.Effectiveness != nil || st.SideEffects != nil {
			t.Errorf("%s should carry no numbers: %+v", name, st)
		}
	}
	if got := s.Treatments[1].Treatment.Name + ", " + s.Treatments[2].Treatment.Name; got != "Lamotrigine, Sleep routine" {
		t.Errorf("small cells should follow by name, got %s", got)
	}
	if lev.Treatment.Label() != "Levetiracetam (Keppra, Spritam)" {
		t.Errorf("label %q", lev.Treatment.Label())
	}

	// The same threshold applies under every filter.
	for _, tc := range []struct {
		f       hearth.TriedFilter
		enough  bool
		reports int
	}{
		{hearth.TriedFilter{ForWhom: hearth.ForSelf}, true, 6},
		{hearth.TriedFilter{ForWhom: hearth.ForChild}, false, 0},
		{hearth.TriedFilter{Duration: hearth.DurationShort}, false, 0},                                // 3 reports
		{hearth.TriedFilter{Duration: hearth.DurationShort, Category: hearth.CategoryDiet}, false, 0}, // not in the list
		{hearth.TriedFilter{Category: hearth.CategoryMedication}, true, 6},
	} {
		s, err := f.db.TriedSummary(ctx, nil, f.slug, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var lev *hearth.TreatmentStats
		for _, st := range s.Treatments {
			if st.Treatment.ID == f.lev.ID {
				lev = st
			}
		}
		if tc.f.Category == hearth.CategoryDiet {
			if lev != nil || len(s.Treatments) != 0 {
				t.Errorf("diet filter lists %d treatments", len(s.Treatments))
			}
			continue
		}
		if lev.Enough != tc.enough || lev.Reports != tc.reports {
			t.Errorf("filter %+v: enough %v reports %d, want %v %d", tc.f, lev.Enough, lev.Reports, tc.enough, tc.reports)
		}
	}
	if _, err := f.db.TriedSummary(ctx, nil, f.slug, hearth.TriedFilter{ForWhom: "martian"}); hearth.ErrorCode(err) != hearth.EInvalid {
		t.Errorf("unknown filter: %v", err)
	}

	// Five stopped reports are enough to say why.
	for i, why := range []hearth.StopReason{hearth.StopCost, hearth.StopCost, hearth.StopOther, hearth.StopSideEffects, hearth.StopNotEffective} {
		f.mustReport(m[i], stopped(report(f.sleep.ID, hearth.EffectSlight, 6), 2, why))
	}
	s2, _ := f.db.TriedSummary(ctx, nil, f.slug, hearth.TriedFilter{})
	if got := countsString(statsOf(t, s2, "Sleep routine").StopReasons); got != "side_effects=1 not_effective=1 cost=2 other=1" {
		t.Errorf("sleep routine stop reasons: %s", got)
	}

	// The treatment page has the same numbers and the free text.
	p, err := f.db.TreatmentPage(ctx, nil, f.slug, f.lev.ID, hearth.TriedFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Stats.Reports != 6 || countsString(p.Stats.Effectiveness) != "none=1 slight=1 moderate=2 major=2" {
		t.Errorf("treatment page stats: %+v", p.Stats)
	}
	p, err = f.db.TreatmentPage(ctx, nil, f.slug, f.lam.ID, hearth.TriedFilter{})
	if err != nil || p.Stats.Enough || p.Stats.Reports != 0 {
		t.Errorf("lamotrigine page: %v %+v", err, p.Stats)
	}
}

func TestTriedProposeAndMerge(t *testing.T) {
	ctx := context.Background()
	f := newTriedFixture(t, hearth.Public, 6)
	in := report(0, hearth.EffectSlight, 4)
	in.NewTreatment, in.Category = "Keppra XR", hearth.CategoryMedication
	r := f.mustReport(f.members[0], in)
	if r.TreatmentStatus != hearth.TreatmentPending || r.TreatmentName != "Keppra XR" {
		t.Fatalf("proposal: %+v", r)
	}
	// A second member typing the same name joins the same proposal.
	in2 := report(0, hearth.EffectMajor, 2)
	in2.NewTreatment, in2.Category = "keppra  xr", hearth.CategoryOther
	if r2 := f.mustReport(f.members[1], in2); r2.TreatmentID != r.TreatmentID {
		t.Errorf("same name, different proposals: %d and %d", r.TreatmentID, r2.TreatmentID)
	}
	pending, err := f.db.ListPendingTreatments(ctx, f.mod, f.slug)
	if err != nil || len(pending) != 1 || pending[0].ProposedBy != "member0" {
		t.Fatalf("pending: %v %v", pending, err)
	}
	if _, err := f.db.ListPendingTreatments(ctx, f.members[2], f.slug); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a member lists proposals: %v", err)
	}
	if err := f.db.MergeTreatment(ctx, f.members[2], f.slug, r.TreatmentID, f.lev.ID); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Errorf("a member merges: %v", err)
	}
	// Pending treatments are not in the summary.
	s, _ := f.db.TriedSummary(ctx, nil, f.slug, hearth.TriedFilter{})
	for _, st := range s.Treatments {
		if st.Treatment.ID == r.TreatmentID {
			t.Error("a pending treatment is in the summary")
		}
	}
	if _, err := f.db.TreatmentPage(ctx, nil, f.slug, r.TreatmentID, hearth.TriedFilter{}); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("pending treatment page: %v", err)
	}
	for i := 2; i < 5; i++ {
		f.mustReport(f.members[i], report(f.lev.ID, hearth.EffectModerate, 6))
	}
	if err := f.db.MergeTreatment(ctx, f.mod, f.slug, r.TreatmentID, f.lev.ID); err != nil {
		t.Fatal(err)
	}
	s, _ = f.db.TriedSummary(ctx, nil, f.slug, hearth.TriedFilter{})
	lev := statsOf(t, s, "Levetiracetam")
	if !lev.Enough || lev.Reports != 5 || !strings.Contains(lev.Treatment.Label(), "Keppra XR") {
		t.Errorf("after merge: %+v %q", lev, lev.Treatment.Label())
	}
	// The merged treatment's page answers with the one it went into, and
	// its name now finds that one.
	p, err := f.db.TreatmentPage(ctx, nil, f.slug, r.TreatmentID, hearth.TriedFilter{})
	if err != nil || p.Stats.Treatment.ID != f.lev.ID {
		t.Errorf("merged page: %v", err)
	}
	in3 := report(0, hearth.EffectMajor, 2)
	in3.NewTreatment = "KEPPRA XR"
	if r3 := f.mustReport(f.members[5], in3); r3.TreatmentID != f.lev.ID {
		t.Errorf("merged name resolves to %d, want %d", r3.TreatmentID, f.lev.ID)
	}

	// Approving and synonyms.
	in4 := report(0, hearth.EffectMajor, 2)
	in4.NewTreatment, in4.Category = "Modified Atkins diet", hearth.CategoryDiet
	r4 := f.mustReport(f.members[0], in4)
	if err := f.db.ApproveTreatment(ctx, f.mod, f.slug, r4.TreatmentID); err != nil {
		t.Fatal(err)
	}
	if err := f.db.ApproveTreatment(ctx, f.mod, f.slug, r4.TreatmentID); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("approve twice: %v", err)
	}
	if err := f.db.AddSynonym(ctx, f.mod, f.slug, r4.TreatmentID, "MAD"); err != nil {
		t.Fatal(err)
	}
	if err := f.db.AddSynonym(ctx, f.mod, f.slug, r4.TreatmentID, "keppra"); hearth.ErrorField(err) != "synonym" {
		t.Errorf("a name in use: %v", err)
	}
	if _, err := f.db.AddTreatment(ctx, f.mod, f.slug, hearth.NewTreatment{Name: "Spritam", Category: hearth.CategoryMedication}); hearth.ErrorField(err) != "name" {
		t.Errorf("a treatment named like a synonym: %v", err)
	}
	ts, err := f.db.ListTreatments(ctx, nil, f.slug)
	if err != nil || len(ts) != 4 {
		t.Fatalf("list: %v %v", ts, err)
	}
}

func TestTriedBadInput(t *testing.T) {
	ctx := context.Background()
	f := newTriedFixture(t, hearth.Public, 2)
	mustCommunity(t, f.db, "other", hearth.Public)
	admin := mustMember(t, f.db, "staffer", hearth.RoleAdmin)
	foreign, err := f.db.AddTreatment(ctx, admin, "other", hearth.NewTreatment{Name: "Foreign pill", Category: hearth.CategoryMedication})
	if err != nil {
		t.Fatal(err)
	}
	ok := report(f.lev.ID, hearth.EffectMajor, 3)
	for _, tc := range []struct {
		name  string
		edit  func(in *hearth.ReportInput)
		field string
	}{
		{"treatment of another community", func(in *hearth.ReportInput) { in.TreatmentID = foreign.ID }, "treatment"},
		{"no treatment", func(in *hearth.ReportInput) { in.TreatmentID = 0 }, "treatment"},
		{"both a treatment and a new name", func(in *hearth.ReportInput) { in.NewTreatment = "Something" }, "new_name"},
		{"new name without a category", func(in *hearth.ReportInput) { in.TreatmentID, in.NewTreatment = 0, "Something" }, "category"},
		{"unknown effectiveness", func(in *hearth.ReportInput) { in.Effectiveness = "miraculous" }, "effectiveness"},
		{"no effectiveness", func(in *hearth.ReportInput) { in.Effectiveness = "" }, "effectiveness"},
		{"unknown for whom", func(in *hearth.ReportInput) { in.ForWhom = "dog" }, "for_whom"},
		{"start in the future", func(in *hearth.ReportInput) { in.Started = hearth.Month{Year: 2027, Month: 1} }, "started_month"},
		{"no start", func(in *hearth.ReportInput) { in.Started = hearth.Month{} }, "started_month"},
		{"stopped before it started", func(in *hearth.ReportInput) {
			*in = stopped(*in, 5, hearth.StopCost)
		}, "stopped_month"},
		{"stopped without a reason", func(in *hearth.ReportInput) { *in = stopped(*in, 1, "") }, "stop_reason"},
		{"unknown stop reason", func(in *hearth.ReportInput) { *in = stopped(*in, 1, "boredom") }, "stop_reason"},
		{"side effect without severity", func(in *hearth.ReportInput) { in.SideEffects = []hearth.SideEffect{{Name: "rash"}} }, "se_sev_0"},
		{"severity without a name", func(in *hearth.ReportInput) {
			in.SideEffects = []hearth.SideEffect{{}, {Severity: hearth.SeverityMild}}
		}, "se_name_1"},
		{"unknown severity", func(in *hearth.ReportInput) { in.SideEffects = []hearth.SideEffect{se("rash", "apocalyptic")} }, "se_sev_0"},
		{"side effect twice", func(in *hearth.ReportInput) {
			in.SideEffects = []hearth.SideEffect{se("Rash", hearth.SeverityMild), se("rash ", hearth.SeveritySevere)}
		}, "se_name_1"},
		{"invalid UTF-8", func(in *hearth.ReportInput) { in.Body = "bad \xff byte" }, "body"},
		{"invalid UTF-8 in a side effect", func(in *hearth.ReportInput) { in.SideEffects = []hearth.SideEffect{se("r\xffsh", hearth.SeverityMild)} }, "se_name_0"},
		{"text over the limit", func(in *hearth.ReportInput) { in.Body = strings.Repeat("a", hearth.MaxExperienceRunes+1) }, "body"},
	} {
		in := ok
		in.SideEffects = nil
		tc.edit(&in)
		_, err := f.db.CreateReport(ctx, f.members[0], f.slug, in)
		if hearth.ErrorCode(err) != hearth.EInvalid || hearth.ErrorField(err) != tc.field || hearth.ErrorMessage(err) == "" {
			t.Errorf("%s: %v (field %q), want invalid %q", tc.name, err, hearth.ErrorField(err), tc.field)
		}
	}
	if _, err := f.db.CreateReport(ctx, nil, f.slug, ok); hearth.ErrorCode(err) != hearth.EUnauthorized {
		t.Errorf("signed out: %v", err)
	}
	f.mustReport(f.members[0], ok)
	if _, err := f.db.CreateReport(ctx, f.members[0], f.slug, ok); hearth.ErrorField(err) != "treatment" {
		t.Errorf("the same report twice: %v", err)
	}
}

func TestTriedUpdateKeepsHistory(t *testing.T) {
	ctx := context.Background()
	f := newTriedFixture(t, hearth.Public, 2)
	in := report(f.lev.ID, hearth.EffectSlight, 3, se("tiredness", hearth.SeverityMild))
	in.Body = "Early days."
	r := f.mustReport(f.members[0], in)
	// Saving without a change keeps no revision.
	if _, err := f.db.UpdateReport(ctx, f.members[0], r.ID, in); err != nil {
		t.Fatal(err)
	}
	in2 := stopped(in, 0, hearth.StopSideEffects)
	in2.Effectiveness, in2.Body, in2.SideEffects = hearth.EffectModerate, "It helped, but the tiredness got worse.", []hearth.SideEffect{se("tiredness", hearth.SeveritySevere)}
	r2, err := f.db.UpdateReport(ctx, f.members[0], r.ID, in2)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Effectiveness != hearth.EffectModerate || r2.StillUsing || r2.StopReason != hearth.StopSideEffects || r2.SideEffects[0].Severity != hearth.SeveritySevere {
		t.Errorf("updated: %+v", r2)
	}
	revs, err := f.db.ListReportRevisions(ctx, f.members[0], r.ID)
	if err != nil || len(revs) != 1 {
		t.Fatalf("revisions: %v %v", revs, err)
	}
	if revs[0].Effectiveness != hearth.EffectSlight || !revs[0].StillUsing || revs[0].Body != "Early days." || revs[0].SideEffects[0].Severity != hearth.SeverityMild {
		t.Errorf("kept version: %+v", revs[0])
	}
	// Someone else's report is not found, to read, to update or for its history.
	if _, err := f.db.FindReport(ctx, f.members[1], r.ID); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("another member reads it: %v", err)
	}
	if _, err := f.db.UpdateReport(ctx, f.members[1], r.ID, in); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("another member updates it: %v", err)
	}
	if _, err := f.db.ListReportRevisions(ctx, f.members[1], r.ID); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("another member reads its history: %v", err)
	}
	if own, err := f.db.ListOwnReports(ctx, f.members[0], f.slug); err != nil || len(own) != 1 {
		t.Errorf("own reports: %v %v", own, err)
	}
	if own, _ := f.db.ListOwnReports(ctx, f.members[1], f.slug); len(own) != 0 {
		t.Errorf("another member's own reports: %v", own)
	}
}

func TestTriedVisibility(t *testing.T) {
	ctx := context.Background()
	for _, v := range []hearth.Visibility{hearth.MembersOnly, hearth.Private} {
		t.Run(string(v), func(t *testing.T) {
			f := newTriedFixture(t, v, 5)
			for i, m := range f.members {
				in := report(f.lev.ID, hearth.EffectMajor, 3)
				in.Body = fmt.Sprintf("Experience %d", i)
				f.mustReport(m, in)
			}
			outsider := mustMember(t, f.db, "outsider", hearth.RoleMember)
			staff := mustMember(t, f.db, "staffer", hearth.RoleModerator)
			for who, viewer := range map[string]*hearth.Member{"anonymous": nil, "outsider": outsider, "member": f.members[0], "staff": staff} {
				want := hearth.CanRead(v, viewer, map[bool]string{true: hearth.MembershipActive}[who == "member"])
				s, err := f.db.TriedSummary(ctx, viewer, f.slug, hearth.TriedFilter{})
				p, err2 := f.db.TreatmentPage(ctx, viewer, f.slug, f.lev.ID, hearth.TriedFilter{})
				_, err3 := f.db.ListTreatments(ctx, viewer, f.slug)
				if !want {
					for _, e := range []error{err, err2, err3} {
						if hearth.ErrorCode(e) != hearth.ENotFound {
							t.Errorf("%s reads %s: %v", who, v, e)
						}
					}
					if _, err := f.db.CreateReport(ctx, viewer, f.slug, report(f.lev.ID, hearth.EffectMajor, 1)); err == nil {
						t.Errorf("%s reported in %s", who, v)
					}
					continue
				}
				if err != nil || err2 != nil || err3 != nil {
					t.Fatalf("%s reads %s: %v %v %v", who, v, err, err2, err3)
				}
				if !s.Treatments[0].Enough || s.Treatments[0].Reports != 5 || len(p.Experiences) != 5 {
					t.Errorf("%s: summary %+v, %d experiences", who, s.Treatments[0], len(p.Experiences))
				}
			}
		})
	}
}

// TestTriedCopyToPostgres moves an installation with reports, revisions
// and a merge into a newer treatment from SQLite to PostgreSQL, and
// expects the same summary there.
func TestTriedCopyToPostgres(t *testing.T) {
	if sqldbtest.Backend() == "postgres" {
		t.Skip("the source is SQLite")
	}
	ctx := context.Background()
	f := newTriedFixture(t, hearth.Public, 5)
	// A proposal merged into a treatment added after it.
	in := report(0, hearth.EffectMajor, 2)
	in.NewTreatment, in.Category = "Keto", hearth.CategoryDiet
	r := f.mustReport(f.members[0], in)
	diet, err := f.db.AddTreatment(ctx, f.mod, f.slug, hearth.NewTreatment{Name: "Ketogenic diet", Category: hearth.CategoryDiet})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.MergeTreatment(ctx, f.mod, f.slug, r.TreatmentID, diet.ID); err != nil {
		t.Fatal(err)
	}
	for i, m := range f.members {
		rep := f.mustReport(m, report(f.lev.ID, hearth.EffectModerate, 3+i, se("tiredness", hearth.SeverityMild)))
		if _, err := f.db.UpdateReport(ctx, m, rep.ID, report(f.lev.ID, hearth.EffectMajor, 3+i)); err != nil {
			t.Fatal(err)
		}
	}
	dst, err := sqldb.Open(ctx, sqldbtest.NewPostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	counts, err := sqldb.CopyTo(ctx, f.db, dst)
	if err != nil {
		t.Fatal(err)
	}
	if counts["tried_reports"] != 6 || counts["tried_revisions"] != 5 || counts["tried_names"] != 7 {
		t.Errorf("copied %v", counts)
	}
	a, err := f.db.TriedSummary(ctx, nil, f.slug, hearth.TriedFilter{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := dst.TriedSummary(ctx, nil, f.slug, hearth.TriedFilter{})
	if err != nil {
		t.Fatal(err)
	}
	aj, _ := json.Marshal(a.Treatments)
	bj, _ := json.Marshal(b.Treatments)
	if string(aj) != string(bj) {
		t.Errorf("summaries differ:\nsqlite   %s\npostgres %s", aj, bj)
	}
	// New reports get new ids on PostgreSQL.
	extra := mustMember(t, dst, "newcomer", hearth.RoleMember)
	if _, err := dst.CreateReport(ctx, extra, f.slug, report(diet.ID, hearth.EffectSlight, 1)); err != nil {
		t.Fatal(err)
	}
}
