package web

import (
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/observe"
)

// SocialLinksTTL bounds how stale the footer can be if an invalidation is
// ever missed (a write by another process, such as a CLI run).
const SocialLinksTTL = 60 * time.Second

// SocialLinks caches the visible footer links in memory. Record hooks call
// Invalidate on every change of the collection, so a warm page render runs no
// SQL at all.
type SocialLinks struct {
	app core.App
	now func() time.Time

	mu      sync.Mutex
	links   []SocialLink
	expires time.Time
	gen     uint64 // bumped by Invalidate; a load started before it is not kept
}

// NewSocialLinks returns an empty cache reading from app.
func NewSocialLinks(app core.App) *SocialLinks {
	return &SocialLinks{app: app, now: time.Now}
}

// Get returns the visible links by sort_order, loading them when the cache
// is cold or older than the TTL. On a database error it returns the last
// known links (possibly none): a footer is never worth a failed page.
func (c *SocialLinks) Get() []SocialLink {
	c.mu.Lock()
	if c.now().Before(c.expires) {
		links := c.links
		c.mu.Unlock()
		return links
	}
	gen := c.gen
	stale := c.links
	c.mu.Unlock()

	links, err := c.load()
	if err != nil {
		observe.From(c.app).Warn("social links: load failed", "error", err)
		return stale
	}
	c.mu.Lock()
	if c.gen == gen {
		c.links, c.expires = links, c.now().Add(SocialLinksTTL)
	}
	c.mu.Unlock()
	return links
}

// Invalidate drops the cached links; the next Get reloads them.
func (c *SocialLinks) Invalidate() {
	c.mu.Lock()
	c.gen++
	c.expires = time.Time{}
	c.mu.Unlock()
}

func (c *SocialLinks) load() ([]SocialLink, error) {
	recs, err := c.app.FindRecordsByFilter("social_links", "visible = true", "sort_order,label", 50, 0)
	if err != nil {
		return nil, err
	}
	links := make([]SocialLink, 0, len(recs))
	for _, r := range recs {
		l := SocialLink{Label: r.GetString("label"), URL: r.GetString("url")}
		if icon := r.GetString("icon"); icon != "" {
			l.Icon = "/api/files/" + r.Collection().Id + "/" + r.Id + "/" + icon
		}
		links = append(links, l)
	}
	return links, nil
}

// SetClock replaces the cache's clock (tests of the TTL).
func (c *SocialLinks) SetClock(now func() time.Time) {
	c.mu.Lock()
	c.now = now
	c.mu.Unlock()
}
