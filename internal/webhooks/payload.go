package webhooks

import (
	"reflect"

	"github.com/pocketbase/pocketbase/core"
)

// memberFields are the member fields a member event carries (SPEC §17),
// when the collection has them: plan and paid_through come with the dues
// schema. Notes, files and leave notes are never sent.
var memberFields = []string{"member_id", "status", "plan", "paid_through", "updated",
	"first_name", "last_name", "email", "phone"}

// personalFields are the member payload fields an erasure removes from
// stored deliveries.
var personalFields = []string{"first_name", "last_name", "email", "phone"}

// neverChanged are member fields whose names a payload's "changed" list
// leaves out along with hidden and file fields: free text about the member
// whose mere change says more than an integrator needs.
var neverChanged = map[string]bool{"notes": true, "leave_note": true}

// MemberData is the data of member.created, .updated and .status_changed:
// the record id and the allow-listed fields present on the collection,
// plus the changed field names when changed is not nil.
func MemberData(r *core.Record, changed []string) map[string]any {
	d := map[string]any{"id": r.Id}
	for _, name := range memberFields {
		if r.Collection().Fields.GetByName(name) != nil {
			d[name] = r.Get(name)
		}
	}
	if changed != nil {
		d["changed"] = changed
	}
	return d
}

// ErasedData is the data of member.erased: the record id and member ID only.
func ErasedData(r *core.Record) map[string]any {
	return map[string]any{"id": r.Id, "member_id": r.GetString("member_id")}
}

// PrivacyData is the data of privacy_request.status_changed: the request's
// id, kind, status and the member ID it concerns, nothing else.
func PrivacyData(r *core.Record) map[string]any {
	return map[string]any{"id": r.Id, "kind": r.GetString("kind"), "status": r.GetString("status"),
		"member_id": r.GetString("member_ref")}
}

// PeriodData is the data of period.paid, for the dues hook: the period's
// id, member ID, dates, amount and currency, read generically so that this
// package needs no dues import.
func PeriodData(period *core.Record, memberID string) map[string]any {
	d := map[string]any{"id": period.Id, "member_id": memberID}
	for _, name := range []string{"starts_on", "ends_on", "amount", "currency"} {
		d[name] = period.Get(name)
	}
	return d
}

// ChangedFields names the fields an update changed, never their values,
// leaving out the id, timestamps, hidden and file fields and [neverChanged].
// It returns an empty, non-nil slice when nothing listed changed.
func ChangedFields(before, after *core.Record) []string {
	out := []string{}
	for _, f := range after.Collection().Fields {
		name := f.GetName()
		if name == core.FieldNameId || f.Type() == core.FieldTypeAutodate || f.Type() == core.FieldTypeFile ||
			f.GetHidden() || neverChanged[name] {
			continue
		}
		if !reflect.DeepEqual(before.GetRaw(name), after.GetRaw(name)) {
			out = append(out, name)
		}
	}
	return out
}

// MemberEvent decides which event an update of a member is: erased when
// the status became erased, status_changed when the status changed, updated
// when any listed field changed, and none ("") otherwise.
func MemberEvent(before, after *core.Record, changed []string) string {
	was, is := before.GetString("status"), after.GetString("status")
	switch {
	case is == "erased" && was != "erased":
		return EventMemberErased
	case was == "erased":
		return "" // a tombstone has nothing more to tell
	case was != is:
		return EventMemberStatusChanged
	case len(changed) > 0:
		return EventMemberUpdated
	}
	return ""
}
