package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

func TestSeedTried(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	s, err := db.TriedSummary(ctx, nil, "epilepsy", hearth.TriedFilter{})
	if err != nil {
		t.Fatal(err)
	}
	enough, small := 0, 0
	for _, st := range s.Treatments {
		if st.Enough {
			enough++
		} else {
			small++
		}
	}
	if enough < 6 || small < 1 || s.Treatments[0].Treatment.Name != "Levetiracetam" || s.Treatments[0].Reports != 9 {
		t.Errorf("epilepsy summary: %d with numbers, %d without, first %s with %d", enough, small, s.Treatments[0].Treatment.Name, s.Treatments[0].Reports)
	}
	// The merge moved the proposal's report and name; the smartwatch waits.
	if got := s.Treatments[0].Treatment.Label(); got != "Levetiracetam (Keppra, Keppra XR, Levetiracetam extended release, Spritam)" {
		t.Errorf("levetiracetam label %q", got)
	}
	admin, _ := db.FindMemberByHandle(ctx, "oakbench_mod")
	pending, err := db.ListPendingTreatments(ctx, admin, "epilepsy")
	if err != nil || len(pending) != 1 || pending[0].Name != "Seizure alert smartwatch" {
		t.Errorf("pending: %v %v", pending, err)
	}
	if _, err := db.TriedSummary(ctx, nil, "t1d-parents", hearth.TriedFilter{}); hearth.ErrorCode(err) != hearth.ENotFound {
		t.Errorf("anonymous reads the members-only summary: %v", err)
	}
	member, _ := db.FindMemberByHandle(ctx, "nightshift_dad")
	if s, err := db.TriedSummary(ctx, member, "t1d-parents", hearth.TriedFilter{}); err != nil || !s.Treatments[0].Enough {
		t.Errorf("t1d summary: %v", err)
	}
	ff, _ := db.FindMemberByHandle(ctx, "firstyear_focal")
	own, _ := db.ListOwnReports(ctx, ff, "epilepsy")
	revised := 0
	for _, r := range own {
		revs, _ := db.ListReportRevisions(ctx, ff, r.ID)
		revised += len(revs)
	}
	if len(own) != 5 || revised != 1 {
		t.Errorf("firstyear_focal: %d reports, %d revisions", len(own), revised)
	}
}
