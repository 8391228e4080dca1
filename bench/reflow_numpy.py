#!/usr/bin/env python3
"""The lab's canonical training step in NumPy, one thread: the ratio `lab bench` is quoted against (issue 28).

Rectified flow on 8 Gaussians: x_t = (1 - t) x0 + t x1 (t = 0 data, t = 1 noise, the lab's convention), an MLP
[x, y, t] -> 128 -> 128 -> 2 with SiLU regresses x1 - x0 (mean squared error), PyTorch's default init, Adam
(lr 1e-3, betas 0.9/0.999, eps 1e-8), batch 256, float32 throughout. Prints steps/s like `lab bench`: the best and
the median of ten timed windows after a 200-step warm-up.

    python3 bench/reflow_numpy.py [--seconds S] [--json]
"""
import os

for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"  # one thread, as the lab's step; set before NumPy loads its BLAS

import argparse
import json
import time

import numpy as np

B, H = 256, 128
f32 = np.float32


def linear(rng, fan_in, fan_out):
    """PyTorch's nn.Linear init: W, b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)); W stored [out, in]."""
    k = 1 / np.sqrt(fan_in)
    return [rng.uniform(-k, k, (fan_out, fan_in)).astype(f32), rng.uniform(-k, k, fan_out).astype(f32)]


def silu(z):
    s = 1 / (1 + np.exp(-z))
    return z * s, s


class Step:
    def __init__(self, seed=0):
        self.rng = np.random.default_rng(seed)
        self.params = linear(self.rng, 3, H) + linear(self.rng, H, H) + linear(self.rng, H, 2)
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.t = 0
        angles = np.arange(8) * (2 * np.pi / 8)
        self.centres = (4 * np.stack([np.cos(angles), np.sin(angles)], 1)).astype(f32)

    def __call__(self):
        r = self.rng
        x0 = self.centres[r.integers(0, 8, B)] + f32(0.5) * r.standard_normal((B, 2), dtype=f32)
        x1 = r.standard_normal((B, 2), dtype=f32)
        t = r.random((B, 1), dtype=f32)
        xt = (1 - t) * x0 + t * x1
        target = x1 - x0
        w0, b0, w1, b1, w2, b2 = self.params
        x = np.concatenate([xt, t], 1)
        h0, s0 = silu(x @ w0.T + b0)
        h1, s1 = silu(h0 @ w1.T + b1)
        out = h1 @ w2.T + b2
        diff = out - target
        loss = float((diff * diff).mean())
        g = diff * f32(2 / diff.size)
        grads = [None] * 6
        grads[4], grads[5] = g.T @ h1, g.sum(0)
        g = (g @ w2) * (s1 + h1 * (1 - s1))
        grads[2], grads[3] = g.T @ h0, g.sum(0)
        g = (g @ w1) * (s0 + h0 * (1 - s0))
        grads[0], grads[1] = g.T @ x, g.sum(0)
        self.t += 1
        c1, c2 = 1 - 0.9 ** self.t, 1 - 0.999 ** self.t
        for p, gr, m, v in zip(self.params, grads, self.m, self.v):
            m *= f32(0.9)
            m += f32(0.1) * gr
            v *= f32(0.999)
            v += f32(0.001) * gr * gr
            p -= f32(1e-3 / c1) * m / (np.sqrt(v / f32(c2)) + f32(1e-8))
        return loss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    step = Step()
    for _ in range(200):
        step()
    rates = []
    for _ in range(10):
        start, n = time.perf_counter(), 0
        while time.perf_counter() - start < a.seconds / 10:
            for _ in range(10):
                step()
            n += 10
        rates.append(n / (time.perf_counter() - start))
    rates.sort()
    if a.json:
        print(json.dumps({"steps_per_second": rates[-1], "median_steps_per_second": rates[len(rates) // 2]}))
    else:
        print(f"numpy  {rates[-1]:8.0f} steps/s (median {rates[len(rates) // 2]:.0f})  NumPy {np.__version__}, 1 thread")


if __name__ == "__main__":
    main()
