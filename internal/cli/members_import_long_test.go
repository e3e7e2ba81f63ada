package cli_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestImportWhileServing imports 100,000 rows with the real binary while a
// separate `memberbase serve` process answers REST creates on the same data
// dir: both sides finish without an error and every member ID is distinct.
func TestImportWhileServing(t *testing.T) {
	if os.Getenv("MEMBERBASE_LONG_TESTS") == "" {
		t.Skip("long test: make test-long")
	}
	const rows = 100_000
	srv := startServing(t)
	dir, base, token, command := srv.Dir, srv.Base, srv.Token, srv.Command

	csvPath := filepath.Join(dir, "big.csv")
	writeBigCSV(t, csvPath, rows)

	done := make(chan struct{})
	var restErrs atomic.Int64
	var restCreated atomic.Int64
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			client := &http.Client{Timeout: time.Minute}
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				body := fmt.Sprintf(`{"first_name":"Rest","last_name":"Client","email":"rest-%d-%d@example.org"}`, w, i)
				req, _ := http.NewRequest(http.MethodPost, base+"/api/collections/members/records", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", token)
				resp, err := client.Do(req)
				if err != nil {
					restErrs.Add(1)
					t.Errorf("REST create: %v", err)
					continue
				}
				if resp.StatusCode != 200 {
					restErrs.Add(1)
					b := new(bytes.Buffer)
					_, _ = b.ReadFrom(resp.Body)
					t.Errorf("REST create: %d %s", resp.StatusCode, b)
				} else {
					restCreated.Add(1)
				}
				resp.Body.Close()
			}
		})
	}
	start := time.Now()
	importOut, importErr := command(t.Context(), "members", "import", csvPath).CombinedOutput()
	close(done)
	wg.Wait()
	t.Logf("import of %d rows took %s alongside %d REST creates", rows, time.Since(start), restCreated.Load())
	if importErr != nil {
		t.Fatalf("import: %v\n%s", importErr, tail(importOut))
	}
	if restErrs.Load() > 0 || restCreated.Load() == 0 {
		t.Fatalf("REST side: %d errors, %d created; serve log:\n%s", restErrs.Load(), restCreated.Load(), errorLines(srv.Log))
	}

	exported, err := command(t.Context(), "members", "export").Output()
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	records, err := csv.NewReader(bytes.NewReader(exported)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range records[1:] {
		if seen[r[0]] || r[0] == "" {
			t.Fatalf("duplicate or empty member_id %q", r[0])
		}
		seen[r[0]] = true
	}
	if want := rows + int(restCreated.Load()); len(seen) != want {
		t.Errorf("%d members, want %d", len(seen), want)
	}
	// Both processes chained audit rows in the same log.
	if out, err := command(t.Context(), "audit", "verify").CombinedOutput(); err != nil {
		t.Errorf("audit verify: %v\n%s", err, tail(out))
	}
}

func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func waitHealthy(t testing.TB, base string) {
	for range 100 {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("serve did not become healthy")
}

func superuserToken(t testing.TB, base string) string {
	resp, err := http.Post(base+"/api/collections/_superusers/auth-with-password", "application/json",
		strings.NewReader(`{"identity":"root@example.org","password":"root-password-123"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		t.Fatalf("superuser auth: %d %v", resp.StatusCode, err)
	}
	return out.Token
}

// writeBigCSV writes n members; every tenth keeps a given member ID far
// above the rest, so the sequence must move past it before REST numbers.
func writeBigCSV(t testing.TB, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "member_id,first_name,last_name,email,status,joined_at")
	for i := range n {
		id := ""
		if i%10 == 0 {
			id = fmt.Sprintf("M-%06d", 500_000+i)
		}
		fmt.Fprintf(w, "%s,Import%d,Row,import-%d@example.org,active,2025-01-02\n", id, i, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// errorLines returns the lines of the serve log that report an error, so a
// failed REST create shows its cause.
func errorLines(path string) string {
	b, _ := os.ReadFile(path)
	var out []string
	for line := range strings.Lines(string(b)) {
		if strings.Contains(strings.ToLower(line), "error") {
			out = append(out, line)
		}
	}
	return tail([]byte(strings.Join(out, "")))
}

func tail(b []byte) string {
	if len(b) > 2000 {
		return string(b[len(b)-2000:])
	}
	return string(b)
}
