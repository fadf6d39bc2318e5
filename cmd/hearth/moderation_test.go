package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// TestUserVerify: a clinician's account is created with the license the
// operator checked, or verified later; never without one.
func TestUserVerify(t *testing.T) {
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "verify.db")
	if out, code := runCLI(t, bin, "a strong test password\n", "user", "create", "--db", db, "--handle", "rn_kim", "--email", "kim@example.org", "--role", "clinician"); code != 2 ||
		!strings.Contains(out, "needs the license you checked") {
		t.Fatalf("a clinician without a license: %d %s", code, out)
	}
	if out, code := runCLI(t, bin, "a strong test password\n", "user", "create", "--db", db, "--handle", "rn_kim", "--email", "kim@example.org"); code != 0 {
		t.Fatalf("user create: %d %s", code, out)
	}
	if out, code := runCLI(t, bin, "", "user", "verify", "--db", db, "--handle", "rn_kim", "--profession", "Registered nurse"); code != 2 || !strings.Contains(out, "license number") {
		t.Fatalf("verify without a license number: %d %s", code, out)
	}
	if out, code := runCLI(t, bin, "", "user", "verify", "--db", db, "--handle", "nobody", "--profession", "Nurse", "--license", "RN-1"); code != 3 {
		t.Fatalf("verify an unknown member: %d %s", code, out)
	}
	out, code := runCLI(t, bin, "", "user", "verify", "--db", db, "--handle", "rn_kim", "--profession", "Registered nurse", "--license", "RN-88", "--region", "Ohio", "--by", "ops-lee")
	if code != 0 || !strings.Contains(out, "verified @rn_kim: Registered nurse, license RN-88, checked by ops-lee") {
		t.Fatalf("verify: %d %s", code, out)
	}
	ctx := context.Background()
	d, err := sqldb.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	m, _ := d.FindMemberByHandle(ctx, "rn_kim")
	if m.Role != hearth.RoleClinician {
		t.Errorf("role after verify: %s", m.Role)
	}
	admin := &hearth.Member{ID: -1, Handle: "x", Role: hearth.RoleAdmin}
	entries, _, err := d.ListAudit(ctx, admin, hearth.ActVerify, 1)
	if err != nil || len(entries) != 1 || entries[0].Actor != "ops-lee" || entries[0].ActorRole != "operator" {
		t.Errorf("audit: %+v %v", entries, err)
	}
}
