package config

import (
	"testing"
	"time"
)

func TestAnnouncementRate(t *testing.T) {
	for v, want := range map[string]RateLimit{
		"":        {Max: 600, Window: time.Minute},
		"100/1m":  {Max: 100, Window: time.Minute},
		"5000/1h": {Max: 5000, Window: time.Hour},
	} {
		c, err := Load(func(k string) string {
			if k == Prefix+"ANNOUNCEMENT_RATE" {
				return v
			}
			return ""
		})
		if err != nil {
			t.Fatalf("%q: %v", v, err)
		}
		if c.AnnouncementRate != want {
			t.Errorf("%q: %+v, want %+v", v, c.AnnouncementRate, want)
		}
	}
	for _, bad := range []string{"off", "0/1m", "10", "10/x", "-1/1m"} {
		if _, err := Load(func(k string) string {
			if k == Prefix+"ANNOUNCEMENT_RATE" {
				return bad
			}
			return ""
		}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
