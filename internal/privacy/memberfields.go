package privacy

import (
	"encoding/json"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// memberFields lists every field of the members collection with its value,
// so a field added to the collection later is exported without a change
// here. Files appear by their stored names.
func memberFields(m *core.Record) Fields {
	out := make(Fields, 0, len(m.Collection().Fields))
	for _, f := range m.Collection().Fields {
		name := f.GetName()
		var v any
		switch f := f.(type) {
		case *core.PasswordField:
			continue
		case *core.DateField, *core.AutodateField:
			v = dateString(m.GetDateTime(name))
		case *core.BoolField:
			v = m.GetBool(name)
		case *core.NumberField:
			v = m.GetFloat(name)
		case *core.FileField:
			v = listOrOne(m, name, f.IsMultiple())
		case *core.RelationField:
			v = listOrOne(m, name, f.IsMultiple())
		case *core.SelectField:
			v = listOrOne(m, name, f.IsMultiple())
		case *core.JSONField:
			raw, _ := m.GetRaw(name).(types.JSONRaw)
			if len(raw) == 0 {
				raw = types.JSONRaw("null")
			}
			v = json.RawMessage(raw)
		default:
			v = m.GetString(name)
		}
		out = append(out, Field{Name: name, Value: v})
	}
	return out
}

func listOrOne(m *core.Record, name string, multiple bool) any {
	if multiple {
		return m.GetStringSlice(name)
	}
	return m.GetString(name)
}

// publicActor shows a superuser's record id as "admin": the member learns
// that an administrator acted, not an internal id.
func publicActor(a string) string {
	if a == ActorMember || a == ActorSystem {
		return a
	}
	return "admin"
}

// dateString is an RFC 3339 UTC time with milliseconds, nil when unset.
func dateString(d types.DateTime) *string {
	if d.IsZero() {
		return nil
	}
	return timeString(d.Time())
}

func timeString(t time.Time) *string {
	s := t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
	return &s
}
