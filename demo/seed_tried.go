package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// seedTried writes the "What we tried" content through the same calls
// that moderators and members use: the moderators' lists first, then the
// reports (and updates), then the merges.
func seedTried(ctx context.Context, db *sqldb.DB, now time.Time, members map[string]*hearth.Member) error {
	at := func(t time.Time) { db.Now = func() time.Time { return t } }
	days := func(n int) time.Time { return now.Add(-time.Duration(n) * 24 * time.Hour) }
	mods := map[string]*hearth.Member{}
	for _, c := range Communities {
		mods[c.Slug] = members[c.Members[0]]
	}
	for i, t := range TriedTreatments {
		// Just after the community opened (Seed opens them 90 days ago).
		at(days(90).Add(2*time.Hour + time.Duration(i)*time.Minute))
		if _, err := db.AddTreatment(ctx, mods[t.Community], t.Community, hearth.NewTreatment{Name: t.Name,
			Category: hearth.Category(t.Category), Synonyms: t.Synonyms}); err != nil {
			return fmt.Errorf("treatment %s in %s: %w", t.Name, t.Community, err)
		}
	}
	for i, r := range TriedReports {
		written := days(r.DaysAgo).Add(-time.Duration(i%11) * 17 * time.Minute)
		in, err := r.input(written)
		if err != nil {
			return err
		}
		first := in
		if r.Earlier != nil {
			e := *r.Earlier
			e.Started, e.Stopped, e.StopReason, e.ForWhom, e.Treatment, e.Category = r.Started, r.Stopped, r.StopReason, r.ForWhom, r.Treatment, r.Category
			if first, err = e.input(written); err != nil {
				return err
			}
			at(days(r.EarlierDaysAgo))
		} else {
			at(written)
		}
		rep, err := db.CreateReport(ctx, members[r.Author], r.Community, first)
		if err != nil {
			return fmt.Errorf("report by %s on %s: %w", r.Author, r.Treatment, err)
		}
		if r.Earlier != nil {
			at(written)
			in.TreatmentID, in.NewTreatment, in.Category = rep.TreatmentID, "", ""
			if _, err := db.UpdateReport(ctx, members[r.Author], rep.ID, in); err != nil {
				return fmt.Errorf("update by %s on %s: %w", r.Author, r.Treatment, err)
			}
		}
	}
	for _, m := range TriedMerges {
		at(days(m.DaysAgo))
		mod := mods[m.Community]
		pending, err := db.ListPendingTreatments(ctx, mod, m.Community)
		if err != nil {
			return err
		}
		list, err := db.ListTreatments(ctx, mod, m.Community)
		if err != nil {
			return err
		}
		from, into := findTreatment(pending, m.From), findTreatment(list, m.Into)
		if from == nil || into == nil {
			return fmt.Errorf("merge %q into %q in %s: not found", m.From, m.Into, m.Community)
		}
		if err := db.MergeTreatment(ctx, mod, m.Community, from.ID, into.ID); err != nil {
			return fmt.Errorf("merge %q into %q: %w", m.From, m.Into, err)
		}
	}
	return nil
}

func findTreatment(ts []*hearth.Treatment, name string) *hearth.Treatment {
	for _, t := range ts {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// input turns a demo report into what a member submits, with its months
// counted back from when it was written.
func (r TriedReport) input(written time.Time) (hearth.ReportInput, error) {
	month := hearth.MonthOf(written).Index()
	in := hearth.ReportInput{NewTreatment: r.Treatment, Category: hearth.Category(r.Category), ForWhom: hearth.ForWhom(r.ForWhom),
		Started: hearth.MonthFromIndex(month - r.Started), StillUsing: r.Stopped == 0 && r.StopReason == "",
		StopReason: hearth.StopReason(r.StopReason), Effectiveness: hearth.Effectiveness(r.Effectiveness), Body: r.Text}
	if !in.StillUsing {
		in.Stopped = hearth.MonthFromIndex(month - r.Stopped)
	}
	for _, part := range strings.Split(r.SideEffects, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		name, sev, ok := strings.Cut(part, ":")
		if !ok {
			return in, fmt.Errorf("side effect %q of %s's report: want name:severity", part, r.Author)
		}
		in.SideEffects = append(in.SideEffects, hearth.SideEffect{Name: name, Severity: hearth.Severity(sev)})
	}
	return in, nil
}
