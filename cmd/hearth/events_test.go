package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hearth-community/hearth"
)

// `hearth events archive` saves a transcript once, however often it runs.
func TestEventsArchiveCommand(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hearth.db")
	db, err := openDB(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 8, 1, 0, 0, 0, time.UTC) // 9 p.m. in New York, the night the clocks change
	db.Now = func() time.Time { return start.Add(-time.Hour) }
	host, err := db.CreateMember(ctx, hearth.NewMember{Handle: "nurse", Email: "nurse@example.org", Password: "a long enough password", Role: hearth.RoleClinician})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateCommunity(ctx, hearth.NewCommunity{Slug: "epilepsy", Name: "Epilepsy", Visibility: hearth.Public}); err != nil {
		t.Fatal(err)
	}
	db.SetModerator(ctx, "epilepsy", "nurse")
	e, err := db.CreateEvent(ctx, host, "epilepsy", hearth.NewEvent{Title: "Sunday chat", Hosts: "nurse", Date: "2026-03-07", Time: "20:00",
		TimeZone: "America/New_York", Duration: "60", Repeat: "weekly"})
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return start.Add(5 * time.Minute) }
	if _, err := db.PostLiveMessage(ctx, host, e.ID, hearth.NewLiveMessage{Body: "What helps you sleep?", Question: true}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// The chat ends at 10 p.m.; the command runs on the real clock, after it.
	for _, want := range []string{"archived 1 transcripts", "archived 0 transcripts"} {
		var out bytes.Buffer
		if err := run(ctx, []string{"events", "archive", "--db", path}, strings.NewReader(""), &out, &out); err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(out.String()) != want {
			t.Errorf("got %q, want %q", out.String(), want)
		}
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"events", "remind", "--db", path}, strings.NewReader(""), &out, &out); err != nil || !strings.HasPrefix(out.String(), "sent 0 reminders") {
		t.Errorf("remind: %v %q", err, out.String())
	}
	if err := run(ctx, []string{"events"}, strings.NewReader(""), &out, &out); exitCode(err) != 2 {
		t.Errorf("no subcommand: exit %d", exitCode(err))
	}
}
