package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

type staticFile struct {
	body []byte
	hash string
	mod  time.Time
}

// staticFiles holds each static file with a short content hash, which goes
// in its URL so that it can be cached for a year and still change.
var staticFiles = func() map[string]staticFile {
	m := map[string]staticFile{}
	entries, _ := fs.ReadDir(staticFS, "static")
	for _, e := range entries {
		b, _ := staticFS.ReadFile("static/" + e.Name())
		sum := sha256.Sum256(b)
		m[e.Name()] = staticFile{body: b, hash: hex.EncodeToString(sum[:])[:12]}
	}
	return m
}()

// staticURL returns the fingerprinted URL of a static file.
func staticURL(name string) string {
	f, ok := staticFiles[name]
	if !ok {
		panic("web: no static file " + name)
	}
	ext := path.Ext(name)
	return "/static/" + strings.TrimSuffix(name, ext) + "." + f.hash + ext
}

func handleStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	ext := path.Ext(name)
	base := strings.TrimSuffix(name, ext)
	hash := path.Ext(base)
	f, ok := staticFiles[strings.TrimSuffix(base, hash)+ext]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if hash == "."+f.hash {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	http.ServeContent(w, r, name, f.mod, bytes.NewReader(f.body))
}
