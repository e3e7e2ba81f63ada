// Package e2e holds the black-box tests of the built binary: the real
// `memberbase serve` process behind a loopback TLS-terminating proxy, a real
// SMTP server, headless Chromium driven over the DevTools protocol, axe-core
// accessibility checks, the official PocketBase JS SDK, the security matrix
// over HTTP and a personal-data scan of everything the process wrote. It has
// no code of its own; docs/testing.md describes how to run it.
package e2e
