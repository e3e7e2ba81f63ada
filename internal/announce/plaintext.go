package announce

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// plainText writes the sanitised tree as plain text: a blank line between
// blocks, "- " or "1. " before list items, "> " before quotes, code
// indented, and each link as "text (url)" so the text part reads without
// the HTML one.
func plainText(doc ast.Node, src []byte) string {
	var b strings.Builder
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		block(&b, c, src, "")
	}
	return strings.TrimSpace(b.String()) + "\n"
}

func block(b *strings.Builder, n ast.Node, src []byte, prefix string) {
	switch v := n.(type) {
	case *ast.Heading, *ast.Paragraph, *ast.TextBlock:
		writeLines(b, prefix, inline(n, src))
		if _, tight := n.(*ast.TextBlock); !tight {
			b.WriteString(strings.TrimRight(prefix, " ") + "\n")
		}
	case *ast.ThematicBreak:
		b.WriteString(prefix + "----\n\n")
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		lines := n.Lines()
		for i := range lines.Len() {
			seg := lines.At(i)
			b.WriteString(prefix + "    " + strings.TrimRight(string(seg.Value(src)), "\n") + "\n")
		}
		b.WriteString("\n")
	case *ast.Blockquote:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			block(b, c, src, prefix+"> ")
		}
	case *ast.List:
		i := v.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			mark := "- "
			if v.IsOrdered() {
				mark = strconv.Itoa(i) + ". "
				i++
			}
			var inner strings.Builder
			for c := item.FirstChild(); c != nil; c = c.NextSibling() {
				block(&inner, c, src, "")
			}
			body := strings.TrimRight(inner.String(), "\n")
			indent := strings.Repeat(" ", len(mark))
			for j, line := range strings.Split(body, "\n") {
				if j == 0 {
					b.WriteString(prefix + mark + line + "\n")
				} else {
					b.WriteString(strings.TrimRight(prefix+indent+line, " ") + "\n")
				}
			}
		}
		b.WriteString("\n")
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			block(b, c, src, prefix)
		}
	}
}

func writeLines(b *strings.Builder, prefix, s string) {
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		b.WriteString(prefix + line + "\n")
	}
}

// inline flattens an inline run to text.
func inline(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Text:
			b.Write(v.Segment.Value(src))
			if v.HardLineBreak() || v.SoftLineBreak() {
				b.WriteString("\n")
			}
		case *ast.String:
			b.Write(v.Value)
		case *ast.AutoLink:
			b.Write(v.URL(src))
		case *ast.Link:
			label := inline(v, src)
			if dest := string(v.Destination); label == dest || label == "" {
				b.WriteString(dest)
			} else {
				b.WriteString(label + " (" + dest + ")")
			}
		default:
			b.WriteString(inline(c, src))
		}
	}
	return b.String()
}
