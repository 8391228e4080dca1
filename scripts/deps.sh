#!/usr/bin/env bash
# Installs the lab's system packages when any is missing (Debian/Ubuntu): ncursesw, OpenBLAS, tmux, and valgrind
# (the instruction-budget test counts the canonical step under callgrind; it skips when valgrind is absent).
packages=(libncursesw5-dev libopenblas-dev tmux valgrind)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
