package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"
)

// TestPersonalDataScan proves the scan both ways on a real instance: a
// member created through REST is found in data.db, in the members table
// only, and nowhere in stdout or PocketBase's log database, even after
// requests that carried the address in a filter; a value never sent is
// found nowhere; the request ids the logs hold are found in stdout.
func TestPersonalDataScan(t *testing.T) {
	inst := startProduction(t, nil)
	su := inst.superuser(t)
	const email, first, last = "zelda.quixote@e2e.example.org", "Zelda", "Quixote-Scan"
	su.createMember(first, last, email)

	filter := url.QueryEscape("email='" + email + "'")
	var page struct{ Items []member }
	su.call(http.MethodGet, "/api/collections/members/records?filter="+filter, nil, http.StatusOK, &page)
	if len(page.Items) != 1 {
		t.Fatalf("filter by address: %d members", len(page.Items))
	}
	guest := inst.newClient(t, "127.0.0.70")
	res := guest.Get("/api/collections/members/records?filter=" + filter)
	var guestPage struct{ Items []member }
	if res.Status == http.StatusOK {
		if err := json.Unmarshal(res.Body, &guestPage); err != nil || len(guestPage.Items) != 0 {
			t.Fatalf("a guest lists members: %s", res.Body)
		}
	}
	bad := guest.Get("/api/collections/members/records?filter=" + url.QueryEscape("email='"+email+"' &&"))
	inst.Stop(t)

	id := bad.Header.Get("X-Request-Id")
	found := inst.scanWritten(t, email, last, "never-sent-"+last, id)
	want := []finding{{email, "data.db"}, {last, "data.db"}, {id, "stdout"}}
	for _, w := range want {
		if !slices.Contains(found, w) {
			t.Errorf("scan missed %v", w)
		}
	}
	for _, f := range found {
		// The failed request is in PocketBase's log database too.
		if !slices.Contains(want, f) && f != (finding{id, "auxiliary.db"}) {
			t.Errorf("found %v", f)
		}
	}
	if cols := inst.columnsHolding(t, "data.db", email); !slices.Equal(cols, []string{"members.email"}) {
		t.Errorf("address held in %v, want members.email only", cols)
	}
	if cols := inst.columnsHolding(t, "auxiliary.db", email); len(cols) != 0 {
		t.Errorf("address in PocketBase's logs: %v", cols)
	}
}
