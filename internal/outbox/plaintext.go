package outbox

import (
	"bytes"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// skippedTags hold no reading text.
var skippedTags = map[string]bool{"head": true, "style": true, "script": true, "template": true,
	"noscript": true, "svg": true, "iframe": true, "object": true, "select": true, "textarea": true}

// blockTags start and end a line.
var blockTags = map[string]bool{"p": true, "div": true, "table": true, "tr": true, "ul": true, "ol": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "hr": true,
	"blockquote": true, "pre": true, "section": true, "header": true, "footer": true}

var (
	spaces     = regexp.MustCompile(`\s+`)
	blankLines = regexp.MustCompile(`\n{3,}`)
)

// htmlToText derives the plain-text part of a mail that has only HTML
// (PocketBase's own mails), as PocketBase's client does: text with its
// whitespace collapsed, a line per block, "- " before list items and links
// as "[text](url)"; the head, scripts and styles are left out.
func htmlToText(doc string) string {
	z := html.NewTokenizer(strings.NewReader(doc))
	var b bytes.Buffer
	skip, linkStart, href := 0, 0, ""
	newline := func() {
		if b.Len() > 0 && b.Bytes()[b.Len()-1] != '\n' {
			b.WriteByte('\n')
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyText(b.String())
		case html.TextToken:
			if skip > 0 {
				continue
			}
			text := spaces.ReplaceAllString(string(z.Text()), " ")
			if b.Len() == 0 || b.Bytes()[b.Len()-1] == '\n' {
				text = strings.TrimLeft(text, " ")
			}
			b.WriteString(text)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch {
			case skippedTags[tag]:
				if tt == html.StartTagToken {
					skip++
				}
			case skip > 0:
			case tag == "br":
				b.WriteByte('\n')
			case tag == "li":
				newline()
				b.WriteString("- ")
			case tag == "a":
				linkStart, href = b.Len(), attr(z, "href")
			case blockTags[tag]:
				newline()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			switch {
			case skippedTags[tag]:
				skip = max(0, skip-1)
			case skip > 0:
			case tag == "a" && href != "":
				text := strings.TrimSpace(string(b.Bytes()[linkStart:]))
				b.Truncate(linkStart)
				if text == "" || text == href {
					b.WriteString(href)
				} else {
					b.WriteString("[" + text + "](" + href + ")")
				}
				href = ""
			case blockTags[tag] || tag == "li":
				newline()
			}
		}
	}
}

// attr returns the value of the current tag's attribute key.
func attr(z *html.Tokenizer, key string) string {
	for {
		k, v, more := z.TagAttr()
		if string(k) == key {
			return string(v)
		}
		if !more {
			return ""
		}
	}
}

// tidyText trims every line and keeps at most one blank line in a row.
func tidyText(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(blankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n\n"))
}
