"""MultiMix in PyTorch, written from docs/architecture.md ("The model", "The objective"), with the published
state_dict names.

This is the reference the C# engine is checked against as a whole (tests/reference/make_model_reference.py):
the network (encoder, classifier, saliency bridge, decoder) and the training objective over one five-stream
batch. Module and parameter names follow the published code, including its unused
`decoder.conv_last_saliency`, so that a state_dict of this model looks like a published checkpoint.

Needs only torch (Debian: python3-torch).
"""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F

LEAKY_SLOPE = 0.2
DROPOUT = 0.25
BRIDGE_SCALE = 0.125
CLASSES = 2


def double_conv(cin, cout):
    """Conv3×3 → InstanceNorm → LeakyReLU(0.2) → Conv3×3 → InstanceNorm → LeakyReLU(0.2) → Dropout(0.25).

    The convolutions sit at positions 0 and 3 of the Sequential, which gives the published names.
    InstanceNorm2d is PyTorch's default: no affine parameters, no running statistics, eps 1e-5.
    """
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1),
        nn.InstanceNorm2d(cout),
        nn.LeakyReLU(LEAKY_SLOPE),
        nn.Conv2d(cout, cout, 3, padding=1),
        nn.InstanceNorm2d(cout),
        nn.LeakyReLU(LEAKY_SLOPE),
        nn.Dropout(DROPOUT),
    )


def widths(w):
    return [w, 2 * w, 4 * w, 8 * w, 16 * w]


class Encoder(nn.Module):
    """Five double convs, each followed by 2×2 max pooling; classifier = global average pool + Linear."""

    def __init__(self, w):
        super().__init__()
        c = widths(w)
        self.dconv_down1 = double_conv(1, c[0])
        self.dconv_down2 = double_conv(c[0], c[1])
        self.dconv_down3 = double_conv(c[1], c[2])
        self.dconv_down4 = double_conv(c[2], c[3])
        self.dconv_down5 = double_conv(c[3], c[4])
        self.fc = nn.Linear(c[4], CLASSES)

    def forward(self, x):
        """The five pre-pool block outputs (skip connections) and the class logits."""
        skips = []
        h = x
        for block in (self.dconv_down1, self.dconv_down2, self.dconv_down3, self.dconv_down4, self.dconv_down5):
            skip = block(h)
            skips.append(skip)
            h = F.max_pool2d(skip, 2)
        return skips, self.fc(h.mean(dim=(2, 3)))


def up(x):
    return F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True)


class Decoder(nn.Module):
    """Upsample ×2, concatenate the skip (and the bridge at the deepest level), double conv; 1×1 conv last."""

    def __init__(self, w):
        super().__init__()
        c = widths(w)
        self.dconv_up4 = double_conv(c[4] + c[3] + 2, c[3])
        self.dconv_up3 = double_conv(c[3] + c[2], c[2])
        self.dconv_up2 = double_conv(c[2] + c[1], c[1])
        self.dconv_up1 = double_conv(c[1] + c[0], c[0])
        self.conv_last = nn.Conv2d(c[0], 1, 1)
        # In the published checkpoint (17 → 1 at w = 16), never used in the forward pass.
        self.conv_last_saliency = nn.Conv2d(c[0] + 1, 1, 1)

    def forward(self, skips, bridge):
        conv1, conv2, conv3, conv4, conv5 = skips
        x = self.dconv_up4(torch.cat([up(conv5), conv4, bridge], dim=1))
        x = self.dconv_up3(torch.cat([up(x), conv3], dim=1))
        x = self.dconv_up2(torch.cat([up(x), conv2], dim=1))
        x = self.dconv_up1(torch.cat([up(x), conv1], dim=1))
        return self.conv_last(x)


