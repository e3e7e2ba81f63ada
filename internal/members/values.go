package members

import (
	"database/sql/driver"
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// storedValue returns a field's value as it would be written to the
// database, as text: the canonical form of a date whatever spelling set it,
// and the file name of a new upload. Two records with the same storedValue
// store the same thing.
func storedValue(r *core.Record, name string) string {
	v := r.GetRaw(name)
	if f, ok := r.Collection().Fields.GetByName(name).(core.DriverValuer); ok {
		if dv, err := f.DriverValue(r); err == nil {
			v = dv
		}
	}
	if valuer, ok := v.(driver.Valuer); ok {
		if dv, err := valuer.Value(); err == nil {
			v = dv
		}
	}
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// changedFields returns the names of the fields of r that differ from the
// stored record, system and autodate fields aside (the server keeps those).
func changedFields(r *core.Record) []string {
	old := r.Original()
	var changed []string
	for _, f := range r.Collection().Fields {
		if f.GetSystem() || f.Type() == core.FieldTypeAutodate {
			continue
		}
		if storedValue(r, f.GetName()) != storedValue(old, f.GetName()) {
			changed = append(changed, f.GetName())
		}
	}
	return changed
}
