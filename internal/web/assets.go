package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// Assets serves the embedded static files under content-hash URLs
// (css/site.css → /static/css/site.3f2a1b9c0d4e.css), so a release changes
// every URL whose content changed and browsers may cache forever. Files are
// read, hashed and compressed once at start-up.
type Assets struct {
	base   string            // "/static" or STATIC_URL
	hashed map[string]string // css/site.css → css/site.<hash>.css
	files  map[string]*asset // css/site.<hash>.css → content
}

type asset struct {
	body, gz    []byte
	etag, ctype string
}

// NewAssets reads every file of fsys. staticURL, when set, is the CDN base
// that replaces /static in asset URLs.
func NewAssets(fsys fs.FS, staticURL string) (*Assets, error) {
	a := &Assets{base: "/static", hashed: map[string]string{}, files: map[string]*asset{}}
	if staticURL != "" {
		a.base = strings.TrimSuffix(staticURL, "/")
	}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		h := hex.EncodeToString(sum[:6])
		ext := path.Ext(p)
		name := strings.TrimSuffix(p, ext) + "." + h + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		a.hashed[p] = name
		a.files[name] = &asset{body: body, gz: gzipped(body), etag: `"` + h + `"`, ctype: ctype}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static assets: %w", err)
	}
	return a, nil
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	if buf.Len() >= len(b) {
		return nil // not worth it (images)
	}
	return buf.Bytes()
}

// URL returns the public URL of the asset at name (e.g. "css/site.css"). An
// unknown name panics at template execution, which the start-up render test
// catches.
func (a *Assets) URL(name string) string {
	h, ok := a.hashed[name]
	if !ok {
		panic(fmt.Sprintf("unknown static asset %q", name))
	}
	return a.base + "/" + h
}

// Origin returns the CDN origin assets come from, or "" when served by us
// (the CSP adds it to its sources).
func (a *Assets) Origin() string {
	if !strings.HasPrefix(a.base, "http") {
		return ""
	}
	i := strings.Index(a.base[len("https://"):], "/")
	if i < 0 {
		return a.base
	}
	return a.base[:len("https://")+i]
}

// Serve answers GET /static/{path...}: immutable caching, ETag/304 and gzip.
// Unknown paths, old hashes included, are 404.
func (a *Assets) Serve(e *core.RequestEvent) error {
	f, ok := a.files[e.Request.PathValue("path")]
	if !ok {
		return e.NotFoundError("", nil)
	}
	h := e.Response.Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", f.etag)
	h.Set("Vary", "Accept-Encoding")
	h.Set("Content-Type", f.ctype)
	if match := e.Request.Header.Get("If-None-Match"); match != "" && strings.Contains(match, f.etag) {
		return e.NoContent(http.StatusNotModified)
	}
	body := f.body
	if f.gz != nil && strings.Contains(e.Request.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = f.gz
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	e.Response.WriteHeader(http.StatusOK)
	if e.Request.Method == http.MethodHead {
		return nil
	}
	_, err := e.Response.Write(body)
	return err
}
