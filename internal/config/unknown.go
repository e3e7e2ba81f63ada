package config

import (
	"fmt"
	"slices"
	"strings"
)

// KnownVariables returns every MEMBERBASE_* name memberbase reads: each
// option, NAME_FILE for secrets only, and the internal [EncryptionEnvName]
// main sets itself (it is inherited when PocketBase restarts the process).
func KnownVariables() map[string]bool {
	known := map[string]bool{EncryptionEnvName: true}
	for _, o := range Options() {
		known[Prefix+o.Name] = true
		if o.Secret {
			known[Prefix+o.Name+"_FILE"] = true
		}
	}
	return known
}

// unknownVariables returns the sorted MEMBERBASE_* names of vars that
// memberbase does not read: a typo such as MEMBERBASE_ALLOWED_HOST is
// otherwise silently ignored, and the default it leaves in place is found
// much later.
func unknownVariables(vars map[string]string) []string {
	known := KnownVariables()
	var out []string
	for k := range vars {
		if strings.HasPrefix(k, Prefix) && !known[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// validateUnknown warns about each unknown variable, naming the closest
// known one.
func (c *Config) validateUnknown(add func(id, level, v, msg, fix string)) {
	for _, name := range c.UnknownVars {
		base, isFile := strings.CutSuffix(name, "_FILE")
		msg := fmt.Sprintf("%s is not a memberbase variable: it is ignored", name)
		fix := fmt.Sprintf("rename it to %s, or remove it", closestKnown(name))
		if isFile && KnownVariables()[base] {
			msg = fmt.Sprintf("%s is ignored: only secrets accept the _FILE form, and %s is not one", name, base)
			fix = fmt.Sprintf("set %s to the value itself", base)
		}
		add("MB.W013", LevelWarning, strings.TrimPrefix(name, Prefix), msg, fix)
	}
}

// closestKnown returns the known variable nearest to name by Levenshtein
// distance (the first in sorted order on a tie), leaving out the internal
// [EncryptionEnvName] nobody should set.
func closestKnown(name string) string {
	var names []string
	for k := range KnownVariables() {
		if k != EncryptionEnvName {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	best, bestDist := "", -1
	for _, k := range names {
		if d := levenshtein(name, k); bestDist < 0 || d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

// levenshtein is the edit distance between a and b (insertions, deletions
// and substitutions of bytes; variable names are ASCII).
func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
