package web

import (
	"bytes"
	"reflect"
	"strings"
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

// Placeholders rendered in place of the per-request values of a blank form.
// They use only characters every html/template escaper leaves as they are,
// so each appears verbatim in the output, wherever the template puts it.
const (
	tokenHole     = "mbHoleCsrfToken7q2x"
	requestIDHole = "mbHoleRequestId9w4k"
)

// maxBlankForms bounds the cache: a key changes only when a consent text or
// the footer links do, so a full cache is simply emptied.
const maxBlankForms = 64

// blankForms caches form pages shown before anything was typed (GET /join,
// GET /lookup). Their output differs between visitors only in the CSRF
// token and the request ID, and template execution was most of their cost:
// the page is rendered once with placeholders and each request splices its
// own token and ID in. The token is still made per request for the
// visitor's cookie ([CSRF.tokenFor]); only the HTML around it is reused.
type blankForms struct {
	mu    sync.Mutex
	pages map[string]bool // the pages whose blank form may be cached
	cache map[blankKey]*blankPage
}

// blankKey is everything a blank form's output depends on besides the two
// per-request values (the organisation and asset URLs are fixed per run).
type blankKey struct {
	page  string
	data  any // comparable: checked before use
	links string
}

// blankPage is a rendered page cut at its placeholders: parts[i] is followed
// by the value of holes[i].
type blankPage struct {
	parts []string
	holes []string
	size  int
}

// BlankKeyer is page data that is not comparable (it holds slices, such as
// the join form's plans and branches) but can state everything its output
// depends on as one comparable value, so its blank form can still be cached.
type BlankKeyer interface{ BlankKey() any }

// CacheBlankForms lets the blank forms of pages be cached. Only pages whose
// data holds nothing personal may be listed: the cache keys on the data.
func (r *Renderer) CacheBlankForms(pages ...string) {
	b := &blankForms{pages: map[string]bool{}, cache: map[blankKey]*blankPage{}}
	for _, p := range pages {
		b.pages[p] = true
	}
	r.blank = b
}

// renderBlank renders page as a blank form with token, from the cache when
// it can, and reports false when the page is not cacheable (the caller then
// renders it in full).
func (r *Renderer) renderBlank(e *core.RequestEvent, status int, page, token string, data any) (bool, error) {
	b := r.blank
	if b == nil || r.reload || !b.pages[page] {
		return false, nil
	}
	keyData := data
	if k, ok := data.(BlankKeyer); ok {
		keyData = k.BlankKey()
	}
	if keyData != nil && !reflect.TypeOf(keyData).Comparable() {
		return false, nil
	}
	values := map[string]string{tokenHole: token, requestIDHole: RequestID(e)}
	for _, v := range values {
		if !holeSafe(v) {
			// Not a value a placeholder can stand for verbatim: render in full.
			return false, nil
		}
	}
	var links []SocialLink
	if r.links != nil {
		links = r.links(e.App)
	}
	key := blankKey{page: page, data: keyData, links: linksKey(links)}
	b.mu.Lock()
	bp := b.cache[key]
	b.mu.Unlock()
	if bp == nil {
		body, err := r.execute(e, page, PageData{CSRFToken: tokenHole, RequestID: requestIDHole, SocialLinks: links, Data: data})
		if err != nil {
			return true, err
		}
		bp = cutAtHoles(string(body))
		b.mu.Lock()
		if len(b.cache) >= maxBlankForms {
			clear(b.cache)
		}
		b.cache[key] = bp
		b.mu.Unlock()
	}
	var buf bytes.Buffer
	buf.Grow(bp.size + 256)
	for i, part := range bp.parts {
		buf.WriteString(part)
		if i < len(bp.holes) {
			buf.WriteString(values[bp.holes[i]])
		}
	}
	return true, writePage(e, status, buf.Bytes())
}

// cutAtHoles splits a rendered page at every placeholder.
func cutAtHoles(s string) *blankPage {
	bp := &blankPage{size: len(s)}
	for {
		i, hole := -1, ""
		for _, h := range []string{tokenHole, requestIDHole} {
			if j := strings.Index(s, h); j >= 0 && (i < 0 || j < i) {
				i, hole = j, h
			}
		}
		if i < 0 {
			bp.parts = append(bp.parts, s)
			return bp
		}
		bp.parts = append(bp.parts, s[:i])
		bp.holes = append(bp.holes, hole)
		s = s[i+len(hole):]
	}
}

// holeSafe reports whether v is non-empty (a template may test for an
// empty value) and made only of characters that no html/template escaper
// changes ([A-Za-z0-9._-]): CSRF tokens always are, our request IDs too.
func holeSafe(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// linksKey is the footer links as one comparable string.
func linksKey(links []SocialLink) string {
	var b strings.Builder
	for _, l := range links {
		b.WriteString(l.Label + "\x00" + l.URL + "\x00" + l.Icon + "\x01")
	}
	return b.String()
}
