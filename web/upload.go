package web

import (
	"bytes"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/hearth-community/hearth"
	"github.com/hearth-community/hearth/upload"
)

// Uploaded images: checked and re-encoded without metadata by package
// upload, stored in cfg.Uploads, recorded in the database with their
// owner, and served at /uploads/{name} to whoever may see them.

// saveUpload checks and stores an uploaded image for the viewer and
// returns its name.
func (s *Server) saveUpload(r *http.Request, data []byte) (string, error) {
	v := viewer(r)
	if s.cfg.Uploads == nil {
		return "", hearth.FieldErrorf(upload.Field, "This site does not take images yet. Please leave the image out.")
	}
	if !s.allow(r.Context(), "upload:"+strconv.FormatInt(v.ID, 10), 30, time.Hour) {
		return "", hearth.Errorf(hearth.ERateLimited, "You have uploaded many images in the last hour. Please wait a while; your text is still here.")
	}
	img, err := upload.Process(bytes.NewReader(data))
	if err != nil {
		return "", err
	}
	name := upload.NewName(img.Ext)
	if err := s.cfg.Uploads.Save(r.Context(), name, img.Data); err != nil {
		return "", err
	}
	u := &hearth.Upload{Name: name, ContentType: img.ContentType, Width: img.Width, Height: img.Height, Size: len(img.Data)}
	if err := s.store.CreateUpload(r.Context(), v, u); err != nil {
		s.cfg.Uploads.Remove(r.Context(), name)
		return "", err
	}
	return name, nil
}

// removeUpload deletes an image's file after its record is gone. A
// failure is logged: the file is then unreachable (no record), only
// taking space.
func (s *Server) removeUpload(r *http.Request, name string) {
	if s.cfg.Uploads == nil {
		return
	}
	if err := s.cfg.Uploads.Remove(r.Context(), name); err != nil {
		s.log.Error("remove upload", "name", name, "err", err)
	}
}

// handleUpload serves an uploaded image with its own content type (set
// from the record, which Process decided from the bytes), nosniff (set
// for every response by securityHeaders), and a year's cache for public
// images, whose names never change; others are private to the reader.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	notFound := hearth.Errorf(hearth.ENotFound, "There is no image at this address.")
	if !upload.ValidName(name) || s.cfg.Uploads == nil {
		s.errorPage(w, r, notFound)
		return
	}
	u, err := s.store.FindUpload(r.Context(), viewer(r), name)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	f, mod, err := s.cfg.Uploads.Open(r.Context(), name)
	if errors.Is(err, upload.ErrNotFound) {
		s.errorPage(w, r, notFound)
		return
	} else if err != nil {
		s.errorPage(w, r, err)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", u.ContentType)
	h.Set("Content-Disposition", "inline")
	h.Set("X-Content-Type-Options", "nosniff")
	if u.Public {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "private, max-age=3600")
	}
	http.ServeContent(w, r, name, mod, f)
}
