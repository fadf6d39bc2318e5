package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

func TestSeedMentors(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	p, err := db.MentorPage(ctx, mustFind(t, db, "seizurefree_since19"))
	if err != nil {
		t.Fatal(err)
	}
	var stages []string
	for _, m := range p.Mentees {
		stages = append(stages, m.Newcomer+":"+m.StatusLabel())
	}
	if want := []string{"sam_mom_of_3:Waiting for a welcome", "abuela_cuida:Welcomed", "dorm_room_seizures:Checked in"}; !slices.Equal(stages, want) {
		t.Errorf("seizurefree_since19's mentees = %v, want %v", stages, want)
	}
	cov, err := db.MentoringCoverage(ctx, mustFind(t, db, "oakbench_mod"), "long-covid")
	if err != nil {
		t.Fatal(err)
	}
	if len(cov.Waiting) != 1 || cov.Waiting[0].Newcomer != "slow_walker_22" || cov.Waiting[0].Mentor != "" {
		t.Errorf("long COVID coverage: %+v", cov.Waiting)
	}
	// abuela_cuida was welcomed but not checked in: the month reminder is due.
	ns, _, err := db.ListNotifications(ctx, mustFind(t, db, "seizurefree_since19"), 1)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range ns {
		found = found || n.Title == "One month on: check in with @abuela_cuida"
	}
	if !found {
		t.Error("no month reminder about abuela_cuida in the demo")
	}
}
