package hooks

import (
	"fmt"
	"io"
	"net"
	"net/netip"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"memberbase/internal/config"
	"memberbase/internal/observe"
)

// bindStartBanner replaces PocketBase's start banner (main hides it: plain
// text and colours would break production's JSON stdout) and logs the
// configuration warnings `serve` reports in every profile. Production gets
// one JSON log line with the listening address; development a short banner
// on out with the site and dashboard URLs. Test apps trigger OnServe without
// a server and print nothing.
func bindStartBanner(app core.App, cfg *config.Config, out io.Writer) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Id: "memberbase.startBanner",
		Func: func(se *core.ServeEvent) error {
			log := observe.From(se.App)
			for _, f := range cfg.StartupFindings() {
				if f.Level == config.LevelWarning {
					log.Warn("configuration", "id", f.ID, "variable", f.Var, "problem", f.Message, "fix", f.Fix)
				}
			}
			// The listener exists once the chain has run.
			if err := se.Next(); err != nil || se.Server == nil {
				return err
			}
			addr := se.Server.Addr
			if cfg.IsProduction() {
				log.Info("server started", "address", addr, "base_url", cfg.BaseURL)
				return nil
			}
			site := "http://" + browserHost(addr)
			sql := "off (MEMBERBASE_LOG_SQL=true prints every statement)"
			if cfg.LogSQL {
				sql = "on"
			}
			_, err := fmt.Fprintf(out, "memberbase (development) serving %s\n├─ Site:      %s/\n├─ Dashboard: %s/_/\n└─ SQL log:   %s\n", addr, site, site, sql)
			return err
		},
	})
}

// browserHost turns a listening address into the host[:port] a browser on
// the same machine opens: an unspecified or empty host becomes 127.0.0.1
// (a development ALLOWED_HOSTS entry), like PocketBase's own banner.
func browserHost(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if a, err := netip.ParseAddr(host); host == "" || (err == nil && a.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
