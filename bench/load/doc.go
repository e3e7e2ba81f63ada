// Package load is the load harness of SPEC §12: it drives the built memberbase
// binary over loopback sockets and compares each scenario with a baseline
// measured in the same run (A B A B), so the results are ratios that survive a
// noisy shared machine. It lives in the package's tests, so it can use the
// in-process SMTP server of internal/smtptest; `make bench-load` runs it with
// BENCH_LOAD=1 and every other `go test` run leaves it out. See bench/README.md.
package load
