#!/usr/bin/env bash
# The GPU check, in two halves because the GPU machine has no .NET:
#
#   scripts/gpu-check.sh bundle   (here)  publishes scripts/gpu-check as a self-contained linux-x64 program and
#                                         packs it as out/gpu-check.tar.xz (must stay under the 64 MiB carry limit)
#   scripts/gpu-check.sh run      (there) unpacks the bundle and runs it, writing one report per part to $OUT:
#                                         doctor, every kernel parity test on the GPU, NVRTC for the GPU's arch and
#                                         compute_90, cuBLAS GEMM and cuDNN convolution / batch-norm-as-instance-
#                                         norm against the CPU backend, determinism, timings, and training
#                                         steps of the CUDA backend against the CPU backend
#
# With the device tool: run(command="scripts/gpu-check.sh run", carry=["out/gpu-check.tar.xz"], timeout_s=420).
# `scripts/gpu-check.sh emulate` runs the same program here with the parity tests in the CPU emulator, which
# checks the bundle and its test runner without a GPU.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=out/gpu-check.tar.xz
limit=$((64 * 1024 * 1024))

case "${1:-}" in
    bundle)
        rm -rf out/gpu-check
        dotnet publish scripts/gpu-check/GpuCheck.csproj -c Release -r linux-x64 --self-contained \
            -p:PublishSingleFile=false -p:DebugType=none -o out/gpu-check
        tar -C out -cJf "$bundle" gpu-check
        size=$(stat -c %s "$bundle")
        echo "gpu-check: $bundle is $((size / 1024 / 1024)) MiB"
        if [ "$size" -ge "$limit" ]; then
            echo "gpu-check: the bundle exceeds the 64 MiB carry limit" >&2
            exit 1
        fi
        ;;
    run)
        out="${OUT:-$PWD/out/gpu-check-results}"
        mkdir -p "$out"
        work=$(mktemp -d)
        tar -C "$work" -xJf "$bundle"
        export MULTIMIX_KERNEL_CACHE="$work/ptx-cache" DOTNET_CLI_TELEMETRY_OPTOUT=1
        { nvidia-smi || true; } > "$out/nvidia-smi.txt" 2>&1
        # First as a user would meet it (discovery on its own), then with every pip nvidia/*/lib folder on the
        # machine named explicitly, in case the Python environment is one discovery does not know about.
        "$work/gpu-check/gpu-check" "$out/plain" > "$out/plain.log" 2>&1 || true
        pip_folders=$(find / -xdev -maxdepth 9 -type d -path '*-packages/nvidia/*/lib' 2>/dev/null | sort | tr '\n' ':')
        echo "pip folders: $pip_folders" > "$out/pip-folders.txt"
        status=0
        MULTIMIX_CUDA_PATH="${MULTIMIX_CUDA_PATH:-}:$pip_folders" "$work/gpu-check/gpu-check" "$out/full" 2>&1 | tee "$out/full.log" || status=$?
        echo "gpu-check: results in $out (exit $status)"
        exit "$status"
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
