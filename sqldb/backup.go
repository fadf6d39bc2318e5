package sqldb

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/hearth-community/hearth"
)

// Backup writes a consistent copy of the database to file while it stays
// online: SQLite's VACUUM INTO, or pg_dump's custom format on PostgreSQL.
func (db *DB) Backup(ctx context.Context, file string) error {
	if _, err := os.Stat(file); err == nil {
		return hearth.Errorf(hearth.EConflict, "%s already exists; choose a new file name for the backup", file)
	}
	if db.isPostgres() {
		return runPG(ctx, "pg_dump", db.dsn, "--format=custom", "--no-owner", "--file", file)
	}
	_, err := db.write.ExecContext(ctx, `VACUUM INTO $1`, file)
	return err
}

// Restore replaces the database named by dsn with a backup made by
// Backup. For SQLite the server must be stopped first; the file is
// replaced atomically. For PostgreSQL, pg_restore drops and recreates
// hearth's tables in place.
func Restore(ctx context.Context, dsn, file string) error {
	if _, err := os.Stat(file); err != nil {
		return hearth.Errorf(hearth.ENotFound, "no backup at %s", file)
	}
	if IsPostgres(dsn) {
		return runPG(ctx, "pg_restore", dsn, "--clean", "--if-exists", "--no-owner", "--single-transaction", file)
	}
	// Check that the backup opens as a hearth database before touching
	// the live file.
	check, err := Open(ctx, file)
	if err != nil {
		return hearth.Errorf(hearth.EInvalid, "%s is not a hearth SQLite backup: %v", file, err)
	}
	check.Close()
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	tmp := dsn + ".restore-tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dsn + suffix); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return os.Rename(tmp, dsn)
}

// runPG runs a PostgreSQL client tool against dsn. A search_path in the
// URL (used to give each test its own schema) becomes --schema, since
// libpq does not accept it as a URL parameter; the password travels in
// the environment, never on the command line.
func runPG(ctx context.Context, tool, dsn string, args ...string) error {
	u, err := url.Parse(dsn)
	if err != nil {
		return err
	}
	q := u.Query()
	if sp := q.Get("search_path"); sp != "" {
		args = append([]string{"--schema", sp}, args...)
		q.Del("search_path")
	}
	u.RawQuery = q.Encode()
	env := os.Environ()
	if pw, ok := u.User.Password(); ok {
		env = append(env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	bin, err := PostgresTool(tool)
	if err != nil {
		return hearth.Errorf(hearth.EInternal, "%s is not installed (apt-get install postgresql-client): %v", tool, err)
	}
	args = append([]string{"--dbname", u.String()}, args...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %v: %s", tool, err, out)
	}
	return nil
}

// PostgresTool finds a PostgreSQL program (pg_dump, initdb, …): first in
// the newest versioned directory Debian installs, where the server
// programs live and the client matches the server, then on PATH.
func PostgresTool(name string) (string, error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	sort.Slice(matches, func(i, j int) bool { return pgVersion(matches[i]) < pgVersion(matches[j]) })
	if len(matches) > 0 {
		return matches[len(matches)-1], nil
	}
	return exec.LookPath(name)
}

// pgVersion reads the major version from /usr/lib/postgresql/N/bin/….
func pgVersion(path string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
	return n
}
