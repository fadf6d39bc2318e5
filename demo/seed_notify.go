package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// seedNotify writes NotifyFollows, NotifyPrefs and NotifyNews, then
// settles the seeded notifications: history older than three days is
// read, and nothing seeded is mailed (the job queue starts after
// seeding, so no job exists for it; the mark keeps digests from sending
// the demo's past).
func seedNotify(ctx context.Context, db *sqldb.DB, now time.Time, at func(time.Time), members map[string]*hearth.Member) error {
	staff := &hearth.Member{ID: -1, Role: hearth.RoleAdmin}
	threads, err := db.RecentThreads(ctx, staff, 10000)
	if err != nil {
		return err
	}
	byTitle := map[string]*hearth.Thread{}
	for _, t := range threads {
		byTitle[t.Title] = t
	}
	thread := func(title string) (*hearth.Thread, error) {
		if t := byTitle[title]; t != nil {
			return t, nil
		}
		return nil, fmt.Errorf("demo notify: no thread %q", title)
	}
	at(now.Add(-7 * time.Hour))
	for _, f := range NotifyFollows {
		t := hearth.FollowTarget{Kind: hearth.FollowCommunity, Key: f.Community}
		switch {
		case f.Thread != "":
			th, err := thread(f.Thread)
			if err != nil {
				return err
			}
			t = hearth.FollowTarget{Kind: hearth.FollowThread, Key: strconv.FormatInt(th.ID, 10)}
		case f.Follows != "":
			t = hearth.FollowTarget{Kind: hearth.FollowMember, Key: f.Follows}
		}
		if err := db.Follow(ctx, members[f.Member], t); err != nil {
			return fmt.Errorf("demo follow %+v: %w", f, err)
		}
	}
	for handle, prefs := range NotifyPrefs {
		p := hearth.NotifyPrefs{}
		for k, m := range prefs {
			p[hearth.NotifyKind(k)] = hearth.EmailMode(m)
		}
		if err := db.SetNotifyPrefs(ctx, members[handle], p); err != nil {
			return fmt.Errorf("demo email choices of %s: %w", handle, err)
		}
	}
	for _, n := range NotifyNews {
		at(now.Add(-time.Duration(n.HoursAgo) * time.Hour))
		var err error
		if n.Title != "" {
			_, err = db.CreateThread(ctx, members[n.Author], n.Community, hearth.NewThread{Title: n.Title, Body: n.Body})
		} else {
			var th *hearth.Thread
			if th, err = thread(n.Thread); err == nil {
				_, err = db.CreateReply(ctx, members[n.Author], th.ID, n.Body)
			}
		}
		if err != nil {
			return fmt.Errorf("demo news by %s: %w", n.Author, err)
		}
	}
	return db.SettleSeededNotifications(ctx, now.Add(-72*time.Hour))
}
