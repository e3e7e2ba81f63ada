package testapp

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// Mux builds the app's router and triggers OnServe (our routes, middlewares
// and background workers) as `serve` does, and returns the handler. Unlike
// apis.Serve it adds no CORS middleware.
func Mux(t testing.TB, app core.App) http.Handler {
	t.Helper()
	r, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: r}, func(e *core.ServeEvent) error {
		var err error
		mux, err = e.Router.BuildMux()
		return err
	})
	if err != nil {
		t.Fatalf("serve: %v", err)
	}
	return mux
}

// Serve is [Mux] on a loopback httptest server closed at the end of the test.
func Serve(t testing.TB, app core.App) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(Mux(t, app))
	t.Cleanup(srv.Close)
	return srv
}

// Superuser creates a superuser and returns its auth token.
func Superuser(t testing.TB, app core.App) string {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	su := core.NewRecord(col)
	su.SetEmail("root@example.org")
	su.SetPassword("root-password-123")
	if err := app.Save(su); err != nil {
		t.Fatal(err)
	}
	return token(t, su)
}

// Staff creates a staff record with role (viewer or editor) and returns its
// auth token.
func Staff(t testing.TB, app core.App, role string) string {
	t.Helper()
	col, err := app.FindCollectionByNameOrId("staff")
	if err != nil {
		t.Fatal(err)
	}
	r := core.NewRecord(col)
	r.SetEmail(role + "@staff.example.org")
	r.SetPassword("staff-password-123")
	r.Set("role", role)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return token(t, r)
}

func token(t testing.TB, r *core.Record) string {
	t.Helper()
	tok, err := r.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
