package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/password"
)

// SeedOptions sizes a synthetic dataset for benchmarks and load tests.
// Bodies and titles are cycled; each body is rendered to HTML once.
type SeedOptions struct {
	Communities int // communities, all public
	Threads     int // threads per community
	Replies     int // replies per thread
	Members     int // authors, besides the bench member (default 200)

	CommunityNames []string
	Titles         []string
	Bodies         []string // Markdown, for opening posts and replies

	// BenchHandle and BenchPassword name the member the benchmark signs
	// in as; a session and an API token are created for it.
	BenchHandle   string
	BenchPassword string

	// Progress, when set, is called after each commit with the number
	// of posts written so far.
	Progress func(posts int)
}

// SeedResult says what Seed wrote and how to reach it.
type SeedResult struct {
	Communities int `json:"communities"`
	Threads     int `json:"threads"`
	Posts       int `json:"posts"`
	Members     int `json:"members"`

	// BenchThread has exactly hearth.RepliesPerPage replies: one full page.
	BenchThread *hearth.Thread `json:"bench_thread"`
	// WriteThreads are other threads, for write benchmarks to reply to
	// without changing BenchThread.
	WriteThreads []int64 `json:"write_threads"`

	BenchHandle string `json:"bench_handle"`
	Session     string `json:"session"`
	Token       string `json:"token"`
}

var nonSlugChars = regexp.MustCompile(`[^a-z0-9]+`)

// seedBatch is how many posts one INSERT statement carries: multi-row
// VALUES lists cut the per-statement cost that dominates bulk loads.
const seedBatch = 100

// seedTxPosts is roughly how many posts one transaction commits.
const seedTxPosts = 50000

