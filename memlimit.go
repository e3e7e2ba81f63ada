package main

import (
	"os"
	"runtime/debug"
)

// defaultMemoryLimit is the Go runtime's soft memory limit for `serve` when
// the operator set no GOMEMLIMIT: SPEC §12 holds the process to 100 MiB peak
// RSS under a sustained join load, and with the default GOGC alone the heap
// may double between collections. Near the limit the collector runs more
// often; it never refuses memory, so a larger live heap still works.
const defaultMemoryLimit = 80 << 20

// setDefaultMemoryLimit applies [defaultMemoryLimit] unless GOMEMLIMIT is
// set (the runtime has read that one already), and reports whether it did.
func setDefaultMemoryLimit() bool {
	if os.Getenv("GOMEMLIMIT") != "" {
		return false
	}
	debug.SetMemoryLimit(defaultMemoryLimit)
	return true
}
