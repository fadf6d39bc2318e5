package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
)

func cmdBackup(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return hearth.Errorf(hearth.EInvalid, "usage: hearth backup [--db DB] FILE")
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", db.Path, fs.Arg(0))
	return nil
}

func cmdRestore(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return hearth.Errorf(hearth.EInvalid, "usage: hearth restore [--db DB] FILE (stop the server first when on SQLite)")
	}
	if err := sqldb.Restore(ctx, *dbPath, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s from %s\n", *dbPath, fs.Arg(0))
	return nil
}

func cmdMigrateTo(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("migrate-to", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || !sqldb.IsPostgres(fs.Arg(0)) {
		return hearth.Errorf(hearth.EInvalid, "usage: hearth migrate-to [--db hearth.db] postgres://USER@HOST/DB")
	}
	src, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := openDB(ctx, fs.Arg(0))
	if err != nil {
		return err
	}
	defer dst.Close()
	counts, err := sqldb.CopyTo(ctx, src, dst)
	if err != nil {
		return err
	}
	var tables []string
	for t := range counts {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	for _, t := range tables {
		fmt.Fprintf(stdout, "%-24s %d rows\n", t, counts[t])
	}
	fmt.Fprintf(stdout, "copied %s into %s; point HEARTH_DATABASE_URL at it and start hearth\n", src.Path, dst.Path)
	return nil
}
