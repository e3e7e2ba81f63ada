package web

import (
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/observe"
)

// offersTTL is the safety net behind hook invalidation, as for consent texts.
const offersTTL = 60 * time.Second

// OfferCache caches what a public form offers (the join form's plans, the
// public branches), so the form runs no SQL when warm. Hooks call
// Invalidate on every change of the underlying collection.
type OfferCache[T any] struct {
	what string // names the load in the error log
	load func(core.App) ([]T, error)

	mu     sync.Mutex
	offers []T
	loaded time.Time
	gen    uint64
}

// NewOfferCache returns a cache filled by load.
func NewOfferCache[T any](what string, load func(core.App) ([]T, error)) *OfferCache[T] {
	return &OfferCache[T]{what: what, load: load}
}

// Invalidate drops the cached offers; the next call reloads them.
func (c *OfferCache[T]) Invalidate() {
	c.mu.Lock()
	c.gen++
	c.offers, c.loaded = nil, time.Time{}
	c.mu.Unlock()
}

// Current returns the offers. On a database error it falls back to what it
// had (the form then offers the last known ones).
func (c *OfferCache[T]) Current(app core.App) []T {
	c.mu.Lock()
	offers, fresh, gen := c.offers, !c.loaded.IsZero() && time.Since(c.loaded) < offersTTL, c.gen
	c.mu.Unlock()
	if fresh {
		return offers
	}
	loaded, err := c.load(app)
	if err != nil {
		observe.From(app).Error("load "+c.what, "error", err)
		return offers
	}
	c.mu.Lock()
	if c.gen == gen { // an Invalidate meanwhile wins
		c.offers, c.loaded = loaded, time.Now()
	}
	c.mu.Unlock()
	return loaded
}
