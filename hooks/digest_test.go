package hooks_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

// The daily digest job queues the digest for the superusers and logs each
// overdue deletion request as a warning, by request and member ID only.
func TestDigestJobLogsOverdueDeletions(t *testing.T) {
	app, _ := testapp.New(t, nil)
	testapp.Mux(t, app)
	testapp.PauseWorkers(t, app)
	testapp.Superuser(t, app)
	m := testapp.SaveMember(t, app, map[string]any{"email": "grace@example.org", "first_name": "Grace"})
	svc, _ := privacy.FromApp(app)
	now := time.Now().UTC()
	// Confirmed 40 days ago: 10 days past its due date.
	svc.Now = func() time.Time { return now.Add(-40 * 24 * time.Hour) }
	if err := intake.Submit(app, intake.KindDeletion, "grace@example.org", nil); err != nil {
		t.Fatal(err)
	}
	w, _ := intake.FromApp(app)
	if _, err := w.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	var text string
	if err := app.DB().NewQuery("SELECT text_body FROM email_outbox WHERE kind = 'privacy_confirm'").Row(&text); err != nil {
		t.Fatal(err)
	}
	if err := svc.Confirm(app, regexp.MustCompile(`token=([A-Za-z0-9_-]{43})`).FindStringSubmatch(text)[1]); err != nil {
		t.Fatal(err)
	}
	svc.Now = func() time.Time { return now }
	var reqs []*core.Record
	if err := app.RecordQuery(privacy.Collection).All(&reqs); err != nil || len(reqs) != 1 {
		t.Fatalf("requests %d %v", len(reqs), err)
	}
	req := reqs[0]

	runJob(t, app, "memberbase.privacy.digest")
	var n int
	if err := app.DB().NewQuery("SELECT COUNT(*) FROM email_outbox WHERE kind = 'admin_digest' AND recipient = 'root@example.org'").Row(&n); err != nil || n != 1 {
		t.Fatalf("%d digests queued (%v)", n, err)
	}
	var warning string
	for _, line := range strings.Split(testapp.Logs(app), "\n") {
		if strings.Contains(line, "deletion request overdue") {
			warning = line
		}
	}
	if !strings.Contains(warning, "level=WARN") || !strings.Contains(warning, req.Id) ||
		!strings.Contains(warning, m.GetString("member_id")) {
		t.Fatalf("no overdue warning naming the request and member ID:\n%s", testapp.Logs(app))
	}
	if strings.Contains(testapp.Logs(app), "grace@") || strings.Contains(testapp.Logs(app), "Grace") {
		t.Errorf("the log names the member:\n%s", testapp.Logs(app))
	}
}

// runJob runs the cron job id of a served app now.
func runJob(t *testing.T, app core.App, id string) {
	t.Helper()
	for _, j := range app.Cron().Jobs() {
		if j.Id() == id {
			j.Run()
			return
		}
	}
	t.Fatalf("no cron job %s", id)
}
