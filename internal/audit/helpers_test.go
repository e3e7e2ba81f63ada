package audit_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	"golang.org/x/crypto/bcrypt"

	"memberbase/internal/audit"
	"memberbase/internal/testapp"
)

// served is a test app behind a real loopback HTTP server, its audit queue
// running as under `serve`.
type served struct {
	app *tests.TestApp
	srv *httptest.Server
	log *audit.Log
}

func serve(t testing.TB, env map[string]string) served {
	t.Helper()
	app, _ := testapp.New(t, env)
	srv := testapp.Serve(t, app)
	l := audit.From(app)
	if l == nil || !l.Running() {
		t.Fatal("audit log not attached or its queue not started by OnServe")
	}
	return served{app: app, srv: srv, log: l}
}

// account creates a superuser or a staff account (viewer, editor) and
// returns its record id and auth token.
func account(t testing.TB, app core.App, role string) (id, token string) {
	t.Helper()
	name := "staff"
	if role == "superuser" {
		name = core.CollectionNameSuperusers
	}
	col, err := app.FindCollectionByNameOrId(name)
	if err != nil {
		t.Fatal(err)
	}
	// bcrypt's default cost takes seconds under -race; tokens are all we need.
	col.Fields.GetByName("password").(*core.PasswordField).Cost = bcrypt.MinCost
	r := core.NewRecord(col)
	r.SetEmail(role + "@example.org")
	r.SetPassword("a-long-test-password")
	if role != "superuser" {
		r.Set("role", role)
	}
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	tok, err := r.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return r.Id, tok
}

// do sends a request with an optional JSON body and returns the status and
// the body.
func (s served) do(t testing.TB, method, path, token string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.srv.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := s.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// auditRow is an audit_log row as a test reads it.
type auditRow struct {
	Seq       int64  `db:"seq"`
	ID        string `db:"id"`
	ActorType string `db:"actor_type"`
	Actor     string `db:"actor"`
	Action    string `db:"action"`
	Target    string `db:"target"`
	IDs       string `db:"record_ids"`
	Fields    string `db:"fields"`
	RequestID string `db:"request_id"`
	Detail    string `db:"detail"`
	PrevHash  string `db:"prev_hash"`
	Hash      string `db:"hash"`
}

func (r auditRow) ids() []string    { return list(r.IDs) }
func (r auditRow) fields() []string { return list(r.Fields) }

func list(s string) []string {
	var out []string
	_ = json.Unmarshal([]byte(s), &out)
	return out
}

// lastSeq returns the newest row's seq (0 for an empty log), once the read
// queue has written what it holds.
func lastSeq(t testing.TB, app core.App) int64 {
	t.Helper()
	if l := audit.From(app); l != nil {
		l.Sync()
	}
	var n int64
	if err := app.DB().NewQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_log").Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// rowsAfter returns the rows newer than seq, oldest first, once the read
// queue has written what it holds.
func rowsAfter(t testing.TB, app core.App, seq int64) []auditRow {
	t.Helper()
	if l := audit.From(app); l != nil {
		l.Sync()
	}
	var rows []auditRow
	err := app.DB().NewQuery("SELECT seq, id, actor_type, actor, action, target, record_ids, fields, request_id, detail, prev_hash, hash FROM audit_log WHERE seq > {:seq} ORDER BY seq").
		Bind(map[string]any{"seq": seq}).All(&rows)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// rowsEventually is rowsAfter for file downloads: a served file carries its
// length, so the client can finish reading before the handler returns and
// queues the row. It waits (at most 10 s) for n rows.
func rowsEventually(t testing.TB, app core.App, seq int64, n int) []auditRow {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		rows := rowsAfter(t, app, seq)
		if len(rows) >= n || time.Now().After(deadline) {
			return rows
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// only asserts that rows is exactly one row of actor, action, target and ids
// (in any order), and returns it.
func only(t testing.TB, rows []auditRow, actorType, actor, action, target string, ids ...string) auditRow {
	t.Helper()
	if len(rows) != 1 {
		t.Fatalf("want one audit row, got %d: %+v", len(rows), rows)
	}
	r := rows[0]
	got := slices.Sorted(slices.Values(r.ids()))
	want := slices.Sorted(slices.Values(ids))
	if r.ActorType != actorType || r.Actor != actor || r.Action != action || r.Target != target || !slices.Equal(got, want) {
		t.Fatalf("audit row %s %s %s %s %v, want %s %s %s %s %v", r.ActorType, r.Actor, r.Action, r.Target, got, actorType, actor, action, target, want)
	}
	return r
}

// saveRecord saves a record of collection with fields through app.Save.
func saveRecord(t testing.TB, app core.App, collection string, fields map[string]any) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	// A privacy request starts awaiting confirmation and reaches any other
	// status only along the transition table: walk it there.
	var steps []string
	if collection == "privacy_requests" {
		steps = map[string][]string{"confirmed": {"confirmed"}, "completed": {"confirmed", "completed"},
			"approved": {"confirmed", "approved"}}[fields["status"].(string)]
		fields["status"] = "awaiting_confirmation"
	}
	for k, v := range fields {
		r.Set(k, v)
	}
	if err := app.Save(r); err != nil {
		t.Fatalf("save %s: %v", collection, err)
	}
	for _, st := range steps {
		r.Set("status", st)
		if err := app.Save(r); err != nil {
			t.Fatalf("move %s to %s: %v", collection, st, err)
		}
	}
	return r
}

// pngFile is a 1×1 PNG upload.
func pngFile(t testing.TB) *filesystem.File {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	f, err := filesystem.NewFileFromBytes(b.Bytes(), "photo.png")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// jsonFile is a small JSON upload, like a privacy export.
func jsonFile(t testing.TB) *filesystem.File {
	t.Helper()
	f, err := filesystem.NewFileFromBytes([]byte(`{"export":true}`), "export.json")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// fileToken asks PocketBase for a file token, as the dashboard does.
func fileToken(t testing.TB, s served, token string) string {
	t.Helper()
	code, body := s.do(t, "POST", "/api/files/token", token, nil)
	var out struct{ Token string }
	if code != 200 || json.Unmarshal(body, &out) != nil || out.Token == "" {
		t.Fatalf("file token: %d %s", code, body)
	}
	return out.Token
}
