package intake_test

import (
	"context"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/testapp"
)

// A row submitted without a payload (the lookup forms send only an
// address) stores NULL; the worker must still claim and process it.
func TestRowWithoutPayloadIsProcessed(t *testing.T) {
	app, _ := testapp.New(t, nil)
	w, err := intake.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	var got []intake.Item
	w.Handle(intake.KindMemberID, func(_ core.App, it intake.Item) error {
		var v map[string]any
		if err := it.Decode(&v); err != nil || v != nil {
			t.Errorf("Decode of an empty payload: %v, %v", v, err)
		}
		got = append(got, it)
		return nil
	})
	if err := intake.Submit(app, intake.KindMemberID, "ada@example.org", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Drain(context.Background()); err != nil {
		t.Fatalf("claim: %v", err)
	}
	if len(got) != 1 || got[0].Email != "ada@example.org" {
		t.Fatalf("processed %+v", got)
	}
	if n, _ := app.CountRecords(intake.Collection); n != 0 {
		t.Errorf("%d rows left", n)
	}
}
