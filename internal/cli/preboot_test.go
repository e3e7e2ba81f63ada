package cli

import (
	"slices"
	"strings"
	"testing"
)

func TestPrebootCommand(t *testing.T) {
	tests := []struct {
		args     string
		wantName string
		wantRest string
	}{
		{"check --deploy", "check", "--deploy"},
		{"healthcheck --url http://127.0.0.1:9/", "healthcheck", "--url http://127.0.0.1:9/"},
		{"--dir /data check --deploy", "check", "--deploy --dir /data"},
		{"--dir=/data --dev check --deploy", "check", "--deploy --dir=/data --dev"},
		{"--encryptionEnv X --queryTimeout 5 healthcheck", "healthcheck", "--encryptionEnv X --queryTimeout 5"},
		{"serve --http 127.0.0.1:8090", "", ""},
		{"--dir /data serve", "", ""},
		{"superuser upsert a@example.org check", "", ""},
		{"--help check", "", ""},
		{"", "", ""},
	}
	for _, tc := range tests {
		name, rest := PrebootCommand(strings.Fields(tc.args))
		if name != tc.wantName || !slices.Equal(rest, strings.Fields(tc.wantRest)) {
			t.Errorf("PrebootCommand(%q) = %q %q, want %q %q", tc.args, name, rest, tc.wantName, tc.wantRest)
		}
	}
}

// TestCommandName: main runs the production deploy checks only when the
// command really is serve, wherever PocketBase's flags stand.
func TestCommandName(t *testing.T) {
	for args, want := range map[string]string{
		"serve --http 0.0.0.0:8090":            "serve",
		"--dir /pb_data serve":                 "serve",
		"--dir=/pb_data --dev serve":           "serve",
		"superuser upsert a@example.org serve": "superuser",
		"--dir serve migrate up":               "migrate",
		"--version":                            "",
		"":                                     "",
	} {
		if got := CommandName(strings.Fields(args)); got != want {
			t.Errorf("CommandName(%q) = %q, want %q", args, got, want)
		}
	}
}
