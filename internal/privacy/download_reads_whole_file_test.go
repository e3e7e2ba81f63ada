package privacy_test

import (
	"bytes"
	"testing"

	"github.com/pocketbase/dbx"

	"memberbase/internal/audit"
	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

// replaceExport overwrites the stored JSON export of req with body.
func (e *env) replaceExport(body []byte) {
	e.t.Helper()
	req := e.reload(e.requests()[0])
	fsys, err := e.app.NewFilesystem()
	if err != nil {
		e.t.Fatal(err)
	}
	defer fsys.Close()
	for _, f := range req.GetStringSlice("export") {
		if bytes.HasSuffix([]byte(f), []byte(".json")) {
			if err := fsys.Upload(body, req.BaseFilesPath()+"/"+f); err != nil {
				e.t.Fatal(err)
			}
			return
		}
	}
	e.t.Fatal("no JSON export stored")
}

// TestDownloadHandsOutTheWholeFileUpToItsLimit: an export of exactly the
// file field's limit is handed out whole, not cut short; one byte more is
// refused rather than handed out truncated.
func TestDownloadHandsOutTheWholeFileUpToItsLimit(t *testing.T) {
	e := newEnv(t)
	testapp.SaveMember(t, e.app, nil)
	tok := e.downloadLink()

	full := bytes.Repeat([]byte("x"), privacy.MaxExportFile)
	e.replaceExport(full)
	f, err := e.svc.Download(e.app, tok, privacy.FormatJSON)
	if err != nil || len(f.Body) != len(full) {
		t.Fatalf("download of a file at the limit: %d of %d bytes, %v", len(f.Body), len(full), err)
	}

	e.replaceExport(append(full, 'x'))
	if f, err := e.svc.Download(e.app, tok, privacy.FormatJSON); err == nil {
		t.Errorf("a file over the limit was handed out (%d bytes)", len(f.Body))
	}
}

// TestDownloadIsAuditedAsTheMembersRead: every download of an export is a
// read of the member's data by the member, in the audit log.
func TestDownloadIsAuditedAsTheMembersRead(t *testing.T) {
	e := newEnv(t)
	m := testapp.SaveMember(t, e.app, nil)
	tok := e.downloadLink()
	reads := func() int64 {
		n, err := e.app.CountRecords(audit.Collection, dbx.HashExp{"action": audit.ActionDownload,
			"actor_type": audit.ActorMember, "actor": m.Id, "target": "members"})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	for i := int64(1); i <= 2; i++ {
		if _, err := e.svc.Download(e.app, tok, privacy.FormatJSON); err != nil {
			t.Fatal(err)
		}
		if got := reads(); got != i {
			t.Errorf("after download %d: %d audited reads by the member", i, got)
		}
	}
}
