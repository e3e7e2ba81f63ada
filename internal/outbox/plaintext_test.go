package outbox

import "testing"

func TestHTMLToText(t *testing.T) {
	for _, tc := range []struct{ name, html, want string }{
		{"whitespace collapses", "<p>  a\n\t b  </p>", "a b"},
		{"entities decode", "<p>Tom &amp; Jerry &lt;3</p>", "Tom & Jerry <3"},
		{"br breaks lines", "one<br>two<br/>three", "one\ntwo\nthree"},
		{"blocks are lines, one blank line at most", "<h1>T</h1><div>x</div><p></p><p></p><br><br><br><p>y</p>", "T\nx\n\ny"},
		{"head, scripts and styles are left out", "<head><title>t</title></head><style>p{}</style><script>x()</script><p>body</p>", "body"},
		{"links show their address", `<a href="https://e.example/a">open</a>`, "[open](https://e.example/a)"},
		{"a bare link once", `<a href="https://e.example/a"> https://e.example/a </a>`, "https://e.example/a"},
		{"a link without text", `<a href="https://e.example/a"><img src="x.png"></a>`, "https://e.example/a"},
		{"an anchor without href", `<a name="top">Top</a>`, "Top"},
		{"list items", "<ul><li>one</li><li>two</li></ul>after", "- one\n- two\nafter"},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := htmlToText(tc.html); got != tc.want {
				t.Errorf("htmlToText(%q)\n got %q\nwant %q", tc.html, got, tc.want)
			}
		})
	}
}
