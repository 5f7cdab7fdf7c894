#!/usr/bin/env python3
"""The read-along web edition (--html DIR), checked from the outside.

  files        the folder: index.html, player.js, player.css, audio.mp3
               (the same bytes as the main MP3); the page parses, every
               sentence has its clip, the clips are the EPUB's SMIL clips
               to the millisecond and cover the audio with no gap
  browser      Debian's chromium driven by puppeteer-core (npm) over
               file://: no console error, axe-core finds no WCAG 2.2 A or
               AA violation, seeking highlights the sentence, a click
               seeks, keys move (and can be turned off), the chapter list
               seeks, playing moves the highlight, the place and speed
               survive a reload, nothing scrolls sideways at 400% zoom,
               and with CSS off every sentence still shows; screenshots
               are left in --shots
  batch        batch --html: a NAME-html/ page per article, skipped by
               --resume while it is there
  interrupted  a re-render into the folder stopped by SIGINT (exit 130)
               leaves the earlier page whole, and nothing of its own

usage: readalong.py --articast BIN --source DIR [--tools DIR] [--shots DIR] MODE
"""
import argparse
import glob
import hashlib
import html.parser
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import podcast  # noqa: E402
import epub  # noqa: E402

check, run, probe = podcast.check, podcast.run, podcast.probe
SKIP = 77
PUPPETEER = "puppeteer-core@22.15.0"
AXE = "axe-core@4.10.3"


def articles(args):
    seeds = sorted(glob.glob(os.path.join(args.source, "..", "shared", "seeds", "*.txt")))[:1]
    return seeds + [os.path.join(args.source, "examples", "harbour-news.md")]


def all_articles(args):
    """The reference article (when ../shared is beside the tree) and every
    example, as the Ace run takes them."""
    ex = os.path.join(args.source, "examples")
    return (sorted(glob.glob(os.path.join(args.source, "..", "shared", "seeds", "*.txt")))[:1] +
            sorted(glob.glob(os.path.join(ex, "*.txt")) + glob.glob(os.path.join(ex, "*.html")) +
                   [m for m in glob.glob(os.path.join(ex, "*.md")) if not m.endswith("README.md")]))


class Page(html.parser.HTMLParser):
    """Collects the ids and the inline JSON of the clips."""

    def __init__(self):
        super().__init__()
        self.ids, self.clips_json, self._in_clips, self.tags = set(), "", False, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        self._in_clips = tag == "script" and a.get("id") == "clips"

    def handle_endtag(self, tag):
        self._in_clips = False

    def handle_data(self, data):
        if self._in_clips:
            self.clips_json += data


def smil_clips(book):
    """(sentence id, begin ms, end ms) from the EPUB's media overlay."""
    out = []
    with zipfile.ZipFile(book) as z:
        for name in sorted(n for n in z.namelist() if n.endswith(".smil")):
            text = z.read(name).decode()
            for m in re.finditer(r'<text src="[^"#]*#s(\d+)"\s*/>\s*<audio[^>]*clipBegin="([\d:.]+)"'
                                 r'[^>]*clipEnd="([\d:.]+)"', text):
                out.append((int(m.group(1)), clock_ms(m.group(2)), clock_ms(m.group(3))))
    return out


def clock_ms(v):
    parts = [float(x) for x in v.split(":")]
    s = 0.0
    for p in parts:
        s = s * 60 + p
    return round(s * 1000)


