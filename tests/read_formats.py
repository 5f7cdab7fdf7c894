#!/usr/bin/env python3
"""Command-line tests of the read stage.

  same  the harbour-news article as text, Markdown and HTML gives the same
        sections and the same turns (kind and text), per `articast script --json`
  tags  the HTML page's metadata lands in the MP3's ID3 tags (ffprobe)
  cli   --input-format, stdin, --max-input, binary and charset handling
  bold  interviews set in bold (questions, or speakers' names) in Markdown
        and HTML become turns; the editor's note after them is narration

usage: read_formats.py --articast BIN --source DIR {same,tags,cli,bold}
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)
    else:
        print("ok:", what)
    return cond


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, **kw)


def script(args, path, *extra, stdin=None):
    r = run([args.articast, "script", path, "--json", *extra], input=stdin)
    if not check(r.returncode == 0, f"script {path} {' '.join(extra)}: exit {r.returncode} {r.stderr.decode()}"):
        return None
    return json.loads(r.stdout)


def shape(s):
    return ([sec["title"] for sec in s["sections"]],
            [(t["section"], t["kind"], t["speaker"], t["text"]) for t in s["turns"]])


def cmd_same(args):
    ex = os.path.join(args.source, "examples")
    base = script(args, os.path.join(ex, "harbour-news.txt"))
    if base is None:
        return
    titles, turns = shape(base)
    check(len(titles) == 3, f"text: 3 sections, got {titles}")
    check(len(turns) > 10, f"text: {len(turns)} turns")
    for name in ("harbour-news.md", "harbour-news.html"):
        s = script(args, os.path.join(ex, name))
        if s is None:
            continue
        t2, turns2 = shape(s)
        check(t2 == titles, f"{name}: sections {t2} == {titles}")
        if not check(turns2 == turns, f"{name}: same turns as the text version"):
            for a, b in zip(turns, turns2):
                if a != b:
                    print("  text:", a, "\n  " + name + ":", b)
                    break
        check(s["title"] == base["title"], f"{name}: title {s['title']!r}")


def cmd_tags(args):
    if not shutil.which("ffprobe"):
        print("skip: no ffprobe")
        sys.exit(77)
    page = os.path.join(args.source, "examples", "harbour-news.html")
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "x.mp3")
        r = run([args.articast, "render", page, "-o", out])
        if not check(r.returncode == 0, f"render {page}: exit {r.returncode} {r.stderr.decode()}"):
            return
        p = run(["ffprobe", "-v", "error", "-show_format", "-of", "json", out])
        tags = {k.lower(): v for k, v in json.loads(p.stdout or b"{}").get("format", {}).get("tags", {}).items()}
        want = {"title": "Valletta Harbour Opens New Cruise Pier After Two-Year Build",
                "artist": "Clara Mifsud", "album": "Malta Courier", "date": "2026"}
        for k, v in want.items():
            check(tags.get(k) == v, f"ID3 {k}: {tags.get(k)!r} == {v!r}")


def cmd_cli(args):
    ex = os.path.join(args.source, "examples")
    html = os.path.join(ex, "harbour-news.html")
    md = os.path.join(ex, "harbour-news.md")
    with open(html, "rb") as f:
        page = f.read()
    base = script(args, html)
    # stdin: the format comes from the content, or from --input-format
    s = script(args, "-", stdin=page)
    check(s is not None and base is not None and shape(s) == shape(base), "stdin HTML detected from content")
    with open(md, "rb") as f:
        s = script(args, "-", "--input-format", "markdown", stdin=f.read())
    check(s is not None and s["sections"][1]["title"] == "Health and safety first", "--input-format markdown")
    s = script(args, html, "--input-format", "text")
    check(s is not None and s["title"].startswith("<!DOCTYPE"), "--input-format text forces text")
    with tempfile.TemporaryDirectory() as d:
        page2 = os.path.join(d, "t.html")
        with open(page2, "w") as f:
            f.write("<article><h1>T</h1><p>Body.</p><table><tr><td>Year</td><td>2025</td></tr></table>"
                    "<pre>x = 1</pre></article>")
        s = script(args, page2)
        check(s is not None and any("Year" in t["text"] for t in s["turns"]), "tables read by default")
        s = script(args, page2, "--no-tables", "--code-blocks", "announce")
        check(s is not None and not any("Year" in t["text"] for t in s["turns"])
              and any("code" in t["text"] for t in s["turns"]), "--no-tables, --code-blocks announce")
        r = run([args.articast, "script", page2, "--code-blocks", "sing"])
        check(r.returncode == 2 and b"sing" in r.stderr, "bad --code-blocks is a usage error")
    r = run([args.articast, "script", html, "--input-format", "pdf"])
    check(r.returncode == 2 and b"pdf" in r.stderr, "unknown --input-format is a usage error")
    with tempfile.TemporaryDirectory() as d:
        r = run([args.articast, "script", html, "--max-input", "1000"])
        check(r.returncode == 3 and html.encode() in r.stderr and b"--max-input" in r.stderr,
              f"--max-input on a file: {r.stderr!r}")
        r = run([args.articast, "script", "-", "--max-input", "1k"], input=page)
        check(r.returncode == 3 and b"<stdin>" in r.stderr and b"limit" in r.stderr, f"--max-input on stdin: {r.stderr!r}")
        binary = os.path.join(d, "photo.html")
        with open(binary, "wb") as f:
            f.write(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)))
        r = run([args.articast, "script", binary])
        check(r.returncode == 3 and binary.encode() in r.stderr and b"binary" in r.stderr, f"binary refused: {r.stderr!r}")
        utf16 = os.path.join(d, "wide.txt")
        with open(os.path.join(ex, "harbour-news.txt"), encoding="utf-8") as f:
            text = f.read()
        with open(utf16, "wb") as f:
            f.write(text.encode("utf-16"))
        s = script(args, utf16)
        check(s is not None and base is not None and shape(s) == shape(script(args, os.path.join(ex, "harbour-news.txt"))),
              "UTF-16 text reads like UTF-8")
        cp = os.path.join(d, "legacy.txt")
        with open(cp, "wb") as f:
            f.write("Caf\u00e9 Opens\n\n\u201cWe are open,\u201d said Vella.\n".encode("cp1252"))
        r = run([args.articast, "script", cp, "--json"])
        ok = r.returncode == 0 and b"warning" in r.stderr and cp.encode() in r.stderr
        check(ok and json.loads(r.stdout)["title"] == "Caf\u00e9 Opens", f"Windows-1252 converted with a warning: {r.stderr!r}")


# Made-up interviews. Magazines set them in bold: the interviewer's
# questions whole, or each speaker's name at the paragraph start.
BOLD_QUESTIONS_MD = """# Ten Questions for a Lighthouse Keeper

