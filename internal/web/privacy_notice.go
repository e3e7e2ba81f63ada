package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"memberbase/internal/config"
	"memberbase/internal/dues"
	"memberbase/internal/intake"
	"memberbase/internal/join"
	"memberbase/internal/outbox"
	"memberbase/internal/selfservice"
	"memberbase/internal/webhooks"
)

// PrivacyNotice is the Data of GET /privacy: SPEC §13's notice, generated
// from the configuration so it cannot drift from what the software does.
// Each list is built by its own function below; a feature that stores,
// shares or keeps personal data adds its line there.
type PrivacyNotice struct {
	Controller string
	Contact    string
	Purposes   []NoticePurpose
	Recipients []NoticeLine
	Retention  []NoticeLine
	Rights     []NoticeRight
}

// NoticePurpose is one kind of data: what, why, and on which legal basis.
type NoticePurpose struct{ What, Why, Basis string }

// NoticeLine is one recipient or one retention period.
type NoticeLine struct{ Subject, Text string }

// NoticeRight is one right and where to use it (Link empty: write to the
// contact address).
type NoticeRight struct{ Right, How, Link string }

// registerPrivacyNotice binds GET /privacy, which the join form links to.
func (s *Server) registerPrivacyNotice(r *router.RouterGroup[*core.RequestEvent]) {
	r.GET("/privacy", s.privacyNotice)
}

// privacyNotice shows the generated notice, or sends visitors to the
// organisation's own (PRIVACY_NOTICE_URL). No SQL once warm: it is
// configuration, plus the hosts of the webhook endpoints that receive
// members' data (recipients too), cached until an endpoint changes.
func (s *Server) privacyNotice(e *core.RequestEvent) error {
	if u := s.Config.PrivacyNoticeURL; u != "" {
		return e.Redirect(http.StatusFound, u)
	}
	n := BuildPrivacyNotice(s.Config)
	hosts, err := webhooks.CachedRecipientHosts(e.App)
	if err != nil {
		return err
	}
	n.AddWebhookRecipients(hosts)
	return s.Pages.Render(e, http.StatusOK, "privacy", n)
}

// AddWebhookRecipients lists the systems connected through webhooks (SPEC
// §17) that receive members' personal data, and how long the messages are
// kept.
func (n *PrivacyNotice) AddWebhookRecipients(hosts []string) {
	for _, h := range hosts {
		n.Recipients = append(n.Recipients, NoticeLine{"A system connected by the organisation (" + h + ")",
			"receives a notice of each change to your membership: your member ID, status, name, email address and phone number, never notes."})
	}
	if len(hosts) > 0 {
		n.Retention = append(n.Retention, NoticeLine{"Notices to connected systems",
			"The stored copy of each notice is cleared 30 days after it was delivered or given up, and your name and contact details are removed from it at once when your data is erased."})
	}
}

// BuildPrivacyNotice assembles the notice for cfg.
func BuildPrivacyNotice(cfg *config.Config) PrivacyNotice {
	return PrivacyNotice{
		Controller: cfg.OrgName,
		Contact:    cfg.PrivacyContact,
		Purposes:   noticePurposes(cfg),
		Recipients: noticeRecipients(cfg),
		Retention:  noticeRetention(cfg),
		Rights:     noticeRights(),
	}
}

