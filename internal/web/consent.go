package web

import (
	"errors"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/join"
	"memberbase/internal/observe"
)

// consentTTL is the safety net behind hook invalidation, as for footer links.
const consentTTL = 60 * time.Second

// errNoConsentText means no consent text is published: the join form cannot
// be shown (the first migration seeds version 1, so an operator removed it).
var errNoConsentText = errors.New("no published consent text")

// ConsentText is one published consent_texts row: the statement the join
// form asks people to acknowledge, and the marketing statement beside the
// one consent.
type ConsentText struct {
	Version            string
	Statement          string
	MarketingStatement string
	PublishedAt        time.Time
}

// ConsentTexts caches the consent texts in memory, so the join form runs no
// SQL when warm. Hooks call Invalidate on every change of the collection
// (hooks/consent_texts.go). Rows are few (one per version): all are kept and
// the newest published one is picked at each call, so a text dated in the
// future appears at its time without a reload.
type ConsentTexts struct {
	mu     sync.Mutex
	texts  []ConsentText // newest first
	loaded time.Time
	gen    uint64
	now    func() time.Time
}

// NewConsentTexts returns an empty cache.
func NewConsentTexts() *ConsentTexts { return &ConsentTexts{now: time.Now} }

// Invalidate drops the cached texts; the next call reloads them.
func (c *ConsentTexts) Invalidate() {
	c.mu.Lock()
	c.gen++
	c.texts, c.loaded = nil, time.Time{}
	c.mu.Unlock()
}

// Current returns the newest text published by now. On a database error it
// falls back to what it had.
func (c *ConsentTexts) Current(app core.App) (ConsentText, error) {
	c.mu.Lock()
	now := c.now()
	texts := c.texts
	fresh := !c.loaded.IsZero() && now.Sub(c.loaded) < consentTTL
	gen := c.gen
	c.mu.Unlock()
	if !fresh {
		loaded, err := loadConsentTexts(app)
		if err != nil {
			observe.From(app).Error("load consent texts", "error", err)
		} else {
			texts = loaded
			c.mu.Lock()
			if c.gen == gen {
				c.texts, c.loaded = loaded, now
			}
			c.mu.Unlock()
		}
	}
	for _, t := range texts {
		if !t.PublishedAt.After(now) {
			return t, nil
		}
	}
	return ConsentText{}, errNoConsentText
}

func loadConsentTexts(app core.App) ([]ConsentText, error) {
	recs, err := app.FindRecordsByFilter(join.ConsentCollection, "published_at != ''", "-published_at,-created", 0, 0)
	if err != nil {
		return nil, err
	}
	out := make([]ConsentText, 0, len(recs))
	for _, r := range recs {
		out = append(out, ConsentText{
			Version:            r.GetString("version"),
			Statement:          r.GetString("statement"),
			MarketingStatement: r.GetString("marketing_statement"),
			PublishedAt:        r.GetDateTime("published_at").Time(),
		})
	}
	return out, nil
}
