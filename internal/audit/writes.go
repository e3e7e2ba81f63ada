package audit

import (
	"reflect"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
)

// TrackWrite returns the OnRecordCreate, OnRecordUpdate or OnRecordDelete
// handler (action create, update or delete) of an audited collection. It
// writes the row after the change, in the change's transaction, opening one
// when the caller has none: the row exists exactly when the change does.
// Bind it before every other handler of the collection, so a later
// handler's error rolls the row back with the change.
func (l *Log) TrackWrite(action string) func(e *core.RecordEvent) error {
	return func(e *core.RecordEvent) error {
		// On a fresh data dir the migrations run with the hooks bound, and
		// an earlier migration's seed row (consent_texts) is saved before
		// the audit_log migration: there is no chain to append to yet.
		if _, err := e.App.FindCachedCollectionByNameOrId(Collection); err != nil {
			return e.Next()
		}
		if e.App.IsTransactional() {
			return l.writeRow(e, action)
		}
		// e.App goes back to the outer app afterwards, so after-success
		// hooks (run once the transaction is over) never see it.
		outer := e.App
		defer func() { e.App = outer }()
		return outer.RunInTransaction(func(tx core.App) error {
			e.App = tx
			return l.writeRow(e, action)
		})
	}
}

// TrackWriteRequest is the OnRecord{Create,Update,Delete}Request handler of
// an audited collection: it tells [Log.TrackWrite] which superuser or staff
// account asked (REST and the dashboard), since the model event that follows
// carries no request.
func (l *Log) TrackWriteRequest(e *core.RecordRequestEvent) error {
	actor, ok := ActorOf(e.Auth)
	if !ok {
		return e.Next()
	}
	r := e.Record
	l.reads.setWrite(r, pendingWrite{actor: actor, requestID: l.opts.RequestID(e.RequestEvent)})
	defer l.reads.clearWrite(r)
	return e.Next()
}

func (l *Log) writeRow(e *core.RecordEvent, action string) error {
	r := e.Record
	var before *core.Record
	if action == ActionUpdate {
		// Original() is what was loaded; a record created in this process
		// and saved again has none: then the stored row is the before.
		if before = r.Original(); before.Id == "" {
			stored, err := e.App.FindRecordById(r.Collection(), r.Id)
			if err != nil {
				return err
			}
			before = stored
		}
	}
	if err := e.Next(); err != nil {
		return err
	}
	entry := Entry{Action: action, Target: r.Collection().Name, RecordIDs: []string{r.Id}}
	createAs := ActionCreate
	if w, ok := l.reads.write(r); ok && !hasActor(e.Context) {
		entry.Actor, entry.RequestID = w.actor, w.requestID
	} else {
		entry.Actor, createAs = l.actorOf(e.Context)
	}
	switch action {
	case ActionCreate:
		entry.Action = createAs
		entry.Fields = setFields(r)
	case ActionUpdate:
		entry.Fields = changedFields(before, r)
		if r.Collection().Name == "members" && r.GetString(members.FieldStatus) == members.StatusErased &&
			before.GetString(members.FieldStatus) != members.StatusErased {
			entry.Action = ActionErase
		}
	}
	return l.Append(e.App, entry)
}

// setFields names the fields a new record has a value in (never the values).
func setFields(r *core.Record) []string {
	var out []string
	for _, f := range r.Collection().Fields {
		if skipField(f) {
			continue
		}
		v := reflect.ValueOf(r.GetRaw(f.GetName()))
		if !v.IsValid() || v.IsZero() || ((v.Kind() == reflect.Slice || v.Kind() == reflect.Map) && v.Len() == 0) {
			continue
		}
		out = append(out, f.GetName())
	}
	return out
}

// changedFields names the fields an update changed (never the values).
func changedFields(orig, r *core.Record) []string {
	var out []string
	for _, f := range r.Collection().Fields {
		if skipField(f) {
			continue
		}
		if !reflect.DeepEqual(r.GetRaw(f.GetName()), orig.GetRaw(f.GetName())) {
			out = append(out, f.GetName())
		}
	}
	return out
}

// skipField leaves out the id and the timestamps: every row has them.
func skipField(f core.Field) bool {
	return f.GetName() == core.FieldNameId || f.Type() == core.FieldTypeAutodate
}
