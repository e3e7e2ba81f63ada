package config

import (
	"testing"
	"time"
)

// TestCardClockOffset: unset (or 0) the card clock is the real one; set, it
// runs that far ahead or behind; malformed or beyond ten years, Load fails.
func TestCardClockOffset(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.CardClockOffset != 0 || c.CardClock() != nil {
		t.Fatalf("default offset %v: the card clock must be the real one", c.CardClockOffset)
	}
	for _, off := range []string{"11m", "-1h"} {
		c, err := Load(env(map[string]string{"CARD_CLOCK_OFFSET": off}))
		if err != nil {
			t.Fatalf("%s: %v", off, err)
		}
		want, _ := time.ParseDuration(off)
		before := time.Now().Add(want)
		got := c.CardClock()()
		if got.Before(before) || got.After(time.Now().Add(want)) {
			t.Errorf("%s: the card clock says %v, want about %v", off, got, before)
		}
	}
	for _, bad := range []string{"soon", "11", "87601h", "-87601h"} {
		if _, err := Load(env(map[string]string{"CARD_CLOCK_OFFSET": bad})); err == nil {
			t.Errorf("CARD_CLOCK_OFFSET=%q accepted", bad)
		}
	}
}

// TestCardClockOffsetIsAnErrorInProductionOnly: a shifted card clock would
// stretch every QR's ten minutes; production refuses to start with it.
func TestCardClockOffsetIsAnErrorInProductionOnly(t *testing.T) {
	prod, _ := Load(env(map[string]string{"ENV": "production", "CARD_CLOCK_OFFSET": "11m"}))
	if !hasID(Errors(prod.Validate()), "MB.E021") {
		t.Error("CARD_CLOCK_OFFSET in production is not an error")
	}
	dev, _ := Load(env(map[string]string{"CARD_CLOCK_OFFSET": "11m"}))
	if hasID(dev.Validate(), "MB.E021") {
		t.Error("CARD_CLOCK_OFFSET in development reported")
	}
}
