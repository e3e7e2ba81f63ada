package card_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"memberbase/internal/card"
)

// ReadSVG rebuilds the module matrix from an SVG of [card.QRSVG].
func ReadSVG(t *testing.T, svg string) [][]bool {
	t.Helper()
	m := regexp.MustCompile(`viewBox="0 0 (\d+) \d+"`).FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("no viewBox in %.80s", svg)
	}
	n, _ := strconv.Atoi(m[1])
	bits := make([][]bool, n)
	for i := range bits {
		bits[i] = make([]bool, n)
	}
	for _, sq := range regexp.MustCompile(`M(\d+) (\d+)h1v1h-1z`).FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.Atoi(sq[1])
		y, _ := strconv.Atoi(sq[2])
		bits[y][x] = true
	}
	return bits
}

// TestQRSVGIsTheMatrix: the SVG draws exactly the encoder's modules, with
// no script, style or external reference.
func TestQRSVGIsTheMatrix(t *testing.T) {
	url := "https://members.example.org/verify?c=eyJhbGciOiJFZERTQSJ9.e30.sig"
	svg, err := card.QRSVG(url)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := card.QRMatrix(url)
	got := ReadSVG(t, string(svg))
	if len(got) != len(want) {
		t.Fatalf("size %d, want %d", len(got), len(want))
	}
	for y := range want {
		for x := range want[y] {
			if got[y][x] != want[y][x] {
				t.Fatalf("module %d,%d differs", x, y)
			}
		}
	}
	for _, bad := range []string{"<script", "style=", "href", "<image"} {
		if strings.Contains(string(svg), bad) {
			t.Errorf("svg contains %s", bad)
		}
	}
	if strings.Count(string(svg), "http") != 1 {
		t.Error("svg names a URL besides its namespace")
	}
}
