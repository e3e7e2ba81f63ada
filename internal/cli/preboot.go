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
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			if a != CommandCheck && a != CommandHealthcheck {
				return "", nil
			}
			return a, append(slices.Clone(args[i+1:]), args[:i]...)
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
			return "", nil
		}
	}
	return "", nil
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
