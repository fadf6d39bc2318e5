package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// startNode runs `hearth serve` on a random port and returns its base URL.
func startNode(t *testing.T, bin, db string) string {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("node did not start: %v", err)
	}
	go io.Copy(io.Discard, stdout)
	return strings.TrimSpace(strings.TrimPrefix(line, "hearth listening on "))
}

// TestTwoNodes runs two hearth processes on one PostgreSQL database: a
// session started on one is valid on the other, and a reply posted on one
// shows on the other at once.
func TestTwoNodes(t *testing.T) {
	bin := buildBinary(t)
	pg := sqldbtest.NewPostgresDSN(t)
	if out, code := runCLI(t, bin, "", "community", "create", "--db", pg, "--slug", "epilepsy", "--name", "Epilepsy"); code != 0 {
		t.Fatalf("community create: %s", out)
	}
	a, b := startNode(t, bin, pg), startNode(t, bin, pg)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	res, err := client.PostForm(a+"/signup", url.Values{"handle": {"two_nodes"}, "email": {"two@example.org"}, "password": {"a long enough password"}})
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("sign up on node A: %v %v", err, res)
	}
	res.Body.Close()
	// Move the cookie to node B (same host, other port: cookies ignore ports).
	res, err = client.PostForm(b+"/c/epilepsy/new", url.Values{"title": {"Posted through node B"}, "body": {"Does my session work here?"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if !strings.HasPrefix(res.Request.URL.Path, "/c/epilepsy/t/") {
		t.Fatalf("posting on node B with node A's session ended at %s (%d)", res.Request.URL, res.StatusCode)
	}
	thread := res.Request.URL.Path
	parts := strings.Split(thread, "/")
	reply := strings.Join(parts[:5], "/") + "/reply"
	res, err = client.PostForm(a+reply, url.Values{"body": {"A reply through node A"}})
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("reply on node A: %v %v", err, res)
	}
	res.Body.Close()
	res, err = http.Get(b + thread)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(page), "A reply through node A") {
		t.Fatal("node B does not show the reply posted on node A")
	}
}

// TestBackupRestoreMigrateToCLI drives the operator commands end to end:
// backup, restore over a changed database, and copy into PostgreSQL.
func TestBackupRestoreMigrateToCLI(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	db := dir + "/hearth.db"
	if out, code := runCLI(t, bin, "", "community", "create", "--db", db, "--slug", "epilepsy", "--name", "Epilepsy"); code != 0 {
		t.Fatal(out)
	}
	if out, code := runCLI(t, bin, "", "backup", "--db", db, dir+"/b.db"); code != 0 || !strings.Contains(out, "backed up") {
		t.Fatalf("backup: %d %s", code, out)
	}
	runCLI(t, bin, "", "community", "create", "--db", db, "--slug", "later", "--name", "Made after the backup")
	if out, code := runCLI(t, bin, "", "restore", "--db", db, dir+"/b.db"); code != 0 {
		t.Fatalf("restore: %d %s", code, out)
	}
	if out, code := runCLI(t, bin, "", "community", "create", "--db", db, "--slug", "later", "--name", "Again"); code != 0 {
		t.Fatalf("the community made after the backup survived the restore: %s", out)
	}
	pg := sqldbtest.NewPostgresDSN(t)
	out, code := runCLI(t, bin, "", "migrate-to", "--db", db, pg)
	if code != 0 || !strings.Contains(out, "communities              2 rows") {
		t.Fatalf("migrate-to: %d %s", code, out)
	}
	if out, code := runCLI(t, bin, "", "migrate-to", "--db", db, "mysql://x"); code != 2 {
		t.Fatalf("migrate-to a non-PostgreSQL URL: %d %s", code, out)
	}
}
