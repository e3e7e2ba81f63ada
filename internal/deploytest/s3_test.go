package deploytest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/cron"

	"memberbase/internal/testapp"
)

// s3Env is a development environment with media and backups on the fake S3
// server at endpoint, in two buckets, as an operator would set it.
func s3Env(endpoint string) map[string]string {
	return map[string]string{
		"S3_ENDPOINT":                endpoint,
		"S3_BUCKET":                  "media",
		"S3_REGION":                  "us-east-1",
		"S3_ACCESS_KEY":              "test-access",
		"S3_SECRET":                  "test-secret",
		"S3_FORCE_PATH_STYLE":        "true",
		"BACKUP_S3_ENDPOINT":         endpoint,
		"BACKUP_S3_BUCKET":           "backups",
		"BACKUP_S3_REGION":           "us-east-1",
		"BACKUP_S3_ACCESS_KEY":       "test-access",
		"BACKUP_S3_SECRET":           "test-secret",
		"BACKUP_S3_FORCE_PATH_STYLE": "true",
		"BACKUP_CRON":                "30 2 * * *",
		"BACKUP_MAX_KEEP":            "5",
	}
}

func superuserToken(t *testing.T, app *tests.TestApp) string {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	su := core.NewRecord(col)
	su.SetEmail("root@example.com")
	su.SetPassword("a-long-test-password")
	if err := app.Save(su); err != nil {
		t.Fatal(err)
	}
	tok, err := su.NewAuthToken()
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestMediaOnS3 uploads a public social-link icon and a protected member
// photo through PocketBase's REST API with S3 storage configured from the
// environment, and reads them back through /api/files.
func TestMediaOnS3(t *testing.T) {
	endpoint, backend := startS3(t, "media", "backups")
	app, _ := testapp.New(t, s3Env(endpoint))
	s := app.Settings()
	if !s.S3.Enabled || s.S3.Bucket != "media" || !s.Backups.S3.Enabled || s.Backups.S3.Bucket != "backups" ||
		s.Backups.Cron != "30 2 * * *" || s.Backups.CronMaxKeep != 5 {
		t.Fatalf("S3 and backup settings not applied from the environment: %+v %+v", s.S3, s.Backups)
	}
	base := testapp.Serve(t, app).URL // runs the serve hook, which saves (and so validates) the settings
	admin := superuserToken(t, app)
	if !slices.ContainsFunc(app.Cron().Jobs(), func(j *cron.Job) bool {
		return j.Id() == "__pbAutoBackup__" && j.Expression() == "30 2 * * *"
	}) {
		t.Error("PocketBase's backup job is not scheduled with MEMBERBASE_BACKUP_CRON")
	}

	icon := pngImage(t, 1)
	body, ct := multipartBody(t, map[string]string{"label": "Mastodon", "url": "https://mastodon.example.org/@a", "visible": "true"}, "icon", "icon.png", icon)
	status, res := call(t, "POST", base+"/api/collections/social_links/records", admin, ct, body)
	if status != 200 {
		t.Fatalf("create social link: %d %s", status, res)
	}
	var link struct{ ID, CollectionID, Icon string }
	decode(t, res, &link)

	photo := pngImage(t, 2)
	body, ct = multipartBody(t, map[string]string{"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "status": "active"}, "photo", "photo.png", photo)
	status, res = call(t, "POST", base+"/api/collections/members/records", admin, ct, body)
	if status != 200 {
		t.Fatalf("create member: %d %s", status, res)
	}
	var member struct{ ID, CollectionID, Photo string }
	decode(t, res, &member)

	keys := objectKeys(t, backend, "media")
	for _, want := range []string{link.CollectionID + "/" + link.ID + "/" + link.Icon, member.CollectionID + "/" + member.ID + "/" + member.Photo} {
		if !slices.Contains(keys, want) {
			t.Errorf("object %s not in the media bucket: %v", want, keys)
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(app.DataDir(), core.LocalStorageDirName)); len(entries) > 0 {
		t.Errorf("files were written to local storage too: %v", entries)
	}

	// Public icon: anyone can fetch it.
	status, res = call(t, "GET", base+"/api/files/social_links/"+link.ID+"/"+link.Icon, "", "", nil)
	if status != 200 || !bytes.Equal(res, icon) {
		t.Errorf("icon: status %d, %d bytes (want 200, the uploaded %d bytes)", status, len(res), len(icon))
	}

	// Protected photo: refused without a file token, or with a bad one.
	photoURL := base + "/api/files/members/" + member.ID + "/" + member.Photo
	for _, q := range []string{"", "?token=not-a-token", "?thumb=100x100"} {
		if status, res = call(t, "GET", photoURL+q, "", "", nil); status != 404 || bytes.Contains(res, photo[:32]) {
			t.Errorf("photo%s without a valid file token: status %d (want 404)", q, status)
		}
	}
	status, res = call(t, "POST", base+"/api/files/token", admin, "", nil)
	if status != 200 {
		t.Fatalf("file token: %d %s", status, res)
	}
	var ft struct{ Token string }
	decode(t, res, &ft)
	status, res = call(t, "GET", photoURL+"?token="+ft.Token, "", "", nil)
	if status != 200 || !bytes.Equal(res, photo) {
		t.Errorf("photo with a file token: status %d, %d bytes (want 200, the uploaded %d bytes)", status, len(res), len(photo))
	}
	status, res = call(t, "GET", photoURL+"?thumb=100x100&token="+ft.Token, "", "", nil)
	if status != 200 || len(res) == 0 {
		t.Errorf("photo thumbnail with a file token: status %d", status)
	}

	// Deleting the record removes its files from the bucket.
	if status, res = call(t, "DELETE", base+"/api/collections/social_links/records/"+link.ID, admin, "", nil); status != 204 {
		t.Fatalf("delete social link: %d %s", status, res)
	}
	// PocketBase deletes the files in the background: poll, bounded.
	linkFiles := func(k string) bool { return strings.HasPrefix(k, link.CollectionID+"/"+link.ID+"/") }
	for i := 0; slices.ContainsFunc(objectKeys(t, backend, "media"), linkFiles); i++ {
		if i == 50 {
			t.Fatal("the deleted link's icon is still in the bucket after 5 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestBackupsOnS3 creates a backup with BACKUP_S3_* set: it must land in the
// backups bucket, not in pb_data/backups.
func TestBackupsOnS3(t *testing.T) {
	endpoint, backend := startS3(t, "media", "backups")
	app, _ := testapp.New(t, s3Env(endpoint))
	if err := app.CreateBackup(context.Background(), "drill.zip"); err != nil {
		t.Fatalf("create backup: %v", err)
	}
	if keys := objectKeys(t, backend, "backups"); !slices.Contains(keys, "drill.zip") {
		t.Errorf("drill.zip not in the backups bucket: %v", keys)
	}
	if _, err := os.Stat(filepath.Join(app.DataDir(), core.LocalBackupsDirName, "drill.zip")); err == nil {
		t.Error("the backup was written locally too")
	}
}
