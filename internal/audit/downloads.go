package audit

import (
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// OnFileDownload is the OnFileDownloadRequest handler of the collections
// whose reads are audited (member photos, privacy exports). A file served to
// a superuser or staff account is queued as a download row once it is sent.
func (l *Log) OnFileDownload(e *core.FileDownloadRequestEvent) error {
	if err := e.Next(); err != nil {
		return err
	}
	// Protected files are authorised by the ?token= file token, not the
	// Authorization header: the token names who downloads.
	auth := e.Auth
	if tok := e.Request.URL.Query().Get("token"); tok != "" {
		if r, err := e.App.FindAuthRecordByToken(tok, core.TokenTypeFile); err == nil {
			auth = r
		}
	}
	if actor, ok := ActorOf(auth); ok {
		l.queue.add([]Entry{{Actor: actor, Action: ActionDownload, Target: e.Collection.Name,
			RecordIDs: []string{e.Record.Id}, Fields: []string{e.FileField.Name}, RequestID: l.opts.RequestID(e.RequestEvent)}})
	}
	return nil
}

// backupsPath prefixes PocketBase's backup routes; GET backupsPath+KEY
// downloads one.
const backupsPath = "/api/backups/"

// TrackBackupDownload is the router middleware that queues a backup row
// for every backup downloaded (PocketBase has no hook there): the archive
// holds every member.
func (l *Log) TrackBackupDownload(e *core.RequestEvent) error {
	p := e.Request.URL.Path
	if e.Request.Method != http.MethodGet || !strings.HasPrefix(p, backupsPath) || len(p) == len(backupsPath) {
		return e.Next()
	}
	err := e.Next()
	if err != nil || (e.Status() != http.StatusOK && e.Status() != http.StatusPartialContent) {
		return err
	}
	auth, _ := e.App.FindAuthRecordByToken(e.Request.URL.Query().Get("token"), core.TokenTypeFile)
	if actor, ok := ActorOf(auth); ok {
		l.queue.add([]Entry{{Actor: actor, Action: ActionBackup, Detail: strings.TrimPrefix(p, backupsPath), RequestID: l.opts.RequestID(e)}})
	}
	return nil
}
