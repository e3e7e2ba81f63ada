package audit_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/testapp"
)

func TestStaffListAndViewWriteOneRowPerRequest(t *testing.T) {
	s := serve(t, nil)
	staffID, tok := account(t, s.app, "viewer")
	var ids []string
	for i := range 3 {
		ids = append(ids, testapp.SaveMember(t, s.app, map[string]any{"email": fmt.Sprintf("m%d@example.org", i)}).Id)
	}

	seq := lastSeq(t, s.app)
	if code, body := s.do(t, "GET", "/api/collections/members/records?perPage=50", tok, nil); code != 200 {
		t.Fatalf("list: %d %s", code, body)
	}
	r := only(t, rowsAfter(t, s.app, seq), "staff", staffID, "list", "members", ids...)
	if r.RequestID == "" || len(r.fields()) != 0 {
		t.Errorf("list row: request id %q, fields %v", r.RequestID, r.fields())
	}

	seq = lastSeq(t, s.app)
	if code, _ := s.do(t, "GET", "/api/collections/members/records/"+ids[1], tok, nil); code != 200 {
		t.Fatalf("view: %d", code)
	}
	only(t, rowsAfter(t, s.app, seq), "staff", staffID, "view", "members", ids[1])

	// A read that sends nothing audited writes nothing; neither does a guest.
	seq = lastSeq(t, s.app)
	s.do(t, "GET", "/api/collections/members/records?filter=(email='none@example.org')", tok, nil)
	s.do(t, "GET", "/api/collections/members/records", "", nil)
	if rows := rowsAfter(t, s.app, seq); len(rows) != 0 {
		t.Fatalf("empty list or guest wrote %+v", rows)
	}
}

func TestExpandFromPrivacyRequestsIsOneRequestOneInsert(t *testing.T) {
	s := serve(t, nil)
	suID, tok := account(t, s.app, "superuser")
	m := testapp.SaveMember(t, s.app, nil)
	req := saveRecord(t, s.app, "privacy_requests", map[string]any{"kind": "details", "member": m.Id, "status": "confirmed"})

	seq := lastSeq(t, s.app)
	code, body := s.do(t, "GET", "/api/collections/privacy_requests/records?expand=member", tok, nil)
	if code != 200 {
		t.Fatalf("list: %d %s", code, body)
	}
	var page struct {
		Items []struct {
			Expand map[string]json.RawMessage `json:"expand"`
		} `json:"items"`
	}
	if json.Unmarshal(body, &page) != nil || len(page.Items) != 1 || page.Items[0].Expand["member"] == nil {
		t.Fatalf("member not expanded: %s", body)
	}
	rows := rowsAfter(t, s.app, seq)
	if len(rows) != 2 {
		t.Fatalf("want the list and the expansion, got %+v", rows)
	}
	only(t, rows[:1], "superuser", suID, "list", "privacy_requests", req.Id)
	only(t, rows[1:], "superuser", suID, "expand", "members", m.Id)
	if rows[0].RequestID == "" || rows[0].RequestID != rows[1].RequestID {
		t.Errorf("rows of one request carry request ids %q and %q", rows[0].RequestID, rows[1].RequestID)
	}
}

func TestEditorWriteIsAuditedOnceNotAsARead(t *testing.T) {
	s := serve(t, nil)
	editorID, tok := account(t, s.app, "editor")
	seq := lastSeq(t, s.app)
	code, body := s.do(t, "POST", "/api/collections/members/records", tok, map[string]any{
		"first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org", "status": "active"})
	if code != 200 {
		t.Fatalf("create: %d %s", code, body)
	}
	var created struct{ ID string }
	_ = json.Unmarshal(body, &created)
	r := only(t, rowsAfter(t, s.app, seq), "staff", editorID, "create", "members", created.ID)
	if r.RequestID == "" {
		t.Error("write row without the request id")
	}

	seq = lastSeq(t, s.app)
	if code, body := s.do(t, "PATCH", "/api/collections/members/records/"+created.ID, tok, map[string]any{"phone": "+44 20 7946 0000"}); code != 200 {
		t.Fatalf("update: %d %s", code, body)
	}
	r = only(t, rowsAfter(t, s.app, seq), "staff", editorID, "update", "members", created.ID)
	if f := r.fields(); len(f) != 1 || f[0] != "phone" {
		t.Errorf("update fields %v, want [phone]", f)
	}
}

