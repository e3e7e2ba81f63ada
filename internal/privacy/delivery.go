package privacy

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"

	"memberbase/internal/outbox"
	"memberbase/internal/token"
)

// Names given to the stored export files (PocketBase adds a random suffix);
// their extensions tell them apart.
const (
	exportJSONName = "export.json"
	exportHTMLName = "summary.html"
)

// prepareExport builds the export of a just confirmed request, stores the
// JSON document and the HTML summary as its hidden protected files, gives
// it a download token valid [DownloadTTL], and queues the sensitive mail
// with the link — all in tx, the confirming transaction.
func (s *Service) prepareExport(tx core.App, req, m *core.Record, now time.Time) error {
	doc, err := buildExport(tx, s.org, req, m, now)
	if err != nil {
		return err
	}
	jsonDoc, err := doc.JSON()
	if err != nil {
		return err
	}
	summary, err := s.renderSummary(doc)
	if err != nil {
		return err
	}
	jf, err := filesystem.NewFileFromBytes(jsonDoc, exportJSONName)
	if err != nil {
		return fmt.Errorf("privacy: export file: %w", err)
	}
	hf, err := filesystem.NewFileFromBytes(summary, exportHTMLName)
	if err != nil {
		return fmt.Errorf("privacy: summary file: %w", err)
	}
	plain, hash, err := token.New()
	if err != nil {
		return err
	}
	expires := now.Add(DownloadTTL)
	req.Set("export", []*filesystem.File{jf, hf})
	req.Set("download_token_hash", hash)
	req.Set("download_expires_at", expires)
	if err := tx.Save(req); err != nil {
		return fmt.Errorf("privacy: store export: %w", err)
	}
	o, err := outbox.FromApp(tx)
	if err != nil {
		return err
	}
	return o.Queue(tx, MailDetailsReady, m.GetString("email"), "details_ready:"+req.Id, true, map[string]any{
		"Token":     plain,
		"ExpiresAt": displayTime(expires),
	})
}
