package members

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// ReadJSON reads and validates an import file in the JSON export format: an
// array of objects keyed by the import columns (marketing_opt_in a boolean or
// "true"/"false"; everything else strings). Problems name the line where the
// object starts. Like [ReadCSV] it returns rows only for a valid file.
func ReadJSON(r io.Reader) ([]Row, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read import file: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	lineAt := func(off int64) int { return 1 + bytes.Count(data[:off], []byte("\n")) }
	malformed := func(off int64, err error) error {
		return &InvalidFileError{[]RowError{{Line: lineAt(off), Reason: "malformed JSON: " + err.Error()}}}
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return nil, &InvalidFileError{[]RowError{{Line: 1, Reason: "a JSON import file is an array of member objects."}}}
	}
	c := newCollector(nil)
	for dec.More() {
		start := dec.InputOffset()
		for start < int64(len(data)) && strings.ContainsRune(" \t\r\n,", rune(data[start])) {
			start++
		}
		line := lineAt(start)
		var obj map[string]json.RawMessage
		if err := dec.Decode(&obj); err != nil {
			return nil, malformed(dec.InputOffset(), err)
		}
		values := make(map[string]string, len(obj))
		for _, k := range slices.Sorted(maps.Keys(obj)) { // problems in a stable order
			raw := obj[k]
			if !slices.Contains(Columns(), k) {
				c.problem(RowError{line, k, "unknown field; the fields are " + strings.Join(Columns(), ", ") + "."})
				continue
			}
			var s string
			if err := json.Unmarshal(raw, &s); err == nil {
				values[k] = s
				continue
			}
			var b bool
			if k == FieldMarketingOptIn && json.Unmarshal(raw, &b) == nil {
				values[k] = fmt.Sprint(b)
				continue
			}
			if string(raw) != "null" {
				c.problem(RowError{line, k, "must be a string (marketing_opt_in: a boolean)."})
			}
		}
		c.add(line, values)
	}
	if _, err := dec.Token(); err != nil {
		return nil, malformed(dec.InputOffset(), err)
	}
	return c.result()
}
