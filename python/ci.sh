#!/usr/bin/env bash
# CI of the Python wheel (called by .ci/run): builds the wheel, installs it
# with pytest, PySpark and pyarrow in a venv of its own, and runs the pytest
# suite, which compares the wheel and the Spark pipeline with the CLI.
#
#   GAZETTE_VENV   the venv to use or create (default: target/py-venv)
#   PYTHON         the Python that creates it (default: python3, 3.9 or later)
#   GAZETTE_RAY=0  leaves Ray out (its tests are then skipped)
set -euo pipefail
cd "$(dirname "$0")"
root="$(cd .. && pwd)"
venv="${GAZETTE_VENV:-$root/target/py-venv}"
step() { printf '\n== python/ci.sh (%ds): %s\n' "$SECONDS" "$*"; }

command -v java >/dev/null || {
  echo "python/ci.sh: Java (17 or later) is needed for the Spark tests: apt-get install openjdk-17-jre-headless" >&2
  exit 1
}

step "venv $venv"
if [ ! -x "$venv/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$venv"
fi
py="$venv/bin/python"
"$py" -m pip install --quiet --upgrade pip
# PySpark's Arrow UDFs (mapInArrow) need pandas; PySpark does not support
# pandas 3 yet.
"$py" -m pip install --quiet "maturin>=1.9,<2" "pytest>=7" pyspark pyarrow "pandas>=2.2,<3"
if [ "${GAZETTE_RAY:-1}" != 0 ]; then
  "$py" -m pip install --quiet "ray[data]"
fi

step "the crate: fmt, clippy, unit tests"
export PYO3_PYTHON="$py"
cargo fmt -- --check
cargo clippy --all-targets -- -D warnings
cargo test --quiet

step "the wheel: maturin build, pip install"
rm -rf target/wheels
"$venv/bin/maturin" build --release --quiet --out target/wheels
"$py" -m pip install --quiet --force-reinstall --no-deps target/wheels/gazette-*.whl

step "the CLI the tests compare with"
(cd "$root" && cargo build --quiet --bin gazette)

step "pytest (the wheel; the Spark pipeline on local[2]; the Ray pipeline)"
# Not `python -m pytest`: that would put python/ first on sys.path, where
# the package has no native module.
GAZETTE_CLI="$root/target/debug/gazette" "$venv/bin/pytest" -p no:cacheprovider
