#!/usr/bin/env python3
"""One path: a paragraph inside a full article is spoken exactly as the
same line is by `articast normalize`.

For each plain-text example, `articast script --json` gives the spoken
turns with their source byte ranges; the turns of each paragraph, joined,
must equal what `articast normalize` says for that paragraph's line, when
the article's paragraphs are fed to one `articast normalize` run in order
(so acronyms met earlier are as known to both). Paragraphs the reader
leaves out (a byline) are not compared. Spaces are compared loosely (a
turn boundary is a space) and so are the pause commas a quotation's edge
may add or drop.

usage: one_path.py --articast BIN FILE...
"""
import argparse
import json
import re
import subprocess
import sys


def canon(s):
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r" ([,.;:!?])", r"\1", s)
    # a quotation's turn ends at its comma; the narration after it starts
    # with a space: "island, Vella said" either way
    s = re.sub(r",+", ",", s)
    return s


def paragraphs(raw):
    return [(m.start(), m.end()) for m in re.finditer(rb"[^\n]+(?:\n[^\n]+)*", raw)]


def check_file(art, path):
    raw = open(path, "rb").read()
    r = subprocess.run([art, "script", path, "--json"], capture_output=True)
    if r.returncode != 0:
        return [f"{path}: script exit {r.returncode}: {r.stderr.decode()}"]
    turns = json.loads(r.stdout)["turns"]
    paras = paragraphs(raw)
    spoken = {}
    for t in turns:
        a, b = t["source"]
        for k, (pa, pb) in enumerate(paras):
            if pa <= a < pb:
                spoken.setdefault(k, []).append(t["text"])
                break
    lines = [raw[a:b].decode("utf-8").replace("\n", " ") for a, b in paras]
    r = subprocess.run([art, "normalize"], input="\n".join(lines).encode() + b"\n", capture_output=True)
    if r.returncode != 0:
        return [f"{path}: normalize exit {r.returncode}: {r.stderr.decode()}"]
    out = r.stdout.decode("utf-8").split("\n")
    bad = []
    check_file.compared += len(spoken)
    for k in sorted(spoken):
        whole = canon(" ".join(spoken[k]))
        alone = canon(out[k]) if k < len(out) else ""
        if whole != alone:
            bad.append(f"{path}: paragraph {k + 1}:\n  article:   {whole}\n  normalize: {alone}")
    return bad


check_file.compared = 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    bad, n = [], 0
    for f in args.files:
        bad += check_file(args.articast, f)
        n += 1
    for b in bad:
        print("FAIL:", b)
    print(f"{n} articles, {check_file.compared} paragraphs compared, {len(bad)} differ")
    sys.exit(1 if bad or not check_file.compared else 0)


if __name__ == "__main__":
    main()
