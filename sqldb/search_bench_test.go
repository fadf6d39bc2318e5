package sqldb_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/sqldb"
)

// BenchmarkSearch builds a generated corpus (HEARTH_SEARCH_BENCH_POSTS
// posts, default 100,000, across 100 communities) through the same
// seeding that `hearth seed` uses, with the search index kept by its
// triggers, then measures Search for typical two-word queries, signed
// out and signed in. It reports p50 and p95 in ms, the index size and
// the time of a full rebuild:
//
//	go test ./sqldb -run '^$' -bench BenchmarkSearch -benchtime 1x -timeout 30m
//	HEARTH_SEARCH_BENCH_POSTS=1000000 go test ./sqldb -run '^$' -bench BenchmarkSearch -benchtime 1x -timeout 60m
func BenchmarkSearch(b *testing.B) {
	posts := 100_000
	if v, err := strconv.Atoi(os.Getenv("HEARTH_SEARCH_BENCH_POSTS")); err == nil && v > 0 {
		posts = v
	}
	ctx := context.Background()
	db := MustOpenDB(b)
	c := newCorpus(1)
	const communities, replies = 100, 9
	threads := max(1, posts/communities/(replies+1))
	total := communities * threads * (replies + 1)
	bodies := make([]string, total)
	for i := range bodies {
		bodies[i] = c.body()
	}
	titles := make([]string, 5000)
	for i := range titles {
		titles[i] = c.title()
	}
	names := make([]string, communities)
	for i := range names {
		names[i] = fmt.Sprintf("Condition %03d", i+1)
	}
	start := time.Now()
	res, err := db.Seed(ctx, sqldb.SeedOptions{Communities: communities, Threads: threads, Replies: replies,
		CommunityNames: names, Titles: titles, Bodies: bodies, BenchHandle: "bench", BenchPassword: "bench-password-2026"})
	if err != nil {
		b.Fatal(err)
	}
	seeded := time.Since(start)
	bodies = nil
	// A fifth of the communities are members-only and a fifth private,
	// so that signed-in searches pay for the membership checks.
	for i := range communities {
		vis := []string{"public", "public", "public", "members", "private"}[i%5]
		if err := sqldb.ExecForSearchTest(db, `UPDATE communities SET visibility = $1 WHERE slug = $2`, vis, fmt.Sprintf("condition-%03d", i+1)); err != nil {
			b.Fatal(err)
		}
	}
	size, err := db.SearchIndexSize(ctx)
	if err != nil {
		b.Fatal(err)
	}
	start = time.Now()
	if err := db.RebuildSearchIndex(ctx); err != nil {
		b.Fatal(err)
	}
	rebuilt := time.Since(start)
	optimized, err := db.SearchIndexSize(ctx)
	if err != nil {
		b.Fatal(err)
	}
	// HEARTH_SEARCH_BENCH_KEEP=file.db keeps a copy of the corpus to study.
	if p := os.Getenv("HEARTH_SEARCH_BENCH_KEEP"); p != "" {
		sqldb.ExecForSearchTest(db, `VACUUM INTO '`+p+`'`)
	}
	bench, err := db.FindMemberByHandle(ctx, "bench")
	if err != nil {
		b.Fatal(err)
	}
	queries := c.queries(40)
	b.Logf("%d posts seeded in %s (index kept by triggers); index %.1f MB, %.1f MB after a rebuild of %s",
		res.Posts, seeded.Round(time.Second), float64(size)/1e6, float64(optimized)/1e6, rebuilt.Round(100*time.Millisecond))
	b.ResetTimer()
	for range b.N {
		for _, who := range []struct {
			name   string
			viewer *hearth.Member
		}{{"anonymous", nil}, {"member", bench}} {
			// One warm-up round, as a running server has.
			if _, err := db.MeasureSearch(ctx, who.viewer, queries, 1); err != nil {
				b.Fatal(err)
			}
			m, err := db.MeasureSearch(ctx, who.viewer, queries, 3)
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %d searches, p50 %.2f ms, p95 %.2f ms, max %.2f ms, %.0f results on average", who.name, m.Searches,
				ms(m.P50), ms(m.P95), ms(m.Max), m.Results)
			b.ReportMetric(ms(m.P50), who.name+"-p50-ms")
			b.ReportMetric(ms(m.P95), who.name+"-p95-ms")
		}
	}
	b.ReportMetric(float64(optimized)/1e6, "index-MB")
	b.ReportMetric(rebuilt.Seconds(), "rebuild-s")
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// corpus writes posts that read roughly like the demo's: the demo's own
// words by how often they are used (a Zipf law), a long tail of rarer
// made-up words (drug names, places), and in each community a few topic
// words used more there than elsewhere.
type corpus struct {
	r      *rand.Rand
	words  []string
	cum    []float64
	topics [][]string
	// content words of middling frequency, for queries
	common []string
}

