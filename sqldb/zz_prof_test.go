package sqldb_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

func TestZZProf(t *testing.T) {
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
	sqldb.SearchLimit = 1000
	qs := strings.Split(os.Getenv("DIAG_Q"), ",")
	for i := 0; i < 30; i++ {
		for _, q := range qs {
			if _, err := db.Search(ctx, nil, hearth.SearchQuery{Text: q}); err != nil {
				t.Fatal(err)
			}
		}
	}
}
