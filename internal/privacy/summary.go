package privacy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// summaryView is what exports/summary.html receives: the document with
// every value already written out for people.
type summaryView struct {
	Org         string
	GeneratedAt string
	Member      []summaryRow
	Consent     Consent
	Marketing   Marketing
	Changes     []EmailChangeEntry
	Requests    []RequestEntry
	Events      []EventEntry
	Periods     []PeriodEntry
	Payments    []PaymentEntry
}

type summaryRow struct{ Label, Value string }

// renderSummary writes the readable HTML twin of doc.
func (s *Service) renderSummary(doc *Export) ([]byte, error) {
	v := summaryView{Org: doc.Organisation, GeneratedAt: doc.GeneratedAt, Consent: doc.Consent,
		Marketing: doc.Marketing, Changes: doc.EmailChanges,
		Requests: doc.PrivacyRequests, Events: doc.PrivacyEvents, Periods: doc.Periods, Payments: doc.Payments}
	for _, f := range doc.Member {
		v.Member = append(v.Member, summaryRow{Label: label(f.Name), Value: display(f.Value)})
	}
	var b bytes.Buffer
	if err := s.summary.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("privacy: render summary: %w", err)
	}
	return b.Bytes(), nil
}

// label turns a field name into a heading: "first_name" → "First name".
func label(name string) string {
	switch name {
	case "id":
		return "Record id"
	case "member_id":
		return "Member ID"
	}
	s := strings.ReplaceAll(name, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// display writes one field value as the summary shows it.
func display(v any) string {
	switch v := v.(type) {
	case nil:
		return "—"
	case *string:
		if v == nil {
			return "—"
		}
		return *v
	case string:
		if v == "" {
			return "—"
		}
		return v
	case bool:
		if v {
			return "yes"
		}
		return "no"
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []string:
		if len(v) == 0 {
			return "—"
		}
		return strings.Join(v, ", ")
	case json.RawMessage:
		return string(v)
	}
	return fmt.Sprint(v)
}
