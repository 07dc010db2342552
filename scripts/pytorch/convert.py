#!/usr/bin/env python3
"""Moves MultiMix weights between PyTorch and MultiMix.Native.

  convert.py to-safetensors model.pt weights.safetensors   # a PyTorch state_dict (or {"state_dict": ...}) -> safetensors
  convert.py to-torch weights.safetensors model.pt          # a MultiMix.Native checkpoint -> PyTorch state_dict

Parameter names are PyTorch's state_dict names on both sides, so nothing is renamed. Optimizer moments
("adam.*") in a training checkpoint are left out of the PyTorch file. Needs only torch (Debian: python3-torch).
"""
import json
import struct
import sys

import torch

DTYPES = {torch.float32: "F32", torch.int32: "I32", torch.int64: "I64"}
TORCH = {"F32": torch.float32, "I32": torch.int32, "I64": torch.int64}


def write_safetensors(path, tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name in sorted(tensors):
        t = tensors[name].detach().cpu().contiguous()
        if t.dtype not in DTYPES:
            t = t.float()
        data = t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)
    import os
    os.replace(tmp, path)


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    out = {}
    for name, e in header.items():
        if name == "__metadata__":
            continue
        b, end = e["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[b:end]), dtype=TORCH[e["dtype"]]).reshape(e["shape"])
    return out, header.get("__metadata__", {})


def main(argv):
    if len(argv) != 4 or argv[1] not in ("to-safetensors", "to-torch"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[1] == "to-safetensors":
        state = torch.load(argv[2], map_location="cpu", weights_only=True)
        if isinstance(state, dict) and "state_dict" in state:
            state = state["state_dict"]
        state = {k.removeprefix("module."): v for k, v in state.items() if torch.is_tensor(v)}
        write_safetensors(argv[3], state)
        print(f"wrote {len(state)} tensors to {argv[3]}")
    else:
        tensors, meta = read_safetensors(argv[2])
        state = {k: v for k, v in tensors.items() if not k.startswith("adam.")}
        torch.save(state, argv[3])
        print(f"wrote {len(state)} tensors to {argv[3]} (architecture: {meta.get('config', 'not recorded')})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
