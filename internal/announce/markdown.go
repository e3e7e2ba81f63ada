package announce

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Body is an announcement's Markdown rendered for mail: an HTML fragment
// and a plain-text part that stands alone, both from the same sanitised
// tree.
type Body struct {
	HTML string
	Text string
}

// RenderBody renders Markdown for mail with goldmark, after removing from
// its tree what has no place in a mail: raw HTML (so no scripts, styles or
// forms), images (tracking pixels; their alt text stays) and links other
// than http, https and mailto (javascript: and data: among them; their text
// stays). Kept links are written as given: nothing is rewritten or tracked.
func RenderBody(markdown string) (Body, error) {
	src := []byte(markdown)
	md := goldmark.New() // default: raw HTML is never passed through
	doc := md.Parser().Parse(text.NewReader(src))
	sanitize(doc, src)
	var h bytes.Buffer
	if err := md.Renderer().Render(&h, src, doc); err != nil {
		return Body{}, fmt.Errorf("announce: render body: %w", err)
	}
	return Body{HTML: h.String(), Text: plainText(doc, src)}, nil
}

// sanitize edits the tree in place (see [RenderBody]).
func sanitize(doc ast.Node, src []byte) {
	var drop, unwrap []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.HTMLBlock, *ast.RawHTML:
			drop = append(drop, n)
			return ast.WalkSkipChildren, nil
		case *ast.Image:
			unwrap = append(unwrap, n)
		case *ast.Link:
			if !safeURL(string(v.Destination)) {
				unwrap = append(unwrap, n)
			}
		case *ast.AutoLink:
			if !safeURL(string(v.URL(src))) {
				drop = append(drop, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range drop {
		n.Parent().RemoveChild(n.Parent(), n)
	}
	// Innermost first, so a link inside an unwrapped image moves up twice.
	for i := len(unwrap) - 1; i >= 0; i-- {
		n := unwrap[i]
		parent := n.Parent()
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// safeURL accepts absolute http, https and mailto URLs only: a relative
// link means nothing in a mail client.
func safeURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != ""
	}
	return false
}
