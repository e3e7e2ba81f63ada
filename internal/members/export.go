package members

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Export formats.
const (
	FormatCSV  = "csv"
	FormatJSON = "json"
)

// exportQuery streams members in the documented export order: by member ID length, then
// member ID (numeric order for IDs of one prefix, including those wider
// than MEMBER_ID_WIDTH), then record id. An import keeps member IDs, so an
// export → import → export round trip is byte-identical.
const exportQuery = "SELECT m.[[member_id]], m.[[first_name]], m.[[last_name]], m.[[email]], m.[[phone]], m.[[status]], " +
	"m.[[joined_at]], m.[[consent_version]], m.[[consent_at]], m.[[marketing_opt_in]], m.[[left_at]], m.[[leave_reason]], m.[[leave_note]], " +
	"COALESCE(p.[[code]], ''), m.[[paid_through]], COALESCE(b.[[code]], '') FROM {{members}} m " +
	"LEFT JOIN {{plans}} p ON p.[[id]] = m.[[plan]] LEFT JOIN {{branches}} b ON b.[[id]] = m.[[branch]] " +
	"ORDER BY LENGTH(m.[[member_id]]), m.[[member_id]], m.[[id]]"

// Export streams every member, erased tombstones included, with exactly the
// import columns ([Columns]) as CSV (header row, LF line ends) or as a JSON
// array with one object per line. Dates are RFC 3339 UTC with milliseconds.
// It returns the number of members written.
func Export(app core.App, w io.Writer, format string) (int, error) {
	if format != FormatCSV && format != FormatJSON {
		return 0, fmt.Errorf("unknown export format %q (csv or json)", format)
	}
	rows, err := app.DB().NewQuery(exportQuery).Rows()
	if err != nil {
		return 0, fmt.Errorf("export members: %w", err)
	}
	defer rows.Close()

	bw := bufio.NewWriterSize(w, 64<<10)
	out := newEncoder(bw, format)
	n := 0
	for rows.Next() {
		var r Row
		var joined, consent, left, through string
		if err := rows.Scan(&r.MemberID, &r.FirstName, &r.LastName, &r.Email, &r.Phone, &r.Status,
			&joined, &r.ConsentVersion, &consent, &r.MarketingOptIn, &left, &r.LeaveReason, &r.LeaveNote, &r.Plan, &through, &r.Branch); err != nil {
			return n, fmt.Errorf("export members: %w", err)
		}
		r.JoinedAt, _ = types.ParseDateTime(joined)
		r.ConsentAt, _ = types.ParseDateTime(consent)
		r.LeftAt, _ = types.ParseDateTime(left)
		r.PaidThrough, _ = types.ParseDateTime(through)
		if err := out.write(r.values()); err != nil {
			return n, fmt.Errorf("export members: %w", err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("export members: %w", err)
	}
	if err := out.close(); err != nil {
		return n, fmt.Errorf("export members: %w", err)
	}
	return n, bw.Flush()
}

// values returns a row's fields in [Columns] order as written in a file.
func (r Row) values() []string {
	return []string{r.MemberID, r.FirstName, r.LastName, r.Email, r.Phone, r.Status,
		formatDate(r.JoinedAt), r.ConsentVersion, formatDate(r.ConsentAt), strconv.FormatBool(r.MarketingOptIn),
		formatDate(r.LeftAt), r.LeaveReason, r.LeaveNote, r.Plan, formatDate(r.PaidThrough), r.Branch}
}

// encoder writes rows in one export format.
type encoder struct {
	w     *bufio.Writer
	csv   *csv.Writer
	first bool
}

func newEncoder(w *bufio.Writer, format string) *encoder {
	e := &encoder{w: w, first: true}
	if format == FormatCSV {
		e.csv = csv.NewWriter(w)
	}
	return e
}

func (e *encoder) write(values []string) error {
	if e.csv != nil {
		if e.first {
			e.first = false
			if err := e.csv.Write(Columns()); err != nil {
				return err
			}
		}
		return e.csv.Write(values)
	}
	sep := ",\n"
	if e.first {
		e.first, sep = false, "[\n"
	}
	e.w.WriteString(sep + "{")
	for i, c := range Columns() {
		if i > 0 {
			e.w.WriteByte(',')
		}
		k, _ := json.Marshal(c)
		v, _ := json.Marshal(values[i])
		if c == FieldMarketingOptIn {
			v = []byte(values[i]) // a JSON boolean
		}
		e.w.Write(k)
		e.w.WriteByte(':')
		e.w.Write(v)
	}
	_, err := e.w.WriteString("}")
	return err
}

// close ends the document: a CSV header even without rows, "[]" for an
// empty JSON export.
func (e *encoder) close() error {
	if e.csv != nil {
		if e.first {
			if err := e.csv.Write(Columns()); err != nil {
				return err
			}
		}
		e.csv.Flush()
		return e.csv.Error()
	}
	if e.first {
		_, err := e.w.WriteString("[]\n")
		return err
	}
	_, err := e.w.WriteString("\n]\n")
	return err
}
