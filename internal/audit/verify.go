package audit

import (
	"encoding/json"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
)

// Report is what [Verify] walked.
type Report struct {
	First, Last int64 // seq of the oldest kept row and of the newest
	Rows        int64
	Anchors     int                  // anchors checked against the chain
	Latest      *members.LedgerEntry // newest anchor, when there is one
}

// BrokenError names the first row that does not verify.
type BrokenError struct {
	Seq    int64
	ID     string
	Reason string
}

func (e *BrokenError) Error() string {
	return fmt.Sprintf("audit log broken at row seq %d (id %s): %s", e.Seq, e.ID, e.Reason)
}

// AnchorError names an anchor the chain no longer reaches.
type AnchorError struct {
	Anchor members.LedgerEntry
	Reason string
}

func (e *AnchorError) Error() string {
	return fmt.Sprintf("audit anchor of %s (row seq %d, id %s) not reached: %s",
		e.Anchor.Time.UTC().Format("2006-01-02 15:04:05Z"), e.Anchor.AuditSeq, e.Anchor.AuditID, e.Reason)
}

// stored is a row as scanned, JSON columns as text.
type stored struct {
	row
	IDsJSON    string `db:"record_ids"`
	FieldsJSON string `db:"fields"`
}

// Verify walks the chain from the oldest kept row (the genesis row, or a
// pruning checkpoint) to the newest: every row's HMAC under one of keys,
// consecutive seq numbers, every prev_hash equal to the link of the row
// before. Then every anchor newer than the oldest kept row must name a row
// that is still there with the same id and hash. It returns a [*BrokenError]
// or an [*AnchorError] for the first problem.
func Verify(app core.App, keys Keys, anchors []members.LedgerEntry) (Report, error) {
	rep := Report{}
	q := app.DB().NewQuery("SELECT seq, id, created, actor_type, actor, action, target, record_ids, fields, request_id, detail, prev_hash, hash FROM {{" + Collection + "}} ORDER BY seq")
	rows, err := q.Rows()
	if err != nil {
		return rep, fmt.Errorf("audit: read the log: %w", err)
	}
	defer rows.Close()
	bySeq := map[int64][]members.LedgerEntry{}
	for _, a := range anchors {
		bySeq[a.AuditSeq] = append(bySeq[a.AuditSeq], a)
		if rep.Latest == nil || a.Time.After(rep.Latest.Time) {
			rep.Latest = &a
		}
	}
	var prev *row
	for rows.Next() {
		var s stored
		if err := rows.ScanStruct(&s); err != nil {
			return rep, fmt.Errorf("audit: read the log: %w", err)
		}
		r := s.row
		broken := func(reason string) error { return &BrokenError{Seq: r.Seq, ID: r.ID, Reason: reason} }
		if json.Unmarshal([]byte(s.IDsJSON), &r.RecordIDs) != nil || json.Unmarshal([]byte(s.FieldsJSON), &r.Fields) != nil {
			return rep, broken("record_ids or fields is not a JSON list")
		}
		if !r.verifies(keys.Verify) {
			return rep, broken("its hash does not match its content (edited, or not written by memberbase)")
		}
		switch {
		case prev == nil && r.Action == ActionCheckpoint:
		case prev == nil && (r.Seq != 1 || r.PrevHash != ""):
			return rep, broken("the chain starts here without a checkpoint: older rows were deleted")
		case prev != nil && r.Action == ActionCheckpoint:
			return rep, broken("a checkpoint in the middle of the chain")
		case prev != nil && r.Seq != prev.Seq+1:
			return rep, broken(fmt.Sprintf("it follows row seq %d: rows are missing or out of order", prev.Seq))
		case prev != nil && r.PrevHash != prev.link():
			return rep, broken(fmt.Sprintf("its prev_hash does not match row seq %d: a row was removed, inserted or reordered", prev.Seq))
		}
		if prev == nil {
			rep.First = r.Seq
		}
		// A checkpoint took the seq of the last row it pruned: anchors of
		// that row are older than the checkpoint and not checked.
		if r.Action != ActionCheckpoint {
			for _, a := range bySeq[r.Seq] {
				rep.Anchors++
				if a.AuditID != r.ID || a.AuditHash != r.Hash {
					return rep, &AnchorError{Anchor: a, Reason: fmt.Sprintf("row seq %d now has another id or hash", r.Seq)}
				}
			}
		}
		rep.Rows++
		rep.Last = r.Seq
		prev = &r
	}
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("audit: read the log: %w", err)
	}
	for _, a := range anchors {
		if a.AuditSeq > rep.Last {
			return rep, &AnchorError{Anchor: a, Reason: fmt.Sprintf("the chain ends at row seq %d: newer rows were removed", rep.Last)}
		}
	}
	return rep, nil
}
