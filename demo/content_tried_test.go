package demo

import (
	"fmt"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
)

func TestContentTried(t *testing.T) {
	members := contentMembersByHandle()
	communities := contentCommunitiesBySlug()
	listed := map[string]string{} // community/name key → treatment name
	for _, tr := range TriedTreatments {
		if _, ok := communities[tr.Community]; !ok {
			t.Errorf("treatment %s: unknown community %q", tr.Name, tr.Community)
		}
		if !hearth.Category(tr.Category).Valid() {
			t.Errorf("treatment %s: category %q", tr.Name, tr.Category)
		}
		for _, n := range append([]string{tr.Name}, tr.Synonyms...) {
			k := tr.Community + "/" + hearth.NameKey(n)
			if other, dup := listed[k]; dup {
				t.Errorf("%q names both %s and %s", n, other, tr.Name)
			}
			listed[k] = tr.Name
		}
	}
	// Distinct reporters per treatment, to check the threshold story.
	reporters := map[string]map[string]bool{}
	total := map[string]int{}
	now := time.Now()
	for i, r := range TriedReports {
		name := fmt.Sprintf("report %d by %s on %s", i, r.Author, r.Treatment)
		c, ok := communities[r.Community]
		m, okm := members[r.Author]
		if !ok || !okm || !contentHas(c.Members, r.Author) {
			t.Errorf("%s: author must be a member of %s", name, r.Community)
			continue
		}
		if r.DaysAgo < 0 || r.DaysAgo >= 89 || m.DaysAgo*24-r.DaysAgo*24 < contentJoinSlackHours || (r.Earlier != nil && r.EarlierDaysAgo >= m.DaysAgo) {
			t.Errorf("%s: written %d days ago, but %s joined %d days ago (communities opened 90 days ago)", name, r.DaysAgo, r.Author, m.DaysAgo)
		}
		if r.Earlier != nil && r.EarlierDaysAgo <= r.DaysAgo {
			t.Errorf("%s: the earlier version must come first", name)
		}
		in, err := r.input(now.Add(-time.Duration(r.DaysAgo) * 24 * time.Hour))
		if err == nil {
			err = in.Validate(now)
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		tr, ok := listed[r.Community+"/"+hearth.NameKey(r.Treatment)]
		if !ok {
			for _, mg := range TriedMerges {
				if mg.Community == r.Community && mg.From == r.Treatment {
					tr, ok = mg.Into, true
				}
			}
		}
		if !ok && r.Category == "" {
			t.Errorf("%s: not on the list, and no category to propose it", name)
		}
		key := r.Community + "/" + tr
		if reporters[key] == nil {
			reporters[key] = map[string]bool{}
		}
		reporters[key][r.Author] = true
		total[r.Community]++
		for _, f := range contentForbidden {
			if f.re.MatchString(r.Text) {
				t.Errorf("%s: text holds a %s", name, f.what)
			}
		}
	}
	if total["epilepsy"] < 50 {
		t.Errorf("epilepsy has %d reports, want about 60", total["epilepsy"])
	}
	above, below := 0, 0
	for _, tr := range TriedTreatments {
		n := len(reporters[tr.Community+"/"+tr.Name])
		if tr.Community != "epilepsy" {
			continue
		}
		if n >= hearth.TriedK {
			above++
		} else if n > 0 {
			below++
		}
	}
	if above < 6 || below < 1 {
		t.Errorf("epilepsy: %d treatments at or above the threshold and %d with reports below it; want 6+ and 1+", above, below)
	}
	if total["t1d-parents"] == 0 {
		t.Error("no reports in the members-only community")
	}
}
