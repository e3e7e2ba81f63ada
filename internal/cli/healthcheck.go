package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultHealthURL is what `healthcheck` probes without --url: the liveness
// probe of a server started with the default --http address.
const DefaultHealthURL = "http://127.0.0.1:8090/healthz"

// healthTimeout bounds the whole probe: a container HEALTHCHECK must answer
// well within its own interval.
const healthTimeout = 5 * time.Second

const healthUsage = "memberbase healthcheck [--url URL] (default " + DefaultHealthURL + ")"

// Healthcheck runs `healthcheck [--url URL]`: it returns nil when the URL
// answers 200 and an error with a one-line reason otherwise. A URL without a
// path gets /healthz. It never touches pb_data, so a container can run it
// next to the server (no curl needed in the image).
func Healthcheck(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	raw := fs.String("url", DefaultHealthURL, "URL of the liveness probe (a bare origin gets /healthz)")
	persistentFlags(fs) // accepted, meaningless here: the probe never opens pb_data
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(out, healthUsage)
		return nil
	} else if err != nil {
		return fmt.Errorf("healthcheck: %w (usage: %s)", err, healthUsage)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("healthcheck: unexpected argument %q", fs.Arg(0))
	}
	target, err := healthURL(*raw)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}

	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	client := &http.Client{
		// The probe targets this host's own server: no proxy from the
		// environment, and a redirect is an answer, not a hop to follow.
		Transport:     &http.Transport{Proxy: nil, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %s: %s", target, reason(err))
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", target, resp.Status)
	}
	fmt.Fprintf(out, "healthcheck: %s answered %s\n", target, resp.Status)
	return nil
}

// healthURL validates --url and appends /healthz to a bare origin.
func healthURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("--url %q is not an absolute http(s) URL", raw)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/healthz"
	}
	return u.String(), nil
}

// reason turns a transport error into a short, single-line cause.
func reason(err error) string {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("no answer within %s", healthTimeout)
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}
