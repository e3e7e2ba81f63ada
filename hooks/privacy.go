package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
	"memberbase/internal/intake"
	"memberbase/internal/observe"
	"memberbase/internal/privacy"
)

// privacyExpiryCron runs the privacy expiry job hourly (UTC): unconfirmed
// requests expire and export files are deleted within an hour of their
// link's end (the download route checks the time itself).
const privacyExpiryCron = "41 * * * *"

// digestCron sends the admins' daily digest at 06:07 UTC.
const digestCron = "7 6 * * *"

// bindPrivacy attaches the privacy service, registers its intake
// processors, guards every write of privacy_requests (transitions and their
// events, for our code, REST and the dashboard alike), keeps export files
// off PocketBase's file route and schedules the expiry job.
func bindPrivacy(app core.App, cfg *config.Config, w *intake.Worker) error {
	svc, err := privacy.New(templateFS(cfg), cfg.OrgName)
	if err != nil {
		return err
	}
	privacy.Attach(app, svc)
	w.Handle(intake.KindMemberID, svc.MemberID)
	w.Handle(intake.KindDetails, svc.Details)
	w.Handle(intake.KindDeletion, svc.Deletion)
	bindErasure(app, cfg, svc)

	app.OnRecordCreate(privacy.Collection).Bind(&hook.Handler[*core.RecordEvent]{
		Id: "memberbase.privacy.guardCreate", Func: privacy.GuardCreate,
	})
	app.OnRecordUpdate(privacy.Collection).Bind(&hook.Handler[*core.RecordEvent]{
		Id: "memberbase.privacy.guardUpdate", Func: privacy.GuardUpdate,
	})
	// REST and dashboard writes are a superuser's (the collection has no
	// create or update rule): the events name them.
	app.OnRecordCreateRequest(privacy.Collection).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "memberbase.privacy.actorCreate", Func: restActor,
	})
	app.OnRecordUpdateRequest(privacy.Collection).Bind(&hook.Handler[*core.RecordRequestEvent]{
		Id: "memberbase.privacy.actorUpdate", Func: restActor,
	})
	app.OnFileDownloadRequest(privacy.Collection).Bind(&hook.Handler[*core.FileDownloadRequestEvent]{
		Id: "memberbase.privacy.exportFiles", Func: refuseExportFiles,
	})

	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "memberbase.privacy.serve",
		Func: func(se *core.ServeEvent) error {
			if err := se.Next(); err != nil {
				return err
			}
			if err := se.App.Cron().Add("memberbase.privacy.digest", digestCron, func() { runDigest(se.App, svc) }); err != nil {
				return err
			}
			return se.App.Cron().Add("memberbase.privacy.expire", privacyExpiryCron, func() {
				res, err := svc.Expire(se.App)
				if err != nil {
					observe.From(se.App).Error("privacy expiry failed", "error", err)
				}
				if res.Expired > 0 || res.FilesRemoved > 0 {
					observe.From(se.App).Info("privacy expiry", "expired", res.Expired, "files_removed", res.FilesRemoved)
				}
				n, err := svc.AutoApprove(se.App, cfg.DeletionAutoApproveAfter)
				if err != nil {
					observe.From(se.App).Error("deletion auto-approval failed", "error", err)
				}
				if n > 0 {
					observe.From(se.App).Info("deletion requests auto-approved", "approved", n)
				}
			})
		},
	})
	return nil
}

// runDigest queues the admins' digest and logs each overdue deletion
// request as a warning: its request id and member ID, nothing personal.
func runDigest(app core.App, svc *privacy.Service) {
	res, err := svc.Digest(app)
	if err != nil {
		observe.From(app).Error("admin digest failed", "error", err)
	}
	for _, d := range res.Overdue {
		observe.From(app).Warn("deletion request overdue", "request", d.ID, "member_id", d.Ref, "due", d.Date)
	}
	if res.Queued > 0 {
		observe.From(app).Info("admin digest queued", "mails", res.Queued)
	}
}

func restActor(e *core.RecordRequestEvent) error {
	if e.Auth != nil {
		privacy.SetActor(e.Record, e.Auth.Id)
	}
	return e.Next()
}

// refuseExportFiles keeps the export files off /api/files/ for everyone but
// superusers: staff may view requests, and a hidden field does not stop
// PocketBase from serving a protected file to anyone who may view the
// record. Members get their files through /privacy/download only.
func refuseExportFiles(e *core.FileDownloadRequestEvent) error {
	if e.FileField == nil || e.FileField.Name != "export" {
		return e.Next()
	}
	// The protected-file check authenticates the ?token= file token, not
	// the Authorization header: judge by the same record.
	auth, err := e.App.FindAuthRecordByToken(e.Request.URL.Query().Get("token"), core.TokenTypeFile)
	if err != nil || auth == nil || !auth.IsSuperuser() {
		return e.NotFoundError("", nil)
	}
	return e.Next()
}
