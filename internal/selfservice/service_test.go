package selfservice_test

import (
	"testing"
	"time"

	"memberbase/internal/selfservice"
	"memberbase/internal/testapp"
)

// A service built without a clock runs on the wall clock: a link it mails
// expires a day from now, not at some other time.
func TestNewServiceRunsOnTheWallClock(t *testing.T) {
	app, _ := testapp.New(t, nil)
	svc := selfservice.New(selfservice.Options{})
	if svc.Now == nil {
		t.Fatal("no clock")
	}
	before := time.Now().Truncate(time.Second) // links are stored to the millisecond
	if got := svc.Now(); got.Before(before.Add(-time.Second)) || got.After(before.Add(time.Minute)) {
		t.Fatalf("Now() = %v, wall clock %v", got, before)
	}
	selfservice.Attach(app, svc)
	l := &links{t: t, app: app, svc: svc}
	testapp.SaveMember(t, app, nil)
	l.askManage("ada@example.org")
	rows, err := app.FindAllRecords(selfservice.LinksCollection)
	if err != nil || len(rows) != 1 {
		t.Fatalf("links: %d, %v", len(rows), err)
	}
	if exp := rows[0].GetDateTime("expires_at").Time(); exp.Before(before.Add(24*time.Hour)) || exp.After(time.Now().Add(24*time.Hour)) {
		t.Errorf("link expires %v, want a day after %v", exp, before)
	}
}

// FromApp finds the service attached to the app, and refuses an app
// without one rather than handing back nil.
func TestFromAppReturnsTheAttachedService(t *testing.T) {
	app, _ := testapp.New(t, nil)
	if svc, err := selfservice.FromApp(app); err != nil || svc == nil {
		t.Fatalf("the app's own service: %v, %v", svc, err)
	}
	mine := selfservice.New(selfservice.Options{})
	selfservice.Attach(app, mine)
	if svc, err := selfservice.FromApp(app); err != nil || svc != mine {
		t.Fatalf("after Attach: %p, %v (want %p)", svc, err, mine)
	}
	selfservice.Attach(app, nil)
	if svc, err := selfservice.FromApp(app); err == nil {
		t.Fatalf("with nothing attached: %v, want an error", svc)
	}
}
