package members_test

import (
	"fmt"
	"testing"

	"memberbase/internal/members"
	"memberbase/internal/testapp"
)

// BenchmarkMemberCreate measures a member create (sequence, validation,
// insert, commit) with the restore-safety ledger's reservations and without
// them (Reserver.Path empty): SPEC §9 asks what the ledger costs a create.
// Run it A/B: go test -run '^$' -bench MemberCreate -count 5 -benchtime 200x.
func BenchmarkMemberCreate(b *testing.B) {
	for _, ledger := range []bool{true, false} {
		name := "ledger"
		if !ledger {
			name = "no-ledger"
		}
		b.Run(name, func(b *testing.B) {
			app, _ := testapp.New(b, map[string]string{"LOG_LEVEL": "error"})
			r := members.ReserverFrom(app)
			if r == nil || r.Path == "" {
				b.Fatal("the app has no ledger reserver")
			}
			path := r.Path
			if !ledger {
				r.Path = ""
			}
			b.ResetTimer()
			for i := range b.N {
				testapp.SaveMember(b, app, map[string]any{"email": fmt.Sprintf("m%06d@example.org", i)})
			}
			b.StopTimer()
			// The A side reserved numbers in the ledger, the B side did not.
			entries, err := members.ReadLedger(path)
			if err != nil || (len(entries) > 0) != ledger {
				b.Fatalf("ledger %v: %d entries (%v)", ledger, len(entries), err)
			}
		})
	}
}
