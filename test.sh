#!/usr/bin/env bash
# Installs what is missing and runs the whole test suite (unit, golden snapshots, tmux end-to-end).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/deps.sh
swift build --build-tests
swift test --skip-build
