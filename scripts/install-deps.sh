#!/usr/bin/env bash
# Installs what the kernel tests need on a fresh Debian (bookworm) machine, as root. Idempotent.
#  - libnvrtc11.2 (Debian non-free): NVRTC compiles the .cu kernels to machine code and PTX without a GPU, so every
#    kernel is compile-checked on CI (sm_80, sm_86 and sm_90 with NVRTC 11.8; the GPU machine's CUDA 13 is checked
#    by scripts/gpu-check.sh). Its files also play the pip CUDA 13 wheel in the simulated pip layout test, which
#    needs util-linux's unshare and mount (always present on Debian) and root.
#  - g++: builds the CPU emulation library (libmultimix_emu.so) from the same .cu sources, and small test libraries.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: not root, skipping package installation" >&2
    exit 0
fi

# ---- Open MPI (distributed tests: tests/Distributed start 2- and 3-rank jobs under mpirun) ----
# openmpi-bin brings mpirun and Open MPI's libmpi.so.40 (libopenmpi3), the library src/Distributed binds.
if ! command -v mpirun >/dev/null 2>&1 || ! dpkg -s libopenmpi3 >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openmpi-bin
fi
# ---- end Open MPI ----

need=()
dpkg -s libnvrtc11.2 >/dev/null 2>&1 || need+=(libnvrtc11.2)
command -v g++ >/dev/null 2>&1 || need+=(g++)
if [ "${#need[@]}" -eq 0 ]; then
    exit 0
fi

# NVRTC lives in Debian's non-free component; enable it (deb822 or one-line sources) if it is not already.
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    if ! grep -q 'non-free' /etc/apt/sources.list.d/debian.sources; then
        sed -i 's/^Components: main$/Components: main contrib non-free non-free-firmware/' /etc/apt/sources.list.d/debian.sources
    fi
elif [ -f /etc/apt/sources.list ]; then
    if ! grep -q 'non-free' /etc/apt/sources.list; then
        sed -i -E 's/^(deb .* main)$/\1 contrib non-free non-free-firmware/' /etc/apt/sources.list
    fi
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}"
