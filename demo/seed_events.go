package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

// seedEvents schedules Events through the same storage calls as the
// pages, fills the live room of the one running now and of the last
// session of the weekly chat, and archives that one's transcript.
func seedEvents(ctx context.Context, db *sqldb.DB, now time.Time, at func(time.Time), members map[string]*hearth.Member) error {
	for _, ev := range Events {
		loc, err := hearth.LoadZone(ev.TimeZone)
		if err != nil {
			return err
		}
		n := hearth.NewEvent{Title: ev.Title, Description: ev.Description, Hosts: strings.Join(ev.Hosts, ", "), TimeZone: ev.TimeZone,
			Duration: fmt.Sprint(ev.Minutes), Repeat: ev.Repeat, Time: ev.Clock}
		first := firstSession(ev, now.In(loc))
		n.Date = first.Format("2006-01-02")
		if ev.LiveNow {
			start := now.In(loc).Add(-20 * time.Minute).Truncate(5 * time.Minute)
			n.Date, n.Time = start.Format("2006-01-02"), start.Format("15:04")
		}
		at(now.Add(-30 * 24 * time.Hour))
		if ev.LiveNow {
			at(now.Add(-2 * 24 * time.Hour))
		}
		e, err := db.CreateEvent(ctx, members[ev.Creator], ev.Community, n)
		if err != nil {
			return fmt.Errorf("demo event %q: %w", ev.Title, err)
		}
		at(now)
		upcoming := e.Upcoming(now, 6)
		var sessions []hearth.Occurrence
		for _, o := range upcoming {
			if !o.Skipped {
				sessions = append(sessions, o)
			}
		}
		if len(sessions) > 0 {
			for _, h := range ev.RSVPs {
				if err := db.SetRSVP(ctx, members[h], e.ID, sessions[0].Date, true); err != nil {
					return fmt.Errorf("demo RSVP of %s to %q: %w", h, ev.Title, err)
				}
			}
		}
		if k := ev.SkipNext; k > 0 && k <= len(upcoming) {
			if err := db.SetException(ctx, members[ev.Creator], e.ID, hearth.Exception{Date: upcoming[k-1].Date, Skip: true}); err != nil {
				return err
			}
		}
		if k := ev.MoveNext; k > 0 && k <= len(upcoming) {
			o := upcoming[k-1]
			d := o.Start.In(loc).AddDate(0, 0, -ev.MoveDays)
			moved, err := time.ParseInLocation("2006-01-02 15:04", d.Format("2006-01-02")+" "+ev.MoveClock, loc)
			if err != nil {
				return err
			}
			if err := db.SetException(ctx, members[ev.Creator], e.ID, hearth.Exception{Date: o.Date, MovedTo: moved}); err != nil {
				return err
			}
		}
		if len(ev.Messages) == 0 {
			continue
		}
		// The room of the session running now, or of the last one that
		// ended (archived below).
		room, ok := e.Live(now)
		if !ok {
			past := e.Occurrences(now.Add(-15*24*time.Hour), now)
			for i := len(past) - 1; i >= 0; i-- {
				if !past[i].Skipped && !past[i].End.After(now) {
					room, ok = past[i], true
					break
				}
			}
		}
		if !ok {
			return fmt.Errorf("demo event %q: no session for its messages", ev.Title)
		}
		for _, m := range ev.Messages {
			when := room.Start.Add(time.Duration(m.Minute) * time.Minute)
			if when.After(now) {
				when = now.Add(-time.Minute)
			}
			at(when)
			if _, err := db.PostLiveMessage(ctx, members[m.Author], e.ID, hearth.NewLiveMessage{Body: m.Body, Topic: m.Topic, Question: m.Question}); err != nil {
				return fmt.Errorf("demo message in %q: %w", ev.Title, err)
			}
		}
	}
	at(now)
	if _, err := db.ArchiveDue(ctx); err != nil {
		return fmt.Errorf("demo transcripts: %w", err)
	}
	return nil
}

// firstSession is the date of an event's first session: StartWeeksAgo
// weeks back, on its weekday (or the MonthWeek-th of that month).
func firstSession(ev Event, now time.Time) time.Time {
	d := now.AddDate(0, 0, -7*ev.StartWeeksAgo)
	if ev.Repeat == "monthly" || ev.Repeat == "monthly_last" {
		first := time.Date(d.Year(), d.Month(), 1, 12, 0, 0, 0, d.Location())
		if ev.MonthWeek == -1 {
			last := first.AddDate(0, 1, -1)
			return last.AddDate(0, 0, -((int(last.Weekday()) - int(ev.Weekday) + 7) % 7))
		}
		return first.AddDate(0, 0, (int(ev.Weekday)-int(first.Weekday())+7)%7+7*(ev.MonthWeek-1))
	}
	return d.AddDate(0, 0, -((int(d.Weekday()) - int(ev.Weekday) + 7) % 7))
}
