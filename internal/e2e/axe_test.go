package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// jsDir holds package.json and the lockfile of the npm packages (installed
// by `npm ci` into node_modules).
const jsDir = "js"

// axeScript returns axe-core's axe.min.js from node_modules.
func axeScript(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(jsDir, "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		missingTool(t, "axe-core is not installed: run `npm ci` in internal/e2e/js (.ci/run does)")
	}
	return string(b)
}

// wcagTags select the rules of WCAG 2.0 and 2.1, levels A and AA.
const wcagTags = `["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]`

// axeRun runs axe on the document and returns a summary; every rule run is
// in exactly one of the four lists.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ` + wcagTags + `}, resultTypes: ["violations"]}).then(r => ({
	version: r.testEngine.version,
	violations: r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)})),
	incomplete: r.incomplete.map(v => v.id),
	passes: r.passes.length,
	inapplicable: r.inapplicable.length,
	rules: r.violations.length + r.incomplete.length + r.passes.length + r.inapplicable.length
}))`

type axeReport struct {
	Version      string         `json:"version"`
	Violations   []axeViolation `json:"violations"`
	Incomplete   []string       `json:"incomplete"`
	Passes       int            `json:"passes"`
	Inapplicable int            `json:"inapplicable"`
	Rules        int            `json:"rules"`
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axe evaluates axe.min.js in the current page through the DevTools
// protocol (Runtime.evaluate is not subject to the page's CSP, which
// forbids inline and injected scripts), runs the WCAG 2.1 A/AA rules and
// fails the test for each violation.
func (b *browser) axe(script string) axeReport {
	b.t.Helper()
	rep := b.axeReport(script)
	for _, v := range rep.Violations {
		b.t.Errorf("axe %s (%s): %s\n  %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  "))
	}
	if rep.Rules == 0 {
		b.t.Fatal("axe ran no rule")
	}
	return rep
}

// axeReport injects axe-core and returns its report on the current page.
func (b *browser) axeReport(script string) axeReport {
	b.t.Helper()
	b.do("inject axe-core", chromedp.Evaluate[chromedp.Void](script))
	return run(b, "axe.run", chromedp.Evaluate[axeReport](axeRun, chromedp.EvalAwaitPromise))
}

// show makes the browser display res as the document at path: the
// navigation is intercepted with the DevTools Fetch domain and answered with
// res's status, headers and body, while the page's stylesheet and icon come
// from the server as usual. It is how the browser sees an answer it cannot
// ask for itself (a foreign Host, a 413 or 415 body, a rate-limited POST):
// the answer is the server's own, only its delivery is replayed.
func (b *browser) show(path string, res response) int64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	url := b.inst.Base + path
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{
		{URLPattern: url, ResourceType: network.ResourceTypeDocument},
	}}); err != nil {
		b.t.Fatalf("fetch.enable: %v", err)
	}
	defer func() { _, _ = chromedp.Call(ctx, fetch.Disable, cdp.Empty{}) }()
	var headers []*fetch.HeaderEntry
	for k, vs := range res.Header {
		for _, v := range vs {
			headers = append(headers, &fetch.HeaderEntry{Name: k, Value: v})
		}
	}
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, fetch.FulfillRequest, fetch.FulfillRequestParams{
				RequestID: ev.RequestID, ResponseCode: int64(res.Status), ResponseHeaders: headers, Body: res.Body,
			})
			return
		}
	}()
	nav, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		b.t.Fatalf("show %d at %s: %v", res.Status, path, err)
	}
	b.screenshot(path, false)
	return nav.Status
}
