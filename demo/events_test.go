package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth/demo"
	"github.com/hearth-community/hearth/privacy"
	"github.com/hearth-community/hearth/sqldb/sqldbtest"
)

// The demo's live messages would pass the privacy guard, as members'
// messages must.
func TestEventMessagesAreClean(t *testing.T) {
	for _, ev := range demo.Events {
		for _, m := range ev.Messages {
			if fs := privacy.Scan(m.Body); len(fs) > 0 {
				t.Errorf("%q: %q has findings %+v", ev.Title, m.Body, fs)
			}
		}
	}
}

// Whatever the hour the demo starts, it has an event live now with
// messages, a transcript of the weekly chat's last session, and a
// skipped and a moved session coming up.
func TestSeedEvents(t *testing.T) {
	ctx := context.Background()
	for _, now := range []time.Time{
		time.Now(),
		time.Date(2026, 3, 8, 2, 10, 0, 0, time.UTC),    // Saturday night in New York, the night the clocks change
		time.Date(2026, 11, 2, 1, 30, 0, 0, time.UTC),   // Sunday 8:30 p.m. in New York: the weekly chat opens soon
		time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC), // the turn of a year
	} {
		t.Run(now.Format(time.RFC3339), func(t *testing.T) {
			db, _ := sqldbtest.MustOpen(t)
			if err := demo.Seed(ctx, db, now); err != nil {
				t.Fatal(err)
			}
			db.Now = func() time.Time { return now }
			events, err := db.ListEvents(ctx, nil, "")
			if err != nil {
				t.Fatal(err)
			}
			live, transcripts, skipped, moved := 0, 0, 0, 0
			for _, e := range events {
				if o, ok := e.Live(now); ok {
					msgs, _ := db.ListLiveMessages(ctx, nil, e.ID, o.Date, 0, 100)
					if len(msgs) > 0 {
						live++
					}
				}
				ss, _ := db.ListSessions(ctx, nil, e.ID)
				for _, s := range ss {
					if s.ThreadID > 0 {
						transcripts++
						tp, err := db.FindThreadPage(ctx, nil, s.ThreadID, 1)
						if err != nil || !strings.HasPrefix(tp.Thread.Title, "Transcript: Sunday night epilepsy chat") || len(tp.Replies) != 4 { // Q1, Q2, Q3 and the other messages
							t.Errorf("transcript: %v %+v", err, tp)
						}
					}
				}
				for _, o := range e.Upcoming(now, 6) {
					if o.Skipped {
						skipped++
					}
					if o.Moved {
						moved++
					}
				}
			}
			if live != 1 || transcripts != demo.ArchivedSessions || skipped != 1 || moved != 1 {
				t.Errorf("live %d, transcripts %d, skipped %d, moved %d", live, transcripts, skipped, moved)
			}
			if len(events) != 3 {
				t.Errorf("anonymous readers see %d events, want the 3 in public communities", len(events))
			}
		})
	}
}
