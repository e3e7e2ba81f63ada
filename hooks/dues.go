package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
	"memberbase/internal/dues"
	"memberbase/internal/members"
)

// bindDues attaches the dues rules (SPEC §15) and binds them on every
// writer of plans, periods, payments and members: each change and its
// recompute of paid_through and period status commit together.
func bindDues(app core.App, cfg *config.Config) (*dues.Service, error) {
	svc := dues.New(dues.Options{Currency: cfg.Currency, NoticeDays: cfg.RenewalNoticeDays, FinanceRetention: cfg.FinanceRetention})
	dues.Attach(app, svc)
	er, err := members.EraserFrom(app)
	if err != nil {
		return nil, err
	}
	er.OnErase = append(er.OnErase, svc.OnErase)

	// Plans: checked and completed on every save; REST creates that leave
	// grace_days out get the default.
	app.OnRecordCreateRequest(dues.Plans).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "memberbase.dues.planDefaults",
		Func: func(e *core.RecordRequestEvent) error {
			if info, err := e.RequestInfo(); err == nil {
				if _, given := info.Body["grace_days"]; !given {
					e.Record.Set("grace_days", dues.DefaultGraceDays)
				}
			}
			return e.Next()
		},
	})
	for _, h := range []*hook.TaggedHook[*core.RecordEvent]{app.OnRecordCreate(dues.Plans), app.OnRecordUpdate(dues.Plans)} {
		h.Bind(&hook.Handler[*core.RecordEvent]{
			Id: "memberbase.dues.plan",
			Func: func(e *core.RecordEvent) error {
				if err := svc.PreparePlan(e.Record); err != nil {
					return err
				}
				return e.Next()
			},
		})
	}

	// Members: the first period in the insert's transaction (the members
	// hooks opened it at a lower priority); a plan given later, or a
	// member coming back, see [dues.Service.MemberChanged].
	app.OnRecordCreate(dues.Members).Bind(&hook.Handler[*core.RecordEvent]{
		Id: "memberbase.dues.firstPeriod",
		Func: func(e *core.RecordEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			return svc.StartMembership(e.Context, e.App, e.Record)
		},
	})
	app.OnRecordUpdate(dues.Members).Bind(&hook.Handler[*core.RecordEvent]{
		Id: "memberbase.dues.planGiven",
		Func: func(e *core.RecordEvent) error {
			old := e.Record.Original()
			if dues.IsInner(e.Context) || (e.Record.GetString(dues.FieldPlan) == old.GetString(dues.FieldPlan) &&
				e.Record.GetString("status") == old.GetString("status")) {
				return e.Next()
			}
			return inTx(e, func(tx core.App) error {
				if err := e.Next(); err != nil {
					return err
				}
				return svc.MemberChanged(e.Context, tx, e.Record)
			})
		},
	})

	// Periods: REST writers change status only, along the table; every
	// change recomputes the member.
	app.OnRecordUpdateRequest(dues.Periods).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "memberbase.dues.periodRequest",
		Func: func(e *core.RecordRequestEvent) error {
			if err := svc.CheckClientPeriodUpdate(e.Record); err != nil {
				return e.BadRequestError(err.Error(), nil)
			}
			return e.Next()
		},
	})
	for _, h := range []*hook.TaggedHook[*core.RecordEvent]{app.OnRecordCreate(dues.Periods), app.OnRecordUpdate(dues.Periods)} {
		h.Bind(&hook.Handler[*core.RecordEvent]{
			Id: "memberbase.dues.period",
			Func: func(e *core.RecordEvent) error {
				if dues.IsInner(e.Context) {
					return e.Next()
				}
				return inTx(e, func(tx core.App) error {
					if err := e.Next(); err != nil {
						return err
					}
					m, err := tx.FindRecordById(dues.Members, e.Record.GetString("member"))
					if err != nil {
						return err
					}
					return svc.Recompute(e.Context, tx, m)
				})
			},
		})
	}

	// Payments: what a payment pays is decided before it is stored, the
	// member recomputed after, in one transaction.
	app.OnRecordUpdateRequest(dues.Payments).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "memberbase.dues.paymentUpdateRequest",
		Func: func(e *core.RecordRequestEvent) error {
			if err := dues.CheckClientPaymentUpdate(e.Record); err != nil {
				return e.BadRequestError(err.Error(), nil)
			}
			return e.Next()
		},
	})
	app.OnRecordCreateRequest(dues.Payments).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "memberbase.dues.paymentRequest",
		Func: func(e *core.RecordRequestEvent) error {
			if e.Record.GetString("status") != dues.PaymentIgnored {
				e.Record.Set("status", "") // decided by the server
			}
			return e.Next()
		},
	})
	payment := func(e *core.RecordEvent) error {
		if dues.IsInner(e.Context) {
			return e.Next()
		}
		return inTx(e, func(tx core.App) error {
			var prep dues.Prepared
			if e.Record.IsNew() || dues.NeedsMatching(e.Record) {
				var err error
				if prep, err = svc.PreparePayment(e.Context, tx, e.Record); err != nil {
					return err
				}
			}
			if err := e.Next(); err != nil {
				return err
			}
			if err := svc.AfterPayment(e.Context, tx, e.Record, prep); err != nil {
				return err
			}
			if prep.Rest == nil {
				return nil
			}
			// The surplus goes through these hooks in turn: it pays the
			// next due period, and what is left of it stays as credit.
			return tx.SaveWithContext(e.Context, prep.Rest)
		})
	}
	app.OnRecordCreate(dues.Payments).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.dues.paymentCreate", Func: payment})
	app.OnRecordUpdate(dues.Payments).Bind(&hook.Handler[*core.RecordEvent]{Id: "memberbase.dues.paymentUpdate", Func: payment})

	bindDuesJobs(app, cfg, svc)
	return svc, nil
}

// financeRetentionCron clears expired payer and reference texts daily (UTC).
const financeRetentionCron = "35 4 * * *"
