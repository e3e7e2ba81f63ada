package webhooks

// msgAlphabet is the alphabet of a delivery's webhook-id after "msg_"
// (security.RandomString's); [recordid.Random] draws from it.
const msgAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
