#!/usr/bin/env bash
# The GPU check, in two halves because the GPU machine has no .NET:
#
#   scripts/gpu-check.sh bundle   (here)  publishes scripts/gpu-check as a self-contained linux-x64 program and packs
#                                         it as out/gpu-check.tar.xz (at most 25 MiB)
#   scripts/gpu-check.sh run      (there) unpacks the bundle and runs it twice, writing to $OUT (else
#                                         out/gpu-check-results): plain/ as a user meets it (discovery on its own), and
#                                         full/ with every pip nvidia/*/lib folder on the machine named in
#                                         MULTIMIX_CUDA_PATH and LD_LIBRARY_PATH. Each holds a log per part and
#                                         results.md (one table: check, expected, got, pass) and results.json.
#   scripts/gpu-check.sh emulate  (here)  runs the program with the kernel parity tests in the CPU emulator, which
#                                         checks the program and its result files without a GPU
#
# docs/gpu.md says what the check covers and how to run it. The exit status is the number of failed checks of the
# full run, at most 100.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=out/gpu-check.tar.xz
limit=$((25 * 1024 * 1024))
max_status=100

# Unpacks $1 into $2 with xz when the machine has it, else with Python's tarfile (which reads .xz itself).
unpack() {
    if command -v xz >/dev/null 2>&1; then
        tar -C "$2" -xJf "$1"
        return
    fi
    local python
    for python in python3 /opt/torch/.venv/bin/python3 /usr/bin/python3; do
        if command -v "$python" >/dev/null 2>&1; then
            "$python" - "$1" "$2" <<'PY'
import sys, tarfile
with tarfile.open(sys.argv[1]) as bundle:
    bundle.extractall(sys.argv[2], **({"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}))
PY
            return
        fi
    done
    echo "gpu-check: cannot unpack $1: neither xz nor python3 is installed" >&2
    exit 2
}

case "${1:-}" in
    bundle)
        if ! command -v xz >/dev/null 2>&1; then
            echo "gpu-check: packing the bundle needs xz (apt-get install xz-utils)" >&2
            exit 2
        fi
        rm -rf out/gpu-check
        dotnet publish scripts/gpu-check/GpuCheck.csproj -c Release -r linux-x64 --self-contained \
            -p:PublishSingleFile=false -p:DebugType=none -o out/gpu-check
        tar -C out -cf - gpu-check | xz -9e -T0 > "$bundle"
        size=$(stat -c %s "$bundle")
        echo "gpu-check: $bundle is $((size / 1024)) KiB"
        if [ "$size" -gt "$limit" ]; then
            echo "gpu-check: the bundle exceeds 25 MiB" >&2
            exit 1
        fi
        ;;
    run)
        out="${OUT:-$PWD/out/gpu-check-results}"
        mkdir -p "$out"
        work=$(mktemp -d)
        unpack "$bundle" "$work"
        export MULTIMIX_KERNEL_CACHE="$work/kernel-cache" DOTNET_CLI_TELEMETRY_OPTOUT=1
        { nvidia-smi || true; } > "$out/nvidia-smi.txt" 2>&1
        # Conda environments sit deep (/opt/conda/envs/NAME/lib/python3.X/site-packages/nvidia/cu13/lib is 10 levels).
        pip_folders=$(find / -xdev -maxdepth 14 \( -path /proc -o -path /sys -o -path /dev \) -prune -o \
            -type d -path '*-packages/nvidia/*/lib' -print 2>/dev/null | sort | tr '\n' ':')
        pip_folders=${pip_folders%:}
        echo "pip folders: $pip_folders" > "$out/pip-folders.txt"
        # First as a user would meet it: discovery on its own, nothing on the loader's path (without the two long
        # parts, which the full run does).
        "$work/gpu-check/gpu-check" "$out/plain" --quick > "$out/plain.log" 2>&1 || true
        # Then with those folders named, for the program and for the libraries' own bare-name opens.
        status=0
        MULTIMIX_CUDA_PATH="$pip_folders${MULTIMIX_CUDA_PATH:+:$MULTIMIX_CUDA_PATH}" \
        LD_LIBRARY_PATH="$pip_folders${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
            "$work/gpu-check/gpu-check" "$out/full" 2>&1 | tee "$out/full.log" || status=$?
        rm -rf "$work"
        echo "gpu-check: results in $out/plain/results.md and $out/full/results.md (exit $status)"
        exit $((status > max_status ? max_status : status))
        ;;
    emulate)
        out=out/gpu-check-emulated
        mkdir -p "$out"
        dotnet run --project scripts/gpu-check/GpuCheck.csproj -c Release -- "$out" --emulate
        ;;
    *)
        echo "usage: scripts/gpu-check.sh bundle|run|emulate" >&2
        exit 2
        ;;
esac
