#!/usr/bin/env python3
"""Transcript cues of at most two short lines (README, "Transcripts"):
render the reference article (when ../shared is beside the tree), two
examples and an article of our own (&, <, words longer than a line) with
--vtt, --srt and --html, then read every cue back with a
parser of our own and with ffmpeg's subtitle readers.

  every SRT cue has at most 2 lines of at most 32 characters, every VTT
  cue at most 2 of at most 42 (a line of one longer word aside); cues in
  order, none overlapping; the VTT cues, in order, spell each sentence of
  the read-along page exactly (no word lost or repeated), the SRT cues
  too, after the speaker's label; the cues of a sentence cover exactly
  the sentence's time, as the page's clips place it; every piece of a
  quoted sentence keeps its voice; each piece lasts at least 800 ms when
  the sentence is long enough; ffmpeg reads as many cues as we do.

usage: captions.py --articast BIN --source DIR
"""
import argparse
import glob
import html
import json
import os
import re
import subprocess
import sys
import tempfile

FAILURES = []
LIMIT = {"srt": 32, "vtt": 42}
MIN_MS = 800
ODD = """Odd Words & Signs

The council said the R&D budget for 2025 < the 2024 one, and the full plan, at \
https://council.example.org/documents/budget-plan-2025-final-version.pdf, lists every line of it for the public to read.

Supercalifragilisticexpialidociousnessesque-ly-long-hyphenated-compound words happen.
"""


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)
    else:
        print("ok:", what)
    return cond


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def ms(h, m, s, f):
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f)


def parse(path, kind):
    """Cues as (start, end, voice, lines); the lines unescaped, the VTT
    voice taken off the first."""
    text = open(path, encoding="utf-8").read()
    blocks = [b for b in text.split("\n\n") if b.strip()]
    if kind == "vtt":
        check(blocks and blocks[0] == "WEBVTT", f"{os.path.basename(path)} starts with WEBVTT")
        blocks = blocks[1:]
    cues = []
    for i, b in enumerate(blocks, 1):
        lines = b.split("\n")
        if kind == "srt":
            if not check(lines[0] == str(i), f"SRT cue {i} is numbered {lines[0]!r}"):
                return cues
            lines = lines[1:]
        sep = "," if kind == "srt" else r"\."
        m = re.match(rf"(\d\d):(\d\d):(\d\d){sep}(\d{{3}}) --> (\d\d):(\d\d):(\d\d){sep}(\d{{3}})$", lines[0])
        if not check(m is not None, f"{kind} timing line {lines[0]!r}"):
            return cues
        g = m.groups()
        voice, body = None, lines[1:]
        if kind == "vtt":
            v = re.match(r"<v ([^>]*)>(.*)", body[0]) if body else None
            if v:
                voice, body = v.group(1), [v.group(2)] + body[1:]
            if any("<" in l for l in body):
                check(False, f"VTT cue {i}: no tag but the voice: {body}")
            body = [html.unescape(l) for l in body]
        cues.append((ms(*g[:4]), ms(*g[4:]), voice, body))
    return cues


def sentences(page):
    """The read-along page's sentences: (id, text) in order, and the clip
    of each id: (start, end) in ms."""
    h = open(os.path.join(page, "index.html"), encoding="utf-8").read()
    spans = [(int(i), html.unescape(re.sub(r"<[^>]*>", "", t)))
             for i, t in re.findall(r'<span id="s(\d+)"[^>]*>(.*?)</span>', h, re.S)]
    clips = json.loads(re.search(r'<script type="application/json" id="clips">(.*?)</script>', h, re.S).group(1))
    return spans, {c[0]: (c[1], c[2]) for c in clips}


def group(label, kind, cues, spans):
    """The cues of each sentence, in order: consecutive cues whose text
    joined with spaces is the sentence's (the SRT's first after the
    speaker's label). None when they do not spell the sentences."""
    out, k = [], 0
    for sid, text in spans:
        got, first, joined = [], k, ""
        while k < len(cues):
            got.append(" ".join(cues[k][3]))
            k += 1
            joined = " ".join(got)
            if kind == "srt":
                joined = re.sub(r"^[^:]+: ", "", joined, count=1)
            if len(joined) >= len(text):
                break
        if joined != text:
            check(False, f"{label} {kind}: the cues of sentence {sid} spell it: {joined!r} for {text!r}")
            return None
        out.append((sid, cues[first:k]))
    check(k == len(cues) and out, f"{label} {kind}: the cues spell the {len(out)} sentences, each exactly, in order")
    check(k == len(cues), f"{label} {kind}: no cue after the last sentence ({len(cues) - k} left)")
    return out


