#!/usr/bin/env python3
"""Quotations and speakers in other languages (README, "Who speaks"):
news articles of our own in German, Spanish, French, Portuguese and
Russian (data/segment/lang/LL.txt, and LL-2.txt with more of the
language's ways), each read with `script --json --language LL`.

  every quotation of data/segment/lang/expected.tsv is found, in order and
  no other: its source text (quote marks and punctuation trimmed) starts
  and ends with the words listed, so a narrator's insert (—dijo X—,
  — сказал X) is never part of it; it is given to the speaker listed,
  whose gender is the one listed; speakers of the same gender get
  distinct voices from their gender's pool.

Then, with a copy of the voices folder: a folder without es/cues.tsv
borrows the default one (the same Spanish speakers), and an edit to
es/cues.tsv makes `batch --resume` render a Spanish article again (the
configuration hash covers the tables).

usage: segment_lang.py --articast BIN --source DIR [ARTICLE ...]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

TRIM = " \t\n\u00a0\u202f\"'“”„‚‘’«»—–-.,:;"


def expected(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            article, name, gender, first, last = line.rstrip("\n").split("\t")
            rows.setdefault(article, []).append((name, gender, first, last))
    return rows


def check(binary, folder, article, want, extra=()):
    path = os.path.join(folder, article + ".txt")
    lang = article.split("-")[0]
    out = subprocess.run([binary, "script", path, "--json", "--language", lang] + list(extra),
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
    print("%s: %d quotations expected, %d found, %d problems" % (article, len(want), len(quotes), len(fails)))
    for f in fails:
        print("  " + f)
    return not fails


def voices_folder(args, folder, want):
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        voices = os.path.join(tmp, "voices")
        shutil.copytree(os.path.join(args.source, "voices"), voices)
        shutil.rmtree(os.path.join(voices, "es"))
        print("a voices folder without es/:", end=" ")
        ok = check(args.articast, folder, "es", want, ["--voices", voices]) and ok
        shutil.copytree(os.path.join(args.source, "voices", "es"), os.path.join(voices, "es"))
        src = os.path.join(tmp, "in")
        os.mkdir(src)
        with open(os.path.join(src, "a.txt"), "w", encoding="utf-8") as f:
            f.write("Un titular\n\n«Es un buen día», dijo Ana Ruiz.\n")
        cmd = [args.articast, "batch", src, "--out-dir", os.path.join(tmp, "out"), "--voices", voices,
               "--language", "es", "--resume"]
        subprocess.run(cmd, capture_output=True, check=True)
        with open(os.path.join(voices, "es", "cues.tsv"), "a", encoding="utf-8") as f:
            f.write("verb\tcomunicó\n")
        r = subprocess.run(cmd + ["--progress=jsonl"], capture_output=True, text=True)
        done = [e for e in (json.loads(l) for l in r.stderr.splitlines() if l.startswith("{"))
                if e.get("event") == "done"]
        if r.returncode != 0 or len(done) != 1:
            print("an edit to es/cues.tsv: batch --resume did %d articles (exit %d), expected 1" %
                  (len(done), r.returncode))
            ok = False
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("articles", nargs="*")
    args = ap.parse_args()
    folder = os.path.join(args.source, "tests", "data", "segment", "lang")
    rows = expected(os.path.join(folder, "expected.tsv"))
    ok = True
    for article in args.articles or sorted(rows):
        ok = check(args.articast, folder, article, rows[article]) and ok
    if not args.articles:
        ok = voices_folder(args, folder, rows["es"]) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
