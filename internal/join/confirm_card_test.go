package join_test

import (
	"testing"
)

// TestConfirmMailsTheCard: confirming a join mails the new member's card
// (the hook handed to the service as OnConfirmed), once, to the proven
// address.
func TestConfirmMailsTheCard(t *testing.T) {
	e := newEnv(t, nil)
	tok := e.requested("ada@example.org", false)
	if n := len(e.mails("card")); n != 0 {
		t.Fatalf("%d card mails before confirmation", n)
	}
	if _, err := e.join.Confirm(e.app, tok); err != nil {
		t.Fatal(err)
	}
	cards := e.mails("card")
	if len(cards) != 1 || cards[0].GetString("recipient") != "ada@example.org" {
		t.Fatalf("card mails after confirmation: %d", len(cards))
	}
}
