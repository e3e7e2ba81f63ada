package branches

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
)

// Offer is a public branch as the join form and the manage page offer it.
type Offer struct {
	ID   string
	Name string
}

// Public returns the public branches by name: what members may choose.
// Empty when branches are not used (the forms then show no branch field).
func Public(app core.App) ([]Offer, error) {
	bs, err := app.FindRecordsByFilter(Collection, "public = true", "name,code", 0, 0)
	if err != nil {
		return nil, fmt.Errorf("branches: public: %w", err)
	}
	out := make([]Offer, 0, len(bs))
	for _, b := range bs {
		out = append(out, Offer{ID: b.Id, Name: b.GetString("name")})
	}
	return out, nil
}

// PublicID returns id when it names a branch that is still public, else "":
// a branch withdrawn between a form and its processing is dropped rather
// than failing the join (the admin sees a member without a branch).
func PublicID(app core.App, id string) string {
	if id == "" {
		return ""
	}
	b, err := app.FindRecordById(Collection, id)
	if err != nil || !b.GetBool("public") {
		return ""
	}
	return b.Id
}

// Find returns the offer with id, if it is offered.
func Find(offers []Offer, id string) (Offer, bool) {
	for _, o := range offers {
		if o.ID == id {
			return o, true
		}
	}
	return Offer{}, false
}
