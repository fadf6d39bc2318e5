package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/jobs"
)

func cmdMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	// The job queue's tables too (River's own migrations, package jobs).
	if err := jobs.Migrate(ctx, db, slog.New(slog.NewTextHandler(os.Stderr, nil))); err != nil {
		db.Close()
		return err
	}
	fmt.Fprintf(stdout, "database %s is up to date\n", *dbPath)
	return db.Close()
}

func cmdUserCreate(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	handle := fs.String("handle", "", "the member's handle")
	email := fs.String("email", "", "the member's email address")
	role := fs.String("role", "member", "member, mentor, clinician, moderator or admin")
	license := verificationFlags(fs) // moderation.go: a clinician's license
	if err := fs.Parse(args); err != nil {
		return err
	}
	// Only verified clinicians hold the clinician role: the operator
	// creating one records the license they checked.
	if hearth.Role(*role) == hearth.RoleClinician {
		if err := license.Validate(); err != nil {
			return hearth.Errorf(hearth.EInvalid, "A clinician's account needs the license you checked: %s (use --profession, --license and --region).", hearth.ErrorMessage(err))
		}
	}
	// The password comes on stdin so that it stays out of the shell
	// history and the process list.
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := db.CreateMember(ctx, hearth.NewMember{Handle: *handle, Email: *email, Role: hearth.Role(*role), Password: strings.TrimRight(line, "\r\n")})
	if err != nil {
		return err
	}
	if m.Role == hearth.RoleClinician {
		if _, err := db.VerifyClinicianAsOperator(ctx, "operator", m.Handle, *license); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "created @%s (%s)\n", m.Handle, m.Role)
	return nil
}

func cmdTokenCreate(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	handle := fs.String("handle", "", "the member the token acts as")
	name := fs.String("name", "cli", "a name to recognise the token by")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := db.FindMemberByHandle(ctx, *handle)
	if err != nil {
		return err
	}
	token, err := db.CreateToken(ctx, m.ID, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}

func cmdCommunityCreate(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("community create", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	slug := fs.String("slug", "", "the community's address, as in /c/SLUG")
	name := fs.String("name", "", "the community's name")
	vis := fs.String("visibility", "public", "public, members or private")
	desc := fs.String("description", "", "one paragraph about the community")
	rules := fs.String("rules", "", "the rules, in Markdown")
	mod := fs.String("moderator", "", "handle of the first moderator (optional)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	c, err := db.CreateCommunity(ctx, hearth.NewCommunity{Slug: *slug, Name: *name, Visibility: hearth.Visibility(*vis), Description: *desc, Rules: *rules})
	if err != nil {
		return err
	}
	if *mod != "" {
		if err := db.SetModerator(ctx, c.Slug, *mod); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "created /c/%s (%s)\n", c.Slug, c.Visibility)
	return nil
}
