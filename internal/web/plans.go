package web

import (
	"memberbase/internal/dues"
)

// find returns the offer with id, if it is offered.
func findOffer(offers []dues.Offer, id string) (dues.Offer, bool) {
	for _, o := range offers {
		if o.ID == id {
			return o, true
		}
	}
	return dues.Offer{}, false
}
