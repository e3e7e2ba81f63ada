package privacy_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/intake"
	"memberbase/internal/members"
	"memberbase/internal/outbox"
	"memberbase/internal/privacy"
	"memberbase/internal/testapp"
)

// admin creates a superuser with email.
func (e *env) admin(email string) {
	e.t.Helper()
	col, err := e.app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		e.t.Fatal(err)
	}
	su := core.NewRecord(col)
	su.SetEmail(email)
	su.SetPassword("root-password-123")
	if err := e.app.Save(su); err != nil {
		e.t.Fatal(err)
	}
}

// confirmDeletionOf confirms a deletion request for email's member through
// the mailed link and returns it.
func (e *env) confirmDeletionOf(email string) *core.Record {
	e.t.Helper()
	e.ask(intake.KindDeletion, email)
	var link mail
	for _, m := range e.mails() {
		if m.Kind == privacy.MailPrivacyConfirm && m.Recipient == email {
			link = m
		}
	}
	if err := e.svc.Confirm(e.app, e.tokenIn(link)); err != nil {
		e.t.Fatal(err)
	}
	reqs := e.requests()
	return reqs[len(reqs)-1]
}

// digests returns the queued admin digests, oldest first.
func (e *env) digests() []mail {
	e.t.Helper()
	var out []mail
	for _, m := range e.mails() {
		if m.Kind == privacy.MailAdminDigest {
			out = append(out, m)
		}
	}
	return out
}

