#!/usr/bin/env python3
"""Writes tests/reference/ops.safetensors: PyTorch reference values for the engine's differentiable ops.

For every op and case: inputs are drawn with a fixed seed and rounded to float32, PyTorch computes the
output in float64, an upstream gradient dy is drawn, and torch.autograd gives <dy, d y / d input> for each
differentiable input. Everything is stored as float32 (int32 for labels and indices) under
`<op>/<case>/<tensor>`: inputs by name, `y` (the output), `dy`, and `d<input>` (its gradient). Scalar
parameters go to the header's `__metadata__` as `<op>/<case>/<param>`.

Needs Debian's PyTorch (apt-get install python3-torch python3-numpy); no other package. Run from anywhere:
    python3 tests/reference/make_reference.py
(use /usr/bin/python3 where a pyenv or venv python3 without torch comes first on PATH). The output is
deterministic: rerunning it without changes reproduces the committed file byte for byte.
"""

import json
import math
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

SEED = 20240611
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ops.safetensors")

torch.manual_seed(SEED)
torch.set_default_dtype(torch.float64)

tensors = {}
metadata = {}


def f32(t):
    """A float64 tensor holding exactly the float32 values that are stored."""
    return t.to(torch.float32).to(torch.float64)


def randn(*shape, scale=1.0):
    return f32(torch.randn(*shape) * scale)


def uniform(lo, hi, *shape):
    return f32(torch.rand(*shape) * (hi - lo) + lo)


def put(key, value):
    assert key not in tensors, key
    if value.dtype in (torch.int32, torch.int64):
        tensors[key] = value.detach().to(torch.int32).contiguous().numpy()
    else:
        tensors[key] = value.detach().to(torch.float32).contiguous().numpy()


def case(op, name, fn, inputs, consts=None, params=None, extras=None):
    """Runs fn(**inputs, **consts) in float64 and stores inputs, y, dy and the gradients of `inputs`.

    inputs: differentiable tensors; consts: tensors without gradient (targets, labels); params: scalars for
    the metadata; extras: a function of the output returning more named tensors to store (indices, masks).
    """
    prefix = f"{op}/{name}/"
    consts = consts or {}
    leaves = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
    y = fn(**leaves, **consts)
    out = y[0] if isinstance(y, tuple) else y
    if out.dim() == 0:
        out = out.reshape(1)
    dy = randn(*out.shape)
    grads = torch.autograd.grad(out, list(leaves.values()), dy)
    for k, v in inputs.items():
        put(prefix + k, v)
    for k, v in consts.items():
        put(prefix + k, v)
    put(prefix + "y", out)
    put(prefix + "dy", dy)
    for k, g in zip(leaves, grads):
        put(prefix + "d" + k, g)
    if extras is not None:
        for k, v in extras(y).items():
            put(prefix + k, v)
    for k, v in (params or {}).items():
        metadata[prefix + k] = str(v)


def write_safetensors(path, named, meta):
    header = {"__metadata__": meta}
    offset = 0
    blobs = []
    for key in sorted(named):
        arr = named[key]
        raw = arr.astype(arr.dtype.newbyteorder("<")).tobytes()
        dtype = {np.dtype(np.float32): "F32", np.dtype(np.int32): "I32"}[arr.dtype]
        header[key] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)
    os.replace(tmp, path)


# ---- layers ----

