#!/usr/bin/env bash
# Installs the Debian 12 packages carecast needs (only those missing) and
# builds it. Sourced by run-baseline.sh and run-tests.sh; idempotent.
set -euo pipefail

CC_PACKAGES=(build-essential cmake pkg-config libgsl-dev libconfig-dev libcmocka-dev gnuplot-nox nettle-dev
             libmicrohttpd-dev curl chromium clang-14 libclang-rt-14-dev libomp-14-dev
             libopenmpi-dev openmpi-bin libxlsxwriter-dev python3 poppler-utils)

cc_install_missing() {
    local missing=()
    for pkg in "${CC_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "carecast setup: installing ${missing[*]}" >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "carecast setup: need root (or sudo) to install ${missing[*]}" >&2; return 1; }
        sudo="sudo"
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# cc_build DIR [cmake args...]: configure once, then build incrementally.
cc_build() {
    local dir=$1
    shift
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        cmake -S . -B "$dir" "$@" >/dev/null
    fi
    cmake --build "$dir" -j "$(nproc)" >/dev/null
}
