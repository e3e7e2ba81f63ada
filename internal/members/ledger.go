package members

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Ledger entry kinds (SPEC §9).
const (
	LedgerAuditAnchor = "audit_anchor" // the newest audit_log row at a point in time
	LedgerErase       = "erase"        // a member erased: RecordID, MemberID
	LedgerDelete      = "delete"       // a member deleted: RecordID, MemberID
	LedgerReserve     = "reserve"      // member numbers up to Mark may have been handed out
	LedgerAborted     = "aborted"      // the erase or delete entry ID Aborts rolled back
)

// LedgerEntry is one line of the restore-safety ledger: JSON, never personal
// data. Fields that do not apply to a kind stay empty and are omitted.
type LedgerEntry struct {
	Kind string    `json:"kind"`
	Time time.Time `json:"time"`

	// LedgerAuditAnchor: the anchored row, its hash and how many rows the
	// chain had written up to it since it began (pruned rows included).
	AuditID   string `json:"audit_id,omitempty"`
	AuditSeq  int64  `json:"audit_seq,omitempty"`
	AuditHash string `json:"audit_hash,omitempty"`
	AuditRows int64  `json:"audit_rows,omitempty"`

	// LedgerErase, LedgerDelete: the entry's own id (an [LedgerAborted]
	// entry names it), the member's record id and member ID.
	ID       string `json:"id,omitempty"`
	RecordID string `json:"record_id,omitempty"`
	MemberID string `json:"member_id,omitempty"`
	// LedgerAborted: the ID of the erase or delete entry whose
	// transaction rolled back (RecordID repeats its record id).
	Aborts string `json:"aborts,omitempty"`
	// LedgerReserve: the highest member number that may be handed out
	// before the next reservation.
	Mark int64 `json:"mark,omitempty"`
}

// Ledger appends entries to the ledger file, one JSON line each, fsynced
// before Append returns. It lives outside the data dir (LEDGER_PATH), so a
// restored backup cannot roll it back.
type Ledger struct {
	mu sync.Mutex
	f  *os.File
}

// OpenLedger opens (creating it, mode 0600) the ledger at path for appending.
// A new file's directory entry is synced too, so the file survives a crash.
func OpenLedger(path string) (*Ledger, error) {
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	if errors.Is(statErr, os.ErrNotExist) {
		if err := syncDir(filepath.Dir(path)); err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("ledger: %w", err)
		}
	}
	return &Ledger{f: f}, nil
}

// Append writes e as one line and fsyncs the file. Entries from concurrent
// callers never interleave.
func (l *Ledger) Append(e LedgerEntry) error {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	e.Time = e.Time.UTC()
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	if err := l.f.Sync(); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	return nil
}

// Close closes the file.
func (l *Ledger) Close() error { return l.f.Close() }

// ReadLedger returns every entry of the ledger at path, oldest first; a
// missing file is an empty ledger. A last line without its newline is the
// trace of a crash in the middle of an append (never fsynced, so never
// acknowledged) and is ignored; any other unreadable line is an error.
func ReadLedger(path string) ([]LedgerEntry, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ledger: %w", err)
	}
	defer f.Close()
	var out []LedgerEntry
	r := bufio.NewReader(f)
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return out, nil // a torn last line (or none)
		}
		if err != nil {
			return nil, fmt.Errorf("ledger: %w", err)
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var e LedgerEntry
		if err := json.Unmarshal(line, &e); err != nil {
			return nil, fmt.Errorf("ledger %s line %d: %w", path, n, err)
		}
		out = append(out, e)
	}
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
