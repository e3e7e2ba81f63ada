package dues

import (
	"context"
	"slices"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/audit"
)

// bulkChunk bounds the ids of one IN list.
const bulkChunk = 200

// newBulkBatch reads, in tx, what the payment hooks would read for the
// matched members of a batch (who: member record id by line): the
// members, their periods in [PeriodsOf]'s order, and the sums of the
// matched payments on their due periods. Three queries per 200 members.
func newBulkBatch(tx core.App, ctx context.Context, svc *Service, col *core.Collection, who map[int]string) (*bulkBatch, error) {
	b := &bulkBatch{
		tx: tx, svc: svc, log: audit.From(tx), buf: &audit.Buffer{}, col: col,
		members: map[string]*core.Record{}, periods: map[string][]*core.Record{},
		sums: map[string]*periodSum{}, hooked: map[string]bool{},
	}
	b.ctx = audit.WithBuffer(ctx, b.buf)
	var ids []any
	seen := map[string]bool{}
	for _, id := range who {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, c any) int { return strings.Compare(a.(string), c.(string)) })
	for start := 0; start < len(ids); start += bulkChunk {
		if err := b.load(ids[start:min(start+bulkChunk, len(ids))]); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// load reads the members ids name, their periods and the sums of their
// due periods.
func (b *bulkBatch) load(ids []any) error {
	var ms []*core.Record
	if err := b.tx.RecordQuery(Members).AndWhere(dbx.In("id", ids...)).All(&ms); err != nil {
		return wrap("members of the batch", err)
	}
	for _, m := range ms {
		b.members[m.Id] = m
	}
	var ps []*core.Record
	err := b.tx.RecordQuery(Periods).AndWhere(dbx.In("member", ids...)).
		OrderBy("[["+Periods+"]].[[starts_on]] ASC", "[["+Periods+"]].[[created]] ASC").All(&ps)
	if err != nil {
		return wrap("periods of the batch", err)
	}
	for _, p := range ps {
		b.periods[p.GetString("member")] = append(b.periods[p.GetString("member")], p)
	}
	var sums []struct {
		Period string `db:"period"`
		Total  int64  `db:"total"`
		Last   string `db:"last"`
	}
	err = b.tx.DB().Select("pe.id AS period", "COALESCE(SUM(pa.amount), 0) AS total", "COALESCE(MAX(pa.received_on), '') AS last").
		From(Periods+" pe").
		InnerJoin(Payments+" pa", dbx.NewExp("pa.period = pe.id AND pa.status = {:st} AND pa.currency = pe.currency", dbx.Params{"st": PaymentMatched})).
		Where(dbx.And(dbx.In("pe.member", ids...), dbx.HashExp{"pe.status": PeriodDue})).
		GroupBy("pe.id").All(&sums)
	if err != nil {
		return wrap("payments on the periods of the batch", err)
	}
	for _, s := range sums {
		b.sums[s.Period] = &periodSum{total: s.Total, last: s.Last}
	}
	return nil
}

// flush inserts the waiting payments with one prepared single-row
// insert per batch, reused: the SQLite driver allocates a multi-row
// statement's program in memory it maps and unmaps each time, which costs
// more than binding a row per step.
func (b *bulkBatch) flush() error {
	for _, pay := range b.pending {
		data, err := pay.DBExport(b.tx)
		if err != nil {
			return wrap("payment columns", err)
		}
		if b.insertQ == nil {
			for c := range data {
				b.cols = append(b.cols, c)
			}
			slices.Sort(b.cols)
			q := "INSERT INTO {{" + Payments + "}} ([[" + strings.Join(b.cols, "]], [[") + "]]) VALUES ({:" + strings.Join(b.cols, "}, {:") + "})"
			b.insertQ = b.tx.DB().NewQuery(q).Prepare()
		}
		params := dbx.Params{}
		for _, c := range b.cols {
			params[c] = data[c]
		}
		if _, err := b.insertQ.Bind(params).Execute(); err != nil {
			return wrap("insert payment", err)
		}
		pay.MarkAsNotNew()
	}
	b.pending = b.pending[:0]
	return nil
}

// close releases the prepared insert.
func (b *bulkBatch) close() {
	if b.insertQ != nil {
		_ = b.insertQ.Close()
	}
}
