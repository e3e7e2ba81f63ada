package members_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"memberbase/internal/members"
)

func TestLedgerAppendsAndReadsBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.jsonl")
	if got, err := members.ReadLedger(path); err != nil || got != nil {
		t.Fatalf("missing ledger: %v %v", got, err)
	}
	l, err := members.OpenLedger(path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := l.Append(members.LedgerEntry{Kind: members.LedgerAuditAnchor, Time: at, AuditID: "abc", AuditSeq: 7, AuditHash: "ff", AuditRows: 7}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if err := l.Append(members.LedgerEntry{Kind: members.LedgerAuditAnchor, AuditSeq: 1}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("ledger mode %v, want 0600", st.Mode().Perm())
	}
	got, err := members.ReadLedger(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 21 || got[0].AuditID != "abc" || !got[0].Time.Equal(at) || got[0].AuditRows != 7 {
		t.Fatalf("read back %d entries, first %+v", len(got), got[0])
	}
	for _, e := range got[1:] {
		if e.Time.IsZero() || e.AuditSeq != 1 {
			t.Fatalf("interleaved or unstamped entry %+v", e)
		}
	}

	// Reopening appends after what is there.
	l, err = members.OpenLedger(path)
	if err != nil {
		t.Fatal(err)
	}
	_ = l.Append(members.LedgerEntry{Kind: members.LedgerAuditAnchor, AuditSeq: 99})
	_ = l.Close()
	if got, _ := members.ReadLedger(path); len(got) != 22 || got[21].AuditSeq != 99 {
		t.Fatalf("after reopen: %d entries", len(got))
	}
}

func TestLedgerIgnoresATornLastLineOnly(t *testing.T) {
	dir := t.TempDir()
	torn := filepath.Join(dir, "torn.jsonl")
	body := `{"kind":"audit_anchor","time":"2026-01-01T00:00:00Z","audit_seq":3}` + "\n" + `{"kind":"audit_an`
	if err := os.WriteFile(torn, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := members.ReadLedger(torn)
	if err != nil || len(got) != 1 || got[0].AuditSeq != 3 {
		t.Fatalf("torn ledger: %v %v", got, err)
	}
	broken := filepath.Join(dir, "broken.jsonl")
	if err := os.WriteFile(broken, []byte("not json\n{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := members.ReadLedger(broken); err == nil {
		t.Fatal("a damaged middle line was accepted")
	}
}
