package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// cmdSeed fills an empty database with a synthetic dataset for
// benchmarks: --communities × --threads threads of --replies replies,
// plus one thread of exactly one full page of replies, a bench member
// with a session and an API token.
func cmdSeed(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth-bench.db")
	communities := fs.Int("communities", 10, "number of communities")
	threads := fs.Int("threads", 1000, "threads per community")
	replies := fs.Int("replies", 99, "replies per thread")
	members := fs.Int("members", 200, "number of authors")
	handle := fs.String("handle", "bench", "handle of the member the benchmark signs in as")
	pass := fs.String("password", "bench-password-2026", "that member's password")
	jsonOut := fs.String("json", "", "also write what was seeded (URLs, session, token) to this JSON file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	total := *communities**threads*(*replies+1) + hearth.RepliesPerPage + 1
	started := time.Now()
	res, err := db.Seed(ctx, sqldb.SeedOptions{
		Communities: *communities, Threads: *threads, Replies: *replies, Members: *members,
		CommunityNames: seedCommunities, Titles: seedTitles, Bodies: seedBodies,
		BenchHandle: *handle, BenchPassword: *pass,
		Progress: func(n int) {
			fmt.Fprintf(stdout, "\r%d of %d posts", n, total)
		},
	})
	if err != nil {
		fmt.Fprintln(stdout)
		return err
	}
	took := time.Since(started)
	fmt.Fprintf(stdout, "\rseeded %d communities, %d threads, %d posts, %d members in %.1fs (%.0f posts/s)\n",
		res.Communities, res.Threads, res.Posts, res.Members, took.Seconds(), float64(res.Posts)/took.Seconds())
	out := struct {
		*sqldb.SeedResult
		BenchURL string  `json:"bench_url"`
		Password string  `json:"password"`
		Seconds  float64 `json:"seconds"`
	}{res, threadPath(res.BenchThread), *pass, took.Seconds()}
	fmt.Fprintf(stdout, "thread with %d replies: %s\n", hearth.RepliesPerPage, out.BenchURL)
	fmt.Fprintf(stdout, "signed-in member: @%s (password %q)\n", res.BenchHandle, *pass)
	fmt.Fprintf(stdout, "session cookie:   hearth_session=%s\n", res.Session)
	fmt.Fprintf(stdout, "API token:        %s\n", res.Token)
	if *jsonOut != "" {
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*jsonOut, append(b, '\n'), 0o600); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", *jsonOut)
	}
	return nil
}

func threadPath(t *hearth.Thread) string { return fmt.Sprintf("/c/%s/t/%d", t.CommunitySlug, t.ID) }

var seedCommunities = []string{"Epilepsy", "Type 1 diabetes", "Long COVID", "Caregivers", "Migraine", "Multiple sclerosis",
	"Crohn's and colitis", "Asthma", "Lupus", "Parkinson's"}

var seedTitles = []string{
	"Side effects in the first month: what helped you?",
	"How do you explain it to teachers?",
	"Sleep has been terrible since the new dose",
	"Questions to ask at the first specialist visit",
	"Does anyone else feel worse in hot weather?",
	"Tracking symptoms: apps or paper?",
	"Good days and bad days: how do you pace yourself?",
	"Insurance said no. What did you do next?",
}

// seedBodies are plain-language posts of typical lengths, with the
// Markdown members use (paragraphs, emphasis, lists, quotes).
var seedBodies = []string{
	"We went through the same thing last spring. The first two weeks were the hardest, and then it slowly got better. " +
		"What helped most was keeping a simple diary: time of the dose, what she ate, and how she slept. " +
		"Our nurse could see a pattern in it that we had missed.",
	"Same here. **Ask for a written plan** before you leave the appointment, so you do not have to remember everything. " +
		"I always forget half of it by the time I get to the car.",
	"A few things that worked for us:\n\n- a fixed bedtime, even on weekends\n- no screens for the last hour\n" +
		"- a cool, dark room\n- a small snack if the evening dose upsets her stomach\n\nIt took about three weeks to notice a difference.",
	"> Does anyone else feel worse in hot weather?\n\nYes, every summer. I plan errands for early morning, carry water, " +
		"and keep a cooling towel in the car. It is not a cure, but it makes the bad days shorter.",
	"Thank you for writing this. I read it twice. It helps to know we are not the only family that finds the evenings hard.",
	"I asked my pharmacist about the timing and she suggested taking it with food. That made a real difference for me. " +
		"Please check with your own doctor or pharmacist first, of course, since everyone is different. " +
		"I also wrote down every question I had during the week, so the next visit was much calmer.",
	"We appealed twice. The second time we sent the diary pages and a letter from the clinic that listed what we had already tried. " +
		"It was approved three weeks later. *Keep copies of everything* and write down the name of each person you speak to.",
	"Paper works best for me. I keep a small notebook in my bag and fill in one line a day: sleep, pain from 0 to 10, " +
		"and anything unusual. At the end of the month I take a photo of the pages for the doctor.",
}
