package sqldb_test

import (
	"context"
	"os"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestZZDiag3(t *testing.T) {
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
	qs := newCorpus(1).queries(40)
	bench, _ := db.FindMemberByHandle(ctx, "bench")
	for _, v := range []*hearth.Member{nil, bench} {
		var wall, cpu []time.Duration
		for r := 0; r < 4; r++ {
			for _, q := range qs {
				w0, c0 := time.Now(), cpuNow()
				if _, err := db.Search(ctx, v, hearth.SearchQuery{Text: q}); err != nil {
					t.Fatal(err)
				}
				if r > 0 {
					wall = append(wall, time.Since(w0))
					cpu = append(cpu, cpuNow()-c0)
				}
			}
		}
		for _, l := range [][]time.Duration{wall, cpu} {
			sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		}
		n := len(wall)
		t.Logf("signed in %v: wall p50 %.2f p95 %.2f | cpu p50 %.2f p95 %.2f (n=%d)", v != nil,
			ms(wall[n/2]), ms(wall[n*95/100]), ms(cpu[n/2]), ms(cpu[n*95/100]), n)
	}
}