func noticePurposes(cfg *config.Config) []NoticePurpose {
	logs := "IP addresses are not recorded."
	if cfg.LogIP {
		logs = "They include your IP address."
	}
	return []NoticePurpose{
		{
			What:  "Your membership: first and last name, email address, phone number (if you give it), member ID, status, your branch or workplace (if you give it), the dates you joined and proved your address, and the version and time of the membership terms you acknowledged.",
			Why:   "To keep the membership register, tell you your member ID, and answer your requests.",
			Basis: "The membership contract (Art. 6(1)(b) GDPR). Where membership shows that you belong to a trade union, processing by a not-for-profit body for its members (Art. 9(2)(d) GDPR).",
		},
		{
			What:  "If you leave through the self-service page: the date you left, the reason you chose and the note you wrote (both optional). If you change your email address there: each change you asked for, with its dates and whether you confirmed it.",
			Why:   "To end your membership as you asked, let you rejoin with the same member ID, and show who changed the address of a membership and when.",
			Basis: "The membership contract (Art. 6(1)(b) GDPR) and our legitimate interest in the security of members' accounts (Art. 6(1)(f) GDPR).",
		},
		{
			What:  "If our membership has dues: your plan, the periods of your membership with their amounts and whether each was paid, and the payments we received from you, with the payer name and reference your bank gave us.",
			Why:   "To know who has paid, remind you before your membership is due for renewal, and keep our books.",
			Basis: "The membership contract (Art. 6(1)(b) GDPR) and our legal obligation to keep accounting records (Art. 6(1)(c) GDPR).",
		},
		{
			What:  "Your application before you confirm it: the fields of the join form, kept as a join request.",
			Why:   "To send you a confirmation link, and to create your membership when you use it.",
			Basis: "Steps you ask for before entering the membership contract (Art. 6(1)(b) GDPR).",
		},
		{
			What:  "News by email, only if you tick that box: your choice and when you made it, and a random code in the unsubscribe link of each news mail.",
			Why:   "To send you news and invitations besides what we owe you as a member. Each news mail has a one-click unsubscribe link; we do not track whether you open mails or follow their links.",
			Basis: "Your consent (Art. 6(1)(a) GDPR), which you can withdraw at any time without affecting your membership.",
		},
		{
			What:  "Notices to every member by email, such as the invitation to a general meeting or a ballot: your name is not used, only your address.",
			Why:   "To give you the notices our statutes require us to send to every member. They reach you whatever your choice about news, and end when your membership ends.",
			Basis: "The membership contract and our statutes (Art. 6(1)(b) GDPR).",
		},
		{
			What:  "A record of every access to and change of your membership data by our staff, administrators and systems: who by role, what and when, never the contents. Your data export includes it.",
			Why:   "To show you, and a supervisory authority, who used your data, and to detect misuse.",
			Basis: "Our legal obligation to secure special-category data and to be able to demonstrate it (Art. 5(2), 32 GDPR), and our legitimate interest in detecting misuse (Art. 6(1)(f) GDPR).",
		},
		{
			What:  "Technical records: a log of requests to this site without email addresses, names or link codes. " + logs + " A keyed hash of each address that uses our forms, so one address cannot be sent more than a few mails a day.",
			Why:   "To keep this service secure and working.",
			Basis: "Our legitimate interest in a secure service (Art. 6(1)(f) GDPR).",
		},
	}
}

func noticeRecipients(cfg *config.Config) []NoticeLine {
	out := []NoticeLine{
		{"Our administrators", "manage the register and the requests in the administration dashboard."},
		{"Staff accounts of connected applications", "read member records (viewers), and change them (editors), for the organisation's own work."},
		{"Workplace representatives of your branch", "if your membership names a branch: the reps of that branch see your name, member ID, email address, phone number, status, plan and paid-through date, and nothing else; reps of other branches see nothing about you."},
	}
	if cfg.SMTP.Host != "" {
		out = append(out, NoticeLine{"Our email provider (" + cfg.SMTP.Host + ")", "delivers our mails to you: your address and the mail's content."})
	}
	if cfg.S3.Enabled() {
		out = append(out, NoticeLine{"Our file storage provider (" + hostOr(cfg.S3.Endpoint, "S3-compatible storage") + ")", "stores member photos and copies of data you asked for."})
	}
	if cfg.BackupS3.Enabled() {
		out = append(out, NoticeLine{"Our backup storage provider (" + hostOr(cfg.BackupS3.Endpoint, "S3-compatible storage") + ")", "keeps the backups of the whole register."})
	}
	if cfg.SentryDSN != "" {
		out = append(out, NoticeLine{"Our error monitoring service (" + hostOr(cfg.SentryDSN, "Sentry") + ")", "receives reports of technical errors, with personal data and link codes removed."})
	}
	return out
}

