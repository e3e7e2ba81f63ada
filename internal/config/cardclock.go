package config

import (
	"fmt"
	"strings"
	"time"
)

// maxCardClockOffset bounds CARD_CLOCK_OFFSET to the longest card there is.
const maxCardClockOffset = 87600 * time.Hour

// setCardClockOffset accepts a signed duration (0 is the real clock): the
// shift of the clock cards are signed and checked with, so that a
// development instance (the end-to-end tests) can show a QR after its ten
// minutes without waiting for them.
func setCardClockOffset(c *Config, v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d > maxCardClockOffset || d < -maxCardClockOffset {
		return fmt.Errorf("%q is not a duration like 11m or -1h (at most 87600h either way)", v)
	}
	c.CardClockOffset = d
	return nil
}

// CardClock returns the clock cards are signed and checked with: nil (the
// real clock) without CARD_CLOCK_OFFSET.
func (c *Config) CardClock() func() time.Time {
	if c.CardClockOffset == 0 {
		return nil
	}
	off := c.CardClockOffset
	return func() time.Time { return time.Now().Add(off) }
}

// validateCardClock refuses a shifted card clock in production: it would
// stretch or cut every QR's ten minutes and every card's validity.
func (c *Config) validateCardClock(add func(id, level, v, msg, fix string)) {
	if c.IsProduction() && c.CardClockOffset != 0 {
		add("MB.E021", LevelError, "CARD_CLOCK_OFFSET", "MEMBERBASE_CARD_CLOCK_OFFSET is set: production must sign and check cards with the real clock", "unset MEMBERBASE_CARD_CLOCK_OFFSET (it is for development and the end-to-end tests)")
	}
}
