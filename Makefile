# hearth — every target a newcomer needs, on one screen.
# `make test` installs what the tests need when it is missing (Chromium,
# npm packages, PostgreSQL later) and runs every test.

GO ?= go

.PHONY: test test-go test-browser lint fuzz bench demo build

test: test-go test-browser

# Packages whose tests open a database run a second time on PostgreSQL.
DB_PACKAGES = $(shell $(GO) list -f '{{.ImportPath}} {{join .TestImports " "}} {{join .XTestImports " "}}' ./... | grep sqldbtest | cut -d' ' -f1)

## test-go: every Go test on SQLite, then the storage and HTTP suites on PostgreSQL
## (a throwaway cluster is started, and PostgreSQL installed if missing), with -race.
test-go:
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 20m ./...
	HEARTH_TEST_BACKEND=postgres $(GO) test -race -count=1 -timeout 20m $(DB_PACKAGES)

## test-browser: headless Chromium (no JavaScript) and axe-core on every page type.
test-browser:
	bash e2e/run.sh

## lint: gofmt, vet and staticcheck.
lint:
	@test -z "$$(gofmt -l .)" || (gofmt -l .; exit 1)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

## fuzz: a short run of every fuzz target.
fuzz:
	$(GO) test ./markup -run '^$$' -fuzz FuzzRender -fuzztime 30s
	$(GO) test ./privacy -run '^$$' -fuzz FuzzScan -fuzztime 30s
	$(GO) test ./search -run '^$$' -fuzz FuzzParseQuery -fuzztime 30s
	$(GO) test ./sqldb -run '^$$' -fuzz FuzzSearch -fuzztime 30s

## bench: hearth against nginx on the same bytes (installs nginx and wrk if missing);
## quick by default (about 3 minutes), `make bench MODE=full` for the record (1M posts).
## Results: bench/results/latest.md and latest.json.
MODE ?= quick
bench:
	$(GO) run ./bench/cmd/bench -mode $(MODE)

## demo: the quick start.
demo:
	$(GO) run ./cmd/hearth demo

build:
	$(GO) build -o hearth ./cmd/hearth
