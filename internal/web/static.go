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

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// asset is one embedded file, hashed and (when it compresses) gzipped once
// at start-up.
type asset struct {
	body, gz    []byte
	contentType string
	etag        string
}

// Assets serves the embedded static files under content-hash names
// (css/site.3f2a1b9c0d4e.css): the name changes whenever the content does, so
// a file can be cached for a year and a deploy is never half-cached. A name
// without the current hash (an old one included) is a 404.
type Assets struct {
	byHashed map[string]*asset
	hashed   map[string]string // logical name → hashed name
	base     string            // "/static/" or STATIC_URL
}

// NewAssets reads every file of fsys. base is STATIC_URL (a CDN mirroring
// /static/), or "" to serve them ourselves.
func NewAssets(fsys fs.FS, base string) (*Assets, error) {
	a := &Assets{byHashed: map[string]*asset{}, hashed: map[string]string{}, base: "/static/"}
	if base != "" {
		a.base = strings.TrimSuffix(base, "/") + "/"
	}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("read asset %s: %w", p, err)
		}
		sum := sha256.Sum256(b)
		h := hex.EncodeToString(sum[:6])
		ext := path.Ext(p)
		name := strings.TrimSuffix(p, ext) + "." + h + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		it := &asset{body: b, contentType: ct, etag: `"` + hex.EncodeToString(sum[:16]) + `"`}
		if compressible(ct) {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			_, _ = zw.Write(b)
			_ = zw.Close()
			if buf.Len() < len(b) {
				it.gz = buf.Bytes()
			}
		}
		a.byHashed[name] = it
		a.hashed[p] = name
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static assets: %w", err)
	}
	return a, nil
}

func compressible(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "javascript") || strings.Contains(ct, "svg") || strings.Contains(ct, "json")
}

// URL returns the public URL of a logical asset name ("css/site.css").
func (a *Assets) URL(name string) string {
	if h, ok := a.hashed[name]; ok {
		return a.base + h
	}
	return a.base + name // unknown: visible as a 404 in development
}

// Serve answers GET /static/{path...}: immutable caching, ETag and 304, gzip
// when the client accepts it.
func (a *Assets) Serve(e *core.RequestEvent) error {
	it, ok := a.byHashed[e.Request.PathValue("path")]
	if !ok {
		return apis.NewNotFoundError("", nil)
	}
	h := e.Response.Header()
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", it.etag)
	h.Set("Vary", "Accept-Encoding")
	if match := e.Request.Header.Get("If-None-Match"); match != "" && strings.Contains(match, it.etag) {
		return e.NoContent(http.StatusNotModified)
	}
	h.Set("Content-Type", it.contentType)
	body := it.body
	if it.gz != nil && acceptsGzip(e.Request.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		body = it.gz
	}
	return e.Blob(http.StatusOK, it.contentType, body)
}

func acceptsGzip(v string) bool {
	for _, part := range strings.Split(v, ",") {
		name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// Favicon answers GET /favicon.ico, which browsers ask for on a first visit
// whatever the page links: the embedded icon, cached for a day (its name
// cannot carry a hash), instead of a 404 and a log line per visitor.
func (a *Assets) Favicon(e *core.RequestEvent) error {
	it, ok := a.byHashed[a.hashed["img/favicon.ico"]]
	if !ok {
		return apis.NewNotFoundError("", nil)
	}
	h := e.Response.Header()
	h.Set("Cache-Control", "public, max-age=86400")
	h.Set("ETag", it.etag)
	if match := e.Request.Header.Get("If-None-Match"); match != "" && strings.Contains(match, it.etag) {
		return e.NoContent(http.StatusNotModified)
	}
	return e.Blob(http.StatusOK, "image/x-icon", it.body)
}
