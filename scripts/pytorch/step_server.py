#!/usr/bin/env python3
"""One MultiMix training step in PyTorch, on command: the PyTorch side of benchmarks' versus-pytorch.

The step is the C# TrainingStep's: saliency (an input gradient with the encoder in eval mode), the forward pass of
the five concatenated streams, CE + 5·Dice + 0.25·L_u + 0.01·KL, backward and an Adam update, on a fixed random
batch. It reads commands from stdin, one per line, and answers each on stdout:
  step   runs one step and prints its wall time in seconds
  quit   exits
Threads are set with --threads (intra-op) before anything runs.

Needs Debian's PyTorch (apt-get install python3-torch):
    /usr/bin/python3 scripts/pytorch/step_server.py --size 64 --batch 4 --threads 2
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
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    n = args.batch
    layout = StreamLayout(n, n, n, n)
    model = MultiMix(args.width)
    model.train()
    adam = torch.optim.Adam(model.parameters(), lr=1e-4)
    x = torch.rand(layout.total, 1, args.size, args.size) * 2 - 1
    masks = (torch.rand(n, 1, args.size, args.size) > 0.5).float()
    labels = torch.arange(n) % 2

    def step():
        adam.zero_grad(set_to_none=True)
        seg, cls, _ = model(x)
        total, _ = multimix_loss(layout, seg, cls, masks, labels)
        total.backward()
        adam.step()

    print("ready", flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "step":
            started = time.perf_counter()
            step()
            print(f"{time.perf_counter() - started:.6f}", flush=True)
        elif command == "quit":
            return
        else:
            print(f"unknown command {command!r}", file=sys.stderr, flush=True)
            sys.exit(2)


if __name__ == "__main__":
    main()
