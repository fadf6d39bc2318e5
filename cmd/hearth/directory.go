package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/linkcheck"
	"github.com/hearth-community/hearth/orgcsv"
)

const directoryUsage = `Usage:
  hearth directory import [--db DB] [--all-or-nothing | --check-only] FILE.csv
        add organizations from a CSV file (- reads stdin); rows with problems
        are listed with their line, and by default the good rows are imported
  hearth directory export [--db DB] FILE.csv
        write every organization to a CSV file (- writes stdout)
  hearth directory check-links [--db DB] [--recheck 168h] [--limit 500]
        [--concurrency 4] [--host-delay 2s] [--timeout 15s]
        check channel links once and mark the dead ones
`

func cmdDirectory(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "import":
			return cmdDirectoryImport(ctx, args[1:], stdin, stdout)
		case "export":
			return cmdDirectoryExport(ctx, args[1:], stdout)
		case "check-links":
			return cmdDirectoryCheckLinks(ctx, args[1:], stdout)
		}
	}
	fmt.Fprint(stderr, directoryUsage)
	return hearth.Errorf(hearth.EInvalid, "unknown directory command; see the usage above")
}

// parseWithFile parses flags that may come before or after one file name.
func parseWithFile(fs *flag.FlagSet, args []string) (string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return "", err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		return "", hearth.Errorf(hearth.EInvalid, "give exactly one CSV file (or - for standard input/output)")
	}
	return files[0], nil
}

func cmdDirectoryImport(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("directory import", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	all := fs.Bool("all-or-nothing", false, "import nothing if any row has a problem")
	checkOnly := fs.Bool("check-only", false, "only check the file and list its problems; import nothing")
	name, err := parseWithFile(fs, args)
	if err != nil {
		return err
	}
	mode := orgcsv.GoodRows
	switch {
	case *all && *checkOnly:
		return hearth.Errorf(hearth.EInvalid, "choose --all-or-nothing or --check-only, not both")
	case *all:
		mode = orgcsv.AllOrNothing
	case *checkOnly:
		mode = orgcsv.CheckOnly
	}
	in := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return hearth.Errorf(hearth.ENotFound, "cannot open %s: %v", name, err)
		}
		defer f.Close()
		in = f
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := orgcsv.Import(ctx, db, in, mode)
	if rep != nil {
		for _, p := range rep.Problems {
			fmt.Fprintln(stdout, p)
		}
	}
	if err != nil {
		if rep != nil {
			return fmt.Errorf("nothing was imported: %w", err)
		}
		return err
	}
	fmt.Fprintln(stdout, rep.Summary())
	// Rows left out make the exit status say so, so that a script
	// cannot mistake a partial import for a complete one.
	if bad := rep.BadRows(); bad > 0 {
		return hearth.Errorf(hearth.EInvalid, "%d of %d rows were not imported because of the problems listed", bad, rep.Rows)
	}
	return nil
}

func cmdDirectoryExport(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("directory export", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	name, err := parseWithFile(fs, args)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	orgs, err := db.ExportOrganizations(ctx, hearth.OrgFilter{})
	if err != nil {
		return err
	}
	if name == "-" {
		return orgcsv.Write(stdout, orgs)
	}
	// Write beside the target and rename, so that a failure never
	// leaves half a file where the whole one was expected.
	tmp, err := os.CreateTemp(filepath.Dir(name), ".hearth-directory-*.csv")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := orgcsv.Write(tmp, orgs); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d organizations to %s\n", len(orgs), name)
	return nil
}

func linkCheckFlags(fs *flag.FlagSet) *linkcheck.Options {
	o := &linkcheck.Options{}
	fs.DurationVar(&o.Recheck, "recheck", 7*24*time.Hour, "check a link again when its last check is older than this")
	fs.IntVar(&o.Limit, "limit", 500, "check at most this many links")
	fs.IntVar(&o.Concurrency, "concurrency", 4, "check this many sites at once")
	fs.DurationVar(&o.HostDelay, "host-delay", 2*time.Second, "wait this long between two requests to one site")
	fs.DurationVar(&o.Timeout, "timeout", 15*time.Second, "give up on a request after this long")
	return o
}

func cmdDirectoryCheckLinks(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("directory check-links", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	opts := linkCheckFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := linkcheck.CheckLinks(ctx, db, linkcheck.NewClient(), *opts)
	fmt.Fprintln(stdout, sum)
	return err
}

// startLinkChecker runs the link checker every interval in the
// background of serve, until ctx ends. An empty or "0" interval leaves it
// off, which is the default: it visits other people's sites.
//
// Until the job queue lands this is a plain goroutine; with several
// nodes, turn it on for one node only.
func startLinkChecker(ctx context.Context, store linkcheck.Store, interval string, log *slog.Logger) error {
	if interval == "" || interval == "0" {
		return nil
	}
	every, err := time.ParseDuration(interval)
	if err != nil || every < time.Minute {
		return hearth.Errorf(hearth.EInvalid, "--check-links takes how often to check, such as 24h (at least 1m), not %q", interval)
	}
	log.Info("directory link checker on", "every", every.String())
	go func() {
		client := linkcheck.NewClient()
		for {
			sum, err := linkcheck.CheckLinks(ctx, store, client, linkcheck.Options{Recheck: every})
			if err != nil && ctx.Err() == nil {
				log.Error("directory link check", "err", err)
			} else if sum.Checked > 0 {
				log.Info("directory link check", "checked", sum.Checked, "ok", sum.OK, "dead", sum.Dead, "unknown", sum.Unknown)
			}
			select {
			case <-ctx.Done():
				return
			case <-time.After(min(every, time.Hour)):
			}
		}
	}()
	return nil
}
