package sqldb

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hearth-community/hearth"
)

// A backup archive is one gzip-compressed tar file that holds everything
// an installation keeps: the database backup (Backup's format) and the
// uploads directory (story cover images), so that `hearth backup` and
// `hearth restore` move both together. Its entries, in order:
//
//	hearth-backup.json        the manifest (archiveManifest)
//	database.sqlite           or database.pgdump
//	uploads/NAME              one per uploaded file
//
// `tar -xzf` opens it by hand. Restore still takes a bare database file
// from before archives, and then leaves the uploads alone.

const (
	manifestName  = "hearth-backup.json"
	uploadsPrefix = "uploads/"
	archiveFormat = 1
)

// archiveManifest says what an archive holds.
type archiveManifest struct {
	Format    int       `json:"format"`
	Database  string    `json:"database"` // "sqlite" or "postgres"
	Uploads   int       `json:"uploads"`
	CreatedAt time.Time `json:"created_at"`
}

// BackupSummary says what a backup or a restore moved.
type BackupSummary struct {
	Database string // "sqlite" or "postgres"
	Uploads  int    // files in the uploads directory
	// Legacy is true when a restore read a bare database backup, which
	// holds no uploads.
	Legacy bool
}

func databaseEntry(kind string) string {
	if kind == "postgres" {
		return "database.pgdump"
	}
	return "database.sqlite"
}

// uploadFiles lists the files of an uploads directory that a backup
// keeps: regular files, not the hidden temporary ones a save in progress
// leaves. A directory that does not exist yet holds none.
func uploadFiles(dir string) ([]fs.DirEntry, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var out []fs.DirEntry
	for _, e := range entries {
		if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, e)
		}
	}
	return out, nil
}

// BackupArchive writes an archive of the database and the uploads
// directory to file, which must not exist yet. The database part is
// consistent (Backup); uploads are only ever added under new names, so
// files written during the backup are at worst left out.
func (db *DB) BackupArchive(ctx context.Context, file, uploads string) (BackupSummary, error) {
	kind := "sqlite"
	if db.isPostgres() {
		kind = "postgres"
	}
	sum := BackupSummary{Database: kind}
	if _, err := os.Stat(file); err == nil {
		return sum, hearth.Errorf(hearth.EConflict, "%s already exists; choose a new file name for the backup", file)
	}
	dir := filepath.Dir(file)
	tmpDir, err := os.MkdirTemp(dir, ".hearth-backup-*")
	if err != nil {
		return sum, err
	}
	defer os.RemoveAll(tmpDir)
	dbFile := filepath.Join(tmpDir, databaseEntry(kind))
	if err := db.Backup(ctx, dbFile); err != nil {
		return sum, err
	}
	files, err := uploadFiles(uploads)
	if err != nil {
		return sum, fmt.Errorf("reading the uploads directory %s: %w", uploads, err)
	}
	sum.Uploads = len(files)

	out, err := os.CreateTemp(dir, ".hearth-backup-*.partial")
	if err != nil {
		return sum, err
	}
	defer os.Remove(out.Name()) // nothing left to remove after the rename
	bw := bufio.NewWriterSize(out, 1<<16)
	zw := gzip.NewWriter(bw)
	tw := tar.NewWriter(zw)
	manifest, _ := json.MarshalIndent(archiveManifest{Format: archiveFormat, Database: kind, Uploads: len(files), CreatedAt: db.Now().UTC()}, "", "  ")
	if err := tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o600, Size: int64(len(manifest)), ModTime: db.Now()}); err != nil {
		out.Close()
		return sum, err
	}
	if _, err := tw.Write(manifest); err != nil {
		out.Close()
		return sum, err
	}
	if err := addFile(tw, dbFile, databaseEntry(kind)); err != nil {
		out.Close()
		return sum, err
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			out.Close()
			return sum, err
		}
		if err := addFile(tw, filepath.Join(uploads, f.Name()), uploadsPrefix+f.Name()); err != nil {
			out.Close()
			return sum, err
		}
	}
	for _, c := range []io.Closer{tw, zw} {
		if err := c.Close(); err != nil {
			out.Close()
			return sum, err
		}
	}
	if err := bw.Flush(); err != nil {
		out.Close()
		return sum, err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return sum, err
	}
	if err := out.Close(); err != nil {
		return sum, err
	}
	if err := os.Chmod(out.Name(), 0o600); err != nil {
		return sum, err
	}
	return sum, os.Rename(out.Name(), file)
}

