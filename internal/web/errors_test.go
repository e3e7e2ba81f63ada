package web

import (
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

func TestErrorStatusAndRetryAfter(t *testing.T) {
	cases := []struct {
		err  error
		want int
	}{
		{apis.NewNotFoundError("", nil), 404},
		{fmt.Errorf("wrapped: %w", apis.NewApiError(410, "", nil)), 410},
		{os.ErrNotExist, 404},
		{errors.New("boom"), 500},
	}
	for _, c := range cases {
		if got := errorStatus(c.err); got != c.want {
			t.Errorf("errorStatus(%v) = %d, want %d", c.err, got, c.want)
		}
	}
	rule := core.RateLimitRule{Label: "POST /join", MaxRequests: 3, Duration: 42}
	limited := apis.NewTooManyRequestsError("", errors.New("triggered rate limit rule: "+rule.String()))
	if got := retryAfter(limited); got != 42 {
		t.Errorf("retryAfter = %d, want 42", got)
	}
	if got := retryAfter(apis.NewTooManyRequestsError("", nil)); got != 60 {
		t.Errorf("retryAfter fallback = %d", got)
	}
}