func newCorpus(seed uint64) *corpus {
	c := &corpus{r: rand.New(rand.NewPCG(seed, 7))}
	freq := map[string]int{}
	re := regexp.MustCompile(`[\p{L}]+`)
	for _, t := range demo.Threads {
		for _, s := range append([]string{t.Title, t.Body}, replyBodies(t)...) {
			for _, w := range re.FindAllString(strings.ToLower(s), -1) {
				freq[w]++
			}
		}
	}
	for w := range freq {
		c.words = append(c.words, w)
	}
	sort.Slice(c.words, func(i, j int) bool {
		return freq[c.words[i]] > freq[c.words[j]] || freq[c.words[i]] == freq[c.words[j]] && c.words[i] < c.words[j]
	})
	for _, w := range c.words[60:min(len(c.words), 900)] {
		if len(w) >= 4 {
			c.common = append(c.common, w)
		}
	}
	syl := []string{"ka", "lo", "mi", "ter", "zan", "pra", "vel", "dor", "qui", "ne", "sto", "ral", "fen", "tis", "gol", "bu", "cre", "mon"}
	for range 30000 {
		n := 2 + c.r.IntN(3)
		var b strings.Builder
		for range n {
			b.WriteString(syl[c.r.IntN(len(syl))])
		}
		c.words = append(c.words, b.String())
	}
	s := 0.0
	for i := range c.words {
		s += 1 / float64(i+1)
		c.cum = append(c.cum, s)
	}
	for range 100 {
		var t []string
		for range 25 {
			t = append(t, c.words[200+c.r.IntN(len(c.words)-200)])
		}
		c.topics = append(c.topics, t)
	}
	return c
}

func replyBodies(t demo.Thread) []string {
	var out []string
	for _, r := range t.Replies {
		out = append(out, r.Body)
	}
	return out
}

func (c *corpus) word() string {
	x := c.r.Float64() * c.cum[len(c.cum)-1]
	return c.words[sort.SearchFloat64s(c.cum, x)]
}

func (c *corpus) body() string {
	topic := c.topics[c.r.IntN(len(c.topics))]
	n := 20 + c.r.IntN(70) + c.r.IntN(70)
	var b strings.Builder
	for i := range n {
		if i > 0 {
			if i%40 == 0 {
				b.WriteString(".\n\n")
			} else {
				b.WriteByte(' ')
			}
		}
		w := c.word()
		if c.r.IntN(20) == 0 {
			w = topic[c.r.IntN(len(topic))]
		}
		if c.r.IntN(60) == 0 {
			w = "**" + w + "**"
		}
		b.WriteString(w)
	}
	b.WriteString(".")
	return b.String()
}

func (c *corpus) title() string {
	n := 3 + c.r.IntN(6)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = c.word()
	}
	return strings.ToUpper(ws[0][:1]) + strings.Join(ws, " ")[1:]
}

// queries returns typical two-word searches: pairs of the demo's content
// words that are neither the commonest nor rare, and a few a member
// would type.
func (c *corpus) queries(n int) []string {
	qs := []string{"ketogenic diet", "seizure medicine", "sleep schedule", "side effects", "school nurse", "blood sugar",
		"rescue medication", "first year", "keppra rage", "insulin pump"}
	for len(qs) < n {
		qs = append(qs, c.common[c.r.IntN(len(c.common))]+" "+c.common[c.r.IntN(len(c.common))])
	}
	return qs
}
