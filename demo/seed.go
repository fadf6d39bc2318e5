// Package demo holds the demo community that `hearth demo` serves: the
// content (content*.go) and the seeding that writes it through the same
// storage calls that members' actions use.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// Seed writes the demo content into an empty database, dated relative to
// now so that the community looks alive whenever the demo starts.
func Seed(ctx context.Context, db *sqldb.DB, now time.Time, opts ...Option) error {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	clock := db.Now
	defer func() { db.Now = clock }()
	at := func(t time.Time) { db.Now = func() time.Time { return t } }

	members := map[string]*hearth.Member{}
	joinedAt := map[string]time.Time{}
	for _, m := range Members {
		joined := now.Add(-time.Duration(m.DaysAgo) * 24 * time.Hour)
		at(joined)
		created, err := db.CreateMember(ctx, hearth.NewMember{Handle: m.Handle, Email: m.Email, Password: Password, Role: hearth.Role(m.Role)})
		if err != nil {
			return fmt.Errorf("member %s: %w", m.Handle, err)
		}
		if err := db.UpdateMemberProfile(ctx, created.ID, m.Bio, created.Role, joined); err != nil {
			return err
		}
		created.Bio = m.Bio
		members[m.Handle] = created
		joinedAt[m.Handle] = joined
	}
	opened := now.Add(-90 * 24 * time.Hour)
	for _, c := range Communities {
		at(opened)
		if _, err := db.CreateCommunity(ctx, hearth.NewCommunity{Slug: c.Slug, Name: c.Name, Description: c.Description,
			Rules: c.Rules, Visibility: hearth.Visibility(c.Visibility)}); err != nil {
			return fmt.Errorf("community %s: %w", c.Slug, err)
		}
		for i, h := range c.Members {
			// A member joins a community an hour after joining the site.
			at(later(opened, joinedAt[h].Add(time.Hour)))
			var err error
			if i == 0 {
				err = db.SetModerator(ctx, c.Slug, h)
			} else {
				err = db.AddMember(ctx, c.Slug, h)
			}
			if err != nil {
				return fmt.Errorf("community %s member %s: %w", c.Slug, h, err)
			}
		}
		for _, h := range c.Pending {
			at(later(opened, joinedAt[h].Add(2*time.Hour)))
			if _, err := db.Join(ctx, members[h], c.Slug); err != nil {
				return fmt.Errorf("community %s request from %s: %w", c.Slug, h, err)
			}
		}
	}
	for i := range Threads {
		th := Threads[len(Threads)-1-i]
		start := now.Add(-time.Duration(th.DaysAgo)*24*time.Hour - time.Duration(i%7+1)*37*time.Minute)
		at(start)
		t, err := db.CreateThread(ctx, members[th.Author], th.Community, hearth.NewThread{Title: th.Title, Body: th.Body})
		if err != nil {
			return fmt.Errorf("thread %q: %w", th.Title, err)
		}
		for j, r := range th.Replies {
			when := start.Add(time.Duration(r.HoursAfter)*time.Hour + time.Duration(j)*time.Minute)
			if when.After(now) {
				when = now.Add(-time.Duration(len(th.Replies)-j) * time.Minute)
			}
			at(when)
			if _, err := db.CreateReply(ctx, members[r.Author], t.ID, r.Body); err != nil {
				return fmt.Errorf("reply %d in %q: %w", j, th.Title, err)
			}
		}
	}
	if err := seedTried(ctx, db, now, members); err != nil {
		return fmt.Errorf("what we tried: %w", err)
	}
	if err := seedHeld(ctx, db, members, now, at); err != nil {
		return err
	}
	if err := seedDirectory(ctx, db, now, members); err != nil {
		return err
	}
	if err := seedStories(ctx, db, now, at, members, o); err != nil {
		return err
	}
	if err := seedEvents(ctx, db, now, at, members); err != nil { // seed_events.go
		return err
	}
	if err := seedDirectoryLinks(ctx, db, now, members); err != nil { // seed_directory_links.go
		return err
	}
	if err := seedModeration(ctx, db, now, at, members); err != nil { // content_moderation.go
		return err
	}
	if err := seedMessages(ctx, db, now, at, members); err != nil { // content_messages.go
		return err
	}
	if err := seedThreadPrivacy(ctx, db, now, at, members); err != nil { // content_thread_privacy.go
		return err
	}
	if err := seedCare(ctx, db, now, at, members); err != nil { // content_care.go
		return err
	}
	if err := seedMentors(ctx, db, now, at, members); err != nil { // content_mentors.go
		return err
	}
	if err := seedAnonymous(ctx, db, now, at, members); err != nil { // content_anonymous.go
		return err
	}
	if err := seedAccounts(ctx, db, now, at, members); err != nil { // content_account.go
		return err
	}
	// Last: follows, email choices and fresh activity (seed_notify.go).
	if err := seedNotify(ctx, db, now, at, members); err != nil {
		return err
	}
	return nil
}

// SignIns lists one demo account of each role, for the demo's banner.
func SignIns() []Member {
	var out []Member
	seen := map[string]bool{}
	for _, m := range Members {
		if !seen[m.Role] {
			seen[m.Role] = true
			out = append(out, m)
		}
	}
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
