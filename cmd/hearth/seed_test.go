package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSeedCommand runs `hearth seed` and reads what it says it made.
func TestSeedCommand(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	db, js := filepath.Join(dir, "bench.db"), filepath.Join(dir, "seed.json")
	out, code := runCLI(t, bin, "", "seed", "--db", db, "--communities", "2", "--threads", "3", "--replies", "4", "--json", js)
	if code != 0 || !strings.Contains(out, "seeded 2 communities, 7 threads, 81 posts") || !strings.Contains(out, "thread with 50 replies: /c/epilepsy/t/1") {
		t.Fatalf("seed: %d %s", code, out)
	}
	b, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var seed struct {
		BenchURL string `json:"bench_url"`
		Session  string `json:"session"`
		Token    string `json:"token"`
		Posts    int    `json:"posts"`
	}
	if err := json.Unmarshal(b, &seed); err != nil || seed.BenchURL != "/c/epilepsy/t/1" || seed.Session == "" || !strings.HasPrefix(seed.Token, "hearth_pat_") || seed.Posts != 81 {
		t.Fatalf("seed.json: %v %s", err, b)
	}
	if out, code := runCLI(t, bin, "", "seed", "--db", db, "--communities", "1", "--threads", "1", "--replies", "1"); code != 4 || !strings.Contains(out, "empty database") {
		t.Errorf("seeding a database twice: %d %s", code, out)
	}
}
