package e2e

import (
	"bufio"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// logLines returns the process's JSON stdout lines (production logs JSON)
// that have every key=value of match.
func (inst *instance) logLines(t *testing.T, match map[string]string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(inst.Out.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var line map[string]any
		if json.Unmarshal(sc.Bytes(), &line) != nil {
			continue
		}
		ok := true
		for k, v := range match {
			if s, _ := line[k].(string); s != v {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, line)
		}
	}
	return out
}

// requestLine returns the request log line of the request with id. The
// process writes it before the response ends, but its stdout reaches the
// test through a pipe: it waits up to 10 s for the line to arrive.
func (inst *instance) requestLine(t *testing.T, id string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		lines := inst.logLines(t, map[string]string{"msg": "request", "request_id": id})
		switch {
		case len(lines) == 1:
			return lines[0]
		case len(lines) > 1:
			t.Fatalf("want one request log line for %s, got %d", id, len(lines))
		case time.Now().After(deadline):
			t.Fatalf("no request log line for %s", id)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