class MultiMix(nn.Module):
    def __init__(self, w=16):
        super().__init__()
        self.encoder = Encoder(w)
        self.decoder = Decoder(w)

    def saliency(self, x):
        """|∂(Σ_n max_c score[n, c]) / ∂x| with the encoder in eval mode, on a detached copy of the input.

        Only the input gradient is asked for (parameter gradients are left alone) and the result is a constant.
        """
        was_training = self.encoder.training
        self.encoder.eval()
        try:
            with torch.enable_grad():
                copy = x.detach().clone().requires_grad_(True)
                _, logits = self.encoder(copy)
                score = logits.max(dim=1).values.sum()
                (grad,) = torch.autograd.grad(score, copy)
        finally:
            self.encoder.train(was_training)
        return grad.abs().detach()

    def forward(self, x):
        """Segmentation logits (N×1×H×W), class logits (N×2) and the saliency map fed to the bridge."""
        saliency = self.saliency(x)
        bridge = F.interpolate(torch.cat([x, saliency], dim=1), scale_factor=BRIDGE_SCALE, mode="bilinear",
                               align_corners=True)
        skips, logits = self.encoder(x)
        return self.decoder(skips, bridge), logits, saliency


def dice_loss(logits, target):
    """Per image 1 − (2Σp·y + 1)/(Σp + Σy + 1) with p = σ(logits); mean over images."""
    p = torch.sigmoid(logits).flatten(1)
    y = target.flatten(1)
    return (1 - (2 * (p * y).sum(1) + 1) / (p.sum(1) + y.sum(1) + 1)).mean()


def pseudo_label_loss(weak, strong, tau):
    """Mean over the batch of CE(strong, argmax softmax(weak)) · [max softmax(weak) ≥ τ]; weak gives constants."""
    q = torch.softmax(weak.detach(), dim=1)
    confidence, pseudo = q.max(dim=1)
    mask = (confidence >= tau).to(strong.dtype)
    return (F.cross_entropy(strong, pseudo, reduction="none") * mask).mean(), mask


def bernoulli_kl(a, b):
    """Mean per-pixel KL(σ(a) ‖ σ(b)) from logits: log σ(x) = −softplus(−x), log(1 − σ(x)) = −softplus(x)."""
    p = torch.sigmoid(a)
    kl = p * (F.softplus(-b) - F.softplus(-a)) + (1 - p) * (F.softplus(b) - F.softplus(a))
    return kl.mean()


class StreamLayout:
    """The five-stream batch: labeled seg, unlabeled seg, labeled cls, weak view, strong view (the C# StreamLayout)."""

    def __init__(self, seg_labeled, seg_unlabeled, cls_labeled, cls_unlabeled):
        self.seg_labeled = seg_labeled
        self.seg_unlabeled = seg_unlabeled
        self.cls_labeled = cls_labeled
        self.cls_unlabeled = cls_unlabeled
        self.seg_unlabeled_start = seg_labeled
        self.cls_labeled_start = seg_labeled + seg_unlabeled
        self.weak_start = self.cls_labeled_start + cls_labeled
        self.strong_start = self.weak_start + cls_unlabeled
        self.total = self.strong_start + cls_unlabeled


def multimix_loss(layout, seg, cls, masks, labels, tau=0.7, weights=(1.0, 5.0, 0.25, 0.01)):
    """L = CE + 5·Dice + 0.25·L_u + 0.01·KL (docs/architecture.md, "The objective"), each term on its slice of the one forward.

    Returns the total and a dict of the unweighted terms (and the confidence mask under "mask").
    The KL pairs labeled and unlabeled segmentation images by position.
    """
    w_ce, w_dice, w_pseudo, w_kl = weights
    s = layout
    dice = dice_loss(seg[:s.seg_labeled], masks)
    pairs = min(s.seg_labeled, s.seg_unlabeled)
    kl = bernoulli_kl(seg[:pairs], seg[s.seg_unlabeled_start:s.seg_unlabeled_start + pairs])
    ce = F.cross_entropy(cls[s.cls_labeled_start:s.cls_labeled_start + s.cls_labeled], labels.long())
    pseudo, mask = pseudo_label_loss(cls[s.weak_start:s.weak_start + s.cls_unlabeled],
                                     cls[s.strong_start:s.strong_start + s.cls_unlabeled], tau)
    total = w_ce * ce + w_dice * dice + w_pseudo * pseudo + w_kl * kl
    return total, {"dice": dice, "ce": ce, "pseudo": pseudo, "kl": kl, "mask": mask}


def confidence_logit_gap(tau):
    """The gap between two logits at which the larger one's softmax probability is exactly τ."""
    return math.log(tau / (1 - tau))
