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
	App    core.App
	Config *config.Config
	Pages  *Renderer
	CSRF   *CSRF
	csp    string
}

// NewServer parses the templates from tmpl and returns a ready Server.
func NewServer(app core.App, cfg *config.Config, tmpl fs.FS) (*Server, error) {
	pages, err := NewRenderer(tmpl, cfg.OrgName, assetURL)
	if err != nil {
		return nil, err
	}
	// Development re-reads templates on every render (hooks passes the
	// on-disk copy there); production renders the set parsed here.
	pages.reload = cfg.IsDevelopment()
	csrf, err := NewCSRF(cfg)
	if err != nil {
		return nil, err
	}
	return &Server{App: app, Config: cfg, Pages: pages, CSRF: csrf, csp: contentSecurityPolicy(cfg.StaticURL)}, nil
}

// Register binds every route and middleware on the serve event's router.
func (s *Server) Register(se *core.ServeEvent, static fs.FS) {
	s.bindMiddleware(se.Router)
	se.Router.GET("/healthz", healthz)
	se.Router.GET("/readyz", readyz)
	se.Router.GET("/static/{path...}", apis.Static(static, false))
	se.Router.GET("/{$}", s.home)
}

func (s *Server) home(e *core.RequestEvent) error {
	return s.Pages.Render(e, http.StatusOK, "home", nil)
}

// assetURL returns the public URL of a static asset.
func assetURL(name string) string { return "/static/" + name }
