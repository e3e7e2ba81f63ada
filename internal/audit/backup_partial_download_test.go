package audit_test

import (
	"net/http"
	"testing"
)

// TestPartialBackupDownloadIsAudited: a backup fetched in parts (a resumed
// download: Range, 206) leaves a backup row like a whole one; asking for
// a backup that does not exist leaves none.
func TestPartialBackupDownloadIsAudited(t *testing.T) {
	s := serve(t, nil)
	suID, tok := account(t, s.app, "superuser")
	if code, body := s.do(t, "POST", "/api/backups", tok, map[string]any{"name": "partial.zip"}); code != 204 {
		t.Fatalf("backup: %d %s", code, body)
	}

	seq := lastSeq(t, s.app)
	req, _ := http.NewRequest("GET", s.srv.URL+"/api/backups/partial.zip?token="+fileToken(t, s, tok), nil)
	req.Header.Set("Range", "bytes=0-9")
	res, err := s.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusPartialContent {
		t.Fatalf("range download: %d", res.StatusCode)
	}
	r := only(t, rowsEventually(t, s.app, seq, 1), "superuser", suID, "backup", "")
	if r.Detail != "partial.zip" {
		t.Errorf("backup row detail %q", r.Detail)
	}

	seq = lastSeq(t, s.app)
	if code, _ := s.do(t, "GET", "/api/backups/missing.zip?token="+fileToken(t, s, tok), "", nil); code == http.StatusOK {
		t.Fatal("a missing backup was served")
	}
	if rows := rowsAfter(t, s.app, seq); len(rows) != 0 {
		t.Fatalf("a missing backup left %+v", rows)
	}
}
