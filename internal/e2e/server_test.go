package e2e

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"memberbase/internal/smtptest"
	"memberbase/internal/testapp"
)

// Profiles an instance runs in.
const (
	production  = "production"
	development = "development"
)

// The superuser every instance gets through the CLI, and the organisation
// name its pages show.
const (
	superuserEmail    = "root@e2e.example.org"
	superuserPassword = "e2e-superuser-password-0123456789"
	orgName           = "E2E Union"
)

// instance is one running `memberbase serve` process with its data dir, its
// SMTP server and, in production, the TLS proxy in front of it.
type instance struct {
	Profile string
	// Base is what clients use: https://localhost:PORT through the proxy in
	// production, the process's own http://127.0.0.1:PORT in development.
	Base string
	// Direct is the process's own plain-HTTP address.
	Direct  string
	Dir     string // working directory, outside the source tree
	DataDir string
	Env     map[string]string
	SMTP    *smtptest.Server
	Proxy   *tlsProxy // nil in development
	Out     *testapp.LogBuffer
	pid     int
	exited  chan struct{} // closed when the process has been reaped
	exitErr error         // set before exited is closed
}

// startProduction runs the binary in the production profile behind the TLS
// proxy, with a real SMTP server and a superuser; env overrides or adds
// variables (without the MEMBERBASE_ prefix).
func startProduction(t *testing.T, env map[string]string) *instance {
	t.Helper()
	proxy := startTLSProxy(t)
	smtp := smtptest.Start(t)
	vars := map[string]string{
		"ENV":                 production,
		"SECRET_KEY":          "e2e-secret-key-" + strings.Repeat("0123456789abcdef", 4),
		"ENCRYPTION_KEY":      "e2e-encryption-key-0123456789abc",
		"ALLOWED_HOSTS":       proxyHost,
		"BASE_URL":            proxy.URL,
		"TRUSTED_PROXIES":     "127.0.0.1/32",
		"SMTP_HOST":           smtp.Host,
		"SMTP_PORT":           fmt.Sprint(smtp.Port),
		"MAIL_FROM":           "noreply@e2e.example.org",
		"ORG_NAME":            orgName,
		"PRIVACY_CONTACT":     "privacy@e2e.example.org",
		"ERASE_LEFT_AFTER":    "8760h",
		"LOG_IP":              "true",
		"BACKUP_CRON":         "0 3 * * *",
		"HSTS_SECONDS":        "31536000",
		"SECURE_SSL_REDIRECT": "true",
	}
	for k, v := range env {
		vars[k] = v
	}
	inst := start(t, production, vars, smtp, fmt.Sprintf("127.0.0.1:%d", freePort(t)))
	inst.Proxy = proxy
	proxy.SetTarget(t, inst.Direct)
	inst.Base = proxy.URL
	return inst
}

// startDevelopment runs the binary in the development profile, mail to a
// real SMTP server, on plain HTTP; BASE_URL is the process's own address,
// so links in mails (and a card's QR) lead back to it.
func startDevelopment(t *testing.T, env map[string]string) *instance {
	t.Helper()
	smtp := smtptest.Start(t)
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	vars := map[string]string{"ENV": development, "SMTP_HOST": smtp.Host, "SMTP_PORT": fmt.Sprint(smtp.Port), "BASE_URL": "http://" + addr}
	for k, v := range env {
		vars[k] = v
	}
	inst := start(t, development, vars, smtp, addr)
	inst.Base = inst.Direct
	return inst
}