func TestPhotoAndExportDownloadsAreAudited(t *testing.T) {
	s := serve(t, nil)
	suID, suTok := account(t, s.app, "superuser")
	staffID, staffTok := account(t, s.app, "viewer")
	m := testapp.NewMember(t, s.app, nil)
	m.Set("photo", pngFile(t))
	if err := s.app.Save(m); err != nil {
		t.Fatal(err)
	}
	req := saveRecord(t, s.app, "privacy_requests", map[string]any{"kind": "details", "member": m.Id, "status": "completed", "export": jsonFile(t)})

	seq := lastSeq(t, s.app)
	path := fmt.Sprintf("/api/files/members/%s/%s?token=%s", m.Id, m.GetString("photo"), fileToken(t, s, staffTok))
	if code, body := s.do(t, "GET", path, "", nil); code != 200 {
		t.Fatalf("photo: %d %s", code, body)
	}
	r := only(t, rowsEventually(t, s.app, seq, 1), "staff", staffID, "download", "members", m.Id)
	if f := r.fields(); len(f) != 1 || f[0] != "photo" {
		t.Errorf("download fields %v", f)
	}

	seq = lastSeq(t, s.app)
	path = fmt.Sprintf("/api/files/privacy_requests/%s/%s?token=%s", req.Id, req.GetStringSlice("export")[0], fileToken(t, s, suTok))
	if code, body := s.do(t, "GET", path, "", nil); code != 200 {
		t.Fatalf("export: %d %s", code, body)
	}
	only(t, rowsEventually(t, s.app, seq, 1), "superuser", suID, "download", "privacy_requests", req.Id)

	// Refused downloads leave no row.
	seq = lastSeq(t, s.app)
	if code, _ := s.do(t, "GET", fmt.Sprintf("/api/files/members/%s/%s", m.Id, m.GetString("photo")), "", nil); code == http.StatusOK {
		t.Fatal("protected photo served without a token")
	}
	if rows := rowsAfter(t, s.app, seq); len(rows) != 0 {
		t.Fatalf("refused download wrote %+v", rows)
	}
}

func TestBackupDownloadIsAudited(t *testing.T) {
	s := serve(t, nil)
	suID, tok := account(t, s.app, "superuser")
	if code, body := s.do(t, "POST", "/api/backups", tok, map[string]any{"name": "audit_test.zip"}); code != 204 {
		t.Fatalf("backup: %d %s", code, body)
	}
	seq := lastSeq(t, s.app)
	if code, _ := s.do(t, "GET", "/api/backups/audit_test.zip?token="+fileToken(t, s, tok), "", nil); code != 200 {
		t.Fatalf("download: %d", code)
	}
	r := only(t, rowsEventually(t, s.app, seq, 1), "superuser", suID, "backup", "")
	if r.Detail != "audit_test.zip" {
		t.Errorf("backup row detail %q", r.Detail)
	}
}

func TestEnrichOutsideRequestsGetsItsOwnRow(t *testing.T) {
	app, _ := testapp.New(t, nil) // not served: the queue is stopped
	staffID, _ := account(t, app, "viewer")
	staff, err := app.FindRecordById("staff", staffID)
	if err != nil {
		t.Fatal(err)
	}
	m := testapp.SaveMember(t, app, nil)
	seq := lastSeq(t, app)
	enrich := func(a core.App) error {
		return a.OnRecordEnrich().Trigger(&core.RecordEnrichEvent{App: a, Record: m,
			RequestInfo: &core.RequestInfo{Auth: staff, Context: core.RequestInfoContextDefault}})
	}
	if err := enrich(app); err != nil {
		t.Fatal(err)
	}
	// Inside a transaction the row joins it (queuing through the outer app
	// would wait for the connection the transaction holds).
	err = app.RunInTransaction(func(tx core.App) error { return enrich(tx) })
	if err != nil {
		t.Fatal(err)
	}
	rows := rowsAfter(t, app, seq)
	if len(rows) != 2 {
		t.Fatalf("want two rows, got %+v", rows)
	}
	for _, r := range rows {
		only(t, []auditRow{r}, "staff", staffID, "view", "members", m.Id)
	}
}