func (e *env) digest() privacy.DigestResult {
	e.t.Helper()
	res, err := e.svc.Digest(e.app)
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

func TestDigestStaysSilentWhenNothingWaits(t *testing.T) {
	e := newEnv(t)
	e.admin("root@example.org")
	testapp.SaveMember(t, e.app, nil) // an active member waits for nobody
	if res := e.digest(); res.Queued != 0 || len(e.digests()) != 0 {
		t.Fatalf("digest with nothing waiting: %+v, %d mails", res, len(e.digests()))
	}
}

// Each section alone is enough for a digest, and names what waits by
// member ID and dashboard link, never by name or address.
func TestDigestReportsEachSectionAlone(t *testing.T) {
	const base = "https://members.example.org/_/#/collections?collection="
	cases := map[string]struct {
		setup func(e *env) string // returns a line the digest must hold
		want  string
	}{
		"pending join": {setup: func(e *env) string {
			m := testapp.SaveMember(t, e.app, map[string]any{"email": "grace@example.org", "first_name": "Grace", "status": members.StatusPendingApproval})
			return m.GetString(members.FieldMemberID) + " joined " + e.clock.Now().Format(time.DateOnly) + ": " + base + "members&record=" + m.Id
		}, want: "Joins awaiting approval: 1"},
		"confirmed deletion": {setup: func(e *env) string {
			m := testapp.SaveMember(t, e.app, map[string]any{"email": "grace@example.org", "first_name": "Grace"})
			r := e.confirmDeletionOf("grace@example.org")
			due := e.clock.Now().Add(privacy.DeletionDue).Format(time.DateOnly)
			return m.GetString(members.FieldMemberID) + " due " + due + ": " + base + "privacy_requests&record=" + r.Id
		}, want: "Confirmed deletion requests: 1"},
		"failed mail": {setup: func(e *env) string {
			err := outbox.Enqueue(e.app, outbox.Message{To: "grace@example.org", Kind: "welcome", Subject: "s", Text: "t", HTML: "h", DedupeKey: "k1"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.app.DB().NewQuery("UPDATE email_outbox SET status = 'failed' WHERE dedupe_key = 'k1'").Execute(); err != nil {
				t.Fatal(err)
			}
			return "Mails that failed for good: 1: " + base + "email_outbox"
		}, want: "Mails that failed for good: 1"},
		"dead intake row": {setup: func(e *env) string {
			if err := intake.Submit(e.app, intake.KindMemberID, "grace@example.org", nil); err != nil {
				t.Fatal(err)
			}
			if _, err := e.app.DB().NewQuery("UPDATE intake SET attempts = {:n}").Bind(dbx.Params{"n": intake.MaxAttempts}).Execute(); err != nil {
				t.Fatal(err)
			}
			return "Intake rows that failed for good: 1: " + base + "intake"
		}, want: "Intake rows that failed for good: 1"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			e.admin("root@example.org")
			e.admin("second@example.org")
			line := c.setup(e)
			if res := e.digest(); res.Queued != 2 {
				t.Fatalf("queued %d digests, want one per superuser", res.Queued)
			}
			got := e.digests()
			if len(got) != 2 || got[0].Recipient == got[1].Recipient || !got[0].Sensitive {
				t.Fatalf("digests %+v", got)
			}
			for _, d := range got {
				if !strings.Contains(d.Recipient, "@example.org") || (d.Recipient != "root@example.org" && d.Recipient != "second@example.org") {
					t.Errorf("digest to %s", d.Recipient)
				}
				if !strings.Contains(d.Text, c.want) || !strings.Contains(d.Text, line) {
					t.Errorf("digest lacks %q / %q:\n%s", c.want, line, d.Text)
				}
				if strings.Contains(d.Text, "grace@") || strings.Contains(d.Text, "Grace") {
					t.Errorf("digest names the member:\n%s", d.Text)
				}
			}
		})
	}
}

func TestDigestListsOverdueDeletionsFirst(t *testing.T) {
	e := newEnv(t)
	e.admin("root@example.org")
	first := testapp.SaveMember(t, e.app, map[string]any{"email": "grace@example.org"})
	second := testapp.SaveMember(t, e.app, map[string]any{"email": "alan@example.org"})
	early := e.confirmDeletionOf("grace@example.org")
	late := e.confirmDeletionOf("alan@example.org")
	// The later request is the overdue one: its due date was moved back.
	past := e.clock.Now().Add(-48 * time.Hour)
	if _, err := e.app.DB().NewQuery("UPDATE privacy_requests SET due_at = {:d} WHERE id = {:id}").
		Bind(dbx.Params{"d": past.Format("2006-01-02 15:04:05.000Z"), "id": late.Id}).Execute(); err != nil {
		t.Fatal(err)
	}
	res := e.digest()
	if len(res.Overdue) != 1 || res.Overdue[0].ID != late.Id || res.Overdue[0].Ref != second.GetString(members.FieldMemberID) {
		t.Fatalf("overdue %+v", res.Overdue)
	}
	text := e.digests()[0].Text
	lateLine := second.GetString(members.FieldMemberID) + " due " + past.Format(time.DateOnly) + " (OVERDUE)"
	earlyAt := strings.Index(text, first.GetString(members.FieldMemberID)+" due ")
	lateAt := strings.Index(text, lateLine)
	if lateAt < 0 || earlyAt < 0 || lateAt > earlyAt {
		t.Errorf("overdue request %s not listed first:\n%s", early.Id, text)
	}
}

func TestDigestIsQueuedOncePerDay(t *testing.T) {
	e := newEnv(t)
	e.admin("root@example.org")
	testapp.SaveMember(t, e.app, map[string]any{"status": members.StatusPendingApproval})
	if res := e.digest(); res.Queued != 1 {
		t.Fatalf("first run queued %d", res.Queued)
	}
	e.clock.Advance(time.Minute)
	if res := e.digest(); res.Queued != 0 || len(e.digests()) != 1 {
		t.Fatalf("second run the same day queued %d (%d digests)", res.Queued, len(e.digests()))
	}
	e.clock.Advance(24 * time.Hour)
	if res := e.digest(); res.Queued != 1 || len(e.digests()) != 2 {
		t.Fatalf("next day queued %d (%d digests)", res.Queued, len(e.digests()))
	}
}
