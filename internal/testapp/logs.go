package testapp

import (
	"bytes"
	"sync"

	"github.com/pocketbase/pocketbase/core"
)

const logsKey = "memberbase.testapp.logs"

// LogBuffer collects a test app's stdout log lines instead of printing them.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer.
func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything logged so far.
func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Logs returns the stdout log lines the app's memberbase logger wrote.
func Logs(app core.App) string {
	if b, ok := app.Store().Get(logsKey).(*LogBuffer); ok {
		return b.String()
	}
	return ""
}
