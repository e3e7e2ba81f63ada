package main

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestDefaultMemoryLimitUnlessGOMEMLIMIT(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })

	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "200MiB")
	if setDefaultMemoryLimit() || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Fatal("the default replaced the operator's GOMEMLIMIT")
	}
	t.Setenv("GOMEMLIMIT", "")
	if !setDefaultMemoryLimit() || debug.SetMemoryLimit(-1) != defaultMemoryLimit {
		t.Fatalf("limit %d, want the default %d", debug.SetMemoryLimit(-1), defaultMemoryLimit)
	}
}
