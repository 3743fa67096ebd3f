# Portal's two everyday commands are `make run` and `make test`.
GO ?= go
PKGS := ./...

.PHONY: run test build vet fmt check bench clean demo

## run: build and start a node on the embedded SQLite default (./data/portal.db, http://127.0.0.1:8080)
run:
	$(GO) run ./cmd/portal serve

## demo: a small alliance on this machine — three member nodes and a hub on 127.0.0.2–5:8090, seeded, data in ./data/demo (wiped at start); Ctrl-C stops it
demo:
	$(GO) build -o bin/portal-demo ./cmd/portal-demo
	./bin/portal-demo

## test: the whole suite with the race detector (PostgreSQL and Chromium tests skip with a reason when those are missing)
test: vet
	$(GO) test -race -count=1 -timeout 15m $(PKGS)

## bench: the full benchmark on SQLite, then on a fresh PostgreSQL database when one answers at 127.0.0.1:5432
bench:
	$(GO) run ./cmd/portal-bench
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		db=portal_bench_$$(date +%s); \
		psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $$db" && \
		$(GO) run ./cmd/portal-bench --database "postgres://postgres@127.0.0.1:5432/$$db?sslmode=disable"; \
		status=$$?; psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $$db WITH (FORCE)"; exit $$status; \
	else echo "bench: no PostgreSQL at 127.0.0.1:5432, measured SQLite only"; fi

## build: the portal binary into ./bin
build:
	$(GO) build -o bin/portal ./cmd/portal

vet:
	$(GO) vet $(PKGS)

## fmt: format the code
fmt:
	gofmt -w $$(git ls-files '*.go')

## check: what CI checks before the tests (formatting and vet)
check: vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin
