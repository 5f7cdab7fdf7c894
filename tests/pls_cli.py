#!/usr/bin/env python3
"""--lexicon FILE.pls from the command line.

- `articast normalize --lexicon sample.pls` says its graphemes as eSpeak NG
  phonemes ([[...]]) and aliases; the built-in lexicon's names are said
  without any option; a bad lexicon is exit 2 naming file:line:column.
- The phonemes reach the engine as phonemes: a one-word article rendered
  with the PLS lasts about as long as with an alias of the same sound,
  not like the brackets and letters read out.

usage: pls_cli.py --articast BIN --source DIR
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import wave

FAILURES = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        FAILURES.append(what)
    return cond


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, **kw)


def seconds(path):
    with wave.open(path) as w:
        return w.getnframes() / w.getframerate()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", required=True)
    a = ap.parse_args()
    sample = os.path.join(a.source, "tests", "data", "lexicon", "sample.pls")
    r = run([a.articast, "normalize", "--lexicon", sample], input=b"Qatar hosted the W3C.\n")
    check(r.returncode == 0 and r.stdout == b"[['kVtA@]] hosted the World Wide Web Consortium.\n",
          f"normalize with sample.pls: {r.stdout!r} {r.stderr!r}")
    r = run([a.articast, "normalize"], input=b"Guterres flew to Astana.\n")
    check(r.returncode == 0 and b"[[" in r.stdout and b"Guterres" not in r.stdout,
          f"the built-in lexicon says Guterres: {r.stdout!r}")
    with tempfile.TemporaryDirectory() as d:
        bad = os.path.join(d, "bad.pls")
        with open(bad, "w", encoding="utf-8") as f:
            f.write('<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"'
                    ' alphabet="ipa" xml:lang="en">\n<lexeme><grapheme>X</grapheme>\n'
                    '<phoneme>k\u2603t</phoneme></lexeme></lexicon>\n')
        r = run([a.articast, "normalize", "--lexicon", bad], input=b"X\n")
        check(r.returncode == 2 and f"{bad}:3:11:".encode() in r.stderr, f"bad phoneme: exit 2, file:line:column: {r.stderr!r}")
        with open(bad, "w", encoding="utf-8") as f:
            f.write('<lexicon version="1.0"><lexeme>')
        r = run([a.articast, "normalize", "--lexicon", bad], input=b"X\n")
        check(r.returncode == 2 and f"{bad}:1:".encode() in r.stderr, f"malformed XML: exit 2, file:line: {r.stderr!r}")

        # a dateline's place is said as the lexicon says it, like the
        # same word in the text
        dl = os.path.join(d, "dateline.txt")
        with open(dl, "w", encoding="utf-8") as f:
            f.write("Talks\n\nASTANA, Kazakhstan \u2014 Talks began in Astana.\n")
        r = run([a.articast, "script", dl, "--json"])
        text = json.loads(r.stdout)["turns"][1]["text"] if r.returncode == 0 else ""
        check(text.count("[[,ast@'nA:]]") == 2, f"the dateline's Astana as the body's: {text!r}")

        # the phonemes are spoken as phonemes
        art = os.path.join(d, "a.txt")
        with open(art, "w", encoding="utf-8") as f:
            f.write("Note\n\nBrandtstadt.\n")
        alias = os.path.join(d, "alias.tsv")
        with open(alias, "w", encoding="utf-8") as f:
            f.write("word\tBrandtstadt\tbrant stat\n")
        lens = {}
        for name, lex in (("pls", sample), ("alias", alias)):
            out = os.path.join(d, name + ".wav")
            r = run([a.articast, "render", art, "-o", out, "--lexicon", lex])
            if check(r.returncode == 0, f"render with {name}: {r.stderr!r}"):
                lens[name] = seconds(out)
        if len(lens) == 2:
            check(abs(lens["pls"] - lens["alias"]) < 0.25 * lens["alias"],
                  f"PLS phonemes last like the alias (not read as letters): {lens}")
    print(f"{len(FAILURES)} failed" if FAILURES else "all checks passed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
