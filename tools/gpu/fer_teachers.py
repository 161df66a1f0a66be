#!/usr/bin/env python3
"""Teacher targets for distillation, made on a GPU machine (optional; the product never runs this).

The shipped network is trained by DL4J on CPU (`faceemotion train`). Its distillation targets can
come from ONNX teachers (`--teacher`) or from a targets file (`--targets`) that this script writes:
an ensemble of larger CNNs trained with k-fold cross-fitting on FER-2013's training split, so
every training image gets the probabilities of a teacher that never saw it (out-of-fold), each
teacher temperature-scaled on val, averaged over the image and its mirror.

It also trains "proxy" students of the shipped layout in PyTorch with and without those targets,
to estimate what distillation gives before spending hours of CPU on the DL4J run. Their weights
are thrown away: nothing trained here ships.

Input: a pack made by `pack_fer.py` (the JPEG bytes of train and val with an index).
Output (in --out): targets-oof.csv, targets-infold.csv, val-teachers.csv, summary.json, log.txt.
Each network trains one warm-up epoch at a tenth of the rate, then --teacher-epochs or
--student-epochs epochs (session 11: 70 and 40) of a cosine schedule whose first epoch ramps up.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

import numpy as np

CLASSES = ["angry", "disgust", "fear", "happy", "neutral", "sad", "surprise"]  # Emotion's order


def log(out, msg):
    line = time.strftime("%H:%M:%S ") + msg
    print(line, flush=True)
    with open(os.path.join(out, "log.txt"), "a") as f:
        f.write(line + "\n")


# ---------------------------------------------------------------- data
def decode_pack(pack_dir, cache):
    import cv2
    rows = []
    with open(os.path.join(pack_dir, "index.tsv")) as f:
        for line in f:
            split, cls, name, off, n = line.rstrip("\n").split("\t")
            rows.append((split, cls, name, int(off), int(n)))
    blob = np.fromfile(os.path.join(pack_dir, "images.bin"), dtype=np.uint8)
    imgs = np.zeros((len(rows), 48, 48), np.uint8)
    for i, (_, _, name, off, n) in enumerate(rows):
        im = cv2.imdecode(blob[off:off + n], cv2.IMREAD_GRAYSCALE)
        if im is None:
            raise SystemExit(f"{name}: not a decodable image in the pack")
        if im.shape != (48, 48):
            im = cv2.resize(im, (48, 48), interpolation=cv2.INTER_AREA)
        imgs[i] = im
    split = np.array([r[0] for r in rows])
    labels = np.array([CLASSES.index(r[1]) for r in rows], np.int64)
    keys = np.array([r[1] + "/" + r[2] for r in rows])
    np.savez(cache, imgs=imgs, split=split, labels=labels, keys=keys)


def load(cache):
    d = np.load(cache)
    tr = d["split"] == "train"
    va = d["split"] == "val"
    return (d["imgs"][tr], d["labels"][tr], d["keys"][tr]), (d["imgs"][va], d["labels"][va], d["keys"][va])


def smoke_subset(train, val):
    """The same random 1,024 training and 256 val images in every process (all classes)."""
    rng = np.random.RandomState(1)
    ti = np.sort(rng.choice(len(train[0]), 1024, replace=False))
    vi = np.sort(rng.choice(len(val[0]), 256, replace=False))
    return tuple(t[ti] for t in train), tuple(v[vi] for v in val)


def folds_of(n, k, seed=0):
    rng = np.random.RandomState(seed)
    f = np.arange(n) % k
    rng.shuffle(f)
    return f


# ---------------------------------------------------------------- model
def make_net(widths, convs, hidden, drops):
    import torch.nn as nn
    layers, cin = [], 1
    for w, c, d in zip(widths, convs, drops):
        for _ in range(c):
            layers += [nn.Conv2d(cin, w, 3, padding=1, bias=False), nn.BatchNorm2d(w), nn.ReLU(inplace=True)]
            cin = w
        layers += [nn.MaxPool2d(2)]
        if d > 0:
            layers += [nn.Dropout(d)]
    side = 48 // 2 ** len(widths)
    layers += [nn.Flatten(), nn.Linear(cin * side * side, hidden, bias=False), nn.BatchNorm1d(hidden),
               nn.ReLU(inplace=True), nn.Dropout(0.5), nn.Linear(hidden, len(CLASSES))]
    return nn.Sequential(*layers)


def macs(widths, convs, hidden):
    m, cin, s = 0, 1, 48
    for w, c in zip(widths, convs):
        for _ in range(c):
            m += s * s * 9 * cin * w
            cin = w
        s //= 2
    return m + s * s * cin * hidden + hidden * len(CLASSES)


ARCHS = {
    # teacher: VGG-style, 2 convs per block, about 2.8x the shipped network's multiply-adds
    "teacher": dict(widths=(64, 128, 256, 512), convs=(2, 2, 2, 2), hidden=1024, drops=(0.1, 0.15, 0.2, 0.25)),
    # the shipped layout (169.5 M multiply-adds) and the half-cost one
    "shipped": dict(widths=(48, 96, 192, 384), convs=(1, 1, 2, 2), hidden=384, drops=(0.1, 0.15, 0.2, 0.25)),
    "half": dict(widths=(32, 64, 128, 256), convs=(1, 1, 2, 2), hidden=256, drops=(0.1, 0.15, 0.2, 0.25)),
}


# ---------------------------------------------------------------- training
def augment(x, torch, F):
    """x: B x 1 x 48 x 48 in [0,1] on the device. Flip, affine jitter, gamma/contrast, erasing."""
    b = x.shape[0]
    dev = x.device
    flip = (torch.rand(b, device=dev) < 0.5).float() * 2 - 1
    ang = (torch.rand(b, device=dev) * 2 - 1) * math.radians(15)
    sc = 1 / (0.85 + torch.rand(b, device=dev) * 0.3)
    tx = (torch.rand(b, device=dev) * 2 - 1) * 0.2
    ty = (torch.rand(b, device=dev) * 2 - 1) * 0.2
    cos, sin = torch.cos(ang) * sc, torch.sin(ang) * sc
    theta = torch.stack([torch.stack([cos * flip, -sin, tx], 1), torch.stack([sin * flip, cos, ty], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    gamma = torch.exp((torch.rand(b, 1, 1, 1, device=dev) * 2 - 1) * 0.4)
    x = x.clamp(1e-4, 1) ** gamma
    c = 0.7 + torch.rand(b, 1, 1, 1, device=dev) * 0.6
    m = x.mean(dim=(2, 3), keepdim=True)
    x = ((x - m) * c + m + (torch.rand(b, 1, 1, 1, device=dev) * 2 - 1) * 0.1).clamp(0, 1)
    # random erasing, half of the images, 2-20 % of the area
    area = 48 * 48 * (0.02 + torch.rand(b, device=dev) * 0.18)
    ratio = torch.exp((torch.rand(b, device=dev) * 2 - 1) * math.log(3))
    h = (area * ratio).sqrt().clamp(1, 47)
    w = (area / ratio).sqrt().clamp(1, 47)
    y0 = torch.rand(b, device=dev) * (48 - h)
    x0 = torch.rand(b, device=dev) * (48 - w)
    ii = torch.arange(48, device=dev).view(1, 48, 1)
    jj = torch.arange(48, device=dev).view(1, 1, 48)
    box = (ii >= y0.view(b, 1, 1)) & (ii < (y0 + h).view(b, 1, 1)) & (jj >= x0.view(b, 1, 1)) & (jj < (x0 + w).view(b, 1, 1))
    box &= (torch.rand(b, 1, 1, device=dev) < 0.5)
    x = torch.where(box.unsqueeze(1), torch.rand_like(x), x)
    return x


def norm(x):
    return (x - 0.5) / 0.25


def logits_of(net, x_u8, torch, dev, amp, bs=1024):
    """Logits of the image and of its mirror, each N x 7 (float32, CPU)."""
    net.eval()
    outs, mirr = [], []
    with torch.no_grad(), amp():
        for i in range(0, len(x_u8), bs):
            x = x_u8[i:i + bs].to(dev).float().unsqueeze(1) / 255
            outs.append(net(norm(x)).float().cpu())
            mirr.append(net(norm(torch.flip(x, dims=[3]))).float().cpu())
    return torch.cat(outs).numpy(), torch.cat(mirr).numpy()


def softmax(z, t=1.0):
    z = z / t
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def fit_temperature(lo, lm, y):
    best = (1e9, 1.0)
    for t in np.exp(np.linspace(math.log(0.3), math.log(5), 200)):
        p = (softmax(lo, t) + softmax(lm, t)) / 2
        nll = -np.log(np.maximum(p[np.arange(len(y)), y], 1e-12)).mean()
        best = min(best, (nll, t))
    return best[1]


def worker(a):
    import torch
    import torch.nn.functional as F
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cudnn.benchmark = True
    if dev.type == "cuda":
        amp = lambda: torch.autocast("cuda", dtype=torch.bfloat16)
    else:
        import contextlib
        amp = contextlib.nullcontext
    (xtr, ytr, ktr), (xva, yva, kva) = load(a.cache)
    if a.smoke:
        (xtr, ytr, ktr), (xva, yva, kva) = smoke_subset((xtr, ytr, ktr), (xva, yva, kva))
    fold = folds_of(len(xtr), a.k) if a.fold >= 0 else None
    fit = np.ones(len(xtr), bool) if fold is None else fold != a.fold
    soft = None
    if a.targets:
        t = np.load(a.targets)
        soft = torch.from_numpy(t[:len(xtr)]).float()
    arch = ARCHS[a.arch]
    net = make_net(**arch).to(dev).to(memory_format=torch.channels_last)
    xs = torch.from_numpy(xtr[fit])
    ys = torch.from_numpy(ytr[fit])
    ss = soft[torch.from_numpy(fit)] if soft is not None else None
    xs_d, ys_d = xs.to(dev), ys.to(dev)
    ss_d = ss.to(dev) if ss is not None else None
    n = len(xs)
    bs = a.batch
    steps = n // bs
    opt = torch.optim.SGD(net.parameters(), lr=a.lr, momentum=0.9, nesterov=True, weight_decay=5e-4)
    xva_t = torch.from_numpy(xva)

    def one_epoch(lr_at):
        net.train()
        perm = torch.randperm(n, device=dev)
        for s in range(steps):
            for g in opt.param_groups:
                g["lr"] = lr_at(s / steps)
            idx = perm[s * bs:(s + 1) * bs]
            x = augment(xs_d[idx].float().unsqueeze(1) / 255, torch, F)
            x = norm(x).contiguous(memory_format=torch.channels_last)
            with amp():
                z = net(x).float()
            hard = F.one_hot(ys_d[idx], len(CLASSES)).float()
            tgt = hard if ss_d is None else (1 - a.distill) * hard + a.distill * ss_d[idx]
            loss = -(tgt * F.log_softmax(z, 1)).sum(1).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()

    # one warm-up epoch at a tenth of the rate (its time is logged), then the cosine schedule
    t0 = time.time()
    one_epoch(lambda f: a.lr * 0.1)
    if dev.type == "cuda":
        torch.cuda.synchronize()
    per_epoch = time.time() - t0
    epochs = a.epochs
    print(f"[{a.name}] {n} images, {per_epoch:.2f} s/epoch -> {epochs} epochs", flush=True)
    history = []
    for e in range(epochs):
        lr_at = lambda f, e=e: a.lr * 0.5 * (1 + math.cos(math.pi * (e + f) / epochs)) if e > 0 else a.lr * (0.1 + 0.9 * f)
        one_epoch(lr_at)
        if e % 5 == 4 or e == epochs - 1:
            lo, lm = logits_of(net, xva_t, torch, dev, amp)
            acc = float(((lo + lm).argmax(1) == yva).mean())
            acc1 = float((lo.argmax(1) == yva).mean())
            history.append((e + 1, acc1, acc))
            print(f"[{a.name}] epoch {e + 1}/{epochs} val {acc1:.4f} (mirror {acc:.4f})", flush=True)
    lo, lm = logits_of(net, xva_t, torch, dev, amp)
    to, tm = logits_of(net, torch.from_numpy(xtr), torch, dev, amp)
    np.savez(os.path.join(a.out, a.name + ".npz"), val_o=lo, val_m=lm, tr_o=to, tr_m=tm,
             history=np.array(history), epochs=epochs, per_epoch=per_epoch, fold=a.fold)


def spawn(script, out, cache, name, **kw):
    cmd = [sys.executable, script, "worker", "--out", out, "--cache", cache, "--name", name]
    for k, v in kw.items():
        if isinstance(v, bool):
            if v:
                cmd.append("--" + k.replace("_", "-"))
        else:
            cmd += ["--" + k.replace("_", "-"), str(v)]
    return subprocess.Popen(cmd, stdout=open(os.path.join(out, name + ".out"), "w"), stderr=subprocess.STDOUT)


def wait_all(out, work, procs):
    for name, p in procs:
        rc = p.wait()
        with open(os.path.join(work, name + ".out")) as f:
            for line in f:
                log(out, line.rstrip())
        if rc != 0:
            log(out, f"{name}: exit {rc}")


def result(out, name):
    f = os.path.join(out, name + ".npz")
    return dict(np.load(f)) if os.path.exists(f) else None


def main(a):
    os.makedirs(a.out, exist_ok=True)
    script = os.path.abspath(__file__)
    cache = os.path.join(a.work, "fer.npz")
    os.makedirs(a.work, exist_ok=True)
    t0 = time.time()
    decode_pack(a.pack, cache)
    (xtr, ytr, ktr), (xva, yva, kva) = load(cache)
    if a.smoke:
        (xtr, ytr, ktr), (xva, yva, kva) = smoke_subset((xtr, ytr, ktr), (xva, yva, kva))
    log(a.out, f"data: {len(xtr)} train, {len(xva)} val, decoded in {time.time() - t0:.1f} s")
    for k, v in ARCHS.items():
        log(a.out, f"arch {k}: {macs(v['widths'], v['convs'], v['hidden']) / 1e6:.1f} M multiply-adds")
    summary = {"k": a.k, "archs": ARCHS}

    # phase 1: k teachers (fold f left out), side by side on one GPU
    procs = [(f"teacher{f}", spawn(script, a.work, cache, f"teacher{f}", arch="teacher", fold=f, k=a.k,
                                   epochs=a.teacher_epochs, seed=100 + f, lr=a.lr, batch=a.batch, smoke=a.smoke))
             for f in range(a.k)]
    wait_all(a.out, a.work, procs)
    fold = folds_of(len(xtr), a.k)
    res = {f: result(a.work, f"teacher{f}") for f in range(a.k)}
    res = {f: r for f, r in res.items() if r is not None}
    if not res:
        log(a.out, "no teacher finished")
        return
    temps, accs = {}, {}
    pv = np.zeros((len(xva), len(CLASSES)))
    oof = np.full((len(xtr), len(CLASSES)), np.nan)
    infold = np.zeros((len(xtr), len(CLASSES)))
    for f, r in res.items():
        t = fit_temperature(r["val_o"], r["val_m"], yva)
        temps[f] = t
        p = (softmax(r["val_o"], t) + softmax(r["val_m"], t)) / 2
        accs[f] = float((p.argmax(1) == yva).mean())
        pv += p / len(res)
        ptr = (softmax(r["tr_o"], t) + softmax(r["tr_m"], t)) / 2
        oof[fold == f] = ptr[fold == f]
        infold += ptr / len(res)
        log(a.out, f"teacher{f}: {int(r['epochs'])} epochs, T {t:.3f}, val with mirror {accs[f]:.4f}")
    missing = np.isnan(oof[:, 0])
    oof[missing] = infold[missing]  # folds whose teacher failed: the ensemble's (in-fold) probabilities
    ens_acc = float((pv.argmax(1) == yva).mean())
    nll = lambda p, y: float(-np.log(np.maximum(p[np.arange(len(y)), y], 1e-12)).mean())
    log(a.out, f"teacher ensemble ({len(res)}): val {ens_acc:.4f}, NLL {nll(pv, yva):.4f}; "
               f"OOF agrees with labels {float((oof.argmax(1) == ytr).mean()):.4f} ({int(missing.sum())} from in-fold), "
               f"in-fold {float((infold.argmax(1) == ytr).mean()):.4f}")
    summary.update(temperatures=temps, teacher_val=accs, ensemble_val=ens_acc,
                   oof_agreement=float((oof.argmax(1) == ytr).mean()),
                   infold_agreement=float((infold.argmax(1) == ytr).mean()))
    for name, p, keys in (("targets-oof", oof, ktr), ("targets-infold", infold, ktr), ("val-teachers", pv, kva)):
        with open(os.path.join(a.out, name + ".csv"), "w") as f:
            f.write("image," + ",".join(CLASSES) + "\n")
            for key, row in zip(keys, p):
                f.write(key + "," + ",".join(f"{v:.5f}" for v in row) + "\n")
    np.save(os.path.join(a.work, "oof.npy"), oof.astype(np.float32))
    np.save(os.path.join(a.work, "infold.npy"), infold.astype(np.float32))

    # phase 2: proxy students distilled from those targets
    runs = [("student-hard", "shipped", None, 0.0), ("student-oof-0.5", "shipped", "oof", 0.5), ("student-oof-0.8", "shipped", "oof", 0.8),
            ("student-infold-0.8", "shipped", "infold", 0.8), ("half-oof-0.8", "half", "oof", 0.8),
            ("half-hard", "half", None, 0.0)]
    procs = []
    for name, arch, tg, w in runs:
        kw = dict(arch=arch, fold=-1, k=a.k, epochs=a.student_epochs, seed=7, lr=a.lr, batch=a.batch, smoke=a.smoke,
                  distill=w)
        if tg:
            kw["targets"] = os.path.join(a.work, tg + ".npy")
        procs.append((name, spawn(script, a.work, cache, name, **kw)))
    wait_all(a.out, a.work, procs)
    students = {}
    for name in [r[0] for r in runs]:
        r = result(a.work, name)
        if r is not None:
            students[name] = dict(epochs=int(r["epochs"]), history=r["history"].tolist())
            log(a.out, f"{name}: {int(r['epochs'])} epochs, val by epoch (plain, mirror) {r['history'].tolist()}")
    summary["students"] = students
    summary["seconds"] = time.time() - t0
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, default=float)
    log(a.out, f"done in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=["main", "worker"])
    p.add_argument("--pack", default="pack")
    p.add_argument("--out", default="out")
    p.add_argument("--work", default="/tmp/ferwork")
    p.add_argument("--cache")
    p.add_argument("--name")
    p.add_argument("--arch", default="teacher")
    p.add_argument("--fold", type=int, default=-1)
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--epochs", type=int, default=40, help="a worker's epochs after the warm-up")
    p.add_argument("--teacher-epochs", type=int, default=70)
    p.add_argument("--student-epochs", type=int, default=40)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--distill", type=float, default=0.0)
    p.add_argument("--targets")
    p.add_argument("--smoke", action="store_true")
    a = p.parse_args()
    (main if a.mode == "main" else worker)(a)
