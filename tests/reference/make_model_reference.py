#!/usr/bin/env python3
"""Writes tests/reference/model.safetensors: the whole MultiMix model dumped from PyTorch (llm.c style).

The model is scripts/pytorch/multimix_model.py (written from docs/architecture.md, "The model" and "The
objective") at width 4 on 32×32 images, with PyTorch's default initialisation from a fixed seed. Weights and
inputs are float32 values; PyTorch then runs in float64 so the stored outputs and gradients are the exact
answer for those float32 weights and inputs, and the C# engine's float32 error is all that the test measures.
Everything runs in eval mode (dropout off; instance norm is the same in both modes), which is what the C# side
does with net.Eval().

Stored (float32 unless said):
  encoder.* / decoder.*        every state_dict tensor, including the published, unused decoder.conv_last_saliency
  x                            the five-stream batch, N×1×32×32 in [-1, 1]
  masks                        0/1 lung masks of the labeled segmentation images
  labels                       int32 classes of the labeled classification images
  out/segmentation_logits, out/class_logits, out/saliency
  loss/total, loss/dice, loss/ce, loss/pseudo, loss/kl, loss/mask (the pseudo-label confidence mask)
  grad/<name>                  d loss/total / d parameter for every parameter the loss depends on
__metadata__: width, image_size, the stream counts (seg_labeled, seg_unlabeled, cls_labeled, cls_unlabeled),
threshold and seed.

The classifier's bias is shifted (and its weight scaled) so that the weak view's confidences fall on both sides
of τ, with margin: otherwise a freshly initialised classifier is never confident and the pseudo-label term
would be zero with zero gradient, testing nothing.

Needs Debian's PyTorch (apt-get install python3-torch python3-numpy). Run from anywhere:
    /usr/bin/python3 tests/reference/make_model_reference.py
It also prints how far PyTorch's own float32 run is from the float64 answer, a yardstick for the tolerances.
"""

import copy
import os
import sys

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts", "pytorch"))

from convert import write_safetensors  # noqa: E402
from multimix_model import MultiMix, StreamLayout, confidence_logit_gap, multimix_loss  # noqa: E402

SEED = 20240917
WIDTH = 4
SIZE = 32
TAU = 0.7
LAYOUT = StreamLayout(seg_labeled=2, seg_unlabeled=2, cls_labeled=2, cls_unlabeled=2)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.safetensors")


def f32(t):
    return t.to(torch.float32).to(torch.float64)


def lung_masks(n, size, gen):
    """Two ellipses per image with jittered centres and radii: mask-like 0/1 targets."""
    ys, xs = torch.meshgrid(torch.arange(size, dtype=torch.float64), torch.arange(size, dtype=torch.float64),
                            indexing="ij")
    masks = torch.zeros(n, 1, size, size, dtype=torch.float64)
    for i in range(n):
        j = torch.rand(6, generator=gen, dtype=torch.float64)
        for cx, sign in ((0.3, -1), (0.7, 1)):
            cy = size * (0.5 + 0.1 * (j[0] - 0.5))
            ccx = size * (cx + 0.05 * sign * (j[1] - 0.5))
            ry, rx = size * (0.3 + 0.1 * j[2]), size * (0.15 + 0.05 * j[3])
            masks[i, 0] += (((ys - cy) / ry) ** 2 + ((xs - ccx) / rx) ** 2 <= 1).double()
    return masks.clamp(max=1.0)


def run(model, x, masks, labels):
    """Forward in eval mode, the loss on the five-stream batch and every parameter gradient."""
    model.eval()
    model.zero_grad(set_to_none=True)
    seg, cls, saliency = model(x)
    total, terms = multimix_loss(LAYOUT, seg, cls, masks, labels, TAU)
    total.backward()
    grads = {name: p.grad.detach().clone() for name, p in model.named_parameters() if p.grad is not None}
    return seg.detach(), cls.detach(), saliency, total.detach(), terms, grads


def set_classifier_for_both_mask_values(model, x):
    """Scales fc.weight and shifts fc.bias so one weak-view image is confident (≥ τ) and one is not."""
    with torch.no_grad():
        _, logits = model.encoder(x)
        weak = logits[LAYOUT.weak_start:LAYOUT.weak_start + LAYOUT.cls_unlabeled]
        gap = weak[:, 1] - weak[:, 0]
        spread = (gap.max() - gap.min()).item()
        assert spread > 0, "the weak images give identical logits"
        scale = 1.0 / spread
        fc = model.encoder.fc
        fc.weight.copy_(f32(fc.weight * scale))
        gap = gap * scale
        shift = confidence_logit_gap(TAU) + 0.5 - gap.max().item()
        fc.bias.copy_(f32(fc.bias + torch.tensor([-shift / 2, shift / 2], dtype=torch.float64)))


