# Every target installs what it needs: a fresh clone only needs Python 3.11+.
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
RUN := $(UV) run --frozen

.PHONY: help install serve worker migrate test test-unit test-integration lint format image clean bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

.venv/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

install: .venv/.installed ## Install the service and its tools into .venv

serve: install ## Run the service (embedded PostgreSQL when DATABASE_URL is unset)
	$(RUN) ahc serve

worker: install ## Run a worker for background generation jobs (needs REDIS_URL)
	$(RUN) ahc worker

migrate: install ## Apply every migration (alembic upgrade head)
	$(RUN) alembic upgrade head

test: install ## Unit and integration tests (embedded PostgreSQL when TEST_DATABASE_URL is unset)
	$(RUN) pytest

test-unit: install ## Unit tests only
	$(RUN) pytest tests/unit

test-integration: install ## Integration tests only
	$(RUN) pytest tests/integration

lint: install ## ruff, mypy --strict and the layer contract
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy
	$(RUN) lint-imports

format: install ## Apply ruff's fixes and formatting
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

image: ## Build the container image (needs podman or docker)
	$$(command -v podman || command -v docker) build -f Containerfile -t asaan-hai-coding-backend .

clean: ## Remove the virtualenv and local data
	rm -rf .venv .data .mypy_cache .ruff_cache .pytest_cache

bench: install ## Service vs floor on the three hottest reads (needs ../shared/bench; installs wrk)
	$(RUN) python -m bench.run
.PHONY: bench-media
bench-media: install ## Peak memory of the API while it receives a 300 MiB streamed upload
	$(RUN) python -m bench.media_upload_memory
.PHONY: fuzz faults
fuzz: install ## Schema fuzzing of every operation (anonymous, ADMIN, USER) against a started service
	$(RUN) python -m bench.fuzz
faults: install ## Restart PostgreSQL under read/write load: clean 503s, recovery time, no 2xx write lost
	$(RUN) python -m bench.faults
