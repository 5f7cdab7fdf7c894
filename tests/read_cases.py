#!/usr/bin/env python3
"""One read-stage case: an article written for the tests and what
`articast extract --json` (and, for spoken checks, `articast script --json`)
must find in it. The expectation format is in tests/data/read/README.md.

usage: read_cases.py --articast BIN CASE_FILE
"""
import argparse
import json
import os
import subprocess
import sys


def run(articast, cmd, path):
    r = subprocess.run([articast, cmd, path, "--json"], capture_output=True)
    if r.returncode != 0:
        sys.exit(f"FAIL: articast {cmd} {path}: exit {r.returncode}: {r.stderr.decode(errors='replace')}")
    return json.loads(r.stdout), r.stderr.decode(errors="replace")


def expectations(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, sep, value = line.partition(":")
            if not sep:
                sys.exit(f"{path}:{n}: expected 'key: value'")
            out.append((n, key.strip(), value.strip()))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("case")
    args = ap.parse_args()
    base = os.path.splitext(args.case)[0]
    exp = expectations(base + ".expect")
    doc, _ = run(args.articast, "extract", args.case)
    blocks = [b for s in doc["sections"] for b in s["blocks"]]
    read = [b["text"] for b in blocks if b["read"]]
    headings = [s["title"] for s in doc["sections"][1:]]
    spoken = None
    failures = 0
    for n, key, value in exp:
        where = f"{base}.expect:{n}: {key}: {value}"
        if key in ("title", "author", "date", "language", "dateline"):
            got = doc.get(key)
            ok = got == (None if value == "none" else value)
            detail = f"got {got!r}"
        elif key == "read":
            ok = any(value in t for t in read)
            detail = f"read blocks: {[t[:60] for t in read]}"
        elif key == "unread":
            hits = [t for t in read if value in t]
            ok = not hits
            detail = f"read in: {[t[:80] for t in hits]}"
        elif key == "kind":
            kind, _, text = value.partition(" ")
            got = [b["kind"] for b in blocks if text in b["text"]]
            ok = kind in got
            detail = f"kinds of blocks holding it: {got}"
        elif key == "heading":
            ok = value in headings
            detail = f"headings: {headings}"
        elif key == "no-heading":
            ok = not any(value in h for h in headings)
            detail = f"headings: {headings}"
        elif key == "sections":
            ok = len(doc["sections"]) == int(value)
            detail = f"got {len(doc['sections'])}"
        elif key == "warning":
            ok = any(value in w for w in doc["warnings"])
            detail = f"warnings: {doc['warnings']}"
        elif key in ("spoken", "unspoken"):
            if spoken is None:
                script, _ = run(args.articast, "script", args.case)
                spoken = " ".join(t["text"] for t in script["turns"])
            ok = (value in spoken) == (key == "spoken")
            detail = f"spoken: {spoken[:300]!r}"
        else:
            sys.exit(f"{where}: unknown key")
        print(("ok: " if ok else "FAIL: ") + where + ("" if ok else f" ({detail})"))
        failures += not ok
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
