package privacy

import (
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// The dues collections (SPEC §15). The export reads them only when they
// exist; it reads them by name so that privacy does not depend on the
// dues rules.
const (
	periodsColl  = "periods"
	paymentsColl = "payments"
	plansColl    = "plans"
)

// PeriodEntry is one period of the member's membership.
type PeriodEntry struct {
	ID       string  `json:"id"`
	Plan     string  `json:"plan"`
	StartsOn *string `json:"starts_on"`
	EndsOn   *string `json:"ends_on"`
	Amount   int     `json:"amount"`
	Currency string  `json:"currency"`
	Status   string  `json:"status"`
	PaidAt   *string `json:"paid_at"`
}

// PaymentEntry is one payment recorded against the member.
type PaymentEntry struct {
	ID         string  `json:"id"`
	Period     string  `json:"period"`
	Amount     int     `json:"amount"`
	Currency   string  `json:"currency"`
	ReceivedOn *string `json:"received_on"`
	Method     string  `json:"method"`
	Reference  string  `json:"reference"`
	Payer      string  `json:"payer"`
	Status     string  `json:"status"`
}

// duesOf returns the member's periods (oldest first, with the plan's
// name) and payments (by date received); empty lists without dues.
func duesOf(app core.App, memberID string) ([]PeriodEntry, []PaymentEntry, error) {
	periods, payments := []PeriodEntry{}, []PaymentEntry{}
	if _, err := app.FindCachedCollectionByNameOrId(periodsColl); err != nil {
		return periods, payments, nil // no dues in this installation
	}
	ps, err := app.FindRecordsByFilter(periodsColl, "member = {:m}", "starts_on,created", 0, 0, dbx.Params{"m": memberID})
	if err != nil {
		return nil, nil, fmt.Errorf("privacy: periods of member: %w", err)
	}
	names := map[string]string{}
	for _, p := range ps {
		id := p.GetString("plan")
		if _, ok := names[id]; !ok {
			if plan, err := app.FindRecordById(plansColl, id); err == nil {
				names[id] = plan.GetString("name")
			}
		}
		periods = append(periods, PeriodEntry{ID: p.Id, Plan: names[id], StartsOn: dateString(p.GetDateTime("starts_on")),
			EndsOn: dateString(p.GetDateTime("ends_on")), Amount: p.GetInt("amount"), Currency: p.GetString("currency"),
			Status: p.GetString("status"), PaidAt: dateString(p.GetDateTime("paid_at"))})
	}
	pays, err := app.FindRecordsByFilter(paymentsColl, "member = {:m}", "received_on,created", 0, 0, dbx.Params{"m": memberID})
	if err != nil {
		return nil, nil, fmt.Errorf("privacy: payments of member: %w", err)
	}
	for _, p := range pays {
		payments = append(payments, PaymentEntry{ID: p.Id, Period: p.GetString("period"), Amount: p.GetInt("amount"),
			Currency: p.GetString("currency"), ReceivedOn: dateString(p.GetDateTime("received_on")), Method: p.GetString("method"),
			Reference: p.GetString("reference"), Payer: p.GetString("payer"), Status: p.GetString("status")})
	}
	return periods, payments, nil
}
