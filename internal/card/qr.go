package card

import (
	"fmt"
	"html/template"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// QRSVG returns content as a QR code in inline SVG: one path of unit
// squares over a white background, no script, no external reference, so
// the page's CSP needs no change. Medium error correction survives a
// scratched phone screen.
func QRSVG(content string) (template.HTML, error) {
	bits, err := QRMatrix(content)
	if err != nil {
		return "", err
	}
	n := len(bits)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="card-qr" viewBox="0 0 %d %d" role="img" aria-label="QR code to verify this card" shape-rendering="crispEdges">`, n, n)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range bits {
		for x, on := range row {
			if on {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	// Built from integers only: nothing of content reaches the markup.
	return template.HTML(b.String()), nil
}

// QRMatrix is the module matrix of content (quiet zone included), true
// for dark: the seam tests use to read the SVG back.
func QRMatrix(content string) ([][]bool, error) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("card: qr: %w", err)
	}
	return q.Bitmap(), nil
}
