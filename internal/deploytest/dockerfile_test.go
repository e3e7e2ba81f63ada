package deploytest

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"memberbase/internal/config"
)

// instruction is one Dockerfile instruction with its continuation lines joined.
type instruction struct {
	Cmd  string // upper-case keyword
	Args string
}

// parseDockerfile splits src into instructions, dropping comments and joining
// backslash continuations, which is all the checks below need.
func parseDockerfile(src string) []instruction {
	var out []instruction
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "#") || (t == "" && cur.Len() == 0) {
			continue
		}
		cont := strings.HasSuffix(t, `\`)
		cur.WriteString(strings.TrimSuffix(t, `\`) + " ")
		if cont {
			continue
		}
		cmd, args, _ := strings.Cut(strings.TrimSpace(cur.String()), " ")
		out = append(out, instruction{Cmd: strings.ToUpper(cmd), Args: strings.Join(strings.Fields(args), " ")})
		cur.Reset()
	}
	return out
}

// secretName matches variable names that must never be set in an image.
var secretName = regexp.MustCompile(`(?i)(SECRET|PASSWORD|PASSWD|TOKEN|DSN|ACCESS_KEY|ENCRYPTION|PRIVATE)`)

// dockerfileProblems returns every way src breaks the image contract of
// SPEC §11 and docs/deployment.md.
func dockerfileProblems(src string) []string {
	var problems []string
	fail := func(s string) { problems = append(problems, s) }
	ins := parseDockerfile(src)

	var stages [][]instruction
	for _, in := range ins {
		if in.Cmd == "FROM" {
			stages = append(stages, nil)
		}
		if len(stages) > 0 {
			stages[len(stages)-1] = append(stages[len(stages)-1], in)
		}
	}
	if len(stages) < 2 {
		return []string{"not a multi-stage build"}
	}
	build, final := stages[0], stages[len(stages)-1]
	if !strings.HasPrefix(build[0].Args, "golang:1.27") {
		fail("builder is not golang:1.27: " + build[0].Args)
	}
	base := final[0].Args
	if !strings.HasPrefix(base, "gcr.io/distroless/static") && !strings.HasPrefix(base, "scratch") {
		fail("final image is not distroless static or scratch: " + base)
	}

	var buildText strings.Builder
	for _, in := range build {
		buildText.WriteString(in.Cmd + " " + in.Args + "\n")
	}
	bt := buildText.String()
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", "-X main.version=", "--mount=type=cache,target=/go/pkg/mod"} {
		if !strings.Contains(bt, want) {
			fail("build stage lacks " + want)
		}
	}
	if strings.Contains(bt, "CGO_ENABLED=1") {
		fail("build stage turns cgo on")
	}

	var user, health, entry, cmd string
	var volumes, exposes, envs []string
	chownedData := false
	for _, in := range final {
		switch in.Cmd {
		case "USER":
			user = in.Args
		case "VOLUME":
			volumes = append(volumes, in.Args)
		case "EXPOSE":
			exposes = append(exposes, strings.Fields(in.Args)...)
		case "HEALTHCHECK":
			health = in.Args
		case "ENTRYPOINT":
			entry = in.Args
		case "CMD":
			cmd = in.Args
		case "ENV":
			envs = append(envs, in.Args)
		case "COPY":
			if strings.Contains(in.Args, "--chown=65532:65532") && strings.HasSuffix(in.Args, " /pb_data") {
				chownedData = true
			}
		}
	}
	if u, _, _ := strings.Cut(user, ":"); u == "" || u == "0" || u == "root" {
		fail("final stage runs as root (USER " + user + ")")
	} else if u != "65532" && u != "nonroot" {
		fail("USER is not distroless nonroot (65532): " + user)
	}
	if !slices.ContainsFunc(volumes, func(v string) bool { return strings.Contains(v, `"/pb_data"`) || v == "/pb_data" }) {
		fail("no /pb_data volume")
	}
	if !chownedData {
		fail("/pb_data is not created owned by 65532 before the volume is declared")
	}
	if !slices.Contains(exposes, "8090") {
		fail("port 8090 is not exposed")
	}
	if !strings.Contains(health, `CMD ["/memberbase", "healthcheck"]`) {
		fail("HEALTHCHECK does not run `memberbase healthcheck`: " + health)
	}
	run := entry + " " + cmd
	for _, want := range []string{`"/memberbase"`, `"serve"`, `"--http", "0.0.0.0:8090"`, `"--dir", "/pb_data"`} {
		if !strings.Contains(run, want) {
			fail("ENTRYPOINT/CMD lacks " + want + ": " + run)
		}
	}
	if !slices.ContainsFunc(envs, func(e string) bool { return strings.Contains(e, config.Prefix+"ENV=production") }) {
		fail("final stage does not set MEMBERBASE_ENV=production")
	}

	secrets := map[string]bool{}
	for _, o := range config.Options() {
		if o.Secret {
			secrets[config.Prefix+o.Name] = true
			secrets[config.Prefix+o.Name+"_FILE"] = true
		}
	}
	for _, in := range ins {
		if in.Cmd != "ENV" && in.Cmd != "ARG" {
			continue
		}
		for _, kv := range strings.Fields(in.Args) {
			name, _, _ := strings.Cut(kv, "=")
			if secrets[name] || secretName.MatchString(name) {
				fail(in.Cmd + " bakes in a secret: " + name)
			}
		}
	}
	return problems
}

func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return string(b)
}

func TestDockerfileKeepsTheImageContract(t *testing.T) {
	for _, p := range dockerfileProblems(readRepoFile(t, "Dockerfile")) {
		t.Error(p)
	}
}

// TestDockerfileChecksCatchRegressions proves each check can fail: every
// mutation of the real Dockerfile must be reported.
func TestDockerfileChecksCatchRegressions(t *testing.T) {
	src := readRepoFile(t, "Dockerfile")
	mutations := map[string][2]string{
		"root user":         {"USER 65532:65532", "USER root"},
		"no user":           {"USER 65532:65532", ""},
		"cgo on":            {"CGO_ENABLED=0", "CGO_ENABLED=1"},
		"no trimpath":       {"-trimpath", ""},
		"no version stamp":  {"-X main.version=", "-X main.other="},
		"no module cache":   {"--mount=type=cache,target=/go/pkg/mod", ""},
		"no volume":         {`VOLUME ["/pb_data", "/ledger"]`, `VOLUME ["/ledger"]`},
		"volume not owned":  {"--chown=65532:65532 /out/pb_data", "/out/pb_data"},
		"wrong port":        {"EXPOSE 8090", "EXPOSE 80"},
		"curl healthcheck":  {`CMD ["/memberbase", "healthcheck"]`, `CMD curl -f http://127.0.0.1:8090/healthz`},
		"development image": {"MEMBERBASE_ENV=production", "MEMBERBASE_ENV=development"},
		"loopback only":     {"0.0.0.0:8090", "127.0.0.1:8090"},
		"full base image":   {"gcr.io/distroless/static-debian12:nonroot", "debian:bookworm"},
		"baked secret":      {"ENV MEMBERBASE_ENV=production", "ENV MEMBERBASE_ENV=production MEMBERBASE_SECRET_KEY=abc"},
		"baked secret file": {"ARG VERSION=dev", "ARG MEMBERBASE_SMTP_PASSWORD_FILE=/run/pw"},
		"single stage":      {"FROM golang:1.27 AS build", "FROM gcr.io/distroless/static-debian12:nonroot"},
	}
	for name, m := range mutations {
		t.Run(name, func(t *testing.T) {
			if !strings.Contains(src, m[0]) {
				t.Fatalf("the Dockerfile no longer contains %q: update this mutation", m[0])
			}
			if got := dockerfileProblems(strings.ReplaceAll(src, m[0], m[1])); len(got) == 0 {
				t.Errorf("mutation %q went unnoticed", name)
			}
		})
	}
}

func TestDockerignoreKeepsDataAndSecretsOut(t *testing.T) {
	lines := strings.Fields(readRepoFile(t, ".dockerignore"))
	for _, want := range []string{".git", "pb_data/", "bin/", "*.env", ".env*", "*.zip"} {
		if !slices.Contains(lines, want) {
			t.Errorf(".dockerignore lacks %s", want)
		}
	}
}
