package dues

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"memberbase/internal/members"
)

// ReferenceNumber returns the member number a payer's reference names, and
// false when it names none or more than one.
//
// What counts as a member ID: the prefix of f (MEMBER_ID_PREFIX) in any
// case, with its punctuation optional, then optional spaces, dashes, dots or
// slashes, then digits with or without the zero-padding. With prefix M-,
// "M-000123", "m-123", "M 123", "m123 dues" and "Dues M - 000123" all name
// 123. The prefix must not continue a word ("ITEM123" names nothing). Two
// different numbers in one reference ("M-1 and M-2") name nothing: an import
// never guesses between two candidates. The same number twice is fine. A
// reference that is a number and nothing else ("42", "000042": the member
// ID column of a payroll list) names that number. Otherwise a number
// without the prefix is never taken, except with an empty prefix, where
// every run of digits is a candidate.
func ReferenceNumber(ref string, f members.IDFormat) (int64, bool) {
	ns := ReferenceNumbers(ref, f)
	if len(ns) != 1 {
		return 0, false
	}
	return ns[0], true
}

// ReferenceNumbers returns the distinct member numbers a reference names,
// in order (see [ReferenceNumber] for what counts).
func ReferenceNumbers(ref string, f members.IDFormat) []int64 {
	if n, ok := bareNumber(ref); ok {
		return []int64{n}
	}
	key := prefixKey(f.Prefix)
	s := []rune(strings.ToUpper(ref))
	var found []int64
	for i := 0; i < len(s); i++ {
		if i > 0 && isWordRune(s[i-1]) {
			continue
		}
		j, ok := matchPrefix(s, i, key)
		if !ok {
			continue
		}
		for j < len(s) && isSeparator(s[j]) {
			j++
		}
		k := j
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k == j || (k < len(s) && isWordRune(s[k])) {
			continue // no digits, or digits running into a word ("M12AB")
		}
		n, err := strconv.ParseInt(string(s[j:k]), 10, 64)
		if err != nil || n <= 0 || n > members.MaxMemberNumber {
			continue
		}
		if !slices.Contains(found, n) {
			found = append(found, n)
		}
		i = k - 1
	}
	return found
}

// bareNumber reads a reference that is only digits (spaces around them
// allowed) as a member number.
func bareNumber(ref string) (int64, bool) {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.IndexFunc(ref, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(ref, 10, 64)
	return n, err == nil && n > 0 && n <= members.MaxMemberNumber
}

// prefixKey is the prefix reduced to its letters and digits, upper-case:
// "M-" and "m" match the same references.
func prefixKey(prefix string) []rune {
	var key []rune
	for _, r := range strings.ToUpper(prefix) {
		if isWordRune(r) {
			key = append(key, r)
		}
	}
	return key
}

// matchPrefix reports whether the prefix key starts at s[i], skipping
// separators between its characters, and returns the index after it.
func matchPrefix(s []rune, i int, key []rune) (int, bool) {
	for n, want := range key {
		if n > 0 {
			for i < len(s) && isSeparator(s[i]) {
				i++
			}
		}
		if i >= len(s) || s[i] != want {
			return 0, false
		}
		i++
	}
	return i, true
}

func isSeparator(r rune) bool {
	return r == ' ' || r == '-' || r == '.' || r == '/' || r == '_' || r == '#' || r == ':'
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
