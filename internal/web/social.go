package web

import (
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/observe"
)

// socialTTL is the safety net behind hook invalidation (a write that bypassed
// PocketBase's hooks, e.g. another process's SQL, shows up within a minute).
const socialTTL = 60 * time.Second

// SocialLinks caches the visible footer links in memory so a warm page render
// runs no SQL. Record hooks call Invalidate on every change of the
// collection (hooks/social_links.go).
type SocialLinks struct {
	mu     sync.Mutex
	links  []SocialLink
	loaded time.Time
	gen    uint64 // bumped by Invalidate; a load started before it is not kept
	now    func() time.Time
}

// NewSocialLinks returns an empty cache.
func NewSocialLinks() *SocialLinks { return &SocialLinks{now: time.Now} }

// Invalidate drops the cached links; the next render reloads them.
func (c *SocialLinks) Invalidate() {
	c.mu.Lock()
	c.gen++
	c.links, c.loaded = nil, time.Time{}
	c.mu.Unlock()
}

// Get returns the visible links ordered by sort_order, loading them when the
// cache is empty or older than the TTL. On a database error it returns what
// it had (a footer is not worth a failed page).
func (c *SocialLinks) Get(app core.App) []SocialLink {
	c.mu.Lock()
	if !c.loaded.IsZero() && c.now().Sub(c.loaded) < socialTTL {
		links := c.links
		c.mu.Unlock()
		return links
	}
	gen, stale := c.gen, c.links
	c.mu.Unlock()

	links, err := loadSocialLinks(app)
	if err != nil {
		observe.From(app).Error("load social links", "error", err)
		return stale
	}
	c.mu.Lock()
	if c.gen == gen {
		c.links, c.loaded = links, c.now()
	}
	c.mu.Unlock()
	return links
}

func loadSocialLinks(app core.App) ([]SocialLink, error) {
	recs, err := app.FindRecordsByFilter("social_links", "visible = true", "sort_order,label", 0, 0)
	if err != nil {
		return nil, err
	}
	out := make([]SocialLink, 0, len(recs))
	for _, r := range recs {
		l := SocialLink{Label: r.GetString("label"), URL: r.GetString("url")}
		if icon := r.GetString("icon"); icon != "" {
			// Icons are public files of a public collection, served by
			// PocketBase from our own origin (so the CSP needs nothing more).
			l.Icon = "/api/files/" + r.Collection().Id + "/" + r.Id + "/" + icon
		}
		out = append(out, l)
	}
	return out, nil
}
