package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/sqldb"
	"github.com/hearth-community/hearth/upload"
)

// coverImage returns a real PNG cover, checked and re-encoded as an
// upload is.
func coverImage(t *testing.T) *upload.Image {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	im, err := upload.Process(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// TestBackupArchiveRoundTrip: `hearth backup --out` writes one archive
// with the database and a story's cover image; after changes to both,
// `hearth restore` brings back the database, the cover (byte for byte,
// still served to readers) and only the files that were backed up.
func TestBackupArchiveRoundTrip(t *testing.T) {
	ctx := context.Background()
	dsn := directoryDSN(t)
	uploads := filepath.Join(t.TempDir(), "site-uploads")
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	ann, err := db.CreateMember(ctx, hearth.NewMember{Handle: "ann", Email: "ann@example.org", Password: "a long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	im := coverImage(t)
	cover := upload.NewName(im.Ext)
	if err := upload.Dir(uploads).Save(ctx, cover, im.Data); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUpload(ctx, ann, &hearth.Upload{Name: cover, ContentType: im.ContentType, Width: im.Width, Height: im.Height, Size: len(im.Data)}); err != nil {
		t.Fatal(err)
	}
	story, err := db.CreateStory(ctx, ann, hearth.NewStory{Title: "Our garden year", Body: "Tomatoes, mostly.", Visibility: hearth.Public,
		Cover: cover, CoverAlt: "Tomato plants in pots"})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	file := filepath.Join(t.TempDir(), "hearth-backup.tar.gz")
	var out bytes.Buffer
	if err := run(ctx, []string{"backup", "--db", dsn, "--uploads", uploads, "--out", file}, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("backup: %v %s", err, out.String())
	}
	if !strings.Contains(out.String(), "1 uploaded files") {
		t.Errorf("backup says %q", out.String())
	}
	// One file, holding the manifest, the database and the cover.
	entries := backupEntries(t, file)
	wantDB := "database.sqlite"
	if strings.HasPrefix(dsn, "postgres") {
		wantDB = "database.pgdump"
	}
	if len(entries) != 3 || entries[0] != "hearth-backup.json" || entries[1] != wantDB || entries[2] != "uploads/"+cover {
		t.Fatalf("archive holds %v", entries)
	}
	out.Reset()
	if err := run(ctx, []string{"backup", "--db", dsn, "--uploads", uploads, "--out", file}, strings.NewReader(""), &out, &out); hearth.ErrorCode(err) != hearth.EConflict {
		t.Errorf("backup over an existing file: %v", err)
	}

	// After the backup: the cover is lost, a stray file and a story appear.
	if err := os.Remove(filepath.Join(uploads, cover)); err != nil {
		t.Fatal(err)
	}
	stray := upload.NewName(".png")
	if err := upload.Dir(uploads).Save(ctx, stray, im.Data); err != nil {
		t.Fatal(err)
	}
	db, err = sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateStory(ctx, ann, hearth.NewStory{Title: "Written after the backup", Body: "Gone after restore.", Visibility: hearth.Public}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	out.Reset()
	if err := run(ctx, []string{"restore", "--db", dsn, "--uploads", uploads, file}, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("restore: %v %s", err, out.String())
	}
	got, err := os.ReadFile(filepath.Join(uploads, cover))
	if err != nil || !bytes.Equal(got, im.Data) {
		t.Fatalf("restored cover: %d bytes, %v (want %d bytes)", len(got), err, len(im.Data))
	}
	if _, err := os.Stat(filepath.Join(uploads, stray)); !os.IsNotExist(err) {
		t.Errorf("a file made after the backup survived the restore: %v", err)
	}
	db, err = sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ss, _, err := db.ListStories(ctx, nil, "ann", 1)
	if err != nil || len(ss) != 1 || ss[0].ID != story.ID || ss[0].Cover != cover {
		t.Fatalf("stories after restore: %v %+v", err, ss)
	}
	u, err := db.FindUpload(ctx, nil, cover)
	if err != nil || u.Size != len(im.Data) || !u.Public {
		t.Errorf("the cover's record after restore: %+v %v", u, err)
	}
	// The restored file is what the upload store serves.
	rc, _, err := upload.Dir(uploads).Open(ctx, cover)
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(served, im.Data) {
		t.Error("the upload store serves other bytes after restore")
	}
}

// TestRestoreRefusesBadArchives: an archive with a path outside the
// uploads directory, and an archive of the other kind of database, are
// refused before anything changes.
func TestRestoreRefusesBadArchives(t *testing.T) {
	ctx := context.Background()
	dsn := directoryDSN(t)
	uploads := filepath.Join(t.TempDir(), "uploads")
	keep := filepath.Join(uploads, upload.NewName(".png"))
	if err := os.MkdirAll(uploads, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keep, []byte("still here"), 0o600); err != nil {
		t.Fatal(err)
	}
	otherDB := "database.pgdump"
	if strings.HasPrefix(dsn, "postgres") {
		otherDB = "database.sqlite"
	}
	for name, entries := range map[string][][2]string{
		"escape":   {{"hearth-backup.json", `{"format":1,"uploads":1}`}, {"uploads/../../evil", "x"}},
		"mismatch": {{"hearth-backup.json", `{"format":1,"uploads":0}`}, {otherDB, "x"}},
		"no db":    {{"hearth-backup.json", `{"format":1,"uploads":0}`}},
	} {
		file := filepath.Join(t.TempDir(), "bad.tar.gz")
		writeTestArchive(t, file, entries)
		var out bytes.Buffer
		err := run(ctx, []string{"restore", "--db", dsn, "--uploads", uploads, file}, strings.NewReader(""), &out, &out)
		if hearth.ErrorCode(err) != hearth.EInvalid {
			t.Errorf("%s: %v", name, err)
		}
		if b, err := os.ReadFile(keep); err != nil || string(b) != "still here" {
			t.Errorf("%s: the uploads directory changed: %v", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(uploads), "evil")); !os.IsNotExist(err) {
		t.Error("an archive wrote outside the uploads directory")
	}
}

func backupEntries(t *testing.T, file string) []string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var names []string
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return names
		} else if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
	}
}

func writeTestArchive(t *testing.T, file string, entries [][2]string) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, e := range entries {
		if err := tw.WriteHeader(&tar.Header{Name: e[0], Mode: 0o600, Size: int64(len(e[1])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(e[1]))
	}
	tw.Close()
	zw.Close()
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestRestoreDatabaseOnlyBackup: a bare database backup, as `hearth
// backup` wrote before archives, still restores, and leaves the uploads
// directory as it is.
func TestRestoreDatabaseOnlyBackup(t *testing.T) {
	ctx := context.Background()
	dsn := directoryDSN(t)
	uploads := filepath.Join(t.TempDir(), "uploads")
	keep := filepath.Join(uploads, upload.NewName(".jpg"))
	if err := os.MkdirAll(uploads, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keep, []byte("still here"), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "old.backup")
	if err := db.Backup(ctx, file); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var out bytes.Buffer
	if err := run(ctx, []string{"restore", "--db", dsn, "--uploads", uploads, file}, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("restore: %v %s", err, out.String())
	}
	if !strings.Contains(out.String(), "database-only backup") {
		t.Errorf("restore says %q", out.String())
	}
	if b, err := os.ReadFile(keep); err != nil || string(b) != "still here" {
		t.Errorf("the uploads directory changed: %v", err)
	}
}
