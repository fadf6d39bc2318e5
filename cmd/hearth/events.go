package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/hearth-community/hearth"
)

// cmdEvents runs the events' periodic work once, for cron or by hand:
// `hearth events archive` saves the transcripts of sessions that have
// ended as threads, and `hearth events remind` sends the reminders that
// are due. `hearth serve` does both every minute, and event pages archive
// on the first visit after a session ends; all three are safe together.
func cmdEvents(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "archive" && args[0] != "remind") {
		return hearth.Errorf(hearth.EInvalid, "usage: hearth events archive|remind [--db DB]")
	}
	fs := flag.NewFlagSet("events "+args[0], flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] == "remind" {
		n, err := db.SendReminders(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "sent %d reminders\n", n)
		return nil
	}
	total := 0
	for {
		// ArchiveDue works in batches; go on until none is left.
		n, err := db.ArchiveDue(ctx)
		if err != nil {
			return err
		}
		total += n
		if n == 0 {
			break
		}
	}
	fmt.Fprintf(stdout, "archived %d transcripts\n", total)
	return nil
}
