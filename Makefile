# Portal's two everyday commands are `make run` and `make test`.
GO ?= go
PKGS := ./...

.PHONY: run test build vet fmt check bench clean

## run: build and start a node on the embedded SQLite default (./data/portal.db, http://127.0.0.1:8080)
run:
	$(GO) run ./cmd/portal serve

## test: the whole suite with the race detector (PostgreSQL and Chromium tests skip with a reason when those are missing)
test: vet
	$(GO) test -race -count=1 -timeout 15m $(PKGS)

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
