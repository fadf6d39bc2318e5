package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/hearth-community/hearth/privacy"
	"github.com/hearth-community/hearth/sqldb"
)

// cmdPrivacyScan runs the privacy detector in batch. Without --db it reads
// JSON lines {"id": …, "text": "…"} on stdin and writes one line per input,
// {"id": …, "spans": [{"start", "end", "type"}]} with offsets in code
// points. With --db it scans every post of an installation, whatever its
// status or community, and lists the posts with findings: an audit for
// operators and compliance.
func cmdPrivacyScan(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("privacy scan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dbPath := fs.String("db", "", "scan every post of this database (SQLite file or postgres:// URL) instead of stdin")
	asJSON := fs.Bool("json", false, "with --db, write JSON lines instead of a table")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dbPath == "" {
		return privacy.ScanJSONLines(stdin, stdout)
	}
	db, err := openDB(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if !*asJSON {
		fmt.Fprintln(w, "post\tthread\tauthor\tstatus\tfindings")
	}
	posts, flagged := 0, 0
	err = db.EachPost(ctx, func(p sqldb.PostRecord) error {
		posts++
		found := append(privacy.Scan(p.Title), privacy.Scan(p.Body)...)
		if len(found) == 0 {
			return ctx.Err()
		}
		flagged++
		var types []string
		for _, f := range found {
			if t := string(f.Type); !slices.Contains(types, t) {
				types = append(types, t)
			}
		}
		if *asJSON {
			return enc.Encode(map[string]any{"post": p.ID, "thread": p.ThreadID, "author": p.Author, "status": p.Status,
				"types": types, "count": len(found)})
		}
		_, err := fmt.Fprintf(w, "%d\t%d\t@%s\t%s\t%s\n", p.ID, p.ThreadID, p.Author, p.Status, strings.Join(types, ","))
		return err
	})
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "scanned %d posts: %d with findings\n", posts, flagged)
	return nil
}
