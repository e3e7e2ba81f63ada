package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/web"
)

// bindSocialLinks keeps the footer cache true: any create, update or delete
// of a social link, committed, drops it.
func bindSocialLinks(app core.App, cache *web.SocialLinks) {
	invalidate := func(e *core.RecordEvent) error {
		cache.Invalidate()
		return e.Next()
	}
	app.OnRecordAfterCreateSuccess("social_links").BindFunc(invalidate)
	app.OnRecordAfterUpdateSuccess("social_links").BindFunc(invalidate)
	app.OnRecordAfterDeleteSuccess("social_links").BindFunc(invalidate)
}
