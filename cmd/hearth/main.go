// Command hearth runs a hearth community server and its operator tools.
// It only reads configuration and wires the packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // events are kept in IANA zones, also on machines without a zone database

	"github.com/hearth-community/hearth"
)

const usage = `hearth: a self-hosted community server for health.

Usage:
  hearth serve   [--addr 127.0.0.1:8080] [--db hearth.db]   run the server
  hearth demo    [--addr 127.0.0.1:8080] [--db hearth-demo.db]
                                                run with demo content (seeded if empty)
  hearth migrate [--db hearth.db]               bring the database schema up to date
  hearth backup  --out FILE.tar.gz [--db DB] [--uploads DIR]
                                                write one archive: an online database backup
                                                (VACUUM INTO or pg_dump) and the uploaded images
  hearth restore FILE [--db DB] [--uploads DIR] replace the database and the uploads with a backup
  hearth migrate-to [--db hearth.db] postgres://…
                                                copy a SQLite installation into an empty PostgreSQL one
  hearth user create --handle H --email E --role R [--db hearth.db]
                                                create an account (password on stdin); a clinician
                                                also needs --profession P --license L [--region R]
  hearth user verify --handle H --profession P --license L [--region R] [--by NAME]
                                                record a clinician's license and give the clinician role
  hearth community create --slug S --name N [--visibility public|members|private]
                       [--description D] [--rules R] [--moderator H] [--db hearth.db]
                                                create a community
  hearth token create --handle H [--db hearth.db]
                                                print a personal access token for the API
  hearth seed    --communities N --threads N --replies N [--json FILE] [--db hearth-bench.db]
                                                fill an empty database with benchmark data
  hearth privacy scan [--db DB [--json]]        find identifiers: JSON lines {"id","text"} on stdin,
                                                or every post of a database
  hearth directory import [--all-or-nothing | --check-only] FILE.csv
  hearth directory export FILE.csv
  hearth directory check-links                  the directory of organizations: CSV in and out,
                                                and one run of the link checker ([--db DB] on each)
  hearth archive --out DIR [--db DB] [--uploads DIR]
                                                write a static HTML copy of everything public
  hearth events archive|remind [--db DB]        save the transcripts of ended live chats as threads,
                                                or send the reminders due (serve does both each minute)

--db takes a SQLite file path or a postgres:// URL.
Environment: HEARTH_ADDR, HEARTH_DATABASE_URL (or HEARTH_DATABASE_URL_FILE),
HEARTH_SITE_NAME, HEARTH_SECURE_COOKIES=1 behind HTTPS, HEARTH_LOG_FORMAT=json,
HEARTH_BASE_URL, HEARTH_SMTP_URL (or HEARTH_SMTP_URL_FILE; smtp:// or smtps://,
none: mail is logged, not sent), HEARTH_MAIL_FROM, HEARTH_DIGEST_HOUR.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "hearth:", hearth.ErrorMessageForCLI(err))
		}
		os.Exit(exitCode(err))
	}
}

// exitCode maps error codes to exit statuses, once.
func exitCode(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 2
	}
	switch hearth.ErrorCode(err) {
	case hearth.EInvalid:
		return 2
	case hearth.ENotFound:
		return 3
	case hearth.EConflict:
		return 4
	}
	return 1
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	log := newLogger(stderr)
	switch args[0] {
	case "serve":
		return cmdServe(ctx, args[1:], stdout, log, false)
	case "demo":
		return cmdServe(ctx, args[1:], stdout, log, true)
	case "migrate":
		return cmdMigrate(ctx, args[1:], stdout)
	case "seed":
		return cmdSeed(ctx, args[1:], stdout)
	case "user":
		if len(args) > 1 && args[1] == "create" {
			return cmdUserCreate(ctx, args[2:], stdin, stdout)
		}
		if len(args) > 1 && args[1] == "verify" {
			return cmdUserVerify(ctx, args[2:], stdout)
		}
	case "backup":
		return cmdBackup(ctx, args[1:], stdout)
	case "restore":
		return cmdRestore(ctx, args[1:], stdout)
	case "migrate-to":
		return cmdMigrateTo(ctx, args[1:], stdout)
	case "community":
		if len(args) > 1 && args[1] == "create" {
			return cmdCommunityCreate(ctx, args[2:], stdout)
		}
	case "token":
		if len(args) > 1 && args[1] == "create" {
			return cmdTokenCreate(ctx, args[2:], stdout)
		}
	case "privacy":
		if len(args) > 1 && args[1] == "scan" {
			return cmdPrivacyScan(ctx, args[2:], stdin, stdout, stderr)
		}
	case "directory":
		return cmdDirectory(ctx, args[1:], stdin, stdout, stderr)
	case "events":
		return cmdEvents(ctx, args[1:], stdout)
	case "archive":
		return cmdArchive(ctx, args[1:], stdout) // archive.go
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return hearth.Errorf(hearth.EInvalid, "unknown command %q", strings.Join(args, " "))
}

func newLogger(w io.Writer) *slog.Logger {
	if os.Getenv("HEARTH_LOG_FORMAT") == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// env returns an environment variable, or the contents of the file named
// by NAME_FILE (for secrets), or def.
func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	if f := os.Getenv(name + "_FILE"); f != "" {
		if b, err := os.ReadFile(f); err == nil {
			return strings.TrimSpace(string(b))
		}
	}
	return def
}
