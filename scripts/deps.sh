#!/usr/bin/env bash
# Installs the lab's system packages when any is missing (Debian/Ubuntu): ncursesw, OpenBLAS, tmux, and valgrind
# (the instruction-budget tests count the canonical step and one evaluation under callgrind; they skip without it);
# then libxsmm, optional: the lab loads it with dlopen for the small products where it beats OpenBLAS (issue 28).
packages=(libncursesw5-dev libopenblas-dev tmux valgrind)
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
missing=()
for p in "${packages[@]}" libxsmm-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${packages[@]}"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq libxsmm-dev \
    || echo "libxsmm-dev is not available: every product runs in OpenBLAS" >&2
fi
# Debian ships libxsmm as static archives only: link them (position-independent) into the shared library the lab opens.
if [ -e /usr/lib/libxsmm.a ] && [ ! -e /usr/local/lib/libxsmm.so ]; then
  compiler=$(command -v cc || command -v clang)
  $sudo_cmd "$compiler" -shared -o /usr/local/lib/libxsmm.so -Wl,--whole-archive /usr/lib/libxsmm.a /usr/lib/libxsmmnoblas.a \
    -Wl,--no-whole-archive -lpthread -lm -ldl -lrt && $sudo_cmd ldconfig \
    || echo "could not link /usr/local/lib/libxsmm.so: every product runs in OpenBLAS" >&2
fi
