package dues

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"memberbase/internal/members"
)

// UnmatchedRow is a statement line stored unmatched, and why: what the
// admin reads before assigning it.
type UnmatchedRow struct {
	Line   int
	Reason string
}

// matcher finds the members that statement references name, a batch of
// rows at a time with one query per batch (never one per row).
type matcher struct {
	f members.IDFormat
	// widest is the longest number part a stored member ID has: an ID
	// given by a members import keeps its own padding ("M-42",
	// "M-0000042"), so each number is looked up in every width up to it.
	widest int
}

// newMatcher reads the widest stored member ID once per import.
func newMatcher(app core.App, f members.IDFormat) (*matcher, error) {
	var longest int
	err := app.DB().Select("COALESCE(MAX(LENGTH(member_id)), 0)").From(Members).Row(&longest)
	if err != nil {
		return nil, wrap("widest member id", err)
	}
	return &matcher{f: f, widest: max(f.Width, longest-len(f.Prefix))}, nil
}

// spellings returns every stored form of member number n in the format:
// the prefix, then n zero-padded to each width from its own digits up to
// the widest stored ID. f.Format(n) is among them.
func (m *matcher) spellings(n int64) []string {
	digits := strconv.FormatInt(n, 10)
	out := make([]string, 0, max(m.widest-len(digits)+1, 1))
	for w := len(digits); w <= max(m.widest, len(digits)); w++ {
		out = append(out, m.f.Prefix+strings.Repeat("0", w-len(digits))+digits)
	}
	return out
}

// holder is a stored member that a number could name.
type holder struct {
	ID       string `db:"id"`
	MemberID string `db:"member_id"`
	Status   string `db:"status"`
}

// match returns, by line, the record id of the member each row's
// reference names, and for the rows it names nobody, the reason.
func (m *matcher) match(app core.App, rows []StatementRow) (map[int]string, []UnmatchedRow, error) {
	want := map[int64][]int{}
	var why []UnmatchedRow
	var spelled []any
	for _, r := range rows {
		ns := ReferenceNumbers(r.Reference, m.f)
		switch {
		case len(ns) == 0:
			why = append(why, UnmatchedRow{r.Line, "no member ID in the reference."})
		case len(ns) > 1:
			ids := make([]string, len(ns))
			for i, n := range ns {
				ids[i] = m.f.Format(n)
			}
			why = append(why, UnmatchedRow{r.Line, fmt.Sprintf("more than one member ID in the reference (%s): not guessed.", strings.Join(ids, ", "))})
		default:
			if want[ns[0]] == nil {
				for _, s := range m.spellings(ns[0]) {
					spelled = append(spelled, s)
				}
			}
			want[ns[0]] = append(want[ns[0]], r.Line)
		}
	}
	holders := map[int64][]holder{}
	for start := 0; start < len(spelled); start += 500 {
		var found []holder
		err := app.DB().Select("id", "member_id", "status").From(Members).
			Where(dbx.In("member_id", spelled[start:min(start+500, len(spelled))]...)).All(&found)
		if err != nil {
			return nil, nil, wrap("members of references", err)
		}
		for _, h := range found {
			if n, ok := m.f.Parse(h.MemberID); ok {
				holders[n] = append(holders[n], h)
			}
		}
	}
	who := map[int]string{}
	for n, lines := range want {
		id, reason := m.decide(n, holders[n])
		for _, line := range lines {
			if id != "" {
				who[line] = id
			} else {
				why = append(why, UnmatchedRow{line, reason})
			}
		}
	}
	slices.SortFunc(why, func(a, b UnmatchedRow) int { return a.Line - b.Line })
	return who, why, nil
}

// decide picks the one current member holding number n, or says why none.
func (m *matcher) decide(n int64, hs []holder) (string, string) {
	var live []holder
	for _, h := range hs {
		if h.Status != "erased" {
			live = append(live, h)
		}
	}
	switch {
	case len(live) == 1:
		return live[0].ID, ""
	case len(live) > 1:
		ids := make([]string, len(live))
		for i, h := range live {
			ids[i] = h.MemberID
		}
		slices.Sort(ids)
		both := "all"
		if len(ids) == 2 {
			both = "both"
		}
		return "", fmt.Sprintf("%s %s stand for number %d: not guessed.", strings.Join(ids, " and "), both, n)
	case len(hs) > 0:
		return "", fmt.Sprintf("%s belongs to an erased member.", hs[0].MemberID)
	}
	return "", fmt.Sprintf("no member holds %s.", m.f.Format(n))
}
