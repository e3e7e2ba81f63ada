package members

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Collection is the members collection's name.
const Collection = "members"

// FindByEmail returns the member who holds address (stored lower-case), or
// nil when nobody does. An erased member is never found (its address is
// cleared anyway). The condition repeats the unique index's own (a non-empty email)
// so SQLite uses that partial index instead of scanning; this lookup runs
// for every intake row, members' and strangers' alike.
func FindByEmail(app core.App, address string) (*core.Record, error) {
	if address == "" {
		return nil, nil
	}
	var recs []*core.Record
	err := app.RecordQuery(Collection).
		AndWhere(dbx.NewExp("[[email]] = {:email} AND [[email]] != '' AND [[status]] != 'erased'", dbx.Params{"email": address})).
		Limit(1).All(&recs)
	if err != nil {
		return nil, fmt.Errorf("members: find by address: %w", err)
	}
	if len(recs) == 0 {
		return nil, nil
	}
	return recs[0], nil
}
