package web_test

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tools/logger"

	"memberbase/internal/join"
	"memberbase/internal/outbox"
	"memberbase/internal/testapp"
)

// answer is a response as an observer compares it: status, headers and
// body, without what differs per request anyway (date, request id).
type answer struct {
	status int
	header string
	body   string
}

func answerOf(resp *http.Response, body string) answer {
	var h []string
	for k, vs := range resp.Header {
		if k == "Date" || k == "X-Request-Id" || k == "Set-Cookie" {
			continue
		}
		h = append(h, k+": "+strings.Join(vs, ", "))
	}
	slices.Sort(h)
	return answer{resp.StatusCode, strings.Join(h, "\n"), body}
}

// sqlCounter counts every statement on the main database.
func sqlCounter(s *joinSite) *atomic.Int64 {
	var n atomic.Int64
	for _, b := range []dbx.Builder{s.app.ConcurrentDB(), s.app.NonconcurrentDB()} {
		db := b.(*dbx.DB)
		db.QueryLogFunc = func(_ context.Context, _ time.Duration, _ string, _ *sql.Rows, _ error) { n.Add(1) }
		db.ExecLogFunc = func(_ context.Context, _ time.Duration, _ string, _ sql.Result, _ error) { n.Add(1) }
	}
	return &n
}

// TestJoinAnswersTheSameForNewPendingAndActiveAddresses: POST /join must not
// tell whether an address belongs to a member, by its answer or by the work
// it does. With both workers paused, the request path's responses are
// byte-identical and run the same number of SQL statements for a new
// address, a pending member's and an active member's.
func TestJoinAnswersTheSameForNewPendingAndActiveAddresses(t *testing.T) {
	s := newJoinSite(t, nil)
	testapp.SaveMember(t, s.app, map[string]any{"email": "pending@example.org", "status": "pending_approval"})
	testapp.SaveMember(t, s.app, map[string]any{"email": "active@example.org"})
	s.pauseWorkers()
	count := sqlCounter(s)
	s.join("warm-up@example.org") // first-use caches are not the address's doing

	answers := map[string]answer{}
	statements := map[string]int64{}
	for _, addr := range []string{"new@example.org", "pending@example.org", "active@example.org"} {
		_, cookie, token := s.openForm("/join")
		f := joinFields(addr)
		f.Set("csrf_token", token)
		before := count.Load()
		resp, body := s.req("POST", "/join", strings.NewReader(f.Encode()), sameOrigin(cookie))
		statements[addr] = count.Load() - before
		answers[addr] = answerOf(resp, body)
		sent, sentBody := s.req("GET", resp.Header.Get("Location"), nil, nil)
		answers[addr+" sent"] = answerOf(sent, sentBody)
	}
	want := answers["new@example.org"]
	if want.status != http.StatusSeeOther || !strings.Contains(want.header, "Location: /join/sent") {
		t.Fatalf("answer: %+v", want)
	}
	for _, addr := range []string{"pending@example.org", "active@example.org"} {
		if answers[addr] != want || answers[addr+" sent"] != answers["new@example.org sent"] {
			t.Errorf("the answer for %s differs:\n%+v\n%+v", addr, answers[addr], want)
		}
		if statements[addr] != statements["new@example.org"] {
			t.Errorf("SQL statements per request: %v", statements)
		}
	}
	if statements["new@example.org"] == 0 {
		t.Fatal("the counter saw no statement: the intake insert must have run")
	}

	// The worker then tells them apart, off the request path.
	s.drainIntake()
	kinds := map[string]string{}
	rows, _ := s.app.FindAllRecords(outbox.Collection)
	for _, r := range rows {
		kinds[r.GetString("recipient")] = r.GetString("kind")
	}
	if kinds["new@example.org"] != join.MailConfirm || kinds["pending@example.org"] != join.MailAlready || kinds["active@example.org"] != join.MailAlready {
		t.Errorf("queued mails: %v", kinds)
	}
}

// TestJoinLeavesNoAddressOrTokenInLogs runs the whole flow, replays included,
// and searches stdout logs and PocketBase's _logs for the address, the
// names and the token.
func TestJoinLeavesNoAddressOrTokenInLogs(t *testing.T) {
	s := newJoinSite(t, map[string]string{"LOG_LEVEL": "debug"})
	s.app.Settings().Logs.MaxDays = 7
	s.app.Settings().Logs.MinLevel = int(slog.LevelDebug)
	s.app.Logger().Handler().(*logger.BatchHandler).SetLevel(slog.LevelDebug)

	const addr, first, last = "zebulon.quux@example.org", "Zebulon", "Quixotic"
	s.join("Zebulon.Quux@Example.org", "first_name", first, "last_name", last)
	path, tok := link(t, s.mail(1))
	if resp, _ := s.confirm(path); resp.StatusCode != 200 {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	s.mail(2)
	if resp, _ := s.req("GET", path, nil, map[string]string{"Referer": "https://members.example.org" + path}); resp.StatusCode != http.StatusGone {
		t.Fatalf("replay: %d", resp.StatusCode)
	}
	if resp, _ := s.req("GET", "/join/confirm?token=unknown-"+tok[:10], nil, nil); resp.StatusCode != http.StatusGone {
		t.Fatalf("unknown: %d", resp.StatusCode)
	}
	pbLogs := strings.Join(testapp.PBLogs(t, s.app, "SELECT message || ' ' || data FROM _logs", func(rows []string) bool {
		return strings.Contains(strings.Join(rows, "\n"), "/join/confirm?token=REDACTED")
	}), "\n")
	if !strings.Contains(pbLogs, "/join/confirm?token=REDACTED") {
		t.Fatalf("_logs has no row of the replayed link, so this test checks nothing:\n%s", pbLogs)
	}
	stdout := testapp.Logs(s.app)
	if !strings.Contains(stdout, "POST /join/confirm") {
		t.Fatalf("stdout logs have no request lines:\n%s", stdout)
	}
	for name, logs := range map[string]string{"stdout": stdout, "_logs": pbLogs} {
		low := strings.ToLower(logs)
		for _, secret := range []string{addr, "zebulon", "quixotic", tok, tok[:10]} {
			if strings.Contains(low, strings.ToLower(secret)) {
				t.Errorf("%s contains %q", name, secret)
			}
		}
	}
}
