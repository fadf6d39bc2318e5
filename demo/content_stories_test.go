package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/privacy"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
	"github.com/hearth-community/hearth/upload"
)

// TestDemoStoriesContent checks the stories' text the way the privacy
// guard would, and their timing against their writers' sign-up.
func TestDemoStoriesContent(t *testing.T) {
	joined := map[string]int{}
	for _, m := range demo.Members {
		joined[m.Handle] = m.DaysAgo
	}
	var walk func(st demo.DemoStory, cs []demo.StoryComment)
	walk = func(st demo.DemoStory, cs []demo.StoryComment) {
		for _, c := range cs {
			if fs := privacy.Scan(c.Body); len(fs) > 0 {
				t.Errorf("comment on %q has identifiers: %+v", st.Title, fs)
			}
			if c.HoursAfter > st.DaysAgo*24 {
				t.Errorf("comment on %q is in the future", st.Title)
			}
			if (c.Author == "") == (c.Guest == nil) {
				t.Errorf("comment on %q: exactly one of member and guest", st.Title)
			}
			if c.Author != "" {
				if _, ok := joined[c.Author]; !ok {
					t.Errorf("comment on %q by unknown @%s", st.Title, c.Author)
				} else if hoursAgo := st.DaysAgo*24 - c.HoursAfter; hoursAgo > joined[c.Author]*24-6 {
					t.Errorf("@%s comments on %q before joining", c.Author, st.Title)
				}
			}
			if c.Guest != nil && !strings.HasSuffix(c.Guest.Email, "@example.org") {
				t.Errorf("guest email %q is not @example.org", c.Guest.Email)
			}
			walk(st, c.Replies)
		}
	}
	for _, st := range demo.Stories {
		for _, text := range []string{st.Title, st.Body} {
			if fs := privacy.Scan(text); len(fs) > 0 {
				t.Errorf("story %q has identifiers: %+v", st.Title, fs)
			}
		}
		if days, ok := joined[st.Author]; !ok || days <= st.DaysAgo {
			t.Errorf("story %q by @%s, who joined %d days ago", st.Title, st.Author, days)
		}
		walk(st, st.Comments)
	}
}

func TestSeedStories(t *testing.T) {
	ctx := context.Background()
	db, _ := sqldbtest.MustOpen(t)
	dir := upload.Dir(t.TempDir())
	if err := demo.Seed(ctx, db, time.Now(), demo.WithUploads(dir)); err != nil {
		t.Fatal(err)
	}
	var public, covers, held, guests int
	for _, st := range demo.Stories {
		author, err := db.FindMemberByHandle(ctx, st.Author)
		if err != nil {
			t.Fatal(err)
		}
		anon, _, err := db.ListStories(ctx, nil, st.Author, 1)
		if err != nil {
			t.Fatal(err)
		}
		mine, _, _ := db.ListStories(ctx, author, st.Author, 1)
		if len(mine) == 0 || mine[0].Title != st.Title {
			t.Fatalf("story %q not seeded", st.Title)
		}
		s := mine[0]
		if s.IsPublic() {
			public++
			if len(anon) == 0 {
				t.Errorf("public story %q hidden from guests", st.Title)
			}
		} else if len(anon) != 0 {
			t.Errorf("members-only story %q shown to guests", st.Title)
		}
		if s.Cover != "" {
			covers++
			f, _, err := dir.Open(ctx, s.Cover)
			if err != nil {
				t.Errorf("cover of %q: %v", st.Title, err)
			} else {
				f.Close()
			}
		}
		all, _ := db.ListComments(ctx, author, s.ID)
		seen, _ := db.ListComments(ctx, &hearth.Member{ID: 1 << 40, Role: hearth.RoleMember}, s.ID)
		for _, c := range all {
			if c.IsGuest() {
				guests++
			}
			if c.Status == hearth.StatusHeld {
				held++
			}
		}
		if s.HeldCount == 0 && len(seen) != len(all) {
			t.Errorf("%q: a reader sees %d comments, the author %d", st.Title, len(seen), len(all))
		}
	}
	if public < 3 || public == len(demo.Stories) || covers < 2 || held < 1 || guests < 3 {
		t.Errorf("demo stories: %d public of %d, %d covers, %d held, %d guest comments", public, len(demo.Stories), covers, held, guests)
	}
}
