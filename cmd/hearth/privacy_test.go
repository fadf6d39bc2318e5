package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// TestPrivacyScanCLI runs the built binary's `privacy scan` on JSON lines
// and on a database.
func TestPrivacyScanCLI(t *testing.T) {
	bin := buildBinary(t)
	in := `{"id": 1, "text": "Call 555-201-4477 tonight"}
{"id": "b", "text": "é, my son Liam Carter"}
{"id": "c", "text": "Keppra 500 mg twice a day since 2019"}
not json
`
	out, code := runCLI(t, bin, in, "privacy", "scan")
	if code != 0 {
		t.Fatalf("privacy scan: %d %s", code, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("want 4 lines, got %d:\n%s", len(lines), out)
	}
	type span struct {
		Start, End int
		Type       string
	}
	var got []struct {
		ID    any
		Spans []span
		Error string
	}
	for _, l := range lines {
		var v struct {
			ID    any
			Spans []span
			Error string
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("not JSON: %s", l)
		}
		got = append(got, v)
	}
	if got[0].ID != 1.0 || len(got[0].Spans) != 1 || got[0].Spans[0] != (span{5, 17, "PHONE"}) {
		t.Errorf("line 1: %s", lines[0])
	}
	// Offsets count code points: "é" is one.
	if got[1].ID != "b" || len(got[1].Spans) != 1 || got[1].Spans[0] != (span{10, 21, "NAME"}) {
		t.Errorf("line 2: %s", lines[1])
	}
	if got[2].ID != "c" || got[2].Spans == nil || len(got[2].Spans) != 0 {
		t.Errorf("line 3 (no findings): %s", lines[2])
	}
	if got[3].Error == "" {
		t.Errorf("line 4 (not JSON): %s", lines[3])
	}

	// --db lists every post with findings, whatever its status.
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	m, err := db.CreateMember(ctx, hearth.NewMember{Handle: "rn_jo", Email: "jo@example.org", Password: "a long enough password", Role: hearth.RoleClinician})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateCommunity(ctx, hearth.NewCommunity{Slug: "epilepsy", Name: "Epilepsy", Visibility: hearth.Private}); err != nil {
		t.Fatal(err)
	}
	db.AddMember(ctx, "epilepsy", "rn_jo")
	th, err := db.CreateThread(ctx, m, "epilepsy", hearth.NewThread{Title: "Emma Johnson's EEG", Body: "Nothing to see"})
	if err != nil {
		t.Fatal(err)
	}
	db.CreateReply(ctx, m, th.ID, "Keppra 500 mg twice a day")
	db.HoldReply(ctx, m, th.ID, "Call 555-201-4477", hearth.Hold{Reason: hearth.ReasonPrivacy})
	out, code = runCLI(t, bin, "", "privacy", "scan", "--db", db.Path)
	if code != 0 {
		t.Fatalf("privacy scan --db: %d %s", code, out)
	}
	for _, want := range []string{"post\tthread\tauthor\tstatus\tfindings\n", "1\t1\t@rn_jo\tpublished\tNAME\n", "3\t1\t@rn_jo\theld\tPHONE\n",
		"scanned 3 posts: 2 with findings"} {
		if !strings.Contains(out, want) {
			t.Errorf("privacy scan --db lacks %q:\n%s", want, out)
		}
	}
	if out, code = runCLI(t, bin, "", "privacy", "scan", "--db", db.Path, "--json"); code != 0 || !strings.Contains(out, `{"author":"rn_jo","count":1,"post":3,"status":"held","thread":1,"types":["PHONE"]}`) {
		t.Errorf("privacy scan --db --json: %d %s", code, out)
	}
}
