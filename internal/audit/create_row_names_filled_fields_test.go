package audit_test

import (
	"slices"
	"testing"

	"memberbase/internal/testapp"
)

// TestCreateRowNamesTheListFieldsGivenAValue: a create row names a field
// that holds several values (a privacy request's export files) when the
// record was created with one, and leaves it out when it is empty.
func TestCreateRowNamesTheListFieldsGivenAValue(t *testing.T) {
	app, _ := testapp.New(t, nil)
	m := testapp.SaveMember(t, app, nil)

	seq := lastSeq(t, app)
	empty := saveRecord(t, app, "privacy_requests", map[string]any{"kind": "deletion", "member": m.Id, "status": "awaiting_confirmation", "token_hash": "first-request-hash"})
	r := only(t, rowsAfter(t, app, seq), "system", "", "create", "privacy_requests", empty.Id)
	if f := r.fields(); slices.Contains(f, "export") || !slices.Contains(f, "kind") {
		t.Errorf("request created without an export: fields %v", f)
	}

	seq = lastSeq(t, app)
	withExport := saveRecord(t, app, "privacy_requests", map[string]any{"kind": "details", "member": m.Id, "status": "awaiting_confirmation", "token_hash": "second-request-hash", "export": jsonFile(t)})
	r = only(t, rowsAfter(t, app, seq), "system", "", "create", "privacy_requests", withExport.Id)
	if f := r.fields(); !slices.Contains(f, "export") {
		t.Errorf("request created with an export: fields %v", f)
	}
}
