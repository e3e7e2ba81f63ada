package join_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"memberbase/internal/join"
)

func TestCheckConsentChange(t *testing.T) {
	e := newEnv(t, nil)
	col, _ := e.app.FindCollectionByNameOrId(join.ConsentCollection)
	now := time.Now()
	at := func(t time.Time) types.DateTime { dt, _ := types.ParseDateTime(t.UTC()); return dt }
	for name, c := range map[string]struct {
		published any
		refused   bool
	}{
		"draft without a date": {"", false},
		"dated in the future":  {at(now.Add(time.Hour)), false},
		"published":            {at(now.Add(-time.Hour)), true},
		"published just now":   {at(now), true},
	} {
		r := core.NewRecord(col)
		r.Set("published_at", c.published)
		if err := join.CheckConsentChange(r, now); (err != nil) != c.refused {
			t.Errorf("%s: %v", name, err)
		}
	}
}
