package token

import "strings"

// MaskEmail shows enough of an address for its owner to recognise it and
// little enough for anyone else: "jane@example.org" → "j***@e***.org". It is
// the only form in which an address appears on a page or in another mail.
func MaskEmail(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 {
		return "***"
	}
	local, domain := addr[:at], addr[at+1:]
	tld := ""
	if dot := strings.LastIndexByte(domain, '.'); dot > 0 && dot < len(domain)-1 {
		tld = domain[dot:]
		domain = domain[:dot]
	}
	return first(local) + "***@" + first(domain) + "***" + tld
}

// first returns the first character of s (a whole rune, never half of one).
func first(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}
