# memberbase — every go command runs with Go 1.27.3, which PocketBase v0.40
# needs. On a machine with an older Go (and GOTOOLCHAIN=local) the go command
# downloads that toolchain from the module proxy once (~76 MB) and reuses it.
export GOTOOLCHAIN := go1.27.3

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)
STATICCHECK_VERSION := v0.8.2
GOVULNCHECK_VERSION := v1.9.0
GREMLINS_VERSION := v0.6.0
GOBIN := $(shell go env GOPATH)/bin
# The offline Go vulnerability database; override with `make vuln VULNDB=/abs/path`.
VULNDB ?= $(abspath ../shared/vulndb)
SAMPLE_ENV := deploy/production.env.example
DEV_SUPERUSER ?= admin@example.com
DEV_PASSWORD ?= memberbase-dev-password

.PHONY: run build test test-long lint bench bench-load tools vuln check-deploy fuzz e2e-deps mutate

## run: development profile, SQLite in ./pb_data, a dev superuser and demo links
run: build
	./bin/memberbase superuser upsert $(DEV_SUPERUSER) $(DEV_PASSWORD) --dir ./pb_data
	@echo
	@echo "  site:      http://127.0.0.1:8090/"
	@echo "  dashboard: http://127.0.0.1:8090/_/  ($(DEV_SUPERUSER) / $(DEV_PASSWORD))"
	@echo
	./bin/memberbase serve --http 127.0.0.1:8090 --dir ./pb_data

## build: the memberbase binary in ./bin (CGO off: pure-Go SQLite)
build:
	CGO_ENABLED=0 go build -trimpath -ldflags '$(LDFLAGS)' -o bin/memberbase .

## test: the whole suite with the race detector (needs cgo, so no CGO_ENABLED=0 here); the
##       browser, accessibility and SDK checks of internal/e2e run when Chromium and node are
##       installed and skip with a message otherwise (docs/testing.md)
test: e2e-deps
	go test -race -count=1 -timeout 30m ./...

## e2e-deps: the pinned npm packages of internal/e2e (axe-core, the PocketBase JS SDK), when
##           npm is installed and the lockfile is newer than node_modules; a failure only
##           makes those checks skip (.ci/run installs them strictly)
E2E_JS := internal/e2e/js
e2e-deps:
	@if ! command -v npm >/dev/null 2>&1; then \
		echo "e2e: npm not found: the accessibility and SDK checks will skip (docs/testing.md)"; \
	elif [ ! -d $(E2E_JS)/node_modules ] || [ $(E2E_JS)/package-lock.json -nt $(E2E_JS)/node_modules ]; then \
		npm ci --prefix $(E2E_JS) --no-audit --no-fund --loglevel=error || \
			echo "e2e: npm ci failed: the accessibility and SDK checks will skip"; \
	fi

## test-long: the long-running tests kept out of `make test` (only those: `make test` already
##            ran everything else)
LONG_TESTS := TestImportWhileServing|TestPaymentsImportWhileServing|TestSustainedLoadKeepsLogsBounded|TestRestoreDrill
test-long:
	MEMBERBASE_LONG_TESTS=1 go test -count=1 -timeout 30m -run '^($(LONG_TESTS))$$' ./internal/cli ./internal/observe ./internal/deploytest

## lint: gofmt, go vet and staticcheck at a pinned version
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet ./...
	go run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

## vuln: govulncheck against the offline database (VULNDB, default ../shared/vulndb) or, without one, the live one;
##       any reachable vulnerability fails (exit 3)
vuln:
	go install golang.org/x/vuln/cmd/govulncheck@$(GOVULNCHECK_VERSION)
	@if [ -d "$(VULNDB)" ]; then \
		echo "govulncheck: offline database $(VULNDB) ($$(cat "$(VULNDB)/index/db.json"))"; \
		$(GOBIN)/govulncheck -db "file://$(VULNDB)" ./... ; \
	else echo "govulncheck: live database (no $(VULNDB))"; $(GOBIN)/govulncheck ./... ; fi

