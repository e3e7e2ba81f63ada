package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Values of the dues collections (SPEC §15).
var (
	PlanKinds      = []string{"rolling", "calendar", "lifetime"}
	PeriodStatuses = []string{"due", "paid", "waived", "void"}
	PaymentMethods = []string{"bank_transfer", "card", "cash", "direct_debit", "payroll", "other"}
	PaymentStates  = []string{"matched", "unmatched", "ignored"}
)

// Staff allow-list rules (SPEC §16b): a role added later gets nothing here
// until it is named.
const (
	ruleStaffReaders = "@request.auth.collectionName = 'staff' && (@request.auth.role = 'viewer' || @request.auth.role = 'editor')"
	// Payments of an erased member kept under FINANCE_RETENTION still carry
	// payer and reference: superusers only.
	rulePaymentReaders = ruleStaffReaders + " && member.status != 'erased'"
)

// Membership plans, periods and payments (SPEC §15), and the members' plan
// and paid_through. Plans are listed publicly only while active and public
// (the join form); every write goes through the dues hooks.
func init() {
	m.Register(func(app core.App) error {
		plans := core.NewBaseCollection("plans")
		plans.Fields.Add(
			&core.TextField{Name: "name", Max: 100, Required: true, Presentable: true},
			&core.TextField{Name: "code", Max: 40, Required: true, Pattern: `^[a-z0-9-]{1,40}$`},
			&core.SelectField{Name: "kind", Values: PlanKinds, MaxSelect: 1, Required: true},
			&core.NumberField{Name: "months", OnlyInt: true, Min: floatp(0), Max: floatp(36)},
			&core.TextField{Name: "renews_on", Max: 5, Pattern: `^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$`},
			&core.NumberField{Name: "fee", OnlyInt: true, Min: floatp(0)},
			&core.TextField{Name: "currency", Max: 3, Pattern: `^[A-Z]{3}$`},
			&core.NumberField{Name: "grace_days", OnlyInt: true, Min: floatp(0), Max: floatp(365)},
			&core.BoolField{Name: "arrears"},
			&core.TextField{Name: "payment_instructions", Max: 2000},
			&core.BoolField{Name: "public"},
			&core.BoolField{Name: "active"},
			&core.NumberField{Name: "sort_order", OnlyInt: true},
		)
		plans.Fields.Add(timestamps()...)
		plans.AddIndex("idx_plans_code", true, "code", "")
		plans.ListRule = rule("(active = true && public = true) || (" + ruleStaffReaders + ")")
		plans.ViewRule = plans.ListRule
		if err := app.Save(plans); err != nil {
			return err
		}

		mem, err := app.FindCollectionByNameOrId("members")
		if err != nil {
			return err
		}
		mem.Fields.Add(
			&core.RelationField{Name: "plan", CollectionId: plans.Id, MaxSelect: 1},
			&core.DateField{Name: "paid_through"},
		)
		mem.AddIndex("idx_members_plan", false, "plan", "")
		if err := app.Save(mem); err != nil {
			return err
		}
		// A join waiting for its mailbox proof keeps the plan chosen.
		joins, err := app.FindCollectionByNameOrId("join_requests")
		if err != nil {
			return err
		}
		joins.Fields.Add(&core.RelationField{Name: "plan", CollectionId: plans.Id, MaxSelect: 1})
		if err := app.Save(joins); err != nil {
			return err
		}

		periods := core.NewBaseCollection("periods")
		periods.Fields.Add(
			&core.RelationField{Name: "member", CollectionId: mem.Id, MaxSelect: 1, Required: true, CascadeDelete: true},
			&core.RelationField{Name: "plan", CollectionId: plans.Id, MaxSelect: 1, Required: true},
			&core.DateField{Name: "starts_on", Required: true},
			&core.DateField{Name: "ends_on"},
			&core.NumberField{Name: "amount", OnlyInt: true, Min: floatp(0)},
			&core.TextField{Name: "currency", Max: 3, Pattern: `^[A-Z]{3}$`, Required: true},
			&core.SelectField{Name: "status", Values: PeriodStatuses, MaxSelect: 1, Required: true},
			&core.DateField{Name: "paid_at"},
		)
		periods.Fields.Add(timestamps()...)
		periods.AddIndex("idx_periods_member", false, "member, starts_on", "")
		periods.AddIndex("idx_periods_status", false, "status, ends_on", "")
		periods.ListRule = rule(ruleStaffReaders)
		periods.ViewRule = rule(ruleStaffReaders)
		periods.UpdateRule = rule(ruleStaffEditor)
		if err := app.Save(periods); err != nil {
			return err
		}

		pays := core.NewBaseCollection("payments")
		pays.Fields.Add(
			&core.RelationField{Name: "member", CollectionId: mem.Id, MaxSelect: 1},
			&core.RelationField{Name: "period", CollectionId: periods.Id, MaxSelect: 1},
			&core.NumberField{Name: "amount", OnlyInt: true, Min: floatp(1), Required: true},
			&core.TextField{Name: "currency", Max: 3, Pattern: `^[A-Z]{3}$`},
			&core.DateField{Name: "received_on", Required: true},
			&core.SelectField{Name: "method", Values: PaymentMethods, MaxSelect: 1, Required: true},
			&core.TextField{Name: "reference", Max: 500},
			&core.TextField{Name: "payer", Max: 500},
			&core.TextField{Name: "external_id", Max: 200},
			&core.SelectField{Name: "status", Values: PaymentStates, MaxSelect: 1},
		)
		pays.Fields.Add(timestamps()...)
		pays.AddIndex("idx_payments_external_id", true, "external_id", "external_id != ''")
		pays.AddIndex("idx_payments_member", false, "member, received_on", "")
		pays.AddIndex("idx_payments_period", false, "period", "")
		pays.AddIndex("idx_payments_status", false, "status, received_on", "")
		pays.ListRule = rule(rulePaymentReaders)
		pays.ViewRule = rule(rulePaymentReaders)
		pays.CreateRule = rule(ruleStaffEditor)
		pays.UpdateRule = rule(ruleStaffEditor)
		return app.Save(pays)
	}, func(app core.App) error {
		if err := deleteCollections(app, "payments", "periods"); err != nil {
			return err
		}
		joins, err := app.FindCollectionByNameOrId("join_requests")
		if err != nil {
			return err
		}
		joins.Fields.RemoveByName("plan")
		if err := app.Save(joins); err != nil {
			return err
		}
		mem, err := app.FindCollectionByNameOrId("members")
		if err != nil {
			return err
		}
		mem.RemoveIndex("idx_members_plan")
		mem.Fields.RemoveByName("plan")
		mem.Fields.RemoveByName("paid_through")
		if err := app.Save(mem); err != nil {
			return err
		}
		return deleteCollections(app, "plans")
	}, "1764230460_dues.go")
}

func floatp(f float64) *float64 { return &f }
