package selfservice

import (
	"context"

	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
)

// saveAsMember saves the member's own record for them: the access audit
// names the member (actor "you" in their access history), not the system.
func saveAsMember(tx core.App, m *core.Record) error {
	ctx := audit.WithActor(context.Background(), audit.Actor{Type: audit.ActorMember, ID: m.Id})
	return tx.SaveWithContext(ctx, m)
}