func noticeRetention(cfg *config.Config) []NoticeLine {
	former := "are kept until you ask us to delete them."
	if cfg.EraseLeftAfter > 0 {
		former = "are erased " + humanDuration(cfg.EraseLeftAfter) + " after the membership ended."
	}
	backups := "Backups made by our administrators are kept until they delete them; data erased since then disappears with them."
	if cfg.BackupCron != "" {
		backups = "A backup of the whole register is made on the schedule " + cfg.BackupCron + " (UTC) and the newest " +
			strconv.Itoa(cfg.BackupKeep) + " are kept, so data erased from the register disappears from the backups once they rotate out."
	}
	return []NoticeLine{
		{"Members", "Your membership data is kept while you are a member."},
		{"Former members", "Records of members who left " + former},
		{"Join requests", "A confirmation link works for " + humanDuration(join.TTL) + "; the request is deleted " + humanDuration(join.PurgeAfter) + " after the link expired, whether it was used or not."},
		{"Form submissions", "Processed within seconds and deleted. The keyed hash of an address is deleted after " + humanDuration(intake.DefaultQuotaWindow) + "."},
		{"Mails", "Mails carrying a link or personal data are emptied as soon as they are sent. The address and content of other sent mails are removed after " +
			humanDuration(outbox.RedactSentAfter) + "; mails that could not be delivered are deleted after " + humanDuration(outbox.PurgeFailedAfter) + "."},
		{"Financial records", financeRetention(cfg)},
		{"Access record", auditRetention(cfg)},
		{"Request log", "Warnings and errors in our request log are kept " + humanDuration(config.LogsMaxDays*24*time.Hour) + "."},
		{"Backups", backups},
		{"Marketing consent", "Until you withdraw it."},
		{"Self-service links", "A link to manage your membership, or to confirm a new email address, works for " + humanDuration(selfservice.LinkTTL) +
			"; changing your address ends every link sent to the old one. The reason and note you gave when leaving, and the history of your address changes, are deleted when your data is erased."},
	}
}

// financeRetention is the financial records' line: FINANCE_RETENTION, 0
// clearing payer and reference at erasure.
func financeRetention(cfg *config.Config) string {
	keep := "When your data is erased, the payer name and reference of your payments are removed at once; the periods and amounts stay in our books without your name."
	stray := humanDuration(dues.UnmatchedRetention)
	if cfg.FinanceRetention > 0 {
		keep = "When your data is erased, the periods and payments stay in our books; the payer name and reference of your payments are kept, visible to our administrators only, until " +
			humanDuration(cfg.FinanceRetention) + " after the end of the period they paid, as accounting law requires, then removed."
		stray = humanDuration(cfg.FinanceRetention)
	}
	return keep + " Payments we could not match to a member lose their payer name and reference after " + stray + "."
}

// auditRetention is the access record's line: AUDIT_RETENTION, 0 keeping it.
func auditRetention(cfg *config.Config) string {
	if cfg.AuditRetention <= 0 {
		return "Entries of the access and change record are kept for as long as the register exists."
	}
	return "Entries of the access and change record are kept " + humanDuration(cfg.AuditRetention) + ", then deleted."
}

func noticeRights() []NoticeRight {
	return []NoticeRight{
		{"Get your member ID, or a copy of all the data we hold about you", "on the self-service page", "/lookup"},
		{"Have your data deleted", "on the self-service page", "/lookup"},
		{"Correct your details, change your email address, withdraw your marketing consent or end your membership", "on the self-service page (\"Update my details or leave\")", "/lookup"},
		{"Restrict or object to the use of your data", "by writing to the contact address above", ""},
		{"Complain to a data protection supervisory authority", "in particular in the country where you live or work, or where you think the infringement happened", ""},
	}
}

// hostOr returns the host of raw (an endpoint or DSN, never its
// credentials), or fallback when it has none.
func hostOr(raw, fallback string) string {
	if u, err := url.Parse(raw); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return fallback
}

// humanDuration writes a retention period in days or hours.
func humanDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return strconv.Itoa(int(d/(24*time.Hour))) + " days"
	case d%time.Hour == 0:
		n := int(d / time.Hour)
		if n == 1 {
			return "1 hour"
		}
		return strconv.Itoa(n) + " hours"
	default:
		return d.String()
	}
}
