#!/usr/bin/env python3
"""Writes the README's claims table from a `lab claims` run: python3 scripts/claims-table.py out/claims/claims.json
[--readme README.md --marker NAME]. With --readme it replaces the text between <!-- claims:NAME --> and
<!-- /claims:NAME -->, so the table is never copied by hand."""
import json, sys

def table(path):
    rows = json.load(open(path))["claims"]
    out = ["| preset | claim | measured | bar | verdict | step | s |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        m = r["measured"]
        measured = "–" if m is None else f"{m:.3g}"
        out.append(f"| {r['preset']} | {r['claim']} | {measured} | {r['bar']} | {r['verdict']} | {r.get('step', '')} | {r['seconds']:.0f} |")
    passed = sum(r["verdict"] == "pass" for r in rows)
    out.append("")
    out.append(f"{passed} of {len(rows)} claims pass.")
    return "\n".join(out)

def main(argv):
    text = table(argv[1])
    if "--readme" not in argv:
        print(text)
        return
    readme = argv[argv.index("--readme") + 1]
    name = argv[argv.index("--marker") + 1]
    start, end = f"<!-- claims:{name} -->", f"<!-- /claims:{name} -->"
    body = open(readme).read()
    if start not in body:
        sys.exit(f"{readme}: no {start} marker")
    head, rest = body.split(start, 1)
    _, tail = rest.split(end, 1)
    open(readme, "w").write(head + start + "\n" + text + "\n" + end + tail)

if __name__ == "__main__":
    main(sys.argv)