// Seed fills an empty database with a synthetic dataset quickly: big
// transactions, prepared multi-row inserts, and the few distinct bodies
// rendered once rather than per row. It is for benchmarks; real content
// goes through CreateThread and CreateReply.
func (db *DB) Seed(ctx context.Context, o SeedOptions) (*SeedResult, error) {
	if o.Communities < 1 || o.Threads < 1 || o.Replies < 0 {
		return nil, hearth.Errorf(hearth.EInvalid, "seed needs at least one community and one thread per community")
	}
	if len(o.Bodies) == 0 || len(o.Titles) == 0 || len(o.CommunityNames) == 0 {
		return nil, hearth.Errorf(hearth.EInvalid, "seed needs bodies, titles and community names")
	}
	if o.Members <= 0 {
		o.Members = 200
	}
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM communities`).Scan(&n); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, hearth.Errorf(hearth.EConflict, "the database already has communities; seed fills an empty database only")
	}
	bench := hearth.NewMember{Handle: o.BenchHandle, Email: o.BenchHandle + "@bench.invalid", Password: o.BenchPassword}
	if err := bench.Validate(); err != nil {
		return nil, err
	}
	// One argon2id hash serves every seeded account: hashing a million
	// times would be the slowest part of the seed.
	hash, err := password.Hash(o.BenchPassword, db.passwordParams())
	if err != nil {
		return nil, err
	}
	html := make([]string, len(o.Bodies))
	excerpts := make([]string, len(o.Bodies))
	for i, b := range o.Bodies {
		html[i] = string(db.Render(b))
		excerpts[i] = Excerpter(b, excerptRunes)
	}

	res := &SeedResult{BenchHandle: bench.Handle}
	now := db.Now().UTC()
	start := now.Add(-30 * 24 * time.Hour)
	totalThreads := o.Communities*o.Threads + 1
	// Threads start evenly over the last 30 days; replies follow a minute apart.
	step := 30 * 24 * time.Hour / time.Duration(totalThreads)

	if !db.isPostgres() {
		// A big page cache keeps SQLite from spilling the same index
		// pages to the WAL again and again inside a big transaction.
		if _, err := db.write.ExecContext(ctx, `PRAGMA cache_size = -262144`); err != nil {
			return nil, err
		}
		defer db.write.ExecContext(context.Background(), `PRAGMA cache_size = -2000`)
	}
	var benchID int64
	memberIDs := make([]int64, o.Members)
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO members (handle, email, email_lower, password_hash, role, bio, created_at)
			VALUES ($1, $2, $3, $4, $5, '', $6) RETURNING id`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		if err := stmt.QueryRowContext(ctx, bench.Handle, bench.Email, strings.ToLower(bench.Email), hash, string(hearth.RoleMember), ms(start)).Scan(&benchID); err != nil {
			return err
		}
		for i := range memberIDs {
			role := hearth.RoleMember
			switch {
			case i%10 == 3:
				role = hearth.RoleClinician
			case i%7 == 5:
				role = hearth.RoleMentor
			}
			h := fmt.Sprintf("member_%04d", i+1)
			if err := stmt.QueryRowContext(ctx, h, h+"@bench.invalid", h+"@bench.invalid", hash, string(role), ms(start)).Scan(&memberIDs[i]); err != nil {
				return err
			}
		}
		cstmt, err := tx.PrepareContext(ctx, `INSERT INTO communities (slug, name, description, rules, rules_html, visibility, created_at)
			VALUES ($1, $2, $3, $4, $5, 'public', $6) RETURNING id`)
		if err != nil {
			return err
		}
		defer cstmt.Close()
		mstmt, err := tx.PrepareContext(ctx, `INSERT INTO memberships (community_id, member_id, status, created_at) VALUES ($1, $2, 'active', $3)`)
		if err != nil {
			return err
		}
		defer mstmt.Close()
		rules := "- Be kind.\n- Share experience, not medical advice.\n- Never post anyone's real name or records."
		rulesHTML := string(db.Render(rules))
		for i := range o.Communities {
			name := o.CommunityNames[i%len(o.CommunityNames)]
			if i >= len(o.CommunityNames) {
				name = fmt.Sprintf("%s %d", name, i/len(o.CommunityNames)+1)
			}
			slug := strings.Trim(nonSlugChars.ReplaceAllString(strings.ToLower(name), "-"), "-")
			var cid int64
			if err := cstmt.QueryRowContext(ctx, slug, name, "People living with "+strings.ToLower(name)+" and those who care for them.",
				rules, rulesHTML, ms(start)).Scan(&cid); err != nil {
				return fmt.Errorf("community %s: %w", slug, err)
			}
			for _, m := range append([]int64{benchID}, memberIDs...) {
				if _, err := mstmt.ExecContext(ctx, cid, m, ms(start)); err != nil {
					return err
				}
			}
		}
		res.Members = len(memberIDs) + 1
		res.Communities = o.Communities
		return nil
	})
	if err != nil {
		return nil, err
	}

	var communityIDs []int64
	rows, err := db.write.QueryContext(ctx, `SELECT id FROM communities ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		communityIDs = append(communityIDs, id)
	}
	rows.Close()

	// Threads are written in the order they were "started", so that ids
	// grow with time like real ones. The first is the bench thread.
	type plan struct {
		community int64
		replies   int
	}
	plans := make([]plan, 0, totalThreads)
	plans = append(plans, plan{communityIDs[0], hearth.RepliesPerPage})
	for range o.Threads {
		for _, c := range communityIDs {
			plans = append(plans, plan{c, o.Replies})
		}
	}

	w := &seedWriter{db: db, html: html, bodies: o.Bodies}
	for i := 0; i < len(plans); {
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			if err := w.prepare(ctx, tx); err != nil {
				return err
			}
			defer w.close()
			written := 0
			for ; i < len(plans) && written < seedTxPosts; i++ {
				p := plans[i]
				created := start.Add(time.Duration(i) * step)
				last := created.Add(time.Duration(p.replies) * time.Minute)
				if last.After(now) {
					last = now
				}
				b := i % len(o.Bodies)
				author := memberIDs[i%len(memberIDs)]
				var id int64
				if err := w.thread.QueryRowContext(ctx, p.community, author, o.Titles[i%len(o.Titles)], excerpts[b], p.replies, ms(created), ms(last)).Scan(&id); err != nil {
					return err
				}
				if err := w.addPost(ctx, id, 0, author, b, created); err != nil {
					return err
				}
				for r := 1; r <= p.replies; r++ {
					at := created.Add(time.Duration(r) * time.Minute)
					if at.After(now) {
						at = now
					}
					if err := w.addPost(ctx, id, r, memberIDs[(i+r*7)%len(memberIDs)], (i+r)%len(o.Bodies), at); err != nil {
						return err
					}
				}
				written += p.replies + 1
				if i == 0 {
					res.BenchThread = &hearth.Thread{ID: id}
				} else if len(res.WriteThreads) < 100 {
					res.WriteThreads = append(res.WriteThreads, id)
				}
				res.Threads++
			}
			return w.flush(ctx)
		})
		if err != nil {
			return nil, err
		}
		res.Posts = w.posts
		if o.Progress != nil {
			o.Progress(w.posts)
		}
	}
	if !db.isPostgres() {
		// Rows added one by one leave FTS5 with many small index segments;
		// a bulk load merges them once, as RebuildSearchIndex does.
		if _, err := db.write.ExecContext(ctx, `INSERT INTO search_fts (search_fts) VALUES ('optimize')`); err != nil {
			return nil, err
		}
	}
	if _, err := db.write.ExecContext(ctx, `ANALYZE`); err != nil {
		return nil, err
	}

	t, _, err := findThread(ctx, db.read, &hearth.Member{ID: benchID}, res.BenchThread.ID)
	if err != nil {
		return nil, err
	}
	res.BenchThread = t
	if res.Session, err = db.CreateSession(ctx, benchID); err != nil {
		return nil, err
	}
	if res.Token, err = db.CreateToken(ctx, benchID, "bench"); err != nil {
		return nil, err
	}
	return res, nil
}

// seedWriter buffers posts into multi-row inserts.
type seedWriter struct {
	db     *DB
	html   []string
	bodies []string
	thread *sql.Stmt
	batch  *sql.Stmt
	single *sql.Stmt
	args   []any
	posts  int
}

func (w *seedWriter) prepare(ctx context.Context, tx *sql.Tx) error {
	var err error
	if w.thread, err = tx.PrepareContext(ctx, `INSERT INTO threads (community_id, author_id, title, excerpt, reply_count, created_at, last_activity_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`); err != nil {
		return err
	}
	if w.batch, err = tx.PrepareContext(ctx, postInsert(seedBatch)); err != nil {
		return err
	}
	w.single, err = tx.PrepareContext(ctx, postInsert(1))
	return err
}

func (w *seedWriter) close() {
	for _, s := range []*sql.Stmt{w.thread, w.batch, w.single} {
		if s != nil {
			s.Close()
		}
	}
}

func postInsert(rows int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO posts (thread_id, position, author_id, body, body_html, created_at) VALUES `)
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		n := r * 6
		fmt.Fprintf(&b, "($%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6)
	}
	return b.String()
}

func (w *seedWriter) addPost(ctx context.Context, thread int64, position int, author int64, body int, at time.Time) error {
	w.args = append(w.args, thread, position, author, w.bodies[body], w.html[body], ms(at))
	w.posts++
	if len(w.args) == 6*seedBatch {
		_, err := w.batch.ExecContext(ctx, w.args...)
		w.args = w.args[:0]
		return err
	}
	return nil
}

// flush writes the posts left over from the last full batch.
func (w *seedWriter) flush(ctx context.Context) error {
	for i := 0; i < len(w.args); i += 6 {
		if _, err := w.single.ExecContext(ctx, w.args[i:i+6]...); err != nil {
			return err
		}
	}
	w.args = w.args[:0]
	return nil
}
