package web

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseURLEncoded(t *testing.T) {
	cases := []struct {
		in   string
		want map[string]string
		err  error
	}{
		{"", map[string]string{}, nil},
		{"a=1&b=two+words&c=%C3%A9", map[string]string{"a": "1", "b": "two words", "c": "é"}, nil},
		{"a=1&&b=", map[string]string{"a": "1", "b": ""}, nil},
		{"flag", map[string]string{"flag": ""}, nil},
		{"a=%zz", nil, ErrFormEncoding},
		{"%zz=1", nil, ErrFormEncoding},
		{"a=%", nil, ErrFormEncoding},
		{"a=%ff", nil, ErrFormEncoding},
		{"a=\xff", nil, ErrFormEncoding},
		{"=1", nil, ErrFormEncoding},
		{"a=1&a=2", nil, ErrFormDuplicate},
		{"a=1&%61=2", nil, ErrFormDuplicate},
	}
	for _, c := range cases {
		got, err := ParseURLEncoded([]byte(c.in))
		if !errors.Is(err, c.err) || (c.err == nil && err != nil) {
			t.Errorf("%q: err %v, want %v", c.in, err, c.err)
			continue
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%q: %s = %q, want %q", c.in, k, got[k], v)
			}
		}
		if c.err == nil && len(got) != len(c.want) {
			t.Errorf("%q: %v", c.in, got)
		}
	}
}

func TestReadFormBody(t *testing.T) {
	big := "a=" + strings.Repeat("x", MaxFormBytes)
	cases := []struct {
		name, ct, body string
		length         int64 // 0: actual length; -1: unknown (chunked)
		status         int
	}{
		{"ok", "application/x-www-form-urlencoded", "a=1", 0, 0},
		{"charset utf-8", "application/x-www-form-urlencoded; charset=UTF-8", "a=1", 0, 0},
		{"other charset", "application/x-www-form-urlencoded; charset=latin1", "a=1", 0, 415},
		{"json", "application/json", `{"a":1}`, 0, 415},
		{"multipart", "multipart/form-data; boundary=x", "--x--", 0, 415},
		{"no type", "", "a=1", 0, 415},
		{"too big", "application/x-www-form-urlencoded", big, 0, 413},
		{"too big chunked", "application/x-www-form-urlencoded", big, -1, 413},
		{"declared too big", "application/x-www-form-urlencoded", "a=1", MaxFormBytes + 1, 413},
		{"exactly the limit", "application/x-www-form-urlencoded", "a=" + strings.Repeat("x", MaxFormBytes-2), 0, 0},
		{"bad escape", "application/x-www-form-urlencoded", "a=%zz", 0, 400},
	}
	for _, c := range cases {
		r := httptest.NewRequest("POST", "/x", strings.NewReader(c.body))
		r.Header.Set("Content-Type", c.ct)
		switch c.length {
		case -1:
			r.ContentLength = -1
		case 0:
		default:
			r.ContentLength = c.length
		}
		_, err := ReadFormBody(r)
		status := 0
		if err != nil {
			status = formStatus(err)
		}
		if status != c.status {
			t.Errorf("%s: status %d (%v), want %d", c.name, status, err, c.status)
		}
	}
}

func TestFormToolkit(t *testing.T) {
	var nilForm *Form
	if nilForm.Value("x") != "" || nilForm.Error("x") != "" || !nilForm.Valid() || nilForm.Errors() != nil {
		t.Error("a nil form must read as empty and valid")
	}
	f := NewForm(map[string]string{"email": "a@b", "consent": "yes"})
	f.Fail("email", "Enter a valid address.")
	f.Fail("email", "second message ignored")
	f.Fail("first_name", "Enter your first name.")
	if f.Valid() || f.Error("email") != "Enter a valid address." || !f.Checked("consent") || f.Value("email") != "a@b" {
		t.Errorf("form: %+v", f)
	}
	if errs := f.Errors(); len(errs) != 2 || errs[0].Field != "email" || errs[1].Field != "first_name" {
		t.Errorf("errors in order: %v", errs)
	}
}

// FuzzParseURLEncoded: the parser never panics, returns nothing with an
// error, and everything it returns is valid UTF-8 with non-empty names.
func FuzzParseURLEncoded(f *testing.F) {
	for _, s := range []string{"", "a=1", "a=1&b=2", "a=%zz", "a=%C3%A9", "a=\xff", "a=1&a=2", "=", "&&&", "a", "a=b=c",
		"first_name=Ada&last_name=Lovelace&email=ada%40example.org&consent=yes&csrf_token=1.x", "%", "+=+", "a;b=c"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := ParseURLEncoded(b)
		if err != nil {
			if got != nil {
				t.Fatal("values returned with an error")
			}
			return
		}
		for k, v := range got {
			if k == "" || !utf8.ValidString(k) || !utf8.ValidString(v) {
				t.Fatalf("bad pair %q=%q", k, v)
			}
		}
	})
}
