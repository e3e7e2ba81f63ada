package privacy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/audit"
)

// SchemaVersion is the version of the export document (docs/privacy-export.md).
// Adding a field keeps it; renaming, removing or retyping one bumps it.
const SchemaVersion = 1

// consentTexts is the collection of acknowledged statements (SPEC §13). The
// export reads it only when it exists.
const consentTexts = "consent_texts"

// Export is the export document: everything we hold about one member.
type Export struct {
	SchemaVersion   int                `json:"schema_version"`
	GeneratedAt     string             `json:"generated_at"`
	Organisation    string             `json:"organisation"`
	RequestID       string             `json:"request_id"`
	Member          Fields             `json:"member"`
	Consent         Consent            `json:"consent"`
	Marketing       Marketing          `json:"marketing"`
	EmailChanges    []EmailChangeEntry `json:"email_changes"`
	PrivacyRequests []RequestEntry     `json:"privacy_requests"`
	PrivacyEvents   []EventEntry       `json:"privacy_events"`
	// Periods and Payments are the member's dues history (SPEC §15).
	Periods  []PeriodEntry  `json:"periods"`
	Payments []PaymentEntry `json:"payments"`
	// AccessHistory is every recorded read and change of the member's
	// record: when, by which kind of actor (staff, admin, system, you), and
	// what; never who by name.
	AccessHistory []audit.HistoryEntry `json:"access_history"`
}

// Field is one member field: its name and value (string, bool, number,
// list, or null for an unset date).
type Field struct {
	Name  string
	Value any
}

// Fields keeps the members collection's field order in the JSON object.
type Fields []Field

// MarshalJSON writes the fields as one object, in order.
func (fs Fields) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range fs {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(f.Name)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(f.Value)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", f.Name, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// Consent is the acknowledgement the member gave when joining, with the
// statement text of its version (null when that version is not on record).
type Consent struct {
	Version            string  `json:"version"`
	AcknowledgedAt     *string `json:"acknowledged_at"`
	Statement          *string `json:"statement"`
	MarketingStatement *string `json:"marketing_statement"`
	PublishedAt        *string `json:"published_at"`
}

// RequestEntry is one of the member's privacy requests.
type RequestEntry struct {
	ID                string  `json:"id"`
	Kind              string  `json:"kind"`
	Status            string  `json:"status"`
	Created           *string `json:"created"`
	ExpiresAt         *string `json:"expires_at"`
	ConfirmedAt       *string `json:"confirmed_at"`
	DueAt             *string `json:"due_at"`
	CompletedAt       *string `json:"completed_at"`
	DownloadExpiresAt *string `json:"download_expires_at"`
	Reason            string  `json:"reason"`
}

// EventEntry is one status change of one of those requests.
type EventEntry struct {
	Request string  `json:"request"`
	From    string  `json:"from_status"`
	To      string  `json:"to_status"`
	Actor   string  `json:"actor"`
	At      *string `json:"at"`
}

// buildExport collects the document for member m, as part of request req,
// through app (the confirming transaction).
func buildExport(app core.App, org string, req, m *core.Record, now time.Time) (*Export, error) {
	doc := &Export{
		SchemaVersion: SchemaVersion,
		GeneratedAt:   *timeString(now),
		Organisation:  org,
		RequestID:     req.Id,
		Member:        memberFields(m),
	}
	var err error
	if doc.Consent, err = consentOf(app, m); err != nil {
		return nil, err
	}
	if doc.Marketing, err = marketingOf(app, m); err != nil {
		return nil, err
	}
	if doc.EmailChanges, err = emailChangesOf(app, m.Id); err != nil {
		return nil, err
	}
	var reqs []*core.Record
	err = app.RecordQuery(Collection).AndWhere(dbx.HashExp{"member": m.Id}).
		OrderBy("created", "rowid").All(&reqs)
	if err != nil {
		return nil, fmt.Errorf("privacy: requests of member: %w", err)
	}
	doc.PrivacyRequests = make([]RequestEntry, 0, len(reqs))
	for _, r := range reqs {
		doc.PrivacyRequests = append(doc.PrivacyRequests, RequestEntry{
			ID: r.Id, Kind: r.GetString("kind"), Status: r.GetString("status"),
			Created: dateString(r.GetDateTime("created")), ExpiresAt: dateString(r.GetDateTime("expires_at")),
			ConfirmedAt: dateString(r.GetDateTime("confirmed_at")), DueAt: dateString(r.GetDateTime("due_at")),
			CompletedAt:       dateString(r.GetDateTime("completed_at")),
			DownloadExpiresAt: dateString(r.GetDateTime("download_expires_at")), Reason: r.GetString("reason"),
		})
	}
	events, err := memberEvents(app, m.Id)
	if err != nil {
		return nil, err
	}
	doc.PrivacyEvents = make([]EventEntry, 0, len(events))
	for _, ev := range events {
		created, _ := types.ParseDateTime(ev.Created)
		doc.PrivacyEvents = append(doc.PrivacyEvents, EventEntry{Request: ev.Request, From: ev.From, To: ev.To,
			Actor: publicActor(ev.Actor), At: dateString(created)})
	}
	if doc.Periods, doc.Payments, err = duesOf(app, m.Id); err != nil {
		return nil, err
	}
	if doc.AccessHistory, err = audit.AccessHistory(app, m.Id); err != nil {
		return nil, err
	}
	return doc, nil
}

// JSON encodes the document, indented for people who open the file.
func (doc *Export) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("privacy: encode export: %w", err)
	}
	return append(b, '\n'), nil
}
