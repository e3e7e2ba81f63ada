package privacy_test

import (
	"slices"
	"testing"
	"time"

	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

func TestExpiryJob(t *testing.T) {
	e := newEnv(t)
	testapp.SaveMember(t, e.app, nil)
	e.confirmLink()          // unconfirmed
	e.downloadLink()         // confirmed, never downloaded
	done := e.downloadLink() // downloaded
	if _, err := e.svc.Download(e.app, done, privacy.FormatJSON); err != nil {
		t.Fatal(err)
	}
	reqs := e.requests()
	files := map[string][]string{}
	for _, r := range reqs[1:] {
		files[r.Id] = r.GetStringSlice("export")
		if len(files[r.Id]) != 2 || !e.stored(r.BaseFilesPath(), files[r.Id]...) {
			t.Fatalf("export files of %s: %v", r.Id, files[r.Id])
		}
	}

	// Nothing is due yet.
	if res, err := e.svc.Expire(e.app); err != nil || res != (privacy.ExpiryResult{}) {
		t.Fatalf("early run: %+v, %v", res, err)
	}
	e.clock.Advance(privacy.ConfirmTTL + time.Second)
	res, err := e.svc.Expire(e.app)
	if err != nil || res != (privacy.ExpiryResult{Expired: 1}) {
		t.Fatalf("after 24 h: %+v, %v", res, err)
	}
	e.clock.Advance(privacy.DownloadTTL)
	res, err = e.svc.Expire(e.app)
	if err != nil || res != (privacy.ExpiryResult{Expired: 1, FilesRemoved: 2}) {
		t.Fatalf("after 72 h: %+v, %v", res, err)
	}
	want := map[string]string{reqs[0].Id: privacy.StatusExpired, reqs[1].Id: privacy.StatusExpired, reqs[2].Id: privacy.StatusCompleted}
	for _, r := range reqs {
		r = e.reload(r)
		if r.GetString("status") != want[r.Id] || len(r.GetStringSlice("export")) != 0 {
			t.Errorf("%s: status %s, files %v", r.Id, r.GetString("status"), r.GetStringSlice("export"))
		}
		if e.stored(r.BaseFilesPath(), files[r.Id]...) {
			t.Errorf("%s: export files still in storage", r.Id)
		}
	}
	if got := e.events(reqs[1].Id); !slices.Equal(got[len(got)-1:], []string{"confirmed>expired:system"}) {
		t.Errorf("never downloaded: events %q", got)
	}
	if res, err := e.svc.Expire(e.app); err != nil || res != (privacy.ExpiryResult{}) {
		t.Errorf("second run: %+v, %v", res, err)
	}
}

// stored reports whether any of names exists under dir in file storage.
func (e *env) stored(dir string, names ...string) bool {
	e.t.Helper()
	fsys, err := e.app.NewFilesystem()
	if err != nil {
		e.t.Fatal(err)
	}
	defer fsys.Close()
	for _, n := range names {
		if ok, _ := fsys.Exists(dir + "/" + n); ok {
			return true
		}
	}
	return false
}
