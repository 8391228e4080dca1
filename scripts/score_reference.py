#!/usr/bin/env python3
"""Independent evaluator for `lab score` on the 8-Gaussian mixture (radius 4, std 0.5): kl, excess_nll, precision_2sd.

Cross-check only (not run in CI). It shares no code with the lab: numpy/scipy k-d tree, digamma and logsumexp, and
the mixture's entropy by quadrature on a fine grid rather than Monte Carlo.

    python3 scripts/score_reference.py SAMPLES.csv [--json]
"""
import argparse
import json
import sys

import numpy as np
from scipy.spatial import cKDTree
from scipy.special import digamma, logsumexp

RADIUS, STD, MODES, K = 4.0, 0.5, 8, 3
CENTRES = np.array([[RADIUS * np.cos(2 * np.pi * k / MODES), RADIUS * np.sin(2 * np.pi * k / MODES)] for k in range(MODES)])


def log_density(points):
    """log p(x) of the equal-weight isotropic mixture, by log-sum-exp over components."""
    d2 = ((points[:, None, :] - CENTRES[None, :, :]) ** 2).sum(axis=2)
    return logsumexp(-d2 / (2 * STD ** 2), axis=1) - np.log(MODES) - np.log(2 * np.pi * STD ** 2)


def entropy_by_quadrature(half_width=8.0, step=0.01):
    """H(p) = -∫ p log p on a midpoint grid (the integrand is smooth and decays like a Gaussian: spectrally accurate)."""
    g = np.arange(-half_width + step / 2, half_width, step)
    total = 0.0
    for x in g:
        row = np.stack([np.full_like(g, x), g], axis=1)
        lp = log_density(row)
        total -= (np.exp(lp) * lp).sum()
    return total * step * step


def knn_entropy(points, k=K):
    """Kozachenko–Leonenko entropy in 2D: ψ(n) − ψ(k) + log π + (2/n) Σ log r_k(i)."""
    n = len(points)
    r, _ = cKDTree(points).query(points, k=k + 1)
    rk = np.maximum(r[:, k], 1e-300)
    return digamma(n) - digamma(k) + np.log(np.pi) + 2 * np.mean(np.log(rk))


def read_points(path):
    with open(path) as f:
        header = f.readline().strip().lower().split(",")
    if header[:2] != ["x", "y"]:
        sys.exit(f"{path}: expected header x,y")
    return np.loadtxt(path, delimiter=",", skiprows=1, usecols=(0, 1), ndmin=2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("samples")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    x = read_points(args.samples)
    cross_entropy = float(-log_density(x).mean())
    entropy = entropy_by_quadrature()
    d = np.sqrt(((x[:, None, :] - CENTRES[None, :, :]) ** 2).sum(axis=2)).min(axis=1)
    out = {
        "n": len(x),
        "kl": cross_entropy - float(knn_entropy(x)),
        "cross_entropy": cross_entropy,
        "excess_nll": cross_entropy - entropy,
        "precision_2sd": float((d <= 2 * STD).mean()),
        "entropy": entropy,
    }
    if args.json:
        print(json.dumps(out))
    else:
        for k, v in out.items():
            print(f"{k:14} {v:.6g}" if isinstance(v, float) else f"{k:14} {v}")


if __name__ == "__main__":
    main()
