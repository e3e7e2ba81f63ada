package hooks_test

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"memberbase/internal/members"
	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

// onePixelPNG is a valid 1x1 PNG: the photo field accepts images only.
var onePixelPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// A REST DELETE of a member is for superusers only, and runs the clean-up
// of the dashboard delete: photo and export files gone, the address's
// outbox rows cancelled and redacted, the delete in the ledger.
func TestRESTMemberDeleteCleansUpAndIsForSuperusersOnly(t *testing.T) {
	app, mux, request := privacyApp(t) // member ada@example.org, workers paused
	req := request(true)               // a confirmed export: files stored, two mails queued
	m, err := app.FindFirstRecordByData("members", "email", "ada@example.org")
	if err != nil {
		t.Fatal(err)
	}
	photo, err := filesystem.NewFileFromBytes(onePixelPNG, "me.png")
	if err != nil {
		t.Fatal(err)
	}
	m.Set("photo", photo)
	if err := app.Save(m); err != nil {
		t.Fatal(err)
	}
	storage := func(r *core.Record, name string) string {
		return filepath.Join(app.DataDir(), "storage", r.BaseFilesPath(), name)
	}
	files := []string{storage(m, m.GetString("photo"))}
	for _, name := range req.GetStringSlice("export") {
		files = append(files, storage(req, name))
	}
	if len(files) != 3 {
		t.Fatalf("files %v, want the photo and two export files", files)
	}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			t.Fatal(err)
		}
	}
	addressRows := func() int {
		var n int
		if err := app.DB().NewQuery("SELECT COUNT(*) FROM email_outbox WHERE recipient = 'ada@example.org' OR text_body LIKE '%Ada%' OR status = 'queued'").Row(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if addressRows() == 0 {
		t.Fatal("no outbox rows to the address before the delete")
	}
	url := "/api/collections/members/records/" + m.Id

	for _, role := range []string{"viewer", "editor"} {
		if code, body := call(t, mux, http.MethodDelete, url, "", testapp.Staff(t, app, role)); code != http.StatusForbidden && code != http.StatusNotFound {
			t.Errorf("staff %s DELETE: %d %s", role, code, body)
		}
	}
	if _, err := app.FindRecordById("members", m.Id); err != nil {
		t.Fatalf("staff deleted the member: %v", err)
	}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("a staff DELETE removed %s: %v", f, err)
		}
	}

	if code, body := call(t, mux, http.MethodDelete, url, "", testapp.Superuser(t, app)); code != http.StatusNoContent {
		t.Fatalf("superuser DELETE: %d %s", code, body)
	}
	if _, err := app.FindRecordById("members", m.Id); err == nil {
		t.Fatal("member still there")
	}
	if n := addressRows(); n != 0 {
		t.Errorf("%d outbox rows still name or wait for the address", n)
	}
	fresh, err := app.FindRecordById(privacy.Collection, req.Id)
	if err != nil || len(fresh.GetStringSlice("export")) != 0 {
		t.Errorf("request after the delete: %v %v", fresh, err)
	}
	// PocketBase removes a deleted record's directory in the background.
	for _, f := range files {
		deadline := time.Now().Add(10 * time.Second)
		for {
			_, err := os.Stat(f)
			if errors.Is(err, os.ErrNotExist) {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("%s still in storage: %v", f, err)
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	er, err := members.EraserFrom(app)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := members.ReadLedger(er.LedgerPath)
	if err != nil || len(entries) == 0 || entries[len(entries)-1].Kind != members.LedgerDelete || entries[len(entries)-1].RecordID != m.Id {
		t.Errorf("ledger after the delete: %+v %v", entries, err)
	}
}
