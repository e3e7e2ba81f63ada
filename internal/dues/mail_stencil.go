package dues

import (
	"strings"
	"unicode"

	"memberbase/internal/outbox"
)

// Placeholders a stencil is rendered with where the member's first name and
// member ID go, and the values its probe render uses instead: letters of
// both cases, digits, a space, a hyphen, a dot and a non-ASCII letter, every
// kind of character [stencilSafe] lets through.
const (
	holeFirstName  = "Qzh7FirstNameHole"
	holeMemberID   = "Qzh7MemberIDHole"
	probeFirstName = "Zoë Ann-Marie J. 9"
	probeMemberID  = "M-2026.0042 é"
)

// stencils renders each dues mail once per kind and shared values (plan,
// amount, dates) and fills in each member's first name and member ID: on
// the lifecycle's heaviest day every member of a plan gets the same mail
// but for those two, and rendering the templates was a seventh of the
// job's CPU. One lifecycle run keeps one; it is used by one goroutine.
type stencils map[stencilKey]*stencil

// stencilKey is a mail's renderer, kind and values but the member's own.
type stencilKey struct {
	rd     *outbox.Renderer
	kind   string
	shared Mail
}

// stencil is a mail rendered with the holes; ok is false when the kind's
// templates transform the probe values (a template that puts them in a
// link or an attribute, say), and then every member's mail is rendered.
type stencil struct {
	r  outbox.Rendered
	ok bool
}

// render renders kind with data, as [outbox.Renderer.Render] does: from
// the stencil of data's shared values when data's first name and member
// ID are [stencilSafe], else in full.
func (st stencils) render(rd *outbox.Renderer, kind string, data Mail) (outbox.Rendered, error) {
	if st == nil || !stencilSafe(data.FirstName) || !stencilSafe(data.MemberID) {
		return rd.Render(kind, data)
	}
	key := stencilKey{rd: rd, kind: kind, shared: data}
	key.shared.FirstName, key.shared.MemberID = "", ""
	sc := st[key]
	if sc == nil {
		var err error
		if sc, err = newStencil(rd, kind, data); err != nil {
			return outbox.Rendered{}, err
		}
		st[key] = sc
	}
	if !sc.ok {
		return rd.Render(kind, data)
	}
	return fill(sc.r, data.FirstName, data.MemberID), nil
}

// newStencil renders kind with the holes, and once more with the probe
// values to check that filling the holes gives what rendering gives.
func newStencil(rd *outbox.Renderer, kind string, data Mail) (*stencil, error) {
	data.FirstName, data.MemberID = holeFirstName, holeMemberID
	r, err := rd.Render(kind, data)
	if err != nil {
		return nil, err
	}
	data.FirstName, data.MemberID = probeFirstName, probeMemberID
	probe, err := rd.Render(kind, data)
	if err != nil {
		return nil, err
	}
	return &stencil{r: r, ok: fill(r, probeFirstName, probeMemberID) == probe}, nil
}

// fill puts first and id into r's holes, then folds the subject and trims
// the text as rendering does (a value at an edge, or with runs of spaces,
// comes out the same either way).
func fill(r outbox.Rendered, first, id string) outbox.Rendered {
	sub := strings.NewReplacer(holeFirstName, first, holeMemberID, id)
	return outbox.Rendered{
		Subject: strings.Join(strings.Fields(sub.Replace(r.Subject)), " "),
		Text:    strings.TrimSpace(sub.Replace(r.Text)) + "\n",
		HTML:    sub.Replace(r.HTML),
	}
}

// stencilSafe reports whether v is made only of letters, digits, spaces,
// hyphens and dots: characters that the templates' escaping leaves as they
// are wherever the probe's did (an apostrophe or an ampersand is escaped
// in HTML, so such a name is rendered in full).
func stencilSafe(v string) bool {
	for _, r := range v {
		if !unicode.IsLetter(r) && (r < '0' || r > '9') && r != ' ' && r != '-' && r != '.' {
			return false
		}
	}
	return true
}