def check_margins(model, x):
    """Decisions the float32 engine must take the same way as float64: the per-sample argmax and the mask."""
    with torch.no_grad():
        _, logits = model.encoder(x)
    gap = (logits[:, 1] - logits[:, 0]).abs()
    assert gap.min() > 1e-3, f"a sample's two class logits nearly tie ({gap.min().item():.2e}): argmax is ambiguous"
    weak = logits[LAYOUT.weak_start:LAYOUT.weak_start + LAYOUT.cls_unlabeled]
    confidence = torch.softmax(weak, dim=1).max(dim=1).values
    assert ((confidence - TAU).abs() > 0.02).all(), f"a weak confidence is too close to τ: {confidence.tolist()}"
    mask = confidence >= TAU
    assert mask.any() and not mask.all(), f"the weak confidences {confidence.tolist()} do not straddle τ"


def worst(reference, value):
    """max |value − reference| and that over max |reference|, as a yardstick."""
    err = (value.double() - reference).abs().max().item()
    return f"{err:.2e} (rel. to max {err / max(reference.abs().max().item(), 1e-30):.2e})"


def main():
    torch.manual_seed(SEED)
    gen = torch.Generator().manual_seed(SEED)
    model = MultiMix(WIDTH).double()
    n = LAYOUT.total
    x = f32(torch.rand(n, 1, SIZE, SIZE, generator=gen, dtype=torch.float64) * 2 - 1)
    masks = lung_masks(LAYOUT.seg_labeled, SIZE, gen)
    labels = torch.tensor([0, 1], dtype=torch.int32)
    assert labels.numel() == LAYOUT.cls_labeled

    model.eval()
    set_classifier_for_both_mask_values(model, x)
    check_margins(model, x)

    seg, cls, saliency, total, terms, grads = run(model, x, masks, labels)
    names = [name for name, _ in model.named_parameters()]
    unused = [name for name in names if name not in grads]
    assert unused == ["decoder.conv_last_saliency.weight", "decoder.conv_last_saliency.bias"], unused

    tensors = {name: t.detach().float() for name, t in model.state_dict().items()}
    tensors["x"] = x.float()
    tensors["masks"] = masks.float()
    tensors["labels"] = labels
    tensors["out/segmentation_logits"] = seg.float()
    tensors["out/class_logits"] = cls.float()
    tensors["out/saliency"] = saliency.float()
    tensors["loss/total"] = total.reshape(1).float()
    for key in ("dice", "ce", "pseudo", "kl", "mask"):
        tensors[f"loss/{key}"] = terms[key].detach().reshape(-1).float()
    for name, g in grads.items():
        tensors[f"grad/{name}"] = g.float()
    metadata = {
        "width": str(WIDTH),
        "image_size": str(SIZE),
        "seg_labeled": str(LAYOUT.seg_labeled),
        "seg_unlabeled": str(LAYOUT.seg_unlabeled),
        "cls_labeled": str(LAYOUT.cls_labeled),
        "cls_unlabeled": str(LAYOUT.cls_unlabeled),
        "threshold": str(TAU),
        "seed": str(SEED),
    }
    write_safetensors(OUT, tensors, metadata)

    single = copy.deepcopy(model).float()
    s32, c32, sal32, total32, terms32, grads32 = run(single, x.float(), masks.float(), labels)
    print(f"{OUT}: {len(tensors)} tensors, {os.path.getsize(OUT)} bytes")
    print(f"loss terms: total {total.item():.6f}, " + ", ".join(f"{k} {terms[k].item():.6f}" for k in ("dice", "ce", "pseudo", "kl"))
          + f", mask {terms['mask'].tolist()}")
    print("PyTorch float32 against float64:")
    print(f"  segmentation logits {worst(seg, s32)}")
    print(f"  class logits        {worst(cls, c32)}")
    print(f"  saliency            {worst(saliency, sal32)}")
    print(f"  loss/total          {worst(total, total32)}")
    for name in grads:
        print(f"  grad/{name:32s} {worst(grads[name], grads32[name])}")


if __name__ == "__main__":
    main()
