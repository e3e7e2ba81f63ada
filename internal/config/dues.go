package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/tools/cron"
	"golang.org/x/text/currency"
)

// setCurrency accepts an ISO 4217 code (any case; stored upper-case): the
// default currency of new plans (SPEC §15).
func setCurrency(c *Config, v string) error {
	u, err := currency.ParseISO(strings.TrimSpace(v))
	if err != nil {
		return fmt.Errorf("%q is not an ISO 4217 currency code like EUR", v)
	}
	c.Currency = u.String()
	return nil
}

// setLifecycleCron accepts a 5-field cron expression or @macro; the
// lifecycle job always runs, so it cannot be empty.
func setLifecycleCron(c *Config, v string) error {
	v = strings.TrimSpace(v)
	if _, err := cron.NewSchedule(v); err != nil {
		return fmt.Errorf("%q is not a 5-field cron expression or @macro: %w", v, err)
	}
	c.LifecycleCron = v
	return nil
}

// setRenewalNoticeDays accepts 1 to 365: how many days before paid_through
// the next period is created and the renewal_due mail queued.
func setRenewalNoticeDays(c *Config, v string) error {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > 365 {
		return fmt.Errorf("%q is not a number of days from 1 to 365", v)
	}
	c.RenewalNoticeDays = n
	return nil
}

// setFinanceRetention accepts a non-negative duration: how long payer and
// reference stay on an erased member's payments after the period's end.
func setFinanceRetention(c *Config, v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d < 0 {
		return fmt.Errorf("%q is not a duration like 87600h, or 0", v)
	}
	c.FinanceRetention = d
	return nil
}