Staff Writer Oona Farris spoke with keeper Teodor Brandt on the island.

**What do you do on a stormy night?**

I watch the lamp and I write in the log every hour.

**Do you ever get lonely out there?**

Never. The gulls keep me company.

*This interview has been edited for length and clarity.*

The lighthouse opens to visitors in May.
"""

BOLD_QUESTIONS_HTML = """<!DOCTYPE html><html lang="en"><head><title>Ten Questions</title></head><body><article>
<h1>Ten Questions for a Lighthouse Keeper</h1>
<p>Staff Writer Oona Farris spoke with keeper Teodor Brandt on the island.</p>
<p><strong>What do you do on a stormy night?</strong></p>
<p>I watch the lamp and I write in the log every hour.</p>
<p><b>Do you ever get lonely out there?</b></p>
<p>Never. The gulls keep me company.</p>
<p><em>This interview has been edited for length and clarity.</em></p>
<p>The lighthouse opens to visitors in May.</p>
</article></body></html>
"""

BOLD_NAMES_HTML = """<!DOCTYPE html><html lang="en"><head><title>Two Bakers</title></head><body><article>
<h1>Two Bakers Talk Bread</h1>
<p>The bakers Lena Hollis and Piet Marsh met at the market.</p>
<p><strong>Lena Hollis:</strong> Rye needs a long rest.</p>
<p><strong>Piet Marsh</strong> Wheat does not.</p>
<p><strong>Lena Hollis:</strong> Then we disagree.</p>
</article></body></html>
"""


def turns(s):
    return [(t["speaker"], t["text"]) for t in s["turns"] if t["kind"] != "title"] if s else []


def cmd_bold(args):
    with tempfile.TemporaryDirectory() as d:
        for name, body in (("q.md", BOLD_QUESTIONS_MD), ("q.html", BOLD_QUESTIONS_HTML)):
            path = os.path.join(d, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(body)
            s = script(args, path)
            tt = turns(s)
            who = [sp for sp, _ in tt]
            check(len(tt) == 7, f"{name}: seven turns: {tt}")
            if len(tt) != 7:
                continue
            # the newsroom title names the interviewer; the other person
            # the introduction names is the interviewee
            check(who[1] == who[3] == "farris", f"{name}: bold questions are Oona Farris's: {who}")
            check(who[2] == who[4] == "brandt", f"{name}: the answers are Teodor Brandt's: {who}")
            check(who[0] == who[5] == who[6] == "narrator", f"{name}: introduction, editor's note and the rest are narration: {who}")
            check(tt[1][1].startswith("What do you do"), f"{name}: the question is read without its bold marks: {tt[1]}")
        path = os.path.join(d, "names.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(BOLD_NAMES_HTML)
        tt = turns(script(args, path))
        who = [sp for sp, t in tt if sp != "narrator"]
        check(who == ["hollis", "marsh", "hollis"], f"names.html: bold names with or without a colon label turns: {tt}")
        # a speaker's label is read the first time they talk, then dropped
        check([t for sp, t in tt if sp == "narrator"][1:] == ["Lena Hollis:", "Piet Marsh"] and
              tt[-1] == ("hollis", "Then we disagree."),
              f"names.html: each label read once, and not inside the turns: {tt}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("what", choices=["same", "tags", "cli", "bold"])
    args = ap.parse_args()
    {"same": cmd_same, "tags": cmd_tags, "cli": cmd_cli, "bold": cmd_bold}[args.what](args)
    print(f"{len(FAILURES)} failed" if FAILURES else "all checks passed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
