package join_test

import (
	"testing"
	"time"

	"memberbase/internal/join"
)

func TestExpireMarksThenPurges(t *testing.T) {
	e := newEnv(t, nil)
	used := e.requested("used@example.org", false)
	e.requested("idle@example.org", false)
	if _, err := e.join.Confirm(e.app, used); err != nil {
		t.Fatal(err)
	}
	status := func(email string) string {
		r, err := e.app.FindFirstRecordByData(join.Collection, "email", email)
		if err != nil {
			return "purged"
		}
		return r.GetString("status")
	}
	now := e.clock.Now()
	if res, err := join.Expire(e.app, now.Add(join.TTL-time.Minute)); err != nil || res != (join.ExpiryResult{}) {
		t.Fatalf("before expiry: %+v %v", res, err)
	}
	res, err := join.Expire(e.app, now.Add(join.TTL+time.Minute))
	if err != nil || res.Expired != 1 || res.Purged != 0 || status("idle@example.org") != join.StatusExpired || status("used@example.org") != join.StatusConfirmed {
		t.Fatalf("at expiry: %+v %v, idle %s, used %s", res, err, status("idle@example.org"), status("used@example.org"))
	}
	if res, _ := join.Expire(e.app, now.Add(join.TTL+time.Minute)); res != (join.ExpiryResult{}) {
		t.Errorf("a second run the same day did %+v", res)
	}
	res, err = join.Expire(e.app, now.Add(join.TTL+join.PurgeAfter+time.Minute))
	if err != nil || res.Purged != 2 || e.count(join.Collection) != 0 {
		t.Errorf("a week after expiry: %+v %v, %d left", res, err, e.count(join.Collection))
	}
	if e.count("members") != 1 {
		t.Error("the purge touched members")
	}
}
