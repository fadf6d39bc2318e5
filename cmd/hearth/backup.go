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

// cmdBackup writes one archive (sqldb.BackupArchive) holding the
// database backup and the uploads directory; the file comes from --out or,
// as before archives, from the one argument.
func cmdBackup(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	uploads := fs.String("uploads", env("HEARTH_UPLOADS_DIR", ""), "the uploads directory (default: beside the SQLite file, or ./uploads)")
	out := fs.String("out", "", "the archive to write (.tar.gz)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	file := *out
	if fs.NArg() == 1 && file == "" {
		file = fs.Arg(0)
	}
	if file == "" || fs.NArg() > 1 || (fs.NArg() == 1 && *out != "") {
		return hearth.Errorf(hearth.EInvalid, "usage: hearth backup [--db DB] [--uploads DIR] --out FILE.tar.gz")
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	dir := defaultUploads(*uploads, *dbPath)
	sum, err := db.BackupArchive(ctx, file, dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s and %d uploaded files from %s to %s\n", db.Path, sum.Uploads, dir, file)
	return nil
}

func cmdRestore(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	dbPath := dbFlag(fs, "hearth.db")
	uploads := fs.String("uploads", env("HEARTH_UPLOADS_DIR", ""), "the uploads directory to replace (default: beside the SQLite file, or ./uploads)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return hearth.Errorf(hearth.EInvalid, "usage: hearth restore [--db DB] [--uploads DIR] FILE (on SQLite, stop the server first)")
	}
	dir := defaultUploads(*uploads, *dbPath)
	sum, err := sqldb.RestoreArchive(ctx, *dbPath, dir, fs.Arg(0))
	if err != nil {
		return err
	}
	if sum.Legacy {
		fmt.Fprintf(stdout, "restored %s from %s (a database-only backup: the uploads in %s are unchanged)\n", *dbPath, fs.Arg(0), dir)
		return nil
	}
	fmt.Fprintf(stdout, "restored %s and %d uploaded files into %s from %s\n", *dbPath, sum.Uploads, dir, fs.Arg(0))
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
