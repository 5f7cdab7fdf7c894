#!/usr/bin/env python3
"""Quotations and speakers in other languages (README, "Who speaks"): a
news article of our own in German, Spanish, French, Portuguese and
Russian, each read with `script --json --language LL`.

  every quotation of data/segment/lang/expected.tsv is found, in order and
  no other: its source text (quote marks and punctuation trimmed) starts
  and ends with the words listed, so a narrator's insert (—dijo X—,
  — сказал X) is never part of it; it is given to the speaker listed,
  whose gender is the one listed; speakers of the same gender get
  distinct voices from their gender's pool.

usage: segment_lang.py --articast BIN --source DIR [LL ...]
"""
import argparse
import json
import os
import subprocess
import sys

TRIM = " \t\n\u00a0\u202f\"'“”„‚‘’«»—–-.,:;"


def expected(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            lang, name, gender, first, last = line.rstrip("\n").split("\t")
            rows.setdefault(lang, []).append((name, gender, first, last))
    return rows


def check(binary, folder, lang, want):
    path = os.path.join(folder, lang + ".txt")
    out = subprocess.run([binary, "script", path, "--json", "--language", lang],
                         capture_output=True, check=True).stdout
    doc = json.loads(out)
    src = open(path, "rb").read()
    speakers = {s["id"]: s for s in doc["speakers"]}
    quotes = [t for t in doc["turns"] if t["kind"] == "quote"]
    fails = []
    for k, (name, gender, first, last) in enumerate(want):
        if k >= len(quotes):
            fails.append("quotation %d (%s ...) not found" % (k + 1, first))
            continue
        t = quotes[k]
        a, b = t["source"]
        text = src[a:b].decode("utf-8").strip(TRIM)
        sp = speakers[t["speaker"]]
        if not text.startswith(first) or not text.endswith(last):
            fails.append("quotation %d: expected %s ... %s, got %r" % (k + 1, first, last, text))
        if sp["name"] != name or sp["gender"] != gender:
            fails.append("quotation %d (%s ...): expected %s (%s), got %s (%s, %s)" %
                         (k + 1, first, name, gender, sp["name"], sp["gender"], t.get("attribution")))
    for t in quotes[len(want):]:
        fails.append("an extra quotation: %r" % t["text"])
    voices = {}
    for s in doc["speakers"]:
        if s["id"] == "narrator" or not any(t["speaker"] == s["id"] for t in quotes):
            continue
        pool = {"female": "quote-f", "male": "quote-m"}.get(s["gender"], "quote-u")
        if not s["voice"].startswith(pool):
            fails.append("%s (%s) speaks with %s" % (s["name"], s["gender"], s["voice"]))
        if s["voice"] in voices:
            fails.append("%s and %s share the voice %s" % (voices[s["voice"]], s["name"], s["voice"]))
        voices[s["voice"]] = s["name"]
    print("%s: %d quotations expected, %d found, %d problems" % (lang, len(want), len(quotes), len(fails)))
    for f in fails:
        print("  " + f)
    return not fails


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("langs", nargs="*")
    args = ap.parse_args()
    folder = os.path.join(args.source, "tests", "data", "segment", "lang")
    rows = expected(os.path.join(folder, "expected.tsv"))
    ok = True
    for lang in args.langs or sorted(rows):
        ok = check(args.articast, folder, lang, rows[lang]) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
