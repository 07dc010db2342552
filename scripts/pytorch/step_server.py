#!/usr/bin/env python3
"""One MultiMix training step in PyTorch, on command: the PyTorch side of benchmarks' versus-pytorch (CPU) and of
the GPU check's step comparison (scripts/gpu-check, --device cuda).

The step is the C# TrainingStep's: saliency (an input gradient with the encoder in eval mode), the forward pass of
the five concatenated streams, CE + 5·Dice + 0.25·L_u + 0.01·KL, backward and an Adam update, on a fixed random
batch. It reads commands from stdin, one per line, and answers each on stdout:
  step    runs one step and prints its wall time in seconds (on a GPU: synchronised before and after)
  memory  prints the peak bytes: on a GPU torch.cuda.max_memory_allocated and max_memory_reserved, on the CPU the
          process's peak resident set (VmHWM), twice
  quit    exits
Threads are set with --threads (intra-op) before anything runs. On a GPU, --tf32 allows TF32 tensor cores in
cuBLAS and cuDNN (off by default: FP32), and cuDNN's autotuner is on (torch.backends.cudnn.benchmark), as this
project's cuDNN path times its algorithms too.

Needs Debian's PyTorch (apt-get install python3-torch):
    /usr/bin/python3 scripts/pytorch/step_server.py --size 64 --batch 4 --threads 2
    /opt/torch/.venv/bin/python3 scripts/pytorch/step_server.py --size 256 --batch 10 --device cuda --tf32
"""

import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from multimix_model import MultiMix, StreamLayout, multimix_loss  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--batch", type=int, default=4, help="images per stream")
    parser.add_argument("--width", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--tf32", action="store_true", help="allow TF32 tensor cores on the GPU")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    gpu = args.device == "cuda"
    if gpu:
        torch.backends.cuda.matmul.allow_tf32 = args.tf32
        torch.backends.cudnn.allow_tf32 = args.tf32
        torch.backends.cudnn.benchmark = True
    torch.manual_seed(1)
    n = args.batch
    layout = StreamLayout(n, n, n, n)
    model = MultiMix(args.width).to(args.device)
    model.train()
    adam = torch.optim.Adam(model.parameters(), lr=1e-4)
    x = (torch.rand(layout.total, 1, args.size, args.size) * 2 - 1).to(args.device)
    masks = (torch.rand(n, 1, args.size, args.size) > 0.5).float().to(args.device)
    labels = (torch.arange(n) % 2).to(args.device)

    def synchronize():
        if gpu:
            torch.cuda.synchronize()

    def step():
        adam.zero_grad(set_to_none=True)
        seg, cls, _ = model(x)
        total, _ = multimix_loss(layout, seg, cls, masks, labels)
        total.backward()
        adam.step()

    def peak_bytes():
        if gpu:
            return torch.cuda.max_memory_allocated(), torch.cuda.max_memory_reserved()
        with open("/proc/self/status", encoding="ascii") as status:
            hwm = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
        return hwm, hwm

    print("ready", flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "step":
            synchronize()
            started = time.perf_counter()
            step()
            synchronize()
            print(f"{time.perf_counter() - started:.6f}", flush=True)
        elif command == "memory":
            allocated, reserved = peak_bytes()
            print(f"{allocated} {reserved}", flush=True)
        elif command == "quit":
            return
        else:
            print(f"unknown command {command!r}", file=sys.stderr, flush=True)
            sys.exit(2)


if __name__ == "__main__":
    main()