def mode_files(args):
    for art in articles(args):
        label = os.path.basename(art)
        with tempfile.TemporaryDirectory() as d:
            web = os.path.join(d, "new", "web")  # the folder is created
            os.mkdir(os.path.dirname(web))
            r = run([args.articast, "render", art, "-o", os.path.join(d, "a.mp3"), "--html", web,
                     "--epub", os.path.join(d, "a.epub")])
            if not check(r.returncode == 0, f"{label}: render --html: {r.stderr.strip()[:200]}"):
                continue
            check(sorted(os.listdir(web)) == ["audio.mp3", "index.html", "player.css", "player.js"],
                  f"{label}: the folder holds the page, its script and style, and the audio: {sorted(os.listdir(web))}")
            same = open(os.path.join(web, "audio.mp3"), "rb").read() == open(os.path.join(d, "a.mp3"), "rb").read()
            check(same, f"{label}: audio.mp3 is the edition's MP3, byte for byte")
            p = Page()
            p.feed(open(os.path.join(web, "index.html"), encoding="utf-8").read())
            for need in ("main", "nav", "audio", "header"):
                check(need in p.tags, f"{label}: the page has <{need}>")
            clips = json.loads(p.clips_json)
            check(all(f"s{c[0]}" in p.ids for c in clips), f"{label}: every clip's sentence is in the text "
                  f"({len(clips)} clips)")
            smil = smil_clips(os.path.join(d, "a.epub"))
            check([tuple(c) for c in clips] == smil,
                  f"{label}: the page's timings are the EPUB's SMIL clips to the ms ({len(smil)} clips)")
            # the decoded length (ffmpeg trims the encoder delay and padding
            # that LAME's Info frame records; ffprobe's estimate does not)
            pcm = subprocess.run(["ffmpeg", "-v", "error", "-i", os.path.join(web, "audio.mp3"), "-f", "s16le",
                                  "-ac", "1", "-"], capture_output=True).stdout
            dur = len(pcm) / 2 / 22.05
            gaps = [i for i in range(1, len(clips)) if clips[i][1] != clips[i - 1][2]]
            check(clips and clips[0][1] == 0 and not gaps and abs(clips[-1][2] - dur) <= 1,
                  f"{label}: the clips run from 0 to the end of the audio ({clips[-1][2]} ms of {dur:.0f}) "
                  f"with no gap ({len(gaps)})")
            check(not [n for n in os.listdir(d) + os.listdir(os.path.dirname(web)) if n.startswith(".articast")],
                  f"{label}: no staging folder is left")


def mode_batch(args):
    """batch --html: a NAME-html/ page per article; --resume skips it
    while it exists, and renders again when it is gone."""
    arts = [os.path.join(args.source, "examples", n) for n in ("harbour-news.md", "river-clinic.txt")]
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "out")
        cmd = [args.articast, "batch"] + arts + ["--out-dir", out, "--html", "--resume", "-j", "2",
                                                   "--progress", "jsonl"]
        r = run(cmd)
        check(r.returncode == 0, f"batch --html: {r.stderr.strip()[-300:]}")
        for n in ("harbour-news", "river-clinic"):
            web = os.path.join(out, n + "-html")
            check(os.path.exists(os.path.join(web, "index.html")) and os.path.exists(os.path.join(web, "audio.mp3")),
                  f"batch: {n}-html/ holds the page and its audio")
        r = run(cmd)
        skips = r.stderr.count('"event":"skip"') + r.stderr.count('"event": "skip"')
        check(r.returncode == 0 and skips == 2, f"batch --resume skips both pages ({skips})")
        shutil.rmtree(os.path.join(out, "river-clinic-html"))
        r = run(cmd)
        check(os.path.exists(os.path.join(out, "river-clinic-html", "index.html")),
              "batch --resume renders again an article whose page is gone")


