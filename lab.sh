#!/usr/bin/env bash
# Installs what is missing, builds in release, and starts the lab (arguments pass through: ./lab.sh kepler).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/deps.sh
swift build -c release >&2
exec .build/release/lab "$@"
