package load

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"memberbase/internal/smtptest"
	"memberbase/internal/testapp"
)

const (
	superuserEmail    = "root@bench.example.org"
	superuserPassword = "bench-superuser-password-0123456789"
)

// instance is one `memberbase serve` process in the production profile, with
// its own data dir outside the source tree and its own SMTP server.
type instance struct {
	Base    string // http://127.0.0.1:PORT
	Host    string // 127.0.0.1:PORT
	Dir     string
	SMTP    *smtptest.Server
	Token   string // superuser auth token
	env     []string
	bin     string
	cmd     *exec.Cmd
	out     *testapp.LogBuffer
	exited  chan struct{}
	exitErr error
}

// startInstance runs the binary in the production profile. The client talks
// plain HTTP on loopback but says X-Forwarded-Proto: https from a trusted
// proxy address (127.0.0.1), exactly what Caddy or nginx in front would do:
// the HTTPS redirect stays on and the CSRF cookie stays __Host- and Secure,
// and no TLS proxy cost is added to either side of a ratio.
func startInstance(t *testing.T, bin string) *instance {
	t.Helper()
	return startInstanceIn(t, bin, t.TempDir(), nil)
}

// startInstanceIn is [startInstance] on the data of dir (a later process
// on the same data, e.g. with another schedule), with extra MEMBERBASE_
// variables on top.
func startInstanceIn(t *testing.T, bin, dir string, extra map[string]string) *instance {
	t.Helper()
	smtp := smtptest.Start(t)
	port := freePort(t)
	host := fmt.Sprintf("127.0.0.1:%d", port)
	inst := &instance{Base: "http://" + host, Host: host, Dir: dir, SMTP: smtp, bin: bin, out: &testapp.LogBuffer{}, exited: make(chan struct{})}
	vars := map[string]string{
		"ENV":                 "production",
		"SECRET_KEY":          "bench-secret-key-" + strings.Repeat("0123456789abcdef", 4),
		"ENCRYPTION_KEY":      "bench-encryption-key-0123456789a",
		"ALLOWED_HOSTS":       "127.0.0.1",
		"BASE_URL":            "https://" + host,
		"TRUSTED_PROXIES":     "127.0.0.1/32",
		"SMTP_HOST":           smtp.Host,
		"SMTP_PORT":           strconv.Itoa(smtp.Port),
		"MAIL_FROM":           "noreply@bench.example.org",
		"ORG_NAME":            "Bench Union",
		"PRIVACY_CONTACT":     "privacy@bench.example.org",
		"BACKUP_CRON":         "0 3 * * *",
		"SECURE_SSL_REDIRECT": "true",
		"RATE_LIMIT":          "off",
		"LOG_LEVEL":           "warn",
		"LEDGER_PATH":         filepath.Join(dir, "memberbase-ledger.jsonl"),
	}
	for k, v := range extra {
		vars[k] = v
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MEMBERBASE_") {
			inst.env = append(inst.env, kv)
		}
	}
	for k, v := range vars {
		inst.env = append(inst.env, "MEMBERBASE_"+k+"="+v)
	}
	inst.cli(t, "superuser", "upsert", superuserEmail, superuserPassword)
	inst.cmd = exec.Command(bin, "serve", "--http", host, "--dir", filepath.Join(dir, "pb_data"))
	inst.cmd.Dir, inst.cmd.Env, inst.cmd.Stdout, inst.cmd.Stderr = dir, inst.env, inst.out, inst.out
	if err := inst.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { inst.exitErr = inst.cmd.Wait(); close(inst.exited) }()
	t.Cleanup(func() { inst.stop() })
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(inst.Base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case <-inst.exited:
			t.Fatalf("serve exited early: %v\n%s", inst.exitErr, inst.out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("serve did not answer /healthz within 60 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
	inst.Token = inst.superuserToken(t)
	return inst
}

func (inst *instance) cli(t *testing.T, args ...string) {
	t.Helper()
	cmd := exec.Command(inst.bin, append(args, "--dir", filepath.Join(inst.Dir, "pb_data"))...)
	cmd.Dir, cmd.Env = inst.Dir, inst.env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("memberbase %s: %v\n%s", args[0], err, out)
	}
}

// stop ends the process by its PID: SIGTERM, SIGKILL after 10 s.
func (inst *instance) stop() {
	select {
	case <-inst.exited:
		return
	default:
	}
	_ = syscall.Kill(inst.cmd.Process.Pid, syscall.SIGTERM)
	select {
	case <-inst.exited:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(inst.cmd.Process.Pid, syscall.SIGKILL)
		<-inst.exited
	}
}

// request builds a request as a TLS proxy in front would forward it.
func (inst *instance) request(method, path string, body io.Reader) *http.Request {
	req, _ := http.NewRequest(method, inst.Base+path, body)
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("X-Forwarded-For", "127.0.0.1")
	return req
}

// superuserJSON sends one JSON request as the superuser and decodes the answer.
func (inst *instance) superuserJSON(method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req := inst.request(method, path, body)
	req.Header.Set("Content-Type", "application/json")
	if inst.Token != "" {
		req.Header.Set("Authorization", inst.Token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, res.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

func (inst *instance) superuserToken(t *testing.T) string {
	t.Helper()
	var auth struct{ Token string }
	err := inst.superuserJSON("POST", "/api/collections/_superusers/auth-with-password",
		map[string]string{"identity": superuserEmail, "password": superuserPassword}, &auth)
	if err != nil {
		t.Fatal(err)
	}
	return auth.Token
}

// backlogs returns the queued rows of each worker from the status endpoint.
func (inst *instance) backlogs() (map[string]int, error) {
	var st struct {
		Workers map[string]struct {
			Backlog  int `json:"backlog"`
			InFlight int `json:"in_flight"`
		} `json:"workers"`
	}
	if err := inst.superuserJSON("GET", "/api/memberbase/status", nil, &st); err != nil {
		return nil, err
	}
	m := map[string]int{}
	for k, w := range st.Workers {
		m[k] = w.Backlog + w.InFlight
	}
	return m, nil
}

// procStatus reads one kB field (VmHWM, VmRSS) of the process.
func (inst *instance) procStatus(field string) (int, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", inst.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			return strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	return 0, fmt.Errorf("%s not in /proc status", field)
}

// binary is MEMBERBASE_BIN or a fresh build into a temp dir.
func binary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("MEMBERBASE_BIN"); bin != "" {
		abs, err := filepath.Abs(bin)
		if err != nil {
			t.Fatal(err)
		}
		return abs
	}
	bin, err := testapp.BuildBinary(t.TempDir(), filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
