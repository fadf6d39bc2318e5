package sqldb_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// snapshot reads what a reader sees of an installation, to compare
// installations after a backup, a restore or a copy.
func snapshot(t *testing.T, db *sqldb.DB) map[string]int {
	t.Helper()
	ctx := context.Background()
	admin := &hearth.Member{ID: -1, Role: hearth.RoleAdmin}
	out := map[string]int{}
	cs, err := db.ListCommunities(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	out["communities"] = len(cs)
	ts, err := db.RecentThreads(ctx, admin, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, th := range ts {
		out["threads"]++
		out["replies"] += th.ReplyCount
		page, err := db.FindThreadPage(ctx, admin, th.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		out["chars"] += len(page.Opening.Body)
		for _, r := range page.Replies {
			out["chars"] += len(r.Body)
		}
	}
	n, _ := db.CountMembers(ctx)
	out["members"] = n
	return out
}

func seedSmall(t *testing.T, db *sqldb.DB) {
	ctx := context.Background()
	a := mustMember(t, db, "alice", hearth.RoleMember)
	mustCommunity(t, db, "epilepsy", hearth.Public)
	mustCommunity(t, db, "caregivers", hearth.Private)
	db.AddMember(ctx, "caregivers", "alice")
	for _, slug := range []string{"epilepsy", "caregivers"} {
		th, err := db.CreateThread(ctx, a, slug, hearth.NewThread{Title: "Hello " + slug, Body: "First post in " + slug})
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			db.CreateReply(ctx, a, th.ID, "a reply in "+slug)
		}
		if _, err := db.CreateToken(ctx, a.ID, "t"); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	seedSmall(t, db)
	before := snapshot(t, db)
	file := filepath.Join(t.TempDir(), "backup.dump")
	if err := db.Backup(ctx, file); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, file); hearth.ErrorCode(err) != hearth.EConflict {
		t.Fatalf("backup over an existing file: %v", err)
	}
	// Changes after the backup disappear on restore.
	a, _ := db.FindMemberByHandle(ctx, "alice")
	if _, err := db.CreateThread(ctx, a, "epilepsy", hearth.NewThread{Title: "After the backup", Body: "gone after restore"}); err != nil {
		t.Fatal(err)
	}
	dsn := db.Path
	if sqldbtest.Backend() == "postgres" {
		dsn = sqldb.DSNForTest(db)
	} else {
		db.Close()
	}
	if err := sqldb.Restore(ctx, dsn, file); err != nil {
		t.Fatal(err)
	}
	restored, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if after := snapshot(t, restored); !equal(after, before) {
		t.Fatalf("restored %v, backed up %v", after, before)
	}
	if _, err := restored.Authenticate(ctx, "alice", "long enough password"); err != nil {
		t.Fatalf("sign-in after restore: %v", err)
	}
}

func TestCopySQLiteToPostgres(t *testing.T) {
	ctx := context.Background()
	src, err := sqldb.Open(ctx, filepath.Join(t.TempDir(), "src.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	src.PasswordParams = &sqldb.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	seedSmall(t, src)
	dst, err := sqldb.Open(ctx, sqldbtest.NewPostgresDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	counts, err := sqldb.CopyTo(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if counts["posts"] != 8 || counts["members"] != 1 || counts["memberships"] != 1 {
		t.Fatalf("copied %v", counts)
	}
	if a, b := snapshot(t, src), snapshot(t, dst); !equal(a, b) {
		t.Fatalf("copy differs: sqlite %v postgres %v", a, b)
	}
	// Ids continue after the copied ones, and sign-in and tokens still work.
	alice, err := dst.Authenticate(ctx, "alice", "long enough password")
	if err != nil {
		t.Fatal(err)
	}
	th, err := dst.CreateThread(ctx, alice, "epilepsy", hearth.NewThread{Title: "New on PostgreSQL", Body: "x"})
	if err != nil || th.ID != 3 {
		t.Fatalf("new thread after copy: %v id=%v", err, th)
	}
	if _, err := sqldb.CopyTo(ctx, src, dst); hearth.ErrorCode(err) != hearth.EConflict {
		t.Fatalf("copy into a non-empty database: %v", err)
	}
}

func equal(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
