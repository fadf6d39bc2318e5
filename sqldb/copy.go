package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/hearth-community/hearth"
)

// CopyTo copies every row of a SQLite installation into an empty
// PostgreSQL one, keeping ids, and returns the rows copied per table. It
// runs in one PostgreSQL transaction: a failure leaves the target empty.
// Full-text index tables are skipped; PostgreSQL builds its own index.
func CopyTo(ctx context.Context, src, dst *DB) (map[string]int, error) {
	if src.isPostgres() || !dst.isPostgres() {
		return nil, hearth.Errorf(hearth.EInvalid, "copy goes from a SQLite database to a PostgreSQL one")
	}
	var n int
	if err := dst.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM members`).Scan(&n); err != nil {
		return nil, err
	} else if n > 0 {
		return nil, hearth.Errorf(hearth.EConflict, "the PostgreSQL database already has %d members; copy only into an empty installation", n)
	}
	tables, err := copyOrder(ctx, src)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	err = dst.inTx(ctx, func(tx *sql.Tx) error {
		for _, t := range tables {
			dstCols, err := postgresColumns(ctx, tx, t)
			if err != nil {
				return err
			}
			if len(dstCols) == 0 {
				continue // not a table PostgreSQL has (an SQLite-only index)
			}
			c, err := copyTable(ctx, src, tx, t, dstCols)
			if err != nil {
				return fmt.Errorf("copy %s: %w", t, err)
			}
			counts[t] = c
			if slices.Contains(dstCols, "id") && c > 0 {
				if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), (SELECT MAX(id) FROM `+t+`))`, t); err != nil {
					return fmt.Errorf("reset %s ids: %w", t, err)
				}
			}
		}
		return nil
	})
	return counts, err
}

// derivedTables are rebuilt on PostgreSQL by triggers as their source
// rows arrive (the search index), so they are not copied.
var derivedTables = map[string]bool{"search_docs": true}

// copyOrder lists the SQLite tables to copy, each after the tables its
// foreign keys point to.
func copyOrder(ctx context.Context, src *DB) ([]string, error) {
	rows, err := src.read.QueryContext(ctx, `SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var names, virtual []string
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			rows.Close()
			return nil, err
		}
		if strings.HasPrefix(strings.ToUpper(ddl), "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, name)
			continue
		}
		// River's tables (package jobs) differ between its drivers and
		// hold only work in flight: the target's own River starts empty.
		if strings.HasPrefix(name, "sqlite_") || name == "schema_migrations" || strings.HasPrefix(name, "river_") || derivedTables[name] {
			continue
		}
		names = append(names, name)
	}
	rows.Close()
	// Drop the shadow tables of virtual (full-text) tables.
	names = slices.DeleteFunc(names, func(n string) bool {
		for _, v := range virtual {
			if strings.HasPrefix(n, v+"_") {
				return true
			}
		}
		return false
	})
	deps := map[string][]string{}
	for _, n := range names {
		r, err := src.read.QueryContext(ctx, `SELECT "table" FROM pragma_foreign_key_list($1)`, n)
		if err != nil {
			return nil, err
		}
		for r.Next() {
			var d string
			r.Scan(&d)
			if d != n {
				deps[n] = append(deps[n], d)
			}
		}
		r.Close()
	}
	var order []string
	done := map[string]bool{}
	var visit func(string)
	visit = func(n string) {
		if done[n] {
			return
		}
		done[n] = true
		for _, d := range deps[n] {
			visit(d)
		}
		order = append(order, n)
	}
	for _, n := range names {
		visit(n)
	}
	return order, nil
}

func postgresColumns(ctx context.Context, tx *sql.Tx, table string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return cols, rows.Err()
}

func copyTable(ctx context.Context, src *DB, tx *sql.Tx, table string, dstCols []string) (int, error) {
	rows, err := src.read.QueryContext(ctx, `SELECT * FROM `+table)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	srcCols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	var cols []string
	var idx []int
	for i, c := range srcCols {
		if slices.Contains(dstCols, c) {
			cols = append(cols, c)
			idx = append(idx, i)
		}
	}
	marks := make([]string, len(cols))
	for i := range marks {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) OVERRIDING SYSTEM VALUE VALUES (`+strings.Join(marks, ", ")+`)`)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	vals := make([]any, len(srcCols))
	ptrs := make([]any, len(srcCols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		args := make([]any, len(idx))
		for i, j := range idx {
			args[i] = vals[j]
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}
