package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// MaxFormBytes bounds a public form body (SPEC §7, Input).
const MaxFormBytes = 64 << 10

// Form parse failures, each answered with its own status by [formError].
var (
	ErrFormTooLarge  = errors.New("form body too large")
	ErrFormType      = errors.New("form body is not application/x-www-form-urlencoded")
	ErrFormEncoding  = errors.New("form body is not valid urlencoded UTF-8")
	ErrFormDuplicate = errors.New("form field sent twice")
)

// formStatus maps a parse error to its status; never 500.
func formStatus(err error) int {
	switch {
	case errors.Is(err, ErrFormTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrFormType):
		return http.StatusUnsupportedMediaType
	default:
		return http.StatusBadRequest
	}
}

// ReadFormBody checks the content type, refuses a declared length over the
// limit before reading anything, then reads at most MaxFormBytes+1 bytes, so
// a chunked body or one longer than declared is cut off and refused too.
func ReadFormBody(r *http.Request) (map[string]string, error) {
	if err := checkFormType(r.Header.Get("Content-Type")); err != nil {
		return nil, err
	}
	if r.ContentLength > MaxFormBytes {
		return nil, ErrFormTooLarge
	}
	if r.Body == nil {
		return map[string]string{}, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, MaxFormBytes+1))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, ErrFormTooLarge
		}
		return nil, fmt.Errorf("%w: read: %w", ErrFormEncoding, err)
	}
	if len(b) > MaxFormBytes {
		return nil, ErrFormTooLarge
	}
	return ParseURLEncoded(b)
}

// checkFormType accepts only application/x-www-form-urlencoded, with no
// charset or charset=utf-8 (the only one browsers use for our UTF-8 pages).
func checkFormType(ct string) error {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/x-www-form-urlencoded" {
		return ErrFormType
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return ErrFormType
	}
	return nil
}

// ParseURLEncoded parses a urlencoded body strictly: every escape must be
// valid (%zz fails, where browsers never send it), names and values must be
// valid UTF-8, names non-empty, and no name may appear twice (a second value
// is either a bug or an attempt to confuse validation). Empty segments
// ("a=1&&b=2") are skipped.
func ParseURLEncoded(b []byte) (map[string]string, error) {
	out := map[string]string{}
	for len(b) > 0 {
		var seg []byte
		seg, b, _ = bytes.Cut(b, []byte("&"))
		if len(seg) == 0 {
			continue
		}
		k, v, _ := bytes.Cut(seg, []byte("="))
		name, err := url.QueryUnescape(string(k))
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrFormEncoding, err)
		}
		value, err := url.QueryUnescape(string(v))
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrFormEncoding, err)
		}
		if name == "" || !utf8.ValidString(name) || !utf8.ValidString(value) {
			return nil, ErrFormEncoding
		}
		if _, dup := out[name]; dup {
			return nil, ErrFormDuplicate
		}
		out[name] = value
	}
	return out, nil
}
