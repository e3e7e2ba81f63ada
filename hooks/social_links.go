package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/web"
)

// bindSocialLinks drops the footer link cache after every committed change
// of social_links, whichever way it was made (dashboard, REST, Go).
func bindSocialLinks(app core.App, cache *web.SocialLinks) {
	invalidate := func(e *core.ModelEvent) error {
		cache.Invalidate()
		return e.Next()
	}
	app.OnModelAfterCreateSuccess("social_links").Bind(&hook.Handler[*core.ModelEvent]{Id: "memberbase.social.create", Func: invalidate})
	app.OnModelAfterUpdateSuccess("social_links").Bind(&hook.Handler[*core.ModelEvent]{Id: "memberbase.social.update", Func: invalidate})
	app.OnModelAfterDeleteSuccess("social_links").Bind(&hook.Handler[*core.ModelEvent]{Id: "memberbase.social.delete", Func: invalidate})
}
