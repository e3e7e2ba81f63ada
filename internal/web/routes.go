// Package web owns memberbase's HTTP surface: routes, middleware, page
// handlers and rendering. PocketBase keeps /api/ and /_/.
package web

import (
	"io/fs"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/config"
)

// Server carries what the handlers need: the app, the configuration and the
// parsed templates.
type Server struct {
	App         core.App
	Config      *config.Config
	Pages       *Renderer
	Assets      *Assets
	SocialLinks *SocialLinks
}

// NewServer reads the static assets and parses the templates: a broken
// template or asset stops start-up.
func NewServer(app core.App, cfg *config.Config, tmpl, static fs.FS) (*Server, error) {
	assets, err := NewAssets(static, cfg.StaticURL)
	if err != nil {
		return nil, err
	}
	social := NewSocialLinks(app)
	pages, err := NewRenderer(tmpl, cfg.OrgName, assets.URL, social)
	if err != nil {
		return nil, err
	}
	return &Server{App: app, Config: cfg, Pages: pages, Assets: assets, SocialLinks: social}, nil
}

// Register binds every route and middleware on the serve event's router.
func (s *Server) Register(se *core.ServeEvent) {
	se.Router.GET("/healthz", healthz)
	se.Router.GET("/readyz", readyz)
	se.Router.GET("/static/{path...}", s.Assets.Serve)

	// Public pages: successful hits stay out of PocketBase's log database
	// (errors are still written).
	pages := se.Router.Group("")
	pages.Bind(apis.SkipSuccessActivityLog())
	pages.GET("/{$}", s.home)
}

func (s *Server) home(e *core.RequestEvent) error {
	return s.Pages.Render(e, http.StatusOK, "home", nil)
}
