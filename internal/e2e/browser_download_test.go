package e2e

import (
	"context"
	"os"
	"path/filepath"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// download clicks sel, a button whose answer is an attachment, lets
// Chromium save it, and returns the suggested file name and the bytes.
func (b *browser) download(sel string) (string, []byte) {
	b.t.Helper()
	dir := b.t.TempDir()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	begin := chromedp.BrowserEvents(ctx, cdpbrowser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, cdpbrowser.DownloadProgress)
	events := true
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events,
	}); err != nil {
		b.t.Fatalf("download behaviour: %v", err)
	}
	b.click(sel)
	var name string
	for ev, err := range begin {
		if err != nil {
			b.t.Fatalf("download of %s never began: %v", sel, err)
		}
		name = ev.SuggestedFilename
		break
	}
	for ev, err := range progress {
		if err != nil {
			b.t.Fatalf("download of %s: %v", sel, err)
		}
		switch ev.State {
		case cdpbrowser.DownloadProgressStateCompleted:
			data, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			if err != nil {
				b.t.Fatal(err)
			}
			return name, data
		case cdpbrowser.DownloadProgressStateCanceled:
			b.t.Fatalf("download of %s cancelled", sel)
		}
	}
	b.t.Fatalf("download of %s did not complete", sel)
	return "", nil
}
