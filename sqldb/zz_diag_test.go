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
