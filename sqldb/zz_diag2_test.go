package sqldb_test

import (
	"context"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

func TestZZDiag2(t *testing.T) {
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
	for _, q := range strings.Split(os.Getenv("DIAG_Q"), ",") {
		var ds []time.Duration
		var res *hearth.SearchResults
		for i := 0; i < 7; i++ {
			s := time.Now()
			res, err = db.Search(ctx, nil, hearth.SearchQuery{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			ds = append(ds, time.Since(s))
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		t.Logf("%-28s median %6.2fms min %6.2fms total %d notes %q", q, ms(ds[3]), ms(ds[0]), res.Total, res.Notes)
	}
}