// addFile copies the file at path into the archive as name.
func addFile(tw *tar.Writer, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime()}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

// RestoreArchive puts back a backup made by BackupArchive: the database
// named by dsn (as Restore does) and then the uploads directory, which
// becomes exactly the archive's files. Everything is unpacked and checked
// before anything live is touched. A bare database backup (from before
// archives) restores the database only.
func RestoreArchive(ctx context.Context, dsn, uploads, file string) (BackupSummary, error) {
	kind := "sqlite"
	if IsPostgres(dsn) {
		kind = "postgres"
	}
	sum := BackupSummary{Database: kind}
	f, err := os.Open(file)
	if err != nil {
		return sum, hearth.Errorf(hearth.ENotFound, "no backup at %s", file)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	if magic, _ := br.Peek(2); len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		f.Close()
		sum.Legacy = true
		return sum, Restore(ctx, dsn, file)
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return sum, notArchive(file, err)
	}
	parent := filepath.Dir(filepath.Clean(uploads))
	if err := os.MkdirAll(parent, 0o750); err != nil {
		return sum, err
	}
	tmpDir, err := os.MkdirTemp(parent, ".hearth-restore-*")
	if err != nil {
		return sum, err
	}
	defer os.RemoveAll(tmpDir)
	newUploads := filepath.Join(tmpDir, "uploads")
	if err := os.Mkdir(newUploads, 0o750); err != nil {
		return sum, err
	}
	var m *archiveManifest
	var dbFile string
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return sum, notArchive(file, err)
		}
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		switch name := h.Name; {
		case h.Typeflag != tar.TypeReg:
			return sum, notArchive(file, fmt.Errorf("unexpected entry %q", name))
		case name == manifestName:
			m = &archiveManifest{}
			if err := json.NewDecoder(io.LimitReader(tr, 1<<16)).Decode(m); err != nil {
				return sum, notArchive(file, err)
			}
		case name == "database.sqlite" || name == "database.pgdump":
			if name != databaseEntry(kind) {
				have, want := "PostgreSQL", "SQLite"
				if kind == "postgres" {
					have, want = want, have
				}
				return sum, hearth.Errorf(hearth.EInvalid, "%s holds a %s database, and --db names a %s one; restore it into %s (hearth migrate-to then copies SQLite into PostgreSQL)",
					file, have, want, have)
			}
			dbFile = filepath.Join(tmpDir, name)
			if err := extract(tr, dbFile); err != nil {
				return sum, err
			}
		case strings.HasPrefix(name, uploadsPrefix):
			base := strings.TrimPrefix(name, uploadsPrefix)
			if base == "" || strings.ContainsAny(base, `/\`) || strings.HasPrefix(base, ".") || !filepath.IsLocal(base) {
				return sum, notArchive(file, fmt.Errorf("unexpected upload name %q", name))
			}
			if err := extract(tr, filepath.Join(newUploads, base)); err != nil {
				return sum, err
			}
			if err := os.Chtimes(filepath.Join(newUploads, base), h.ModTime, h.ModTime); err != nil {
				return sum, err
			}
			sum.Uploads++
		default:
			return sum, notArchive(file, fmt.Errorf("unexpected entry %q", name))
		}
	}
	if m == nil || m.Format != archiveFormat || dbFile == "" {
		return sum, notArchive(file, errors.New("no manifest or no database in it"))
	}
	if m.Uploads != sum.Uploads {
		return sum, notArchive(file, fmt.Errorf("it should hold %d uploaded files and holds %d", m.Uploads, sum.Uploads))
	}
	if err := Restore(ctx, dsn, dbFile); err != nil {
		return sum, err
	}
	// Swap the directories: the old one moves aside, the restored one
	// takes its name, and then the old one goes.
	old := filepath.Join(tmpDir, "replaced")
	if err := os.Rename(uploads, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return sum, fmt.Errorf("the database is restored, but the uploads directory %s could not be replaced: %w", uploads, err)
	}
	if err := os.Rename(newUploads, uploads); err != nil {
		return sum, fmt.Errorf("the database is restored, but the uploads could not be moved into %s: %w", uploads, err)
	}
	return sum, nil
}

func notArchive(file string, err error) error {
	return hearth.Errorf(hearth.EInvalid, "%s is not a hearth backup, or it is damaged: %v", file, err)
}

// extract writes what r holds to a new file at path, durably.
func extract(r io.Reader, path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
