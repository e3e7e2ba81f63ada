// Package web owns memberbase's HTTP surface: routes, middleware, page
// handlers and rendering. PocketBase keeps /api/ and /_/.
package web

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"

	"memberbase/internal/branches"
	"memberbase/internal/config"
	"memberbase/internal/dues"
	"memberbase/internal/observe"
)

// Server carries what the handlers need: the app, the configuration, the
// parsed templates, the CSRF keys, the footer link cache and the assets.
type Server struct {
	App    core.App
	Config *config.Config
	Pages  *Renderer
	CSRF   *CSRF
	Social *SocialLinks
	// Consent caches the join form's consent texts (invalidated by hooks).
	Consent *ConsentTexts
	// Plans caches the plans the join form offers (invalidated by hooks).
	Plans *OfferCache[dues.Offer]
	// Branches caches the public branches the join form and the manage
	// page offer (invalidated by hooks).
	Branches *OfferCache[branches.Offer]
	// Routes is the group of our public pages (successful hits stay out of
	// PocketBase's request log); set by Register.
	Routes *router.RouterGroup[*core.RequestEvent]
	assets *Assets
	csp    string
}

// NewServer parses the templates from tmpl and returns a ready Server.
func NewServer(app core.App, cfg *config.Config, tmpl fs.FS) (*Server, error) {
	s := &Server{App: app, Config: cfg, Social: NewSocialLinks(), Consent: NewConsentTexts(), Plans: NewOfferCache("offered plans", dues.Offered), Branches: NewOfferCache("public branches", branches.Public), csp: contentSecurityPolicy(cfg.StaticURL)}
	pages, err := NewRenderer(tmpl, cfg.OrgName, s.assetURL)
	if err != nil {
		return nil, err
	}
	// Development re-reads templates on every render when hooks passed the
	// on-disk copy; the embedded copy cannot change, so it is never re-parsed.
	_, embedded := tmpl.(embed.FS)
	pages.reload = cfg.IsDevelopment() && !embedded
	pages.SetSocialLinks(s.Social.Get)
	s.Pages = pages
	if s.CSRF, err = NewCSRF(cfg); err != nil {
		return nil, err
	}
	return s, nil
}

// Register binds every route and middleware on the serve event's router.
func (s *Server) Register(se *core.ServeEvent, static fs.FS) {
	s.bindMiddleware(se.Router)
	assets, err := NewAssets(static, s.Config.StaticURL)
	if err != nil {
		observe.From(se.App).Error("static assets", "error", err)
		assets = &Assets{byHashed: map[string]*asset{}, hashed: map[string]string{}, base: "/static/"}
	}
	s.assets = assets
	// Asset URLs are final now. The join and lookup forms show no personal
	// data: their blank rendering is reused, with each visitor's own token.
	s.Pages.CacheBlankForms("join", "lookup")

	se.Router.GET("/healthz", healthz)
	se.Router.GET("/readyz", readyz)
	se.Router.GET("/api/memberbase/status", status).Bind(apis.RequireSuperuserAuth())
	se.Router.POST("/api/memberbase/webhooks/{id}/test", webhookPing).Bind(apis.RequireSuperuserAuth())

	pages := se.Router.Group("")
	pages.Bind(apis.SkipSuccessActivityLog())
	pages.GET("/static/{path...}", assets.Serve)
	pages.GET("/favicon.ico", assets.Favicon)
	pages.GET("/{$}", s.home)
	pages.GET("/lookup", s.lookup)
	pages.GET("/join/sent", s.sent)
	s.registerJoin(pages)
	pages.GET("/privacy/sent", s.sent)
	s.registerPrivacy(pages)
	s.registerManage(pages)
	s.registerUnsubscribe(pages)
	s.registerCard(pages)
	s.Routes = pages
}

func (s *Server) home(e *core.RequestEvent) error {
	return s.Pages.Render(e, http.StatusOK, "home", nil)
}

// LookupPage is the Data of the lookup page: Active names the form
// ("member-id", "details", "deletion" or "manage") that a re-rendered Form belongs to,
// so its values and errors show in that form only.
type LookupPage struct{ Active string }

func (s *Server) lookup(e *core.RequestEvent) error {
	return s.RenderForm(e, http.StatusOK, "lookup", nil, LookupPage{})
}

// sent is identical for everyone and every address: it must not tell
// whether the address belongs to a member.
func (s *Server) sent(e *core.RequestEvent) error {
	return s.Pages.Render(e, http.StatusOK, "sent", nil)
}

// assetURL returns the public URL of a static asset: its content-hash name
// under /static/ or STATIC_URL.
func (s *Server) assetURL(name string) string {
	if s.assets == nil {
		return "/static/" + name
	}
	return s.assets.URL(name)
}
