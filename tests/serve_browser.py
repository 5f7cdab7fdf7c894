#!/usr/bin/env python3
"""articast serve's page (GET /) in Debian's chromium, driven by
puppeteer-core (npm) with axe-core, against the real server
(tests/serve_browser.cjs reports, this judges):

  open   the page loads with its Content-Security-Policy and no console
         error; axe-core finds no WCAG 2.2 A or AA violation on the empty
         form nor on the finished result (the read-along frame included);
         an empty article, submitted from the keyboard, is refused and the
         status region (role=status) says "Not made: ..." with the focus
         kept; an article with a title, submitted the same way, is
         announced in progress then "Done"; the MP3 link answers
         audio/mpeg; the frame shows the read-along page with the
         article's sentences, its audio has a duration, seeking
         highlights the sentence and play moves the time; 320 pixels wide
         (400% zoom) nothing scrolls sideways
  token  with --token-file: no token and a wrong one get the 401 message
         (announced, the token field marked invalid); the right one works
         end to end, the frame's plain GETs carried by the page's cookie,
         while the same file without it is refused

Screenshots (serve-page-*.png) are left in --shots. Skipped (77) when
chromium, node, npm or the registry is missing.

usage: serve_browser.py --articast BIN [--tools DIR] [--shots DIR]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import epub  # noqa: E402
import podcast  # noqa: E402
import readalong  # noqa: E402
from serve_common import Server  # noqa: E402

check = podcast.check
SKIP = 77
TOKEN = "page+test/token=4f1c9e"  # base64 characters, which a cookie carries as they are
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "serve_browser.cjs")


def browse(args, tools, chromium, srv, mode, *extra):
    try:
        r = subprocess.run([shutil.which("node"), SCRIPT, tools, chromium, srv.url, args.shots, mode] + list(extra),
                           capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        check(False, f"{mode}: the browser run ends within 5 minutes")
        return None
    if not check(r.returncode == 0 and r.stdout.strip(), f"{mode}: the browser run: {r.stderr[-800:]}"):
        return None
    return json.loads(r.stdout.strip().splitlines()[-1])


def said_in_order(said, first, last):
    """The status region said `first`... (progress) and ended on `last`."""
    return (len(said) >= 2 and said[0].startswith(first) and said[-1].startswith(last)
            and not any(s.startswith(last) for s in said[:-1]))


def common(o, mode):
    check(o["page_status"] == 200, f"{mode}: GET / answers 200 ({o['page_status']})")
    check("default-src 'self'" in (o.get("csp_header") or ""),
          f"{mode}: the page comes with its Content-Security-Policy: {o.get('csp_header')}")
    check(o.get("region") == {"role": "status", "live": "polite"},
          f"{mode}: the status is a polite live region: {o.get('region')}")
    check(not o["errors"], f"{mode}: no console or page error: {o['errors'][:3]}")
    check(not o["failed"], f"{mode}: no request fails: {o['failed'][:3]}")
    check(not o["csp"] and o.get("frame_watched"),
          f"{mode}: the policy blocks nothing, in the page or its frame (watched: {o.get('frame_watched')}): "
          f"{o['csp'][:3]}")


def made(o, mode):
    """The article was made: announced, linked, played in the frame."""
    m = o.get("made", {})
    check(said_in_order(m.get("said", []), "Sending", "Done:"),
          f"{mode}: the status region announces progress, then Done: {m.get('said')}")
    check(m.get("focus") == "result-heading", f"{mode}: the focus moves to the result's heading ({m.get('focus')})")
    mp3 = o.get("mp3", {})
    check(mp3.get("status") == 200 and mp3.get("type") == "audio/mpeg" and mp3.get("size", 0) > 10000
          and mp3.get("id3"), f"{mode}: the MP3 link's URL answers audio/mpeg, an MP3: {mp3}")
    f = o.get("frame", {})
    check("/files/edition-html/index.html" in o.get("frame_url", ""),
          f"{mode}: the frame shows the read-along page ({o.get('frame_url')})")
    sentences = f.get("sentences", [])
    check(f.get("title") == "Ferry timetable changes for the winter" and
          any("half past one" in s for s in sentences) and len(sentences) >= 5,
          f"{mode}: the frame's page has the title and the article's sentences ({len(sentences)})")
    check(f.get("duration", 0) > 5, f"{mode}: the frame's audio loads its metadata: {f.get('duration')} s")
    s = o.get("seek", {})
    check(s.get("want") == s.get("got"), f"{mode}: seeking in the frame highlights the sentence heard: {s}")
    p = o.get("play", {})
    check(p.get("to", 0) > p.get("from", 0) + 0.25, f"{mode}: pressing play in the frame moves the time: {p}")


def mode_open(args, tools, chromium, data):
    srv = Server(args.articast, data, "--workers", "1")
    try:
        o = browse(args, tools, chromium, srv, "open")
    finally:
        rc = srv.stop()
    check(rc == 0, f"the server drains and exits 0 ({rc})")
    if not o:
        return
    common(o, "open")
    check(o.get("axe_empty") == [] and o.get("axe_passes_empty", 0) > 10,
          f"open: axe-core, WCAG 2.2 A and AA, empty form: {o.get('axe_empty')} "
          f"({o.get('axe_passes_empty')} rules pass)")
    e = o.get("empty", {})
    check(said_in_order(e.get("said", []), "Sending", "Not made: ") and "empty" in e.get("text", ""),
          f"open: an empty article is refused, and the status region says why: {e.get('said')}")
    check(e.get("focus") == "go", f"open: the focus stays on the button after the refusal ({e.get('focus')})")
    check(len(o.get("expected_errors", [])) == 1, f"open: the refusal is the 422 answer: {o.get('expected_errors')}")
    made(o, "open")
    check(o.get("axe_done") == [] and o.get("axe_passes_done", 0) > 10,
          f"open: axe-core, WCAG 2.2 A and AA, with the result and its frame: {o.get('axe_done')} "
          f"({o.get('axe_passes_done')} rules pass)")
    n = o.get("narrow", {})
    check(n.get("scroll", 9999) <= n.get("width", 0) + 1, f"open: 320 px wide (400% zoom), nothing scrolls "
          f"sideways: {n}")
    for name in ("empty", "refused", "done", "narrow"):
        shot = os.path.join(args.shots, f"serve-page-{name}.png")
        check(os.path.exists(shot), f"screenshot {shot}")


def mode_token(args, tools, chromium, data):
    tok = os.path.join(data + "-token")
    fd = os.open(tok, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.write(fd, (TOKEN + "\n").encode())
    os.close(fd)
    srv = Server(args.articast, data, "--workers", "1", "--token-file", tok)
    try:
        o = browse(args, tools, chromium, srv, "token", TOKEN)
        if o and o.get("mp3", {}).get("href"):
            st = srv.request("GET", o["mp3"]["href"])[0]
            check(st == 401, f"token: the MP3 without the token or the cookie is refused ({st})")
    finally:
        rc = srv.stop()
    check(rc == 0, f"the server drains and exits 0 ({rc})")
    if not o:
        return
    common(o, "token")
    for key, what in (("no_token", "no token"), ("wrong_token", "a wrong token")):
        r = o.get(key, {})
        check(said_in_order(r.get("said", []), "Sending", "Not made: ") and "bearer token is needed" in r.get("text", ""),
              f"token: {what}: the status region gives the 401 message: {r.get('said')}")
        check(r.get("invalid") == ["token"] and r.get("focus") == "go",
              f"token: {what}: the token field is marked invalid, the focus kept ({r.get('invalid')}, {r.get('focus')})")
    check(len(o.get("expected_errors", [])) == 2, f"token: the refusals are the two 401s: {o.get('expected_errors')}")
    made(o, "token")
    shot = os.path.join(args.shots, "serve-page-token.png")
    check(os.path.exists(shot), f"screenshot {shot}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--tools", help="where npm installs puppeteer-core and axe-core (kept between runs)")
    ap.add_argument("--shots", help="where the screenshots go")
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium or not shutil.which("node"):
        print("SKIP: Debian's chromium and node are needed (apt-get install chromium nodejs)")
        sys.exit(SKIP)
    tools = os.path.abspath(args.tools or os.path.join(tempfile.gettempdir(), "articast-npm-web"))
    # the same pinned packages as the read-along test, into the same folder
    if not epub.npm_tool(tools, [readalong.PUPPETEER, readalong.AXE],
                         os.path.join("node_modules", "axe-core", "axe.min.js")) or \
            not os.path.exists(os.path.join(tools, "node_modules", "puppeteer-core")):
        sys.exit(SKIP)
    args.shots = os.path.abspath(args.shots or tempfile.gettempdir())
    with tempfile.TemporaryDirectory() as d:
        mode_open(args, tools, chromium, os.path.join(d, "open"))
        mode_token(args, tools, chromium, os.path.join(d, "token"))
    if podcast.FAILURES:
        print(f"{len(podcast.FAILURES)} failure(s)")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
