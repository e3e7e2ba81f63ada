package dues

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"memberbase/internal/members"
)

// Statement columns (SPEC §15), the names --map assigns headers to.
const (
	ColReceivedOn = "received_on"
	ColAmount     = "amount"
	ColCurrency   = "currency"
	ColReference  = "reference"
	ColPayer      = "payer"
	ColExternalID = "external_id"
	ColMethod     = "method"
)

var statementColumns = []string{ColReceivedOn, ColAmount, ColCurrency, ColReference, ColPayer, ColExternalID, ColMethod}

// StatementOptions say how to read a bank export or remittance list.
type StatementOptions struct {
	// Map names the header of a column when it is not the column's own
	// name (e.g. amount → "Betrag"). Headers compare case-insensitively.
	Map map[string]string
	// DecimalComma reads "1.234,50" (else "1,234.50").
	DecimalComma bool
	// Delimiter separates fields (',' when 0).
	Delimiter rune
	// Latin1 decodes the file as ISO 8859-1 (else UTF-8).
	Latin1 bool
	// Currency is the currency of rows without one (CURRENCY).
	Currency string
	// Method is the method of rows without one (bank_transfer when empty).
	Method string
}

// StatementRow is one validated incoming payment of a statement.
type StatementRow struct {
	Line       int
	ReceivedOn string // YYYY-MM-DD
	Amount     int    // minor units
	Currency   string
	Reference  string
	Payer      string
	ExternalID string // given, or the hash of date, amount, currency, reference and payer
	Method     string
}

// Statement is a read file: the incoming payments, and the lines of
// outgoing or zero amounts, which an import leaves out.
type Statement struct {
	Rows     []StatementRow
	Outgoing []int
}

// ReadStatement reads and validates a whole statement. It returns the rows
// only when every line is valid; otherwise the error is a
// [*members.InvalidFileError] naming every bad line, or an I/O error.
func ReadStatement(r io.Reader, o StatementOptions) (Statement, error) {
	var st Statement
	if o.Latin1 {
		r = charmap.ISO8859_1.NewDecoder().Reader(r)
	}
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	if o.Delimiter != 0 {
		cr.Comma = o.Delimiter
	}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return st, invalid(members.RowError{Line: 1, Reason: "the file is empty: a header row is required."})
	}
	if err != nil {
		return st, fmt.Errorf("read statement: %w", err)
	}
	pos, problems := locate(header, o.Map)
	if problems != nil {
		return st, &members.InvalidFileError{Problems: problems}
	}
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return st, fmt.Errorf("read statement: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		get := func(col string) string {
			if i, ok := pos[col]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		row, errs, outgoing := parseStatementRow(line, get, o)
		problems = append(problems, errs...)
		if outgoing {
			st.Outgoing = append(st.Outgoing, line)
			continue
		}
		if errs != nil {
			continue
		}
		if first, dup := seen[row.ExternalID]; dup {
			reason := fmt.Sprintf("the same external_id as line %d.", first)
			if get(ColExternalID) == "" {
				reason = fmt.Sprintf("the same date, amount, currency, reference and payer as line %d: give each an external_id (the bank's transaction id).", first)
			}
			problems = append(problems, members.RowError{Line: line, Column: ColExternalID, Reason: reason})
			continue
		}
		seen[row.ExternalID] = line
		st.Rows = append(st.Rows, row)
	}
	if problems != nil {
		return Statement{}, &members.InvalidFileError{Problems: problems}
	}
	return st, nil
}

func invalid(p members.RowError) error {
	return &members.InvalidFileError{Problems: []members.RowError{p}}
}

// locate finds each column's field in the header: the mapped header, else
// the column's own name. received_on and amount are required.
func locate(header []string, mapping map[string]string) (map[string]int, []members.RowError) {
	var problems []members.RowError
	for col := range mapping {
		if !slices.Contains(statementColumns, col) {
			problems = append(problems, members.RowError{Line: 1, Reason: fmt.Sprintf(
				"--map names %q, which is not a column (%s).", col, strings.Join(statementColumns, ", "))})
		}
	}
	pos := map[string]int{}
	for _, col := range statementColumns {
		want, mapped := mapping[col]
		if !mapped {
			want = col
		}
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(want)) {
				pos[col] = i
				break
			}
		}
		if _, ok := pos[col]; !ok && (mapped || col == ColReceivedOn || col == ColAmount) {
			problems = append(problems, members.RowError{Line: 1, Reason: fmt.Sprintf(
				"no header %q for the column %s (use --map %s=Header).", want, col, col)})
		}
	}
	slices.SortStableFunc(problems, func(a, b members.RowError) int { return strings.Compare(a.Reason, b.Reason) })
	return pos, problems
}

// importKey is the stand-in for a missing external_id: identical rows get
// the same key, so a re-import skips them.
func importKey(r StatementRow) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{r.ReceivedOn, strconv.Itoa(r.Amount), r.Currency, r.Reference, r.Payer}, "\x1f")))
	return "sha256:" + hex.EncodeToString(sum[:16])
}
