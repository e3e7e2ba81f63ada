package cli

import (
	"flag"
	"slices"
	"strings"
)

// Commands main runs before PocketBase is constructed: PocketBase bootstraps
// (and so creates pb_data) for every command it knows, and these two must
// work without touching the data directory.
const (
	CommandCheck       = "check"
	CommandHealthcheck = "healthcheck"
)

// pbValueFlags are PocketBase's persistent flags that take a value.
var pbValueFlags = []string{"dir", "encryptionEnv", "queryTimeout"}

// PrebootCommand returns the pre-boot command args name ("" for any other
// command) and its arguments. PocketBase's persistent flags may precede the
// command name (`memberbase --dir /data check --deploy`): they are moved
// after it so that the command's own flag set sees them.
func PrebootCommand(args []string) (string, []string) {
	name, i := commandAt(args)
	if name != CommandCheck && name != CommandHealthcheck {
		return "", nil
	}
	return name, append(slices.Clone(args[i+1:]), args[:i]...)
}

// CommandName returns the name of the command args run (e.g. "serve"),
// skipping PocketBase's persistent flags before it; "" when there is none.
func CommandName(args []string) string {
	name, _ := commandAt(args)
	return name
}

// commandAt finds the first argument that is not one of PocketBase's
// persistent flags (or their value) and returns it with its index.
func commandAt(args []string) (string, int) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			return a, i
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case name == "dev":
		case slices.Contains(pbValueFlags, name):
			if !hasValue {
				i++
			}
		default:
			// An unknown flag (or --help, --version): PocketBase's
			// command line handles it without bootstrapping.
			return "", -1
		}
	}
	return "", -1
}

// persistentFlags defines PocketBase's persistent flags on fs so that the
// pre-boot commands accept them like every other command; only --dir and
// --dev mean something to them.
func persistentFlags(fs *flag.FlagSet) (dir *string, dev *bool) {
	dir = fs.String("dir", DefaultDataDir, "PocketBase data directory")
	dev = fs.Bool("dev", false, "PocketBase dev mode")
	fs.String("encryptionEnv", "", "ignored")
	fs.String("queryTimeout", "", "ignored")
	return dir, dev
}
