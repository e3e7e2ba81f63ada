package dues

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// partSeparator joins an external_id and the number of a part split off
// it: "TX-1~2" is the second part of the bank's line TX-1.
const partSeparator = "~"

// maxExternalID is the length of payments.external_id.
const maxExternalID = 200

// owed returns what is still to pay on a due period: its amount less the
// matched payments already on it in its currency.
func owed(app core.App, p *core.Record) (int, error) {
	var total int64
	err := app.DB().Select("COALESCE(SUM(amount), 0)").From(Payments).
		Where(dbx.HashExp{"period": p.Id, "status": PaymentMatched, "currency": p.GetString("currency")}).
		Row(&total)
	if err != nil {
		return 0, wrap("sum payments", err)
	}
	return max(p.GetInt("amount")-int(total), 0), nil
}

// splitOff cuts pay down to keep and returns a new, unsaved payment of the
// rest: the same member, day, method, reference and payer, no period, and
// the next part's external_id, so a re-import still finds the line by its
// own id and the parts add up to the bank's amount.
func splitOff(pay *core.Record, keep int) *core.Record {
	rest := core.NewRecord(pay.Collection())
	for _, f := range []string{"member", "currency", "received_on", "method", "reference", "payer"} {
		rest.Set(f, pay.Get(f))
	}
	rest.Set("amount", pay.GetInt("amount")-keep)
	rest.Set("external_id", nextPart(pay.GetString("external_id")))
	pay.Set("amount", keep)
	return rest
}

// nextPart returns the external_id of the part after id ("" stays "": a
// payment typed in by hand has no id). "TX-1" gives "TX-1~2", "TX-1~2"
// gives "TX-1~3". An id too long for a suffix is replaced by its hash.
func nextPart(id string) string {
	if id == "" {
		return ""
	}
	base, n := id, 1
	if i := strings.LastIndex(id, partSeparator); i >= 0 {
		if k, err := strconv.Atoi(id[i+len(partSeparator):]); err == nil && k > 1 {
			base, n = id[:i], k
		}
	}
	next := base + partSeparator + strconv.Itoa(n+1)
	if len(next) > maxExternalID {
		sum := sha256.Sum256([]byte(base))
		next = "sha256:" + hex.EncodeToString(sum[:16]) + partSeparator + strconv.Itoa(n+1)
	}
	return next
}

// creditTallyKey carries a *CreditTally through the saves of an import.
type creditTallyKey struct{}

// CreditTally counts the payments stored as credit (matched, nothing due
// left to pay) by the saves made with a context from [WithCreditTally].
type CreditTally struct {
	Payments int
	Amount   map[string]int // minor units by currency
}

// WithCreditTally returns ctx carrying t: the payment hooks add each credit
// they store to it, the surplus parts of a split included.
func WithCreditTally(ctx context.Context, t *CreditTally) context.Context {
	return context.WithValue(ctx, creditTallyKey{}, t)
}

// tallyCredit adds a payment stored as credit to the context's tally.
func tallyCredit(ctx context.Context, pay *core.Record) {
	if ctx == nil {
		return
	}
	t, _ := ctx.Value(creditTallyKey{}).(*CreditTally)
	if t == nil {
		return
	}
	if t.Amount == nil {
		t.Amount = map[string]int{}
	}
	t.Payments++
	t.Amount[pay.GetString("currency")] += pay.GetInt("amount")
}