def mode_browser(args):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    node = shutil.which("node")
    if not chromium or not node:
        print("SKIP: Debian's chromium and node are needed (apt-get install chromium)")
        sys.exit(SKIP)
    tools = args.tools or os.path.join(tempfile.gettempdir(), "articast-npm-web")
    if not epub.npm_tool(tools, [PUPPETEER, AXE], os.path.join("node_modules", "axe-core", "axe.min.js")) or \
            not os.path.exists(os.path.join(tools, "node_modules", "puppeteer-core")):
        sys.exit(SKIP)
    shots = args.shots or tempfile.gettempdir()
    for art in all_articles(args):
        label = os.path.basename(art)
        stem = label.replace(".", "-")
        with tempfile.TemporaryDirectory() as d:
            web = os.path.join(d, "web")
            r = run([args.articast, "render", art, "--html", web])
            if not check(r.returncode == 0, f"{label}: render --html: {r.stderr.strip()[:200]}"):
                continue
            shot = os.path.join(shots, f"readalong-{stem}.png")
            try:
                r = subprocess.run([node, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                       "readalong_browser.cjs"), tools, chromium, web, shot],
                                   capture_output=True, text=True, timeout=180)
            except subprocess.TimeoutExpired:
                check(False, f"{label}: the browser run ends within 3 minutes")
                continue
            if not check(r.returncode == 0 and r.stdout.strip(), f"{label}: the browser run: {r.stderr[-800:]}"):
                continue
            o = json.loads(r.stdout)
            clips = o.get("clips", [])
            check(not o["errors"], f"{label}: no console error on file:// ({o['errors'][:3]})")
            check(not o["failed"], f"{label}: no request fails ({o['failed'][:3]})")
            check(o.get("duration", 0) > 1, f"{label}: chromium loads the audio ({o.get('duration')} s)")
            check(o.get("axe") == [] and o.get("axe_passes", 0) > 10,
                  f"{label}: axe-core, WCAG 2.2 A and AA: {len(o.get('axe', []))} violations "
                  f"{o.get('axe')} ({o.get('axe_passes')} rules pass)")
            print(f"note: {label}: axe-core best practices: {o.get('axe_best')}")
            check(all(s["want"] == s["got"] for s in o.get("seek", [1])), f"{label}: seeking highlights the "
                  f"sentence heard: {o.get('seek')}")
            c = o.get("click", {})
            check(abs(c.get("got", -9) - c.get("want", 0)) < 0.05, f"{label}: a click on a sentence seeks to it: {c}")
            k = o.get("keys", {})
            check(k.get("afterL") == k.get("wantL") and k.get("afterJ") == k.get("wantJ") and k.get("rate") == 1.25
                  and k.get("off") == k.get("afterJ"), f"{label}: l and j move a sentence, > is faster, and the "
                  f"shortcuts turn off: {k}")
            sc = o.get("sections", {})
            check(sc.get("want") and sc.get("afterNext") == sc.get("want") and sc.get("afterPrev") == sc.get("wantPrev")
                  and sc.get("afterNext2") == sc.get("want"),
                  f"{label}: ] and [ move to the first sentence of the next and the previous section: {sc}")
            ch = o.get("chapter", {})
            check(abs(ch.get("got", -9) - ch.get("want", 0)) < 0.05 and ch.get("hash") == "#sec2",
                  f"{label}: the chapter list seeks and jumps: {ch}")
            pl = o.get("play", {})
            check(pl.get("time", 0) > ch.get("want", 0) + 0.5 and pl.get("rate") == 2 and pl.get("got") == pl.get("want"),
                  f"{label}: playing at 2x moves the highlight with the sound: {pl}")
            rm = o.get("remember", {})
            check(abs(rm.get("after", -9) - rm.get("before", 0)) < 0.2 and rm.get("speed") == 2,
                  f"{label}: a reload keeps the place and the speed: {rm}")
            z = o.get("zoom", {})
            check(z.get("scroll", 9999) <= z.get("width", 0) + 1, f"{label}: at 400% zoom nothing scrolls "
                  f"sideways: {z}")
            n = o.get("nocss", {})
            check(n.get("sentences") == len(clips) and n.get("shown") == len(clips) and n.get("controls")
                  and n.get("chapters", 0) >= 1, f"{label}: with CSS off every sentence shows: {n}")
            check(os.path.exists(shot), f"{label}: screenshot {shot}")


def tree_digest(path):
    h = hashlib.sha256()
    for name in sorted(os.listdir(path)):
        h.update(name.encode())
        with open(os.path.join(path, name), "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def mode_interrupted(args):
    art = articles(args)[-1]
    other = os.path.join(args.source, "examples", "harbour-festival.txt")
    with tempfile.TemporaryDirectory() as d:
        web = os.path.join(d, "web")
        r = run([args.articast, "render", art, "--html", web])
        if not check(r.returncode == 0, f"first render: {r.stderr.strip()[:200]}"):
            return
        before = tree_digest(web)
        stopped = False
        for delay in (0.3, 0.15, 0.6, 0.05, 1.0):
            p = subprocess.Popen([args.articast, "render", other, "--html", web], stderr=subprocess.PIPE, text=True)
            time.sleep(delay)
            p.send_signal(signal.SIGINT)
            err = p.communicate(timeout=120)[1]
            if p.returncode == 130:
                stopped = True
                break
            # it finished first: put the first page back and try sooner
            shutil.rmtree(web)
            run([args.articast, "render", art, "--html", web])
            before = tree_digest(web)
        if not check(stopped, "a re-render is stopped by SIGINT (exit 130)"):
            return
        check("interrupted" in err, f"it says it was interrupted: {err.strip()[:120]!r}")
        check(tree_digest(web) == before, "the earlier page is untouched, file for file")
        check(not [n for n in os.listdir(d) if n.startswith(".articast")], "no staging folder or temporary is left")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--tools", help="where npm installs puppeteer-core and axe-core (kept between runs)")
    ap.add_argument("--shots", help="where the screenshots go")
    ap.add_argument("mode", choices=["files", "batch", "browser", "interrupted"])
    args = ap.parse_args()
    {"files": mode_files, "batch": mode_batch, "browser": mode_browser, "interrupted": mode_interrupted}[args.mode](args)
    if podcast.FAILURES:
        print(f"{len(podcast.FAILURES)} failure(s)")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
