package web_test

import (
	"context"
	"database/sql"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
	"memberbase/internal/web"
)

// countSQL counts every query and exec on both data pools from now on.
func countSQL(app core.App) *atomic.Int64 {
	var n atomic.Int64
	cdb := app.ConcurrentDB().(*dbx.DB)
	ndb := app.NonconcurrentDB().(*dbx.DB)
	cdb.QueryLogFunc = func(context.Context, time.Duration, string, *sql.Rows, error) { n.Add(1) }
	cdb.ExecLogFunc = func(context.Context, time.Duration, string, sql.Result, error) { n.Add(1) }
	ndb.QueryLogFunc, ndb.ExecLogFunc = cdb.QueryLogFunc, cdb.ExecLogFunc
	return &n
}

func addLink(t *testing.T, app core.App, label string, order int) *core.Record {
	t.Helper()
	col, _ := app.FindCollectionByNameOrId("social_links")
	r := core.NewRecord(col)
	r.Set("label", label)
	r.Set("url", "https://"+strings.ToLower(label)+".example.org/")
	r.Set("sort_order", order)
	r.Set("visible", true)
	if err := app.Save(r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestWarmPagesRunNoSQL(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	addLink(t, app, "Mastodon", 1)

	// Background workers query on their own schedule: pause them so only
	// the page's own SQL is counted.
	ob, err := outbox.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.Worker.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/"} {
		if code, body := get(t, srv.URL+p); code != 200 || !strings.Contains(body, "Mastodon") {
			t.Fatalf("cold %s = %d", p, code)
		}
		n := countSQL(app)
		for i := 0; i < 5; i++ {
			if code, _ := get(t, srv.URL+p); code != 200 {
				t.Fatalf("warm %s = %d", p, code)
			}
		}
		if got := n.Load(); got != 0 {
			t.Errorf("warm GET %s ran %d SQL statements, want 0", p, got)
		}
	}
}

func TestSocialLinkChangesShowOnNextRender(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app)
	a := addLink(t, app, "Alpha", 2)
	addLink(t, app, "Beta", 1)

	_, body := get(t, srv.URL+"/")
	if !strings.Contains(body, "Alpha") || strings.Index(body, "Beta") > strings.Index(body, "Alpha") {
		t.Fatalf("links missing or out of sort_order: %s", body)
	}
	a.Set("label", "Gamma")
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	if _, body = get(t, srv.URL+"/"); !strings.Contains(body, "Gamma") || strings.Contains(body, "Alpha") {
		t.Errorf("edit not visible: %s", body)
	}
	a.Set("visible", false)
	if err := app.Save(a); err != nil {
		t.Fatal(err)
	}
	if _, body = get(t, srv.URL+"/"); strings.Contains(body, "Gamma") {
		t.Errorf("hidden link still shown")
	}
	if err := app.Delete(a); err != nil {
		t.Fatal(err)
	}
	if _, body = get(t, srv.URL+"/"); !strings.Contains(body, "Beta") {
		t.Errorf("remaining link lost after delete")
	}
}

func TestPageHitsStayOutOfPocketBaseLogs(t *testing.T) {
	app, _ := testapp.New(t, nil)
	srv := testapp.Serve(t, app) // serve applies Logs.MaxDays > 0
	if app.Settings().Logs.MaxDays == 0 {
		t.Fatal("log retention not applied by serve")
	}
	get(t, srv.URL+"/")
	get(t, srv.URL+"/no-such-page")
	time.Sleep(3500 * time.Millisecond) // PocketBase writes logs in 3 s batches
	var home, missing int
	_ = app.AuxDB().NewQuery("SELECT COUNT(*) FROM _logs WHERE json_extract(data, '$.url') = '/'").Row(&home)
	_ = app.AuxDB().NewQuery("SELECT COUNT(*) FROM _logs WHERE json_extract(data, '$.url') = '/no-such-page'").Row(&missing)
	if home != 0 || missing != 1 {
		t.Errorf("_logs rows: home=%d (want 0), 404=%d (want 1)", home, missing)
	}
}

func TestSocialLinksTTLCatchesMissedInvalidations(t *testing.T) {
	app, _ := testapp.New(t, nil)
	addLink(t, app, "First", 1)
	now := time.Now()
	cache := web.NewSocialLinks(app)
	cache.SetClock(func() time.Time { return now })
	if got := cache.Get(); len(got) != 1 {
		t.Fatalf("links = %v", got)
	}
	// A write that bypasses the hooks (another process): the cache keeps the
	// old list until the TTL runs out.
	if _, err := app.DB().NewQuery("INSERT INTO social_links (id, label, url, sort_order, visible, created, updated) VALUES ('othr00000000001', 'Second', 'https://second.example.org', 2, 1, '', '')").Execute(); err != nil {
		t.Fatal(err)
	}
	if got := cache.Get(); len(got) != 1 {
		t.Fatalf("cache reloaded before its TTL: %v", got)
	}
	now = now.Add(web.SocialLinksTTL + time.Second)
	if got := cache.Get(); len(got) != 2 || got[1].Label != "Second" {
		t.Errorf("after the TTL links = %v", got)
	}
}
