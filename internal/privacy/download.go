package privacy

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
	"memberbase/internal/token"
)

// Download formats: the JSON document or the HTML summary.
const (
	FormatJSON = "json"
	FormatHTML = "html"
)

// ErrFormat is returned for a format other than [FormatJSON] or [FormatHTML].
var ErrFormat = errors.New("privacy: unknown export format")

// maxExportFile bounds what is read back from storage (the file field's
// own limit).
const maxExportFile = 20 << 20

// Link is what a download page shows: until when the link works.
type Link struct{ ExpiresAt time.Time }

// File is one export file as it is handed out.
type File struct {
	Name        string // the attachment's file name
	ContentType string
	Body        []byte
}

// DownloadLink looks a download token up and changes nothing (mail
// scanners open links). A token that cannot be used is [ErrGone].
func (s *Service) DownloadLink(app core.App, plain string) (Link, error) {
	req, err := s.downloadable(app, plain)
	if err != nil {
		return Link{}, err
	}
	return Link{ExpiresAt: req.GetDateTime("download_expires_at").Time()}, nil
}

// Download returns the export file of format for a download token. It can
// be repeated until the link expires (scanners must not use it up); the
// first download completes the request (actor member). Later downloads
// only read.
func (s *Service) Download(app core.App, plain, format string) (File, error) {
	ext := "." + format
	if format != FormatJSON && format != FormatHTML {
		return File{}, ErrFormat
	}
	req, err := s.downloadable(app, plain)
	if err != nil {
		return File{}, err
	}
	body, err := readFile(app, req.BaseFilesPath()+"/"+storedFile(req, ext))
	if err != nil {
		return File{}, err
	}
	if req.GetString("status") == StatusConfirmed {
		if err := s.complete(app, plain); err != nil {
			return File{}, err
		}
	}
	// A download is a read of the member's data, by the member.
	if l, member := audit.From(app), req.GetString("member"); l != nil && member != "" {
		l.Queue(audit.Entry{Actor: audit.Actor{Type: audit.ActorMember, ID: member}, Action: audit.ActionDownload,
			Target: "members", RecordIDs: []string{member}, Fields: []string{"export"}})
	}
	return File{Name: "membership-data-" + safeRef(req.GetString("member_ref")) + ext,
		ContentType: contentTypes(format), Body: body}, nil
}

// complete moves the request of a download token from confirmed to
// completed, unless a concurrent download did it first.
func (s *Service) complete(app core.App, plain string) error {
	return app.RunInTransaction(func(tx core.App) error {
		req, err := s.downloadable(tx, plain)
		if err != nil || req.GetString("status") != StatusConfirmed {
			return err
		}
		req.Set("status", StatusCompleted)
		req.Set("completed_at", s.now())
		SetActor(req, ActorMember)
		if err := tx.Save(req); err != nil {
			return fmt.Errorf("privacy: complete request: %w", err)
		}
		return nil
	})
}

func contentTypes(format string) string {
	if format == FormatJSON {
		return "application/json"
	}
	return "text/html; charset=utf-8"
}

// downloadable finds the request of a download token, or [ErrGone]:
// unknown or malformed token, link expired, request not confirmed or
// completed, files gone, or the member erased or deleted.
func (s *Service) downloadable(app core.App, plain string) (*core.Record, error) {
	req, err := token.Find(app, Collection, "download_token_hash", plain)
	if errors.Is(err, token.ErrNotFound) {
		return nil, ErrGone
	}
	if err != nil {
		return nil, err
	}
	st := req.GetString("status")
	if (st != StatusConfirmed && st != StatusCompleted) || !req.GetDateTime("download_expires_at").Time().After(s.now()) ||
		storedFile(req, "."+FormatJSON) == "" || storedFile(req, "."+FormatHTML) == "" {
		return nil, ErrGone
	}
	if _, err := requestMember(app, req); err != nil {
		return nil, err
	}
	return req, nil
}

// storedFile returns the export file with extension ext ("" when missing).
func storedFile(req *core.Record, ext string) string {
	for _, f := range req.GetStringSlice("export") {
		if strings.HasSuffix(f, ext) {
			return f
		}
	}
	return ""
}

func readFile(app core.App, key string) ([]byte, error) {
	fsys, err := app.NewFilesystem()
	if err != nil {
		return nil, fmt.Errorf("privacy: storage: %w", err)
	}
	defer fsys.Close()
	r, err := fsys.GetReader(key)
	if err != nil {
		return nil, fmt.Errorf("privacy: open export: %w", err)
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, maxExportFile+1))
	if err != nil {
		return nil, fmt.Errorf("privacy: read export: %w", err)
	}
	if len(b) > maxExportFile {
		return nil, errors.New("privacy: export file larger than its field allows")
	}
	return b, nil
}

var unsafeRef = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// safeRef makes a member ID safe inside a quoted file name.
func safeRef(ref string) string {
	if ref = unsafeRef.ReplaceAllString(ref, ""); ref == "" {
		return "export"
	}
	return ref
}