// start creates the superuser through the CLI, then starts `serve` on addr
// (a free loopback port) in a fresh directory. The process is stopped by its
// PID when the test ends (SIGTERM, SIGKILL after 10 s); its output is
// printed when the test failed.
func start(t *testing.T, profile string, vars map[string]string, smtp *smtptest.Server, addr string) *instance {
	t.Helper()
	dir := t.TempDir()
	if _, ok := vars["LEDGER_PATH"]; !ok && profile == production {
		// Required in production, outside the data dir.
		vars["LEDGER_PATH"] = filepath.Join(dir, "memberbase-ledger.jsonl")
	}
	inst := &instance{Profile: profile, Direct: "http://" + addr, Dir: dir, DataDir: filepath.Join(dir, "pb_data"), Env: vars, SMTP: smtp, Out: &testapp.LogBuffer{}}
	inst.cli(t, "superuser", "upsert", superuserEmail, superuserPassword)
	t.Cleanup(func() {
		inst.stop(10 * time.Second)
		if t.Failed() {
			t.Logf("memberbase serve (%s) output, last 16 KiB:\n%s", profile, tail(inst.Out.String(), 16<<10))
		}
	})
	inst.serve(t)
	return inst
}

// serve starts `serve` on the instance's address and data dir and waits
// for /healthz.
func (inst *instance) serve(t *testing.T) {
	t.Helper()
	cmd := exec.Command(binary(t), "serve", "--http", strings.TrimPrefix(inst.Direct, "http://"), "--dir", inst.DataDir)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = inst.Dir, inst.environ(), inst.Out, inst.Out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	inst.pid, inst.exited, inst.exitErr = cmd.Process.Pid, exited, nil
	go func() { inst.exitErr = cmd.Wait(); close(exited) }()
	deadline := time.Now().Add(60 * time.Second)
	for !healthy(inst.Direct) {
		select {
		case <-inst.exited:
			t.Fatalf("serve exited early: %v\n%s", inst.exitErr, inst.Out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not answer /healthz within 60 s\n%s", inst.Out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// restart stops `serve` (it must exit cleanly on SIGTERM) and starts it
// again on the same data dir and address with env applied to its variables
// (an empty value unsets one): what an operator's restart after a
// configuration change does.
func (inst *instance) restart(t *testing.T, env map[string]string) {
	t.Helper()
	inst.Stop(t)
	for k, v := range env {
		if v == "" {
			delete(inst.Env, k)
		} else {
			inst.Env[k] = v
		}
	}
	inst.serve(t)
}

// environ is the process environment: the test's own, minus every
// MEMBERBASE_* variable (a developer's shell, or MEMBERBASE_BIN, must not
// reach the server), plus the instance's variables.
func (inst *instance) environ() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MEMBERBASE_") {
			env = append(env, kv)
		}
	}
	keys := make([]string, 0, len(inst.Env))
	for k := range inst.Env {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		env = append(env, "MEMBERBASE_"+k+"="+inst.Env[k])
	}
	return env
}

// cli runs one memberbase command to completion against the instance's
// data dir and returns its output.
func (inst *instance) cli(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary(t), append(args, "--dir", inst.DataDir)...)
	cmd.Dir, cmd.Env = inst.Dir, inst.environ()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("memberbase %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Stop ends the process now, for checks of what it left on disk; it fails
// the test unless the process exits cleanly on SIGTERM.
func (inst *instance) Stop(t *testing.T) {
	t.Helper()
	if !inst.stop(15 * time.Second) {
		t.Fatal("serve did not stop within 15 s of SIGTERM")
	}
	if inst.exitErr != nil {
		t.Fatalf("serve exited with %v after SIGTERM", inst.exitErr)
	}
}

// stop sends SIGTERM to the process by its PID and waits up to grace, then
// sends SIGKILL; it reports whether SIGTERM sufficed.
func (inst *instance) stop(grace time.Duration) bool {
	if inst.exited == nil {
		return true // never started
	}
	select {
	case <-inst.exited:
		return true
	default:
	}
	_ = syscall.Kill(inst.pid, syscall.SIGTERM)
	select {
	case <-inst.exited:
		return true
	case <-time.After(grace):
		_ = syscall.Kill(inst.pid, syscall.SIGKILL)
		<-inst.exited
		return false
	}
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func healthy(base string) bool {
	c := &http.Client{Timeout: 2 * time.Second}
	res, err := c.Get(base + "/healthz")
	if err != nil {
		return false
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
