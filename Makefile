# 中枢: two commands for a new user.
#   make run   install everything, load the demo city, serve http://127.0.0.1:8000
#   make test  install what the tests need and run them all
# Options: PYTHON=python3.12, DATABASE_URL=postgres://..., PORT=8000

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export ZHONGSHU_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test install lint bench clean

$(BIN)/.installed: pyproject.toml package.json
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "需要 Python 3.11 或更高版本"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@command -v npm >/dev/null || { echo "需要 Node.js 与 npm（用于安装前端包）：apt-get install nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(BIN)/.installed

run: install
	ZHONGSHU_DEBUG=1 $(BIN)/zhongshu migrate --noinput
	ZHONGSHU_DEBUG=1 $(BIN)/zhongshu demo
	ZHONGSHU_DEBUG=1 $(BIN)/zhongshu serve --host 127.0.0.1 --port $(PORT)

test: install
	scripts/ensure-test-tools
	ZHONGSHU_ALLOW_INSECURE_KEY=1 $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules var
