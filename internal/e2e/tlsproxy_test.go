package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// proxyHost is the name clients use for the TLS proxy: the browser treats
// it as a secure origin and resolves it to loopback by itself.
const proxyHost = "localhost"

// tlsProxy is a loopback TLS-terminating reverse proxy in front of one
// memberbase process, doing what Caddy or nginx do in a deployment: it keeps
// the Host header, appends the peer's address to X-Forwarded-For and sets
// X-Forwarded-Proto: https. Its certificate is issued by a test CA that the
// Go clients and node trust (CAFile); Chromium is started with
// --ignore-certificate-errors.
type tlsProxy struct {
	// URL is https://localhost:PORT, the public base of the site.
	URL    string
	Port   int
	CAFile string
	Pool   *x509.CertPool
	target atomic.Pointer[url.URL]
	srv    *httptest.Server
}

// startTLSProxy listens on a free loopback port before the backend exists, so
// the backend can be started with BASE_URL pointing at it; [tlsProxy.SetTarget]
// connects them. It is closed when the test ends.
func startTLSProxy(t testing.TB) *tlsProxy {
	t.Helper()
	cert, pool, caPEM := testCertificate(t)
	p := &tlsProxy{Pool: pool, CAFile: filepath.Join(t.TempDir(), "e2e-ca.pem")}
	if err := os.WriteFile(p.CAFile, caPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	rp := &httputil.ReverseProxy{
		Rewrite:       p.rewrite,
		FlushInterval: -1, // realtime (server-sent events) passes unbuffered
		ErrorLog:      log.New(io.Discard, "", 0),
	}
	p.srv = httptest.NewUnstartedServer(rp)
	p.srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	p.srv.StartTLS()
	t.Cleanup(p.srv.Close)
	p.Port = p.srv.Listener.Addr().(*net.TCPAddr).Port
	p.URL = fmt.Sprintf("https://%s:%d", proxyHost, p.Port)
	return p
}

// SetTarget points the proxy at the backend's plain-HTTP base URL.
func (p *tlsProxy) SetTarget(t testing.TB, base string) {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	p.target.Store(u)
}

func (p *tlsProxy) rewrite(r *httputil.ProxyRequest) {
	target := p.target.Load()
	if target == nil {
		target = &url.URL{Scheme: "http", Host: "127.0.0.1:1"}
	}
	r.SetURL(target)
	r.Out.Host = r.In.Host
	// Rewrite has already removed the client's X-Forwarded-* headers from
	// Out; like nginx's $proxy_add_x_forwarded_for, keep the client's chain
	// and append the peer.
	peer, _, _ := net.SplitHostPort(r.In.RemoteAddr)
	chain := append(r.In.Header.Values("X-Forwarded-For"), peer)
	r.Out.Header.Set("X-Forwarded-For", strings.Join(chain, ", "))
	r.Out.Header.Set("X-Forwarded-Proto", "https")
	r.Out.Header.Set("X-Forwarded-Host", r.In.Host)
}

// testCertificate makes a CA and a server certificate for localhost and
// 127.0.0.1 signed by it; it returns the server's key pair, a pool holding
// the CA and the CA in PEM.
func testCertificate(t testing.TB) (tls.Certificate, *x509.CertPool, []byte) {
	t.Helper()
	now := time.Now()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "memberbase e2e test CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: proxyHost},
		DNSNames: []string{proxyHost}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool, caPEM
}
