package sqldb_test

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

func TestZZDiag(t *testing.T) {
	path := os.Getenv("DIAG_DB")
	if path == "" {
		t.Skip()
	}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := newCorpus(1)
	qs := c.queries(40)
	bench, _ := db.FindMemberByHandle(ctx, "bench")
	for _, limit := range []int{1000} {
		sqldb.SearchLimit = limit
		for _, v := range []*hearth.Member{nil, bench} {
			db.MeasureSearch(ctx, v, qs, 1)
			m, err := db.MeasureSearch(ctx, v, qs, 3)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("limit %d member %v: p50 %.2f p95 %.2f max %.2f", limit, v != nil, ms(m.P50), ms(m.P95), ms(m.Max))
		}
	}
	if os.Getenv("DIAG_EACH") == "" {
		return
	}
	sqldb.SearchLimit = 1000
	type r struct {
		q     string
		d     time.Duration
		n     int
		notes int
	}
	var rs []r
	for _, q := range qs {
		db.Search(ctx, nil, hearth.SearchQuery{Text: q})
		s := time.Now()
		res, err := db.Search(ctx, nil, hearth.SearchQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r{q, time.Since(s), res.Total, len(res.Notes)})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].d > rs[j].d })
	for _, x := range rs {
		t.Logf("%-30s %8.2fms total=%d notes=%d", x.q, ms(x.d), x.n, x.notes)
	}
}
