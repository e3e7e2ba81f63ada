package members

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// InvalidFileError lists every problem found in an import file; nothing was
// written.
type InvalidFileError struct {
	Problems []RowError
}

func (e *InvalidFileError) Error() string {
	return fmt.Sprintf("%d problem(s) in the import file, nothing imported", len(e.Problems))
}

// requiredColumns must be in every import header (an all-erased file still
// carries them, empty).
var requiredColumns = [...]string{FieldFirstName, FieldLastName, FieldEmail}

// ReadCSV reads and validates a whole UTF-8 CSV import file (header row,
// optional BOM, CRLF or LF) with the shared member validation. Rows are
// returned only when the whole file is valid; otherwise the error is an
// [*InvalidFileError] naming every bad row, or an I/O error.
func ReadCSV(r io.Reader) ([]Row, error) {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &InvalidFileError{[]RowError{{Line: 1, Reason: "the file is empty: a header row is required."}}}
	}
	if err != nil {
		return nil, csvError(err)
	}
	cols, problems := checkHeader(header)
	if problems != nil {
		return nil, &InvalidFileError{problems}
	}

	c := newCollector(problems)
	values := make(map[string]string, len(cols))
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				c.problem(RowError{Line: pe.StartLine, Reason: fmt.Sprintf("has %d fields, the header has %d.", len(rec), len(cols))})
				continue
			}
			return nil, csvError(err)
		}
		line, _ := cr.FieldPos(0)
		for i, col := range cols {
			values[col] = rec[i]
		}
		c.add(line, values)
	}
	return c.result()
}

// collector validates rows one by one and finds duplicate member IDs and
// emails across the file, for every import format.
type collector struct {
	rows      []Row
	problems  []RowError
	seenID    map[string]int
	seenEmail map[string]int
}

func newCollector(problems []RowError) *collector {
	return &collector{problems: problems, seenID: map[string]int{}, seenEmail: map[string]int{}}
}

func (c *collector) problem(p RowError) { c.problems = append(c.problems, p) }

// add validates one record (values by column name) starting at line.
func (c *collector) add(line int, values map[string]string) {
	row, errs := parseRow(line, values)
	c.problems = append(c.problems, errs...)
	if row.MemberID != "" {
		if first, dup := c.seenID[row.MemberID]; dup {
			c.problem(RowError{line, FieldMemberID, fmt.Sprintf("same member ID as line %d.", first)})
			errs = append(errs, RowError{})
		} else {
			c.seenID[row.MemberID] = line
		}
	}
	if row.Email != "" {
		if first, dup := c.seenEmail[row.Email]; dup {
			c.problem(RowError{line, FieldEmail, fmt.Sprintf("same email as line %d.", first)})
			errs = append(errs, RowError{})
		} else {
			c.seenEmail[row.Email] = line
		}
	}
	if len(errs) == 0 {
		c.rows = append(c.rows, row)
	}
}

// result returns the rows, or every problem when there is one.
func (c *collector) result() ([]Row, error) {
	if c.problems != nil {
		return nil, &InvalidFileError{c.problems}
	}
	return c.rows, nil
}

// checkHeader maps the header to column names and reports unknown,
// duplicate and missing columns.
func checkHeader(header []string) ([]string, []RowError) {
	var problems []RowError
	cols := make([]string, len(header))
	for i, h := range header {
		h = strings.TrimSpace(h)
		switch {
		case !slices.Contains(Columns(), h):
			problems = append(problems, RowError{1, h, "unknown column; the columns are " + strings.Join(Columns(), ", ") + "."})
		case slices.Contains(cols[:i], h):
			problems = append(problems, RowError{1, h, "the column appears twice."})
		}
		cols[i] = h
	}
	for _, c := range requiredColumns {
		if !slices.Contains(cols, c) {
			problems = append(problems, RowError{1, c, "required column missing."})
		}
	}
	return cols, problems
}

// csvError turns a malformed-CSV error (bad quoting) into a file problem.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &InvalidFileError{[]RowError{{Line: pe.StartLine, Reason: "malformed CSV: " + pe.Err.Error()}}}
	}
	return fmt.Errorf("read import file: %w", err)
}