def ffmpeg_count(path, fmt):
    r = run(["ffmpeg", "-v", "error", "-i", path, "-f", fmt, "-"])
    check(r.returncode == 0, f"ffmpeg reads {os.path.basename(path)}: {r.stderr.strip()[:200]}")
    return r.stdout.count(" --> ")


def one(args, art, d):
    label = os.path.basename(art)
    base = os.path.join(d, re.sub(r"\W", "_", label))
    r = run([args.articast, "render", art, "--html", base + "-page", "--vtt", base + ".vtt", "--srt", base + ".srt",
             "--loudness", "off"])
    if not check(r.returncode == 0, f"render {label}: {r.stderr.strip()[:200]}"):
        return
    spans, clips = sentences(base + "-page")
    # the sections' first sentences: their clip opens with the lead-in,
    # their cue where the words start
    h = open(os.path.join(base + "-page", "index.html"), encoding="utf-8").read()
    openers = {int(i) for i in re.findall(r'<section id="sec\d+">\s*<h\d><span id="s(\d+)"', h)}
    spoken = [(i, t) for i, t in spans if i in clips]
    for kind in ("vtt", "srt"):
        path = base + "." + kind
        cues = parse(path, kind)
        longest = max((len(l) for c in cues for l in c[3]), default=0)
        print(f"{label} {kind}: {len(cues)} cues for {len(spoken)} sentences, longest line {longest} characters")
        check(ffmpeg_count(path, "srt" if kind == "srt" else "webvtt") == len(cues),
              f"{label} {kind}: ffmpeg reads the same {len(cues)} cues")
        bad = [c for c in cues if not 1 <= len(c[3]) <= 2 or
               any(len(l) > LIMIT[kind] and " " in l for l in c[3]) or any(not l for l in c[3])]
        check(not bad, f"{label} {kind}: every cue is 1 or 2 lines of at most {LIMIT[kind]} characters (or one "
              f"word): {bad[:2]}")
        check(len(cues) > len(spoken), f"{label} {kind}: the long sentences are cut ({len(cues)} cues, "
              f"{len(spoken)} sentences)")
        check(all(a < b for a, b, _, _ in cues) and all(p[1] <= c[0] for p, c in zip(cues, cues[1:])),
              f"{label} {kind}: cues in order, none empty, none overlapping")
        groups = group(label, kind, cues, spoken)
        if groups is None:
            continue
        bad_span, bad_voice, short, cut = [], [], [], 0
        for n, (sid, g) in enumerate(groups):
            start, end = clips[sid]
            nxt = groups[n + 1][0] if n + 1 < len(groups) else None
            # the span as before the cut: the clip's, but a section's first
            # sentence starts at its words and the one before it ends there
            ok_start = g[0][0] == start or (sid in openers and start <= g[0][0] < end)
            ok_end = g[-1][1] == end if nxt not in openers else g[-1][1] == groups[n + 1][1][0][0]
            if not (ok_start and ok_end and all(p[1] == c[0] for p, c in zip(g, g[1:]))):
                bad_span.append((sid, start, end, [c[:2] for c in g]))
            if kind == "vtt" and (len({c[2] for c in g}) != 1 or not g[0][2]):
                bad_voice.append((sid, [c[2] for c in g]))
            if len(g) > 1:
                cut += 1
                if g[-1][1] - g[0][0] >= MIN_MS * len(g):
                    short += [(sid, c[:2]) for c in g if c[1] - c[0] < MIN_MS]
        check(not bad_span, f"{label} {kind}: the cues of each sentence cover its span exactly, without a gap "
              f"({cut} sentences cut): {bad_span[:2]}")
        if kind == "vtt":
            voices = sorted({c[2] for _, g in groups for c in g if c[2]})
            check(not bad_voice and (len(voices) >= 2 or label == "odd.txt"), f"{label} vtt: every piece keeps its sentence's voice, "
                  f"{voices}: {bad_voice[:2]}")
        check(not short, f"{label} {kind}: each piece lasts {MIN_MS} ms or more where the sentence allows: "
              f"{short[:3]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", required=True)
    args = ap.parse_args()
    seeds = sorted(glob.glob(os.path.join(args.source, "..", "shared", "seeds", "*.txt")))[:1]
    if not seeds:
        print("note: no ../shared/seeds beside the source tree; the examples only")
    arts = seeds + [os.path.join(args.source, "examples", n) for n in ("harbour-festival.txt", "harbour-news.md")]
    with tempfile.TemporaryDirectory() as d:
        # the escapes of WebVTT and words longer than any line
        odd = os.path.join(d, "odd.txt")
        with open(odd, "w", encoding="utf-8") as f:
            f.write(ODD)
        for art in arts + [odd]:
            one(args, art, d)
    if FAILURES:
        print(f"{len(FAILURES)} failures")
        sys.exit(1)
    print("all passed")


if __name__ == "__main__":
    main()
