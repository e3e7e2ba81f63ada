package observe

import (
	"fmt"
	"net/url"
	"regexp"
	"time"

	"github.com/getsentry/sentry-go"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
)

// Monitor reports panics, 5xx responses and permanent failures to Sentry.
// A nil *Monitor, or one built without a DSN, reports nothing.
type Monitor struct {
	hub *sentry.Hub
}

// NewMonitor builds a Monitor for cfg.SentryDSN with its own client (no
// global hub). transport may be nil for sentry-go's default HTTP transport.
func NewMonitor(cfg *config.Config, transport sentry.Transport) (*Monitor, error) {
	if cfg.SentryDSN == "" {
		return &Monitor{}, nil
	}
	client, err := sentry.NewClient(sentry.ClientOptions{
		Dsn:            cfg.SentryDSN,
		Environment:    cfg.Env,
		Release:        cfg.Release,
		SendDefaultPII: false,
		Transport:      transport,
		BeforeSend:     scrub,
	})
	if err != nil {
		return nil, fmt.Errorf("sentry: %w", err)
	}
	return &Monitor{hub: sentry.NewHub(client, sentry.NewScope())}, nil
}

const monitorKey = "memberbase.observe.monitor"

// AttachMonitor makes m the app's monitor for [MonitorFrom].
func AttachMonitor(app core.App, m *Monitor) { app.Store().Set(monitorKey, m) }

// MonitorFrom returns the app's monitor; a disabled one when none is attached.
func MonitorFrom(app core.App) *Monitor {
	if m, ok := app.Store().Get(monitorKey).(*Monitor); ok {
		return m
	}
	return &Monitor{}
}

// Enabled reports whether events are sent anywhere.
func (m *Monitor) Enabled() bool { return m != nil && m.hub != nil }

// Flush waits up to timeout for queued events to be sent.
func (m *Monitor) Flush(timeout time.Duration) {
	if m.Enabled() {
		m.hub.Flush(timeout)
	}
}

const panicReportedKey = "memberbase.observe.panicReported"

// CaptureRequest reports a 5xx answer with route and request ID.
func (m *Monitor) CaptureRequest(e *core.RequestEvent, status int, err error, requestID, route string) {
	if !m.Enabled() || e.Get(panicReportedKey) != nil {
		return
	}
	if err == nil {
		err = fmt.Errorf("HTTP %d", status)
	}
	m.hub.WithScope(func(s *sentry.Scope) {
		s.SetRequest(e.Request)
		s.SetTag("request_id", requestID)
		s.SetTag("route", route)
		s.SetTag("status", fmt.Sprint(status))
		m.hub.CaptureException(err)
	})
}

// CaptureFailure reports a permanent background failure, such as a mail
// that will not be retried. msg and tags must carry no personal data.
func (m *Monitor) CaptureFailure(msg string, tags map[string]string) {
	if !m.Enabled() {
		return
	}
	m.hub.WithScope(func(s *sentry.Scope) {
		s.SetTags(tags)
		s.SetLevel(sentry.LevelError)
		m.hub.CaptureMessage(msg)
	})
}

// PanicReporter returns a middleware just inside PocketBase's panic
// recovery: it reports the panic with its stack, then lets PocketBase turn
// it into a 500.
func (m *Monitor) PanicReporter() *hook.Handler[*core.RequestEvent] {
	return &hook.Handler[*core.RequestEvent]{
		Id:       "memberbase.panicReporter",
		Priority: -1029, // apis.DefaultPanicRecoverMiddlewarePriority + 1
		Func: func(e *core.RequestEvent) error {
			if m.Enabled() {
				defer func() {
					if r := recover(); r != nil {
						e.Set(panicReportedKey, true)
						m.hub.WithScope(func(s *sentry.Scope) {
							s.SetRequest(e.Request)
							s.SetTag("request_id", RequestID(e))
							s.SetTag("route", e.Request.Pattern)
							m.hub.Recover(r)
						})
						panic(r)
					}
				}()
			}
			return e.Next()
		},
	}
}

var emailRe = regexp.MustCompile(`[^\s<>"'@,;:]+@[^\s<>"'@,;:]+\.[A-Za-z]{2,}`)

// scrub removes what could identify a person before an event leaves: request
// bodies, cookies, headers but the user agent, token and filter query values,
// user data, and anything shaped like an e-mail address.
func scrub(ev *sentry.Event, _ *sentry.EventHint) *sentry.Event {
	if r := ev.Request; r != nil {
		r.Data, r.Cookies, r.Env = "", "", nil
		ua := r.Headers["User-Agent"]
		r.Headers = map[string]string{}
		if ua != "" {
			r.Headers["User-Agent"] = ua
		}
		r.QueryString = redactQuery(r.QueryString)
		if u, err := url.Parse(r.URL); err == nil {
			u.RawQuery = redactQuery(u.RawQuery)
			r.URL = u.String()
		}
		r.URL = emailRe.ReplaceAllString(r.URL, "[email]")
		r.QueryString = emailRe.ReplaceAllString(r.QueryString, "[email]")
	}
	ev.User = sentry.User{}
	ev.Message = emailRe.ReplaceAllString(ev.Message, "[email]")
	for i := range ev.Exception {
		ev.Exception[i].Value = emailRe.ReplaceAllString(ev.Exception[i].Value, "[email]")
	}
	ev.Breadcrumbs = nil
	return ev
}

// redactQuery replaces the values of token-like and filter parameters.
func redactQuery(q string) string {
	if q == "" {
		return q
	}
	vals, err := url.ParseQuery(q)
	if err != nil {
		return "REDACTED"
	}
	for k := range vals {
		switch k {
		case "token", "c", "filter", "csrf_token", "email":
			vals[k] = []string{"REDACTED"}
		}
	}
	return vals.Encode()
}
