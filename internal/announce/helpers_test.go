package announce_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/announce"
	"memberbase/internal/outbox"
	"memberbase/internal/smtptest"
	"memberbase/internal/testapp"
)

const baseURL = "https://members.example.org"

// env is the test configuration: mail to a real SMTP server.
func env(srv *smtptest.Server) map[string]string {
	return map[string]string{
		"SMTP_HOST": srv.Host, "SMTP_PORT": strconv.Itoa(srv.Port),
		"MAIL_FROM": "noreply@example.org", "ORG_NAME": "Example Union",
		"BASE_URL": baseURL, "ALLOWED_HOSTS": "members.example.org,127.0.0.1",
	}
}

// newApp returns a test app whose mail really leaves through SMTP. Nothing
// runs in the background until a test starts the outbox worker.
func newApp(t testing.TB) (*tests.TestApp, *smtptest.Server) {
	t.Helper()
	srv := smtptest.Start(t)
	app, _ := testapp.New(t, env(srv))
	testapp.DeliverSMTP(app)
	return app, srv
}

// startOutbox runs the app's outbox worker until the test ends.
func startOutbox(t testing.TB, app core.App) {
	t.Helper()
	ob, err := outbox.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	ob.Worker.Start()
	t.Cleanup(func() { _ = ob.Worker.Stop(context.Background()) })
}

func service(batch int) *announce.Service {
	return announce.New(announce.Options{BaseURL: baseURL, ListID: "announcements.members.example.org", Batch: batch})
}

// member saves a member with status and marketing choice.
func member(t testing.TB, app core.App, name, status string, marketing bool) *core.Record {
	t.Helper()
	return testapp.SaveMember(t, app, map[string]any{"first_name": name, "email": name + "@example.org",
		"status": status, "marketing_opt_in": marketing})
}

// announcement saves an announcement.
func announcement(t testing.TB, app core.App, audience, status string) *core.Record {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(announce.Collection)
	if err != nil {
		t.Fatal(err)
	}
	a := core.NewRecord(col)
	a.Set("subject", "General meeting on 12 March")
	a.Set("body", "Dear members,\n\nthe **general meeting** is on 12 March at [the hall](https://example.org/hall).")
	a.Set("audience", audience)
	a.Set("status", status)
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	return a
}

// recipients lists the addresses of the outbox rows of announcement id.
func recipients(t testing.TB, app core.App, id string) map[string]int {
	t.Helper()
	var rows []struct {
		R string `db:"recipient"`
	}
	if err := app.DB().NewQuery("SELECT recipient FROM email_outbox WHERE [[group]] = {:id}").
		Bind(dbx.Params{"id": id}).All(&rows); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range rows {
		out[r.R]++
	}
	return out
}

func step(t testing.TB, app core.App, s *announce.Service) {
	t.Helper()
	if err := s.Step(context.Background(), app); err != nil {
		t.Fatal(err)
	}
}

func reload(t testing.TB, app core.App, r *core.Record) *core.Record {
	t.Helper()
	fresh, err := app.FindRecordById(r.Collection().Name, r.Id)
	if err != nil {
		t.Fatal(err)
	}
	return fresh
}

func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func addrs(names ...string) map[string]int {
	out := map[string]int{}
	for _, n := range names {
		out[fmt.Sprintf("%s@example.org", n)] = 1
	}
	return out
}
