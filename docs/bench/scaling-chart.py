#!/usr/bin/env python3
"""Scaling chart of the x86 exec anchor (issue #16): states and wall time against world size, for SPIN, TLC, fpctx
plain and fpctx reduced, as an SVG. Standard library only; not run by the build.

Usage (from the repository root):
    docs/bench/scaling-chart.py docs/bench/side-by-side.tsv [docs/bench/big-worlds.tsv] > docs/scaling.svg

The first TSV is run-side-by-side.sh's results.tsv (model, NT, NC, variant, tool, violation, trail, states,
transitions, wall_s, note); only the x86_exec fixed rows are drawn. The optional second TSV holds runs of bigger
worlds in the same columns (run-big-worlds.sh's rows converted, and fpctx's AnchorRun rows); a row whose violation
column says "limit" is a run stopped by its time limit and is drawn hollow (how far it got).
"""
import csv
import math
import re
import sys

SERIES = [("SPIN BFS", "#1f77b4"), ("TLC 1 worker", "#ff7f0e"), ("fpctx plain+2thr", "#2ca02c"),
          ("fpctx sym+2thr", "#d62728"), (ORBITS := "fpctx sym+2thr, Σ orbits", "#9467bd")]
# the reduced search's orbit sum (its note's "N states unreduced"): the states it covers, drawn in the states panel only


def read(path):
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["model"] != "x86_exec" or r["variant"] != "fixed":
                continue
            try:
                states = float(r["states"])
                wall = float(r["wall_s"])
            except ValueError:
                continue
            rows.append({"world": (int(r["NT"]), int(r["NC"])), "tool": r["tool"], "states": states, "wall": wall,
                         "stopped": r["violation"] == "limit"})
            m = re.search(r"(\d+) states unreduced", r.get("note") or "")
            if r["tool"] == "fpctx sym+2thr" and m:
                rows.append({"world": rows[-1]["world"], "tool": ORBITS, "states": float(m.group(1)), "wall": 0.0,
                             "stopped": rows[-1]["stopped"]})
    return rows


def panel(out, rows, worlds, key, title, x0, y0, w, h):
    vals = [r[key] for r in rows if r[key] > 0]
    lo = 10 ** math.floor(math.log10(min(vals)))
    hi = 10 ** math.ceil(math.log10(max(vals)))
    def px(i):
        return x0 + 50 + i * (w - 70) / max(1, len(worlds) - 1)
    def py(v):
        return y0 + h - 30 - (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * (h - 50)
    out.append(f'<text x="{x0 + w / 2}" y="{y0 + 14}" text-anchor="middle" font-weight="bold">{title}</text>')
    e = math.log10(lo)
    while e <= math.log10(hi) + 1e-9:
        y = py(10 ** e)
        out.append(f'<line x1="{x0 + 45}" y1="{y:.1f}" x2="{x0 + w - 15}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{x0 + 42}" y="{y + 4:.1f}" text-anchor="end" font-size="10">1e{int(e)}</text>')
        e += 1
    for i, wd in enumerate(worlds):
        out.append(f'<text x="{px(i):.1f}" y="{y0 + h - 12}" text-anchor="middle" font-size="11">{wd[0]}x{wd[1]}</text>')
    for tool, colour in SERIES:
        pts = [(worlds.index(r["world"]), r) for r in rows if r["tool"] == tool and r[key] > 0]
        pts.sort(key=lambda p: p[0])
        if len(pts) > 1:
            path = " ".join(f"{px(i):.1f},{py(r[key]):.1f}" for i, r in pts)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        for i, r in pts:
            fill = "white" if r["stopped"] else colour
            out.append(f'<circle cx="{px(i):.1f}" cy="{py(r[key]):.1f}" r="3.5" fill="{fill}" stroke="{colour}"/>')


def main(argv):
    if len(argv) < 2:
        sys.exit("usage: scaling-chart.py side-by-side.tsv [big-worlds.tsv] > chart.svg")
    rows = []
    for p in argv[1:]:
        rows += read(p)
    worlds = sorted({r["world"] for r in rows}, key=lambda wd: (wd[0] * wd[1], wd))
    w, h = 900, 380
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
           f'<rect width="{w}" height="{h}" fill="white"/>']
    panel(out, rows, worlds, "states", "states (fpctx reduced: representatives and Σ orbits)", 0, 0, w / 2, h - 40)
    panel(out, rows, worlds, "wall", "wall time, s (hollow: stopped at a time or memory limit)", w / 2, 0, w / 2, h - 40)
    x = 20
    for tool, colour in SERIES:
        out.append(f'<circle cx="{x}" cy="{h - 18}" r="4" fill="{colour}"/>')
        out.append(f'<text x="{x + 8}" y="{h - 14}">{tool}</text>')
        x += 175
    out.append("</svg>")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv)
