package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/pocketbase/pocketbase/core" // also registers the "sqlite" driver (modernc.org/sqlite)

	"memberbase/internal/config"
)

// mfaFindings judges the superusers' MFA setting stored in dir/data.db. It
// returns nothing when the database does not exist yet (a first deployment
// creates it on the first `serve`) and never creates a file: the database is
// opened read-only through a SQLite URI, without PocketBase.
func mfaFindings(ctx context.Context, dir string) []config.Finding {
	path := filepath.Join(dir, "data.db")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	mfa, err := superuserMFA(ctx, path)
	switch {
	case err != nil:
		return []config.Finding{mfaFinding("cannot read the superuser MFA setting from " + path + ": " + err.Error())}
	case !mfa.Enabled:
		return []config.Finding{mfaFinding("multi-factor authentication is off for superusers: a leaked password opens the dashboard")}
	}
	return nil
}

func mfaFinding(msg string) config.Finding {
	return config.Finding{
		ID:      "MB.W011",
		Level:   config.LevelWarning,
		Var:     "_superusers",
		Message: msg,
		Fix:     "dashboard > Collections > _superusers > Options: enable OTP and MFA (OTP mails need SMTP)",
	}
}

// superuserMFA reads the MFA options of the _superusers collection.
func superuserMFA(ctx context.Context, path string) (core.MFAConfig, error) {
	var mfa core.MFAConfig
	abs, err := filepath.Abs(path)
	if err != nil {
		return mfa, err
	}
	db, err := sql.Open("sqlite", readOnlyDSN(abs))
	if err != nil {
		return mfa, err
	}
	defer db.Close()

	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var raw string
	err = db.QueryRowContext(ctx, "SELECT options FROM _collections WHERE name = ?", core.CollectionNameSuperusers).Scan(&raw)
	if err != nil {
		return mfa, fmt.Errorf("query _collections: %w", err)
	}
	var opts struct {
		MFA core.MFAConfig `json:"mfa"`
	}
	if err := json.Unmarshal([]byte(raw), &opts); err != nil {
		return mfa, fmt.Errorf("decode _superusers options: %w", err)
	}
	return opts.MFA, nil
}

// readOnlyDSN returns a SQLite URI that reads path without creating a file.
// A read-only connection to a WAL database leaves -wal and -shm files behind
// when they did not exist, so: while a server has the database open (both
// exist) it joins them read-only; otherwise the database was checkpointed
// on close and is read as immutable, with no locking and no side files.
func readOnlyDSN(path string) string {
	query := "immutable=1"
	if exists(path+"-wal") && exists(path+"-shm") {
		query = "mode=ro&_pragma=busy_timeout(5000)"
	}
	return (&url.URL{Scheme: "file", Path: path, RawQuery: query}).String()
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