## check-deploy: `memberbase check --deploy` against the sample production env (warnings allowed, see the file)
check-deploy: build
	env -i sh -c 'set -a && . ./$(SAMPLE_ENV) && exec ./bin/memberbase check --deploy --fail-level error'

## bench: Go benchmarks (load scripts live in bench/)
bench:
	go test -run '^$$' -bench . -benchmem ./...

## bench-load: the SPEC §12 load harness against the built binary (bench/load, about 9 minutes):
##             paired runs against baselines, written to bench/results/latest.md; knobs
##             BENCH_RUN (5s), BENCH_PAIRS (3), BENCH_RSS (60s), BENCH_JOIN_CONC (16; e.g. 16,1,64),
##             BENCH_LIFECYCLE (2000 members renewing at once; the SPEC's 100000 adds about 5 minutes on a
##             quiet machine, 25 on a loaded one), BENCH_PAYMENTS (50000 lines imported beside serve),
##             MEMBERBASE_BIN (else built once)
bench-load:
	BENCH_LOAD=1 go test -count=1 -run '^TestLoad$$' -v -timeout 40m ./bench/load/

## fuzz: run each fuzz target for FUZZTIME (the seed corpora already run in `make test`)
FUZZTIME ?= 30s
fuzz:
	go test -run '^$$' -fuzz '^FuzzHostAllowed$$' -fuzztime $(FUZZTIME) ./internal/config/
	go test -run '^$$' -fuzz '^FuzzCSRFVerify$$' -fuzztime $(FUZZTIME) ./internal/web/
	go test -run '^$$' -fuzz '^FuzzParseURLEncoded$$' -fuzztime $(FUZZTIME) ./internal/web/

## mutate: mutation testing (gremlins, pinned) of ONE package, printing its efficacy; slow (one
##         test run per mutant), so not part of `make test` or CI.
##         make mutate PKG=./internal/outbox [FILES="worker.go enqueue.go"] [MUTATE_WORKERS=2]
##                     [MUTATE_RUN='^(TestWorker|TestEnqueue)']
## MUTATE_RUN limits each mutant's test run to the tests that exercise FILES (go test -run):
## a mutant only those tests would miss counts as LIVED or NOT COVERED, so the figure can
## only be lower than with every test, never flattered.
## GOFLAGS: -count=1 so the coverage pass is not served from the test cache; -vet=off and
## -ldflags=-w because each mutant relinks the test binary and vet adds nothing to a mutant.
## The per-mutant timeout is the coverage pass's time times MUTATE_TIMEOUT_COEFFICIENT.
## Every mutant's build lands in a throwaway GOCACHE, removed at the end: in the shared
## cache a few packages' mutants filled 75 GB of disk.
PKG ?= ./internal/outbox
FILES ?=
MUTATE_WORKERS ?= 1
MUTATE_TIMEOUT_COEFFICIENT ?= 3
MUTATE_RUN ?=
mutate:
	@case "$(PKG)" in *...*|"") echo "mutate: PKG must be one package, e.g. PKG=./internal/outbox"; exit 2;; esac
	go install github.com/go-gremlins/gremlins/cmd/gremlins@$(GREMLINS_VERSION)
	@excl=""; if [ -n "$(FILES)" ]; then \
		for f in $(PKG)/*.go; do b=$$(basename $$f); case " $(FILES) " in *" $$b "*) ;; *) excl="$$excl -E ^$$b\$$";; esac; done; \
	fi; \
	cache=$$(mktemp -d); trap 'rm -rf "$$cache"' EXIT; \
	flags='-count=1 -vet=off -ldflags=-w'; if [ -n "$(MUTATE_RUN)" ]; then flags="$$flags -run=$(MUTATE_RUN)"; fi; \
	set -x; GOCACHE=$$cache GOFLAGS="$$flags" $(GOBIN)/gremlins unleash --workers $(MUTATE_WORKERS) \
		--timeout-coefficient $(MUTATE_TIMEOUT_COEFFICIENT) $$excl $(PKG)