for name, (n, cin, cout, h, w, k, bias) in {
    "k3_odd": (2, 3, 4, 5, 7, 3, True),
    "k3_even": (2, 2, 3, 4, 6, 3, True),
    "k3_wide": (2, 9, 10, 11, 13, 3, True),
    "k3_nobias": (1, 2, 3, 5, 3, 3, False),
    "k1_odd": (2, 3, 2, 5, 7, 1, True),
    "k1_nobias": (2, 5, 3, 3, 5, 1, False),
}.items():
    inputs = {"x": randn(n, cin, h, w), "w": randn(cout, cin, k, k, scale=0.5)}
    if bias:
        inputs["b"] = randn(cout)
    case("conv2d", name, lambda x, w, b=None, k=k: F.conv2d(x, w, b, padding=k // 2), inputs)

flat = randn(1, 2, 3, 5, scale=2.0)
flat[0, 1] = 0.75
for name, x in {"odd": randn(2, 3, 5, 7, scale=2.0) + 0.5, "even": randn(1, 2, 4, 4, scale=2.0) + 0.5, "flat_plane": flat}.items():
    shape = x.shape
    case("instance_norm", name, lambda x: F.instance_norm(x, eps=1e-5), {"x": x}, params={"eps": 1e-5})
    case("instance_norm_leaky_relu", name, lambda x: F.leaky_relu(F.instance_norm(x, eps=1e-5), 0.2),
         {"x": randn(*shape, scale=2.0) - 0.5}, params={"eps": 1e-5, "slope": 0.2})

case("leaky_relu", "c1", lambda x: F.leaky_relu(x, 0.2), {"x": randn(3, 7)}, params={"slope": 0.2})
case("leaky_relu", "c2", lambda x: F.leaky_relu(x, 0.01), {"x": randn(2, 3, 5)}, params={"slope": 0.01})

for name, shape in {"c1": (2, 3, 4, 6), "c2": (1, 2, 6, 2), "c3": (2, 3, 8, 10)}.items():
    case("max_pool2d", name, lambda x: F.max_pool2d(x, 2), {"x": randn(*shape)})

case("global_avg_pool", "odd", lambda x: x.mean(dim=(2, 3)), {"x": randn(2, 3, 5, 7)})

for name, (n, fin, fout, bias) in {"c1": (3, 5, 2, True), "c2": (4, 7, 3, True), "wide": (5, 37, 11, True), "nobias": (3, 6, 4, False)}.items():
    inputs = {"x": randn(n, fin), "w": randn(fout, fin, scale=0.5)}
    if bias:
        inputs["b"] = randn(fout)
    case("linear", name, lambda x, w, b=None: F.linear(x, w, b), inputs)

for name, (shape, size, scale) in {
    "scale2": ((2, 2, 4, 6), (8, 12), 2.0),
    "scale0125": ((1, 2, 16, 24), (2, 3), 0.125),
    "scale0125_32x32": ((1, 2, 32, 32), (4, 4), 0.125),
    "odd_5x7_to_9x13": ((2, 1, 5, 7), (9, 13), None),
    "odd_7x5_to_4x3": ((1, 2, 7, 5), (4, 3), None),
    "to_1x3": ((1, 1, 3, 5), (1, 3), None),
}.items():
    params = {"height": size[0], "width": size[1]}
    if scale is not None:
        params["scale"] = scale
        fn = lambda x, scale=scale: F.interpolate(x, scale_factor=scale, mode="bilinear", align_corners=True)
    else:
        fn = lambda x, size=size: F.interpolate(x, size=size, mode="bilinear", align_corners=True)
    case("resize_bilinear", name, fn, {"x": randn(*shape)}, params=params)

case("concat", "channels", lambda x0, x1, x2: torch.cat([x0, x1, x2], dim=1),
     {"x0": randn(2, 2, 3, 5), "x1": randn(2, 3, 3, 5), "x2": randn(2, 1, 3, 5)}, params={"axis": 1})
case("concat", "batch", lambda x0, x1: torch.cat([x0, x1], dim=0),
     {"x0": randn(1, 2, 3), "x1": randn(3, 2, 3)}, params={"axis": 0})

case("narrow", "batch", lambda x: x.narrow(0, 1, 3), {"x": randn(5, 2, 3, 3)},
     params={"axis": 0, "start": 1, "length": 3})
case("narrow", "channels", lambda x: x.narrow(1, 2, 2), {"x": randn(2, 5, 3)},
     params={"axis": 1, "start": 2, "length": 2})

# ---- elementwise ----

case("sigmoid", "c1", torch.sigmoid, {"x": torch.cat([randn(20, scale=3.0), f32(torch.tensor([-30.0, -15.0, 15.0, 30.0]))])})
case("abs", "c1", torch.abs, {"x": randn(3, 7)})
case("exp", "c1", torch.exp, {"x": randn(3, 5)})
case("log", "c1", torch.log, {"x": uniform(0.1, 4.0, 3, 5)})

for op, fn in {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b}.items():
    case(op, "c1", fn, {"a": randn(3, 5), "b": randn(3, 5)})
case("div", "c1", lambda a, b: a / b, {"a": randn(3, 5), "b": uniform(0.5, 2.0, 3, 5) * torch.where(torch.rand(3, 5) < 0.5, -1.0, 1.0)})

case("mul_scalar", "c1", lambda x: x * -1.5, {"x": randn(3, 5)}, params={"s": -1.5})
case("add_scalar", "c1", lambda x: x + 0.75, {"x": randn(3, 5)}, params={"s": 0.75})
case("sub_scalar", "c1", lambda x: x - 2.25, {"x": randn(3, 5)}, params={"s": 2.25})
case("div_scalar", "c1", lambda x: x / 4.0, {"x": randn(3, 5)}, params={"s": 4.0})

# ---- reductions ----

case("sum", "all", lambda x: x.sum(), {"x": randn(3, 4, 5)})
case("mean", "all", lambda x: x.mean(), {"x": randn(3, 4, 5)})
for axis in (0, 1, 2):
    case("sum", f"axis{axis}", lambda x, axis=axis: x.sum(dim=axis), {"x": randn(3, 4, 5)}, params={"axis": axis})
    case("mean", f"axis{axis}", lambda x, axis=axis: x.mean(dim=axis), {"x": randn(3, 4, 5)}, params={"axis": axis})

for name, shape in {"rank2": (4, 6), "rank3": (2, 5, 3)}.items():
    case("max", name, lambda x: torch.max(x, dim=1), {"x": randn(*shape)},
         extras=lambda r: {"indices": r[1]})

for op, fn in {"softmax": F.softmax, "log_softmax": F.log_softmax}.items():
    case(op, "rank2", lambda x, fn=fn: fn(x, dim=1), {"x": randn(3, 5, scale=2.0)})
    case(op, "rank4", lambda x, fn=fn: fn(x, dim=1), {"x": randn(2, 3, 2, 3, scale=2.0)})
    case(op, "extreme", lambda x, fn=fn: fn(x, dim=1), {"x": randn(3, 4, scale=40.0) + 100.0})

# ---- losses ----

for name, (n, c, scale, offset) in {"c1": (4, 5, 2.0, 0.0), "c2": (6, 2, 2.0, 0.0), "extreme": (4, 3, 40.0, -100.0)}.items():
    labels = torch.randint(0, c, (n,), dtype=torch.int32)
    logits = randn(n, c, scale=scale) + offset
    case("cross_entropy", name, lambda x, labels: F.cross_entropy(x, labels.long()), {"x": logits}, {"labels": labels})
    case("cross_entropy_per_sample", name, lambda x, labels: F.cross_entropy(x, labels.long(), reduction="none"),
         {"x": logits}, {"labels": labels})


def dice(s, target):
    p = torch.sigmoid(s).flatten(1)
    t = target.flatten(1)
    return (1 - (2 * (p * t).sum(1) + 1) / (p.sum(1) + t.sum(1) + 1)).mean()


target = (torch.rand(3, 1, 5, 7) < 0.4).double()
target[2] = 0.0
case("dice", "c1", dice, {"s": randn(3, 1, 5, 7, scale=2.0)}, {"target": target})
case("dice", "single", dice, {"s": randn(1, 1, 4, 6)}, {"target": (torch.rand(1, 1, 4, 6) < 0.5).double()})

TAU = 0.7


def confident_row(q, position, c=3):
    """Weak logits whose softmax maximum is exactly q (up to float32 rounding of the logits) at position."""
    others = [0.0, -0.5, 0.3, -1.1][: c - 1]
    rest = sum(math.exp(o) for o in others)
    top = math.log(q * rest / (1 - q))
    row = others[:position] + [top] + others[position:]
    return row


def pseudo_ce(strong, weak):
    q = torch.softmax(weak, dim=1)
    conf, pseudo = q.max(dim=1)
    mask = (conf >= TAU).double()
    return (F.cross_entropy(strong, pseudo, reduction="none") * mask).mean(), mask


weak = f32(torch.tensor([
    confident_row(0.70001, 0),
    confident_row(0.69999, 1),
    confident_row(0.7001, 2),
    confident_row(0.6999, 0),
    confident_row(0.95, 1),
    confident_row(0.40, 2),
    confident_row(0.70003, 1),
    confident_row(0.69997, 2),
]))
conf = torch.softmax(weak, dim=1).max(dim=1).values
assert ((conf - TAU).abs() > 5e-6).all(), "a row is too close to the threshold to be decided in float32"
conf32 = torch.softmax(weak.float(), dim=1).max(dim=1).values.double()
assert torch.equal(conf32 >= TAU, conf >= TAU), "float32 and float64 disagree about the mask"
case("pseudo_label_ce", "tau07", pseudo_ce, {"strong": randn(8, 3, scale=2.0)}, {"weak": weak},
     params={"threshold": TAU}, extras=lambda r: {"mask": r[1]})


def bernoulli_kl(a, b):
    p, q = torch.sigmoid(a), torch.sigmoid(b)
    # log σ(x) = -softplus(-x), log(1 − σ(x)) = -softplus(x): stable in float64 for the logits used here.
    kl = p * (-F.softplus(-a) + F.softplus(-b)) + (1 - p) * (-F.softplus(a) + F.softplus(b))
    return kl.mean()


a = randn(2, 1, 3, 5, scale=3.0)
b = randn(2, 1, 3, 5, scale=3.0)
a[0, 0, 0, :3] = torch.tensor([12.0, -12.0, 0.0])
b[0, 0, 0, :3] = torch.tensor([-9.0, 9.0, 0.0])
case("bernoulli_kl", "c1", bernoulli_kl, {"a": a, "b": b})
case("bernoulli_kl", "equal", bernoulli_kl, {"a": a.clone(), "b": a.clone()})

write_safetensors(OUT, tensors, metadata)
print(f"{OUT}: {len(tensors)} tensors, {len({k.rsplit('/', 1)[0] for k in tensors})} cases, {os.path.getsize(OUT)} bytes")
