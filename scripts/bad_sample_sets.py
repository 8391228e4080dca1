#!/usr/bin/env python3
"""Writes known-bad sample sets for the 8-Gaussian mixture (radius 4, std 0.5) as CSVs with header x,y.

Cross-check only (not run in CI), with numpy's generator so the sets share nothing with the lab's RNG:
true data, a uniform ring (radius 4, isotropic std 0.5), a blur (std x 2), half width (std / 2) and dropped
modes (every other centre, renormalised).

    python3 scripts/bad_sample_sets.py OUTDIR [--n 2000] [--seed 0]
    for f in OUTDIR/*.csv; do lab score "$f" --json; python3 scripts/score_reference.py "$f" --json; done
"""
import argparse
import os

import numpy as np

CENTRES = np.array([[4 * np.cos(2 * np.pi * k / 8), 4 * np.sin(2 * np.pi * k / 8)] for k in range(8)])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    n = args.n

    def mixture(std, every=1):
        k = rng.integers(0, 8 // every, n) * every
        return CENTRES[k] + std * rng.standard_normal((n, 2))

    angle = rng.uniform(0, 2 * np.pi, n)
    sets = {
        "true": mixture(0.5),
        "ring": 4 * np.stack([np.cos(angle), np.sin(angle)], axis=1) + 0.5 * rng.standard_normal((n, 2)),
        "blur": mixture(1.0),
        "half_width": mixture(0.25),
        "dropped_modes": mixture(0.5, every=2),
    }
    os.makedirs(args.outdir, exist_ok=True)
    for name, points in sets.items():
        np.savetxt(os.path.join(args.outdir, f"{name}.csv"), points, delimiter=",", header="x,y", comments="", fmt="%.9g")


if __name__ == "__main__":
    main()
