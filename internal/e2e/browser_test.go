package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// screenshotsEnv names a directory that receives a PNG of every browser step.
const screenshotsEnv = "E2E_SCREENSHOTS"

// missingTool skips the test with msg, or fails it with E2E_REQUIRED=1.
func missingTool(t *testing.T, msg string) {
	t.Helper()
	if required() {
		t.Fatalf("%s (%s=1: required)", msg, requiredEnv)
	}
	t.Skip(msg)
}

// chromium returns the path of Debian's Chromium (or another Chromium or
// Chrome on the PATH).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missingTool(t, "no Chromium on the PATH: the browser flows and the accessibility checks need it (apt-get install chromium; .ci/run installs it)")
	return ""
}

// browser is one headless Chromium with one tab, started with the flags this
// closed network needs, and stopped (the process killed and reaped by
// chromedp's allocator) when the test ends.
type browser struct {
	t    *testing.T
	inst *instance
	ctx  context.Context
	step int
}

func newBrowser(t *testing.T, inst *instance) *browser {
	t.Helper()
	path := chromium(t)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		// The proxy's certificate comes from the test CA.
		chromedp.IgnoreCertErrors,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first call starts the browser; it must not carry a timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	b := &browser{t: t, inst: inst, ctx: ctx}
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot("failure", true)
		}
	})
	return b
}

// do runs browser steps with a 30 s limit.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser: %s: %v", what, err)
	}
}

// run runs one browser action with a 30 s limit and returns its value.
func run[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %s: %v", what, err)
	}
	return v
}

// open navigates to path on the site and returns the document's status.
func (b *browser) open(path string) int64 {
	b.t.Helper()
	return b.openURL(b.inst.Base + path).Status
}

// openURL navigates to an absolute URL (a link from a mail) and returns the
// document's response.
func (b *browser) openURL(url string) *network.Response {
	b.t.Helper()
	res := run(b, "open "+url, chromedp.NavigateResponse(url))
	b.screenshot(strings.TrimPrefix(url, b.inst.Base), false)
	return res
}

// typeInto types text into the field with id, as a person would.
func (b *browser) typeInto(id, text string) {
	b.t.Helper()
	b.do("type into #"+id, chromedp.SendKeys(chromedp.ID(id), text))
}

// click clicks sel without waiting for a navigation.
func (b *browser) click(sel string) {
	b.t.Helper()
	b.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// value returns the current value of the field with id.
func (b *browser) value(id string) string {
	b.t.Helper()
	return run(b, "value of #"+id, chromedp.Value(chromedp.ID(id)))
}

// submit clicks sel (a submit button), waits for the next document and
// returns its status and URL.
func (b *browser) submit(sel string) (int64, string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("browser: submit %s: %v", sel, err)
	}
	b.screenshot("after "+sel, false)
	return res.Status, res.URL
}

// text returns the text of the first element matching sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return run(b, "text of "+sel, chromedp.Text(chromedp.CSS(sel)))
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	return run(b, expr, chromedp.Evaluate[T](expr))
}

// press sends keys (see package kb) to the focused element.
func (b *browser) press(keys string) {
	b.t.Helper()
	b.do("press", chromedp.KeyEvent(keys))
}

// pressEnter sends Enter as a keyboard does: one keyDown carrying the
// character, then keyUp. (chromedp's KeyEvent adds a separate char event,
// a second Enter that lands on whatever the first one focused: after a link
// to a form field, it would submit the form.)
func (b *browser) pressEnter() {
	b.t.Helper()
	b.do("press Enter", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, p := range []input.DispatchKeyEventParams{
			{Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter", Text: "\r", UnmodifiedText: "\r", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13},
			{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13},
		} {
			if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	}))
}

// focused returns a description of the focused element: its id, or its tag
// and text.
func (b *browser) focused() string {
	b.t.Helper()
	return eval[string](b, `(e => e.id ? "#" + e.id : e.tagName.toLowerCase() + ":" + e.textContent.trim())(document.activeElement)`)
}

// cookies returns the browser's cookies for the site.
func (b *browser) cookies() []*network.Cookie {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{b.inst.Base + "/"}})
	if err != nil {
		b.t.Fatalf("browser: cookies: %v", err)
	}
	return res.Cookies
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// screenshot saves a PNG of the whole page to E2E_SCREENSHOTS, and on
// failure also to the test's artifact directory (kept with go test
// -artifacts).
func (b *browser) screenshot(name string, failure bool) {
	dir := os.Getenv(screenshotsEnv)
	if dir == "" && !failure {
		return
	}
	if dir == "" {
		dir = b.t.ArtifactDir()
	}
	b.step++
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	file := filepath.Join(dir, fmt.Sprintf("%s-%02d-%s.png", unsafeName.ReplaceAllString(b.t.Name(), "_"), b.step, unsafeName.ReplaceAllString(name, "_")))
	if err = os.MkdirAll(dir, 0o755); err == nil {
		err = os.WriteFile(file, png, 0o644)
	}
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
	} else if failure {
		b.t.Logf("screenshot of the failure: %s", file)
	}
}

// chromedpSetAll sets the value of every element matching the CSS selector
// sel (hidden fields included, which SetValue would wait to see).
func chromedpSetAll(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.querySelectorAll(%q).forEach(e => { e.value = %q })`, sel, value))
}
