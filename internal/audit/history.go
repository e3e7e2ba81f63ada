package audit

import (
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// Kinds of actor a member sees in their access history: never an account.
const (
	KindStaff  = "staff"
	KindRep    = "rep"
	KindAdmin  = "admin"
	KindSystem = "system"
	KindYou    = "you"
)

// HistoryEntry is one line of a member's access history (the data export's
// access_history): when, which kind of actor, and the action.
type HistoryEntry struct {
	Date   time.Time `json:"date"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
}

// AccessHistory returns, oldest first, every kept audit row that read or
// changed the member record memberRecordID (its id, not its member ID):
// reads, expansions, realtime messages, photo downloads, writes, the CLI
// export, its erasure — plus every backup download and SQL console use,
// which could reach every record. Actors are kinds only: superusers and the
// CLI are "admin", staff accounts "staff" (or "rep" when they read the
// branch_members view, which only reps may), the member "you". The view's
// ids are the members' record ids.
func AccessHistory(app core.App, memberRecordID string) ([]HistoryEntry, error) {
	var rows []struct {
		Created   string `db:"created"`
		Target    string `db:"target"`
		ActorType string `db:"actor_type"`
		Actor     string `db:"actor"`
		Action    string `db:"action"`
	}
	// record_ids holds JSON strings of 15 [a-z0-9] characters: the quoted
	// id matches only itself.
	err := app.DB().NewQuery(`SELECT created, target, actor_type, actor, action FROM {{` + Collection + `}}
		WHERE (target IN ('members', {:view}) AND instr(record_ids, {:quoted}) > 0) OR action IN ({:backup}, {:sql})
		ORDER BY created, seq`).
		Bind(dbx.Params{"view": repView, "quoted": `"` + memberRecordID + `"`, "backup": ActionBackup, "sql": ActionSQL}).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("audit: access history: %w", err)
	}
	out := make([]HistoryEntry, 0, len(rows))
	for _, r := range rows {
		d, err := types.ParseDateTime(r.Created)
		if err != nil {
			return nil, fmt.Errorf("audit: access history: %w", err)
		}
		out = append(out, HistoryEntry{Date: d.Time(), Actor: kindOf(r.Target, r.ActorType, r.Actor, memberRecordID), Action: r.Action})
	}
	return out, nil
}

// repView is the collection only reps read among the staff (SPEC §16b).
const repView = "branch_members"

func kindOf(target, actorType, actor, memberRecordID string) string {
	switch actorType {
	case ActorSuperuser, ActorCLI:
		return KindAdmin
	case ActorStaff:
		if target == repView {
			return KindRep
		}
		return KindStaff
	case ActorMember:
		if actor == memberRecordID {
			return KindYou
		}
	}
	// Member flows act only on the member's own record; anything else is
	// memberbase itself.
	return KindSystem
}
