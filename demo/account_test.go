package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// TestDemoAccounts: the demo holds a memorial account with its posts,
// a pending memorial request, and a deleted member.
func TestDemoAccounts(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	if err := demo.Seed(ctx, db, time.Now()); err != nil {
		t.Fatal(err)
	}
	m, err := db.FindMemberByHandle(ctx, demo.MemorialHandle)
	if err != nil || !m.IsMemorial() {
		t.Fatalf("memorial member: %+v %v", m, err)
	}
	if _, err := db.Authenticate(ctx, demo.MemorialHandle, demo.Password); hearth.ErrorCode(err) != hearth.EForbidden {
		t.Fatalf("sign-in to the memorial account: %v", err)
	}
	mod, _ := db.FindMemberByHandle(ctx, "oakbench_mod")
	rs, err := db.ListMemorialRequests(ctx, mod)
	if err != nil || len(rs) != 2 || rs[0].Status != "pending" {
		t.Fatalf("memorial requests: %+v %v", rs, err)
	}
	res, err := db.Search(ctx, nil, hearth.SearchQuery{Text: "seizure diary on paper"})
	if err != nil || len(res.Results) == 0 || hearth.DisplayHandle(res.Results[0].Author) != hearth.DeletedMemberLabel {
		t.Fatalf("deleted member's reply in search: %+v %v", res, err)
	}
}
