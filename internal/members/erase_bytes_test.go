package members_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"memberbase/internal/members"
	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
)

// TestErasureLeavesNoBytesInTheDatabaseFiles scans data.db and its WAL for
// the erased person: secure_delete zeroes the freed cells and the
// checkpoint after the commit truncates the WAL that held the old pages.
// (A row being sent keeps its address until the worker records the result:
// the outbox test covers that.)
func TestErasureLeavesNoBytesInTheDatabaseFiles(t *testing.T) {
	app, _ := testapp.New(t, nil)
	testapp.PauseWorkers(t, app)
	m := erasable(t, app, outbox.StatusQueued, outbox.StatusSent, outbox.StatusFailed)
	if err := erase(app, m); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"data.db", "data.db-wal", "auxiliary.db", "auxiliary.db-wal"} {
		b, err := os.ReadFile(filepath.Join(app.DataDir(), name))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"grace@example.org", "Hopper", "prefers COBOL", "555 0100"} {
			if i := bytes.Index(b, []byte(secret)); i >= 0 {
				t.Errorf("%s still holds %q after the erasure: %q", name, secret, bytes.ReplaceAll(b[max(0, i-300):min(len(b), i+200)], []byte{0}, nil))
			}
		}
	}
}

func TestImportRefusesAnErasedAddress(t *testing.T) {
	app, cfg := testapp.New(t, nil)
	m := testapp.SaveMember(t, app, map[string]any{"email": "grace@example.org"})
	if err := erase(app, m); err != nil {
		t.Fatal(err)
	}
	rows := mustRead(t, "member_id,first_name,last_name,email,phone,status\n,Grace,Hopper,GRACE@example.org,,active\n,Alan,Turing,alan@example.org,,active\n")
	_, err := members.Import(app, rows, members.ImportOptions{Format: idFormat,
		Suppression: members.Suppression{Keys: cfg.DerivedKeys("memberbase suppress v1")}})
	var inv *members.InvalidFileError
	if !errors.As(err, &inv) || len(inv.Problems) != 1 || inv.Problems[0].Line != 2 || inv.Problems[0].Column != members.FieldEmail {
		t.Fatalf("import of an erased address: %v, want one row error on line 2", err)
	}
	// A rotated key still finds the old hash (SECRET_KEY_FALLBACKS).
	rotated := *cfg
	rotated.SecretKey, rotated.SecretKeyFallbacks = "a-new-secret-key-of-enough-length-0123456789", []string{cfg.SecretKey}
	found, err := members.Suppression{Keys: rotated.DerivedKeys("memberbase suppress v1")}.Suppressed(app, "grace@example.org")
	if err != nil || !found {
		t.Errorf("after a key rotation: %v %v, want suppressed", found, err)
	}
}
