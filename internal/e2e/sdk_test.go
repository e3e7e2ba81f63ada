package e2e

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// node returns the node executable once the npm packages are installed.
func node(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		missingTool(t, "no node on the PATH: the integrator script needs it (apt-get install nodejs npm; .ci/run installs it)")
	}
	if _, err := os.Stat(filepath.Join(jsDir, "node_modules", "pocketbase")); err != nil {
		missingTool(t, "the PocketBase JS SDK is not installed: run `npm ci` in internal/e2e/js (.ci/run does)")
	}
	return p
}

// sdkLine is one line the integrator script prints.
type sdkLine struct {
	Check  string `json:"check"`
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// TestIntegratorSDK runs js/integrator.mjs, the official PocketBase JS SDK
// against the built binary in production through the TLS proxy (node
// trusts the test CA through NODE_EXTRA_CA_CERTS): staff created by the
// superuser through REST; an editor creates and lists members, member_id is
// the server's (400 when set); a viewer reads but cannot write; guests see
// nothing; and the viewer's realtime subscription receives a member created
// meanwhile, through the join flow once it exists (issue 15), through REST
// until then.
func TestIntegratorSDK(t *testing.T) {
	inst := startProduction(t, nil)
	nodeBin := node(t)
	su := inst.superuser(t)
	const password = "staff-password-0123456789"
	su.createStaff("editor", "editor@e2e.example.org", password)
	su.createStaff("viewer", "viewer@e2e.example.org", password)
	const realtimeEmail = "realtime.member@e2e.example.org"

	cmd := exec.Command(nodeBin, "integrator.mjs")
	cmd.Dir = jsDir
	cmd.Env = append(os.Environ(),
		"NODE_EXTRA_CA_CERTS="+inst.Proxy.CAFile,
		"E2E_URL="+inst.Base,
		"E2E_EDITOR_EMAIL=editor@e2e.example.org",
		"E2E_VIEWER_EMAIL=viewer@e2e.example.org",
		"E2E_STAFF_PASSWORD="+password,
		"E2E_REALTIME_EMAIL="+realtimeEmail,
	)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Stopped by its PID whatever happens: after 90 s, or when the test
	// ends early.
	timer := time.AfterFunc(90*time.Second, func() { _ = cmd.Process.Kill() })
	t.Cleanup(func() {
		timer.Stop()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})

	checks := 0
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		var line sdkLine
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Errorf("integrator: %s", sc.Text())
			continue
		}
		if line.Check == "subscribed" {
			how := createMemberElsewhere(t, inst, su, realtimeEmail)
			t.Logf("member for the realtime check created %s", how)
			continue
		}
		checks++
		if line.OK {
			t.Logf("ok   %s %s", line.Check, line.Detail)
		} else {
			t.Errorf("FAIL %s: %s", line.Check, line.Detail)
		}
	}
	if err := cmd.Wait(); err != nil && !t.Failed() {
		t.Errorf("integrator.mjs: %v\n%s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Logf("integrator.mjs stderr:\n%s", stderr.String())
	}
	if checks < 15 {
		t.Errorf("integrator.mjs reported %d checks, want all of them", checks)
	}
}

// createMemberElsewhere creates a member with email the way a person does,
// through the join form and its mailed confirmation link, when /join
// exists (issue 15); through the superuser's REST API until then. It
// returns which way it took.
func createMemberElsewhere(t *testing.T, inst *instance, su *restClient, email string) string {
	t.Helper()
	c := inst.newClient(t, "127.0.0.170")
	if c.Get("/join").Status == http.StatusNotFound {
		su.createMember("Realtime", "Member", email)
		return "through REST (the join flow needs issue 15)"
	}
	join := publicForms()[0]
	before := inst.SMTP.Count()
	expectRedirect(t, c.PostForm(join.Post, c.validFields(join, email)), join.Sent)
	link := linkTo(t, inst, email, before, "/join/confirm")
	page := c.Get(strings.TrimPrefix(link, inst.Base))
	if page.Status != http.StatusOK {
		t.Fatalf("confirmation page: %d", page.Status)
	}
	v := hiddenFields(page.Body)
	if res := c.PostForm("/join/confirm", v); res.Status != http.StatusOK {
		t.Fatalf("confirm: %d %s", res.Status, res.Body)
	}
	return "through the join flow"
}
