package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds the real hearth command once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "hearth")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func runCLI(t *testing.T, bin, stdin string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), code
}

// TestEndToEnd runs the built binary: migrate, create a user and a token,
// serve on a random port, post through the API, and stop on SIGTERM.
func TestEndToEnd(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "e2e.db")

	if out, code := runCLI(t, bin, "", "migrate", "--db", db); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("migrate: %d %s", code, out)
	}
	if out, code := runCLI(t, bin, "a strong test password\n", "user", "create", "--db", db, "--handle", "rn_jo", "--email", "jo@example.org", "--role", "clinician",
		"--profession", "Registered nurse", "--license", "RN-204511"); code != 0 {
		t.Fatalf("user create: %d %s", code, out)
	}
	if out, code := runCLI(t, bin, "a strong test password\n", "user", "create", "--db", db, "--handle", "rn_jo", "--email", "jo2@example.org"); code != 2 || !strings.Contains(out, "taken") {
		t.Fatalf("duplicate user: %d %s", code, out)
	}
	if out, code := runCLI(t, bin, "", "token", "create", "--db", db, "--handle", "nobody"); code != 3 {
		t.Fatalf("token for unknown member: %d %s", code, out)
	}
	tokOut, code := runCLI(t, bin, "", "token", "create", "--db", db, "--handle", "rn_jo")
	token := strings.TrimSpace(tokOut)
	if code != 0 || !strings.HasPrefix(token, "hearth_pat_") {
		t.Fatalf("token create: %d %s", code, tokOut)
	}

	if out, code := runCLI(t, bin, "", "community", "create", "--db", db, "--slug", "crohns", "--name", "Crohn's and colitis", "--moderator", "rn_jo"); code != 0 {
		t.Fatalf("community create: %d %s", code, out)
	}
	if out, code := runCLI(t, bin, "", "community", "create", "--db", db, "--slug", "crohns", "--name", "Again"); code != 2 || !strings.Contains(out, "already exists") {
		t.Fatalf("duplicate community: %d %s", code, out)
	}

	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", db)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the listen line: %v", err)
	}
	go io.Copy(io.Discard, stdout)
	base := strings.TrimSpace(strings.TrimPrefix(line, "hearth listening on "))
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("unexpected first line %q", line)
	}
	res, err := http.Get(base + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", err, res)
	}
	post := func(path, body string) (int, map[string]any) {
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	if code, out := post("/api/v1/communities/epilepsy/threads", `{"title":"t","body":"b"}`); code != 404 || out["code"] != "not_found" {
		t.Fatalf("posting to a community that does not exist: %d %v", code, out)
	}
	code, out := post("/api/v1/communities/crohns/threads", `{"title":"Low-residue diet during a flare?","body":"What did you eat?"}`)
	if code != 201 {
		t.Fatalf("create thread: %d %v", code, out)
	}
	url := out["url"].(string)
	id := int(out["thread"].(map[string]any)["id"].(float64))
	if code, out := post("/api/v1/threads/"+strconv.Itoa(id)+"/replies", `{"body":"White rice and bananas helped me."}`); code != 201 {
		t.Fatalf("create reply: %d %v", code, out)
	}
	res, err = http.Get(base + url)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(page), "White rice and bananas helped me.") || !strings.Contains(string(page), "Clinician") {
		t.Fatalf("thread page lacks the reply or the clinician badge")
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("hearth did not exit cleanly on SIGTERM: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("hearth did not stop within 20 s of SIGTERM")
	}
}

// TestDemoServes runs `hearth demo` on a fresh database and reads the
// seeded long thread through the API, as a newcomer's first minute would.
func TestDemoServes(t *testing.T) {
	bin := buildBinary(t)
	cmd := exec.Command(bin, "demo", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "demo.db"))
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	r := bufio.NewReader(stdout)
	line, _ := r.ReadString('\n')
	base := strings.TrimSpace(strings.TrimPrefix(line, "hearth listening on "))
	rest := make(chan string, 1)
	go func() { b, _ := io.ReadAll(r); rest <- string(b) }()

	res, err := http.Get(base + "/api/v1/communities/epilepsy/threads")
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Threads []struct {
			ID         int64  `json:"id"`
			ReplyCount int    `json:"reply_count"`
			Title      string `json:"title"`
		}
	}
	json.NewDecoder(res.Body).Decode(&out)
	res.Body.Close()
	longest := 0
	for _, th := range out.Threads {
		longest = max(longest, th.ReplyCount)
	}
	if len(out.Threads) < 10 || longest < 50 {
		t.Fatalf("demo epilepsy community: %d threads, longest %d replies", len(out.Threads), longest)
	}
	res, _ = http.Get(base + "/c/caregivers")
	if res.StatusCode != 200 || res.Request.URL.Path != "/c/caregivers/about" {
		t.Fatalf("private demo community for a guest: %d at %s", res.StatusCode, res.Request.URL.Path)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	cmd.Wait()
	if banner := <-rest; !strings.Contains(banner, "lanternkeeper") || !strings.Contains(banner, "hearth-demo-2026") {
		t.Fatalf("demo banner lacks the sign-ins: %q", banner)
	}
}
