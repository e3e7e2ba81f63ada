package join

import (
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// ConsentCollection holds the acknowledged statements (SPEC §13).
const ConsentCollection = consentsColl

// ErrConsentPublished refuses any change to a published consent text: what
// each member acknowledged must stay readable word for word.
var ErrConsentPublished = validation.NewError("validation_consent_published",
	"A published consent text cannot be changed or deleted: publish a new version instead.")

// CheckConsentChange refuses an update or delete of a consent text whose
// stored published_at has passed; a draft (empty or future published_at)
// may still be edited.
func CheckConsentChange(stored *core.Record, now time.Time) error {
	p := stored.GetDateTime(publishedAtFd)
	if !p.IsZero() && !p.Time().After(now) {
		return validation.Errors{publishedAtFd: ErrConsentPublished}
	}
	return nil
}
