package web

import (
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/branches"
	"memberbase/internal/observe"
)

// branchesTTL is the safety net behind hook invalidation, as for plans.
const branchesTTL = 60 * time.Second

// BranchOffers caches the public branches the join form and the manage page
// offer, so the forms run no SQL when warm. Hooks call Invalidate on every
// change of the branches collection.
type BranchOffers struct {
	mu     sync.Mutex
	offers []branches.Offer
	loaded time.Time
	gen    uint64
}

// Invalidate drops the cached branches; the next call reloads them.
func (c *BranchOffers) Invalidate() {
	c.mu.Lock()
	c.loaded = time.Time{}
	c.gen++
	c.mu.Unlock()
}

// Current returns the public branches. On a database error it falls back
// to what it had.
func (c *BranchOffers) Current(app core.App) []branches.Offer {
	c.mu.Lock()
	offers, fresh, gen := c.offers, !c.loaded.IsZero() && time.Since(c.loaded) < branchesTTL, c.gen
	c.mu.Unlock()
	if fresh {
		return offers
	}
	loaded, err := branches.Public(app)
	if err != nil {
		observe.From(app).Error("load public branches", "error", err)
		return offers
	}
	c.mu.Lock()
	if c.gen == gen {
		c.offers, c.loaded = loaded, time.Now()
	}
	c.mu.Unlock()
	return loaded
}
