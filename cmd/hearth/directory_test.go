package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// directoryDSN is a fresh, empty database for the CLI to open.
func directoryDSN(t *testing.T) string {
	if sqldbtest.Backend() == "postgres" {
		return sqldbtest.NewPostgresDSN(t)
	}
	db, _ := sqldbtest.MustOpen(t)
	path := db.Path
	db.Close()
	return path
}

func runDir(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), append([]string{"directory"}, args...), strings.NewReader(stdin), &out, &out)
	return out.String(), err
}

const cliCSV = "name,kind,city,region,country,website,facebook\n" +
	"Riverbend Regional Medical Center,hospital,Dayton,OH,US,https://www.riverbend.example.org/,https://www.facebook.com/riverbend\n" +
	"Spa Row,day spa,Austin,TX,US,https://spa.example.org/,\n" +
	"\"Lakeshore Children's Hospital, Inc.\",Hospital,Milwaukee,Wisconsin,,https://lakeshore.example.org,\n"

func TestDirectoryCLI(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	os.WriteFile(in, []byte(cliCSV), 0o600)
	db := directoryDSN(t)

	out, err := runDir(t, "", "import", "--db", db, "--check-only", in)
	if exitCode(err) != 2 || !strings.Contains(out, `line 3, column kind: "day spa" is not a kind we know`) || !strings.Contains(out, "this was a check only") {
		t.Fatalf("check only: %v\n%s", err, out)
	}
	// Flags may follow the file.
	out, err = runDir(t, "", "import", in, "--db", db, "--all-or-nothing")
	if exitCode(err) != 2 || !strings.Contains(out, "Nothing was imported: 1 of 3 rows has problems.") {
		t.Fatalf("all or nothing: %v\n%s", err, out)
	}
	out, err = runDir(t, "", "import", "--db", db, in)
	if exitCode(err) != 2 || !strings.Contains(hearth.ErrorMessageForCLI(err), "1 of 3 rows were not imported") || !strings.Contains(out, "Imported 2 of 3 rows.") {
		t.Fatalf("good rows: %v\n%s", err, out)
	}

	exported := filepath.Join(dir, "out.csv")
	if out, err = runDir(t, "", "export", "--db", db, exported); err != nil || !strings.Contains(out, "wrote 2 organizations") {
		t.Fatalf("export: %v %s", err, out)
	}
	first, _ := os.ReadFile(exported)
	if !strings.Contains(string(first), `"Lakeshore Children's Hospital, Inc.",hospital,Milwaukee,WI,US,https://lakeshore.example.org,`) {
		t.Errorf("exported:\n%s", first)
	}
	// Round trip through a second installation, reading standard input.
	db2 := directoryDSN(t)
	if out, err = runDir(t, string(first), "import", "--db", db2, "--all-or-nothing", "-"); err != nil || !strings.Contains(out, "Imported all 2 rows.") {
		t.Fatalf("re-import: %v %s", err, out)
	}
	second, err := runDir(t, "", "export", "--db", db2, "-")
	if err != nil || second != string(first) {
		t.Errorf("round trip changed the file:\n%s---\n%s", first, second)
	}

	if _, err := runDir(t, "", "import", "--db", db, filepath.Join(dir, "missing.csv")); exitCode(err) != 3 {
		t.Errorf("missing file: %v", err)
	}
	if _, err := runDir(t, "", "import", "--db", db); exitCode(err) != 2 {
		t.Errorf("no file: %v", err)
	}
	if _, err := runDir(t, "", "import", "--db", db, "--all-or-nothing", "--check-only", in); exitCode(err) != 2 {
		t.Errorf("two modes: %v", err)
	}
	if out, err := runDir(t, "", "frobnicate"); exitCode(err) != 2 || !strings.Contains(out, "hearth directory import") {
		t.Errorf("unknown subcommand: %v %s", err, out)
	}
	os.WriteFile(filepath.Join(dir, "fax.csv"), []byte("name,kind,website,fax\n"), 0o600)
	if _, err := runDir(t, "", "import", "--db", db, filepath.Join(dir, "fax.csv")); exitCode(err) != 2 || !strings.Contains(hearth.ErrorMessageForCLI(err), `"fax"`) {
		t.Errorf("unknown column: %v", err)
	}
}

func TestCheckLinksCommand(t *testing.T) {
	// Nothing due on an empty directory: no request leaves the machine.
	out, err := runDir(t, "", "check-links", "--db", directoryDSN(t))
	if err != nil || !strings.Contains(out, "checked 0 links") {
		t.Errorf("check-links: %v %s", err, out)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, bad := range []string{"soon", "10s", "-1h"} {
		if err := startLinkChecker(context.Background(), nil, bad, log); exitCode(err) != 2 {
			t.Errorf("--check-links %q: %v", bad, err)
		}
	}
	for _, off := range []string{"", "0"} {
		if err := startLinkChecker(context.Background(), nil, off, log); err != nil {
			t.Errorf("--check-links %q: %v", off, err)
		}
	}
}
