package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// archiveDate is the banner's date of making.
var archiveDate = regexp.MustCompile(`made on <time datetime="\d{4}-\d\d-\d\dT[0-9:]+Z">[A-Z][a-z]+ \d{1,2}, \d{4} at \d\d:\d\d UTC</time>`)

// TestArchiveCommand runs `hearth archive` on a seeded database: the
// public thread is written with its replies and links that work from the
// file system; nothing of the private or members-only community, nor a
// members-only story, is anywhere in the directory; every page says it
// is an archive and when it was made, and has no form or sign-in link.
func TestArchiveCommand(t *testing.T) {
	ctx := context.Background()
	dsn := directoryDSN(t)
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(h string) *hearth.Member {
		m, err := db.CreateMember(ctx, hearth.NewMember{Handle: h, Email: h + "@example.org", Password: "a long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	ann, bo := mk("ann"), mk("bob")
	var public *hearth.Thread
	for _, c := range []struct {
		slug, title string
		v           hearth.Visibility
	}{{"open", "Public heron question", hearth.Public}, {"insiders", "Members kestrel question", hearth.MembersOnly}, {"hidden", "Private wombat question", hearth.Private}} {
		if _, err := db.CreateCommunity(ctx, hearth.NewCommunity{Slug: c.slug, Name: c.slug + " community", Visibility: c.v}); err != nil {
			t.Fatal(err)
		}
		db.AddMember(ctx, c.slug, "ann")
		db.AddMember(ctx, c.slug, "bob")
		th, err := db.CreateThread(ctx, ann, c.slug, hearth.NewThread{Title: c.title, Body: "Opening of " + c.title})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateReply(ctx, bo, th.ID, "Reply to "+c.title); err != nil {
			t.Fatal(err)
		}
		if c.v == hearth.Public {
			public = th
		}
	}
	if _, err := db.CreateStory(ctx, ann, hearth.NewStory{Title: "A public otter story", Body: "Otters.", Visibility: hearth.Public}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateStory(ctx, ann, hearth.NewStory{Title: "A members lynx story", Body: "Lynxes.", Visibility: hearth.MembersOnly}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(ctx, []string{"archive", "--db", dsn, "--out", dir, "--uploads", t.TempDir()}, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("archive: %v %s", err, out.String())
	}
	threadFile := filepath.Join(dir, "c", "open", "t", strconv.FormatInt(public.ID, 10), "index.html")
	page, err := os.ReadFile(threadFile)
	if err != nil {
		t.Fatalf("public thread not written: %v\n%s", err, out.String())
	}
	if !strings.Contains(string(page), "Reply to Public heron question") || !strings.Contains(string(page), `href="../../../../static/`) {
		t.Errorf("thread page lacks its reply or a relative CSS link:\n%s", page)
	}
	if strings.Contains(string(page), "<script") {
		t.Error("the archive keeps scripts")
	}
	var all strings.Builder
	var css bool
	var htmlPages int
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		all.Write(b)
		css = css || strings.HasSuffix(p, ".css")
		if strings.HasSuffix(p, ".html") {
			htmlPages++
			// Read-only: a banner that says it is an archive and when it
			// was made; no form and no way back to signing in.
			page := string(b)
			if !strings.Contains(page, "This is an archived copy of") || !archiveDate.MatchString(page) {
				t.Errorf("%s lacks the archive banner", p)
			}
			for _, live := range []string{"<form", `href="/signin`, `href="/signup`, ">Sign in<", ">Join<", `action="/`, `href="/c/open/new"`, `href="/search`, `class="share"`, "to reply.", `id="reply"`} {
				if strings.Contains(page, live) {
					t.Errorf("%s still holds %q", p, live)
				}
			}
		}
		return nil
	})
	if htmlPages < 5 {
		t.Errorf("only %d pages in the archive", htmlPages)
	}
	if !css {
		t.Error("no CSS in the archive")
	}
	for _, want := range []string{"A public otter story", "Public heron question"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("archive lacks %q", want)
		}
	}
	for _, leak := range []string{"wombat", "kestrel", "lynx", "ann@example.org"} {
		if strings.Contains(strings.ToLower(all.String()), leak) {
			t.Errorf("archive holds %q", leak)
		}
	}
	if err := run(ctx, []string{"archive", "--db", dsn}, strings.NewReader(""), &out, &out); exitCode(err) != 2 {
		t.Errorf("archive without --out: %v", err)
	}
}
