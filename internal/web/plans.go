package web

import (
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/dues"
	"memberbase/internal/observe"
)

// plansTTL is the safety net behind hook invalidation, as for consent texts.
const plansTTL = 60 * time.Second

// PlanOffers caches the plans the join form offers, so the form runs no SQL
// when warm. Hooks call Invalidate on every change of the plans collection.
type PlanOffers struct {
	mu     sync.Mutex
	offers []dues.Offer
	loaded time.Time
	gen    uint64
}

// Invalidate drops the cached plans; the next call reloads them.
func (c *PlanOffers) Invalidate() {
	c.mu.Lock()
	c.gen++
	c.offers, c.loaded = nil, time.Time{}
	c.mu.Unlock()
}

// Current returns the active public plans. On a database error it falls
// back to what it had (the form then offers the last known plans).
func (c *PlanOffers) Current(app core.App) []dues.Offer {
	c.mu.Lock()
	offers, fresh, gen := c.offers, !c.loaded.IsZero() && time.Since(c.loaded) < plansTTL, c.gen
	c.mu.Unlock()
	if fresh {
		return offers
	}
	loaded, err := dues.Offered(app)
	if err != nil {
		observe.From(app).Error("load offered plans", "error", err)
		return offers
	}
	c.mu.Lock()
	if c.gen == gen {
		c.offers, c.loaded = loaded, time.Now()
	}
	c.mu.Unlock()
	return loaded
}

// find returns the offer with id, if it is offered.
func findOffer(offers []dues.Offer, id string) (dues.Offer, bool) {
	for _, o := range offers {
		if o.ID == id {
			return o, true
		}
	}
	return dues.Offer{}, false
}
