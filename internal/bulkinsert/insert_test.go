package bulkinsert_test

import (
	"context"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/bulkinsert"
	"memberbase/internal/recordid"
	"memberbase/internal/testapp"
)

// outboxRow is a new email_outbox record with every kind of column set:
// text, bool, number, select, JSON; dates and the rest left empty.
func outboxRow(t *testing.T, app core.App, key string) *core.Record {
	t.Helper()
	col, err := app.FindCachedCollectionByNameOrId("email_outbox")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	for k, v := range map[string]any{"recipient": "ada@example.org", "kind": "welcome", "subject": "Hi & <welcome>",
		"text_body": "Hello\n", "html_body": "<p>Hello</p>", "sensitive": true, "status": "queued",
		"dedupe_key": key, "priority": -10, "headers": map[string]string{"List-Id": "<x.example.org>"}} {
		r.Set(k, v)
	}
	return r
}

// stored returns the row with id as SQLite holds it, but its id and
// timestamps.
func stored(t *testing.T, app core.App, id string) map[string]string {
	t.Helper()
	var row dbx.NullStringMap
	if err := app.DB().NewQuery("SELECT * FROM email_outbox WHERE id = {:id}").Bind(dbx.Params{"id": id}).One(&row); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for k, v := range row {
		if k != "id" && k != "created" && k != "updated" {
			out[k] = v.String + map[bool]string{false: " (NULL)"}[v.Valid]
		}
	}
	return out
}

// TestRecordsStoresWhatSaveStores: a row written by Records holds, column
// for column, what app.Save writes for the same record, with an id and
// timestamps of its own (an id that sorts by time); the record is no
// longer new.
func TestRecordsStoresWhatSaveStores(t *testing.T) {
	app, _ := testapp.New(t, nil)
	saved := outboxRow(t, app, "saved")
	if err := app.Save(saved); err != nil {
		t.Fatal(err)
	}
	rows := []*core.Record{outboxRow(t, app, "bulk-1"), outboxRow(t, app, "bulk-2")}
	before := recordid.New(time.Now())
	err := app.RunInTransaction(func(tx core.App) error { return bulkinsert.Records(context.Background(), tx, rows) })
	if err != nil {
		t.Fatal(err)
	}
	after := recordid.New(time.Now())
	want := stored(t, app, saved.Id)
	for _, r := range rows {
		// Its id sorts by time, between ids made before and after.
		if r.Id[:8] < before[:8] || r.Id[:8] > after[:8] {
			t.Errorf("id %q does not sort between %q and %q", r.Id, before, after)
		}
		got := stored(t, app, r.Id)
		got["dedupe_key"] = "saved"
		if !maps.Equal(got, want) {
			t.Errorf("bulk row %v\nsaved row %v", got, want)
		}
		if r.IsNew() || r.Id == "" || r.GetDateTime("created").IsZero() {
			t.Errorf("record after insert: new %v, id %q, created %v", r.IsNew(), r.Id, r.GetDateTime("created"))
		}
	}
}

// TestRecordsValidatesAndNeedsATransaction: a value a save would refuse
// fails the insert (and the caller's transaction rolls back), and so does
// a call outside a transaction.
func TestRecordsValidatesAndNeedsATransaction(t *testing.T) {
	app, _ := testapp.New(t, nil)
	good, bad := outboxRow(t, app, "good"), outboxRow(t, app, "bad")
	bad.Set("subject", strings.Repeat("x", 301)) // the field's Max is 300
	err := app.RunInTransaction(func(tx core.App) error {
		return bulkinsert.Records(context.Background(), tx, []*core.Record{good, bad})
	})
	if err == nil || !strings.Contains(err.Error(), "email_outbox.subject") {
		t.Errorf("a subject over its Max: %v", err)
	}
	if n, _ := app.CountRecords("email_outbox"); n != 0 {
		t.Errorf("%d rows after a failed insert", n)
	}
	if err := bulkinsert.Records(context.Background(), app, []*core.Record{outboxRow(t, app, "x")}); err == nil {
		t.Error("an insert outside a transaction was accepted")
	}
	if n, _ := app.CountRecords("email_outbox"); n != 0 {
		t.Errorf("%d rows after an insert outside a transaction", n)
	}
}
