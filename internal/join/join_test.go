package join_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	"memberbase/internal/join"
	"memberbase/internal/testapp"
)

func TestServiceIsAttachedAndItsClockCanMove(t *testing.T) {
	app, _ := testapp.New(t, nil)
	j, err := join.FromApp(app)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(j.Now()); d < 0 || d > time.Minute {
		t.Errorf("default clock is off by %s", d)
	}
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	j.SetClock(func() time.Time { return at })
	if !j.Now().Equal(at) {
		t.Error("SetClock ignored")
	}
	bare, err := tests.NewTestApp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Cleanup()
	if _, err := join.FromApp(bare); err == nil {
		t.Error("an app without our hooks has a join service")
	}
}
