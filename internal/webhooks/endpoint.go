package webhooks

import (
	"net/url"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// ErrHTTPSRequired refuses a plain-HTTP endpoint in production.
var ErrHTTPSRequired = validation.NewError("validation_https_required", "The URL must start with https://.")

// PrepareEndpoint runs before an endpoint is saved: it generates the
// secret when empty (a superuser who wants to rotate it clears it or sets
// a new one) and, in production, refuses any scheme but https.
func PrepareEndpoint(r *core.Record, production bool) error {
	if r.GetString("secret") == "" {
		r.Set("secret", NewSecret())
	}
	u, err := url.Parse(r.GetString("url"))
	if err != nil {
		return validation.Errors{"url": validation.NewError("validation_invalid_url", "Must be a valid url.")}
	}
	if u.Scheme != "https" && (production || u.Scheme != "http") {
		return validation.Errors{"url": ErrHTTPSRequired}
	}
	return nil
}
