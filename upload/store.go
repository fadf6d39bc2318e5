package upload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Store keeps uploaded files by name. Dir is the implementation for one
// machine; several nodes need a shared directory or an object store.
type Store interface {
	// Save writes a new file durably.
	Save(ctx context.Context, name string, data []byte) error
	// Open returns a file's content and modification time, or ErrNotFound.
	Open(ctx context.Context, name string) (io.ReadSeekCloser, time.Time, error)
	// Remove deletes a file; a missing file is not an error.
	Remove(ctx context.Context, name string) error
}

// Dir stores files in a directory, created on first use.
type Dir string

var _ Store = Dir("")

func (d Dir) path(name string) (string, error) {
	if !ValidName(name) {
		return "", fmt.Errorf("upload: invalid name %q", name)
	}
	return filepath.Join(string(d), name), nil
}

// Save writes data to a temporary file, syncs it and renames it into
// place, so that a crash never leaves half a file under the name.
func (d Dir) Save(ctx context.Context, name string, data []byte) error {
	p, err := d.path(name)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(string(d), 0o750); err != nil {
		return err
	}
	f, err := os.CreateTemp(string(d), ".upload-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename there is nothing to remove
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o640); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// Open opens a stored file.
func (d Dir) Open(ctx context.Context, name string) (io.ReadSeekCloser, time.Time, error) {
	p, err := d.path(name)
	if err != nil {
		return nil, time.Time{}, ErrNotFound
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, time.Time{}, ErrNotFound
	} else if err != nil {
		return nil, time.Time{}, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, time.Time{}, err
	}
	return f, st.ModTime(), nil
}

// Remove deletes a stored file.
func (d Dir) Remove(ctx context.Context, name string) error {
	p, err := d.path(name)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
