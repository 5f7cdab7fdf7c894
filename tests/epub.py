#!/usr/bin/env python3
"""Talking books: the EPUB 3 edition checked with epubcheck (0 errors, 0
warnings), its structure read back with an XML parser, its sentence timing
checked against the decoded audio, and XML special characters and
non-Latin text checked to come out escaped and intact; the DAISY 2.02
folder checked to be well-formed (xmllint) and consistent: headings,
links, sentence ids, clips and times.

Exit 77 (skip) only when java or epubcheck is missing.
"""
import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

SKIP = 77
XHTML = "{http://www.w3.org/1999/xhtml}"
SMIL = "{http://www.w3.org/ns/SMIL}"
OPF = "{http://www.idpf.org/2007/opf}"
EPUBCHECK_JARS = ["/usr/share/java/epubcheck.jar"]
RATE = 22050

CRAFTED = """Profits & Losses: "Q3" <Review> at Zürich

The report said 5 < 7 & 9 > 3 in "most" cases, and R&D grew.

Ελληνικά: καλημέρα κόσμε. Русский: привет, мир. 日本語のテキスト。

It's the <b>last</b> line, with 'single quotes' & "double quotes".
"""


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def epubcheck_cmd():
    java = shutil.which("java")
    jar = next((j for j in EPUBCHECK_JARS if os.path.exists(j)), None)
    if not java or not jar:
        print("SKIP: java or epubcheck is missing (apt-get install epubcheck)")
        sys.exit(SKIP)
    return [java, "-jar", jar]


def run(args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        fail("%s exited %d:\n%s%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
    return r


def epubcheck(path):
    """epubcheck must report no fatals, errors or warnings."""
    r = subprocess.run(epubcheck_cmd() + [path], capture_output=True, text=True)
    out = r.stdout + r.stderr
    m = re.search(r"Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings?", out)
    check(m is not None, "epubcheck printed no summary:\n" + out)
    counts = tuple(int(x) for x in m.groups())
    check(counts == (0, 0, 0) and r.returncode == 0, "epubcheck %s: %s\n%s" % (path, m.group(0), out))
    print("epubcheck %s: %s" % (os.path.basename(path), m.group(0)))


def clock(v):
    """A SMIL clock value: h:mm:ss.fff, mm:ss.fff or a timecount (12.3s)."""
    if v.endswith("ms"):
        return float(v[:-2]) / 1000
    if v.endswith("s"):
        return float(v[:-1])
    secs = 0.0
    for part in v.split(":"):
        secs = secs * 60 + float(part)
    return secs


def read_book(path):
    z = zipfile.ZipFile(path)
    infos = z.infolist()
    check(infos[0].filename == "mimetype", "mimetype is not the first entry")
    check(infos[0].compress_type == zipfile.ZIP_STORED, "mimetype is compressed")
    check(z.read("mimetype") == b"application/epub+zip", "mimetype content")
    files = {i.filename: z.read(i.filename) for i in infos}
    return files


def parse_book(files):
    text = ET.fromstring(files["EPUB/text.xhtml"])
    smil = ET.fromstring(files["EPUB/text.smil"])
    opf = ET.fromstring(files["EPUB/package.opf"])
    nav = ET.fromstring(files["EPUB/nav.xhtml"])
    spans = {s.get("id"): "".join(s.itertext()) for s in text.iter(XHTML + "span") if s.get("id")}
    pars = []
    for par in smil.iter(SMIL + "par"):
        t = par.find(SMIL + "text").get("src")
        a = par.find(SMIL + "audio")
        pars.append((t.split("#")[1], a.get("src"), clock(a.get("clipBegin")), clock(a.get("clipEnd"))))
    return text, smil, opf, nav, spans, pars


def section_firsts(files):
    """The text ids of each section's first par (its heading)."""
    smil = ET.fromstring(files["EPUB/text.smil"])
    firsts = set()
    for seq in smil.iter(SMIL + "seq"):
        par = seq.find(SMIL + "par")
        if par is not None:
            firsts.add(par.find(SMIL + "text").get("src").split("#")[1])
    return firsts


def structure(files, sections):
    text, smil, opf, nav, spans, pars = parse_book(files)
    check(text.get("lang") and text.get("{http://www.w3.org/XML/1998/namespace}lang"), "lang is not set")
    check(len(pars) == len(spans) and len(pars) > 0, "%d pars for %d sentences" % (len(pars), len(spans)))
    prev = 0.0
    for sid, src, b, e in pars:
        check(sid in spans, "par points to a missing id %s" % sid)
        check(src == "audio.mp3", "audio src " + src)
        check(prev - 0.0005 <= b < e, "clip %s: %.3f..%.3f after %.3f" % (sid, b, e, prev))
        # no gap: every pause and chime lies in a clip
        check(abs(b - prev) <= 0.0015, "clip %s begins %.3f s after the one before ends" % (sid, b - prev))
        prev = e
    check(pars[0][2] == 0.0, "the first clip begins at %.3f s, not at the start" % pars[0][2])
    toc = [n for n in nav.iter(XHTML + "nav") if n.get("{http://www.idpf.org/2007/ops}type") == "toc"]
    check(len(toc) == 1, "%d toc navs" % len(toc))
    links = [a.get("href") for a in toc[0].iter(XHTML + "a")]
    check(len(links) == len(sections), "nav has %d entries for %d sections" % (len(links), len(sections)))
    ids = {el.get("id") for el in text.iter() if el.get("id")}
    for h in links:
        check(h.split("#")[1] in ids, "nav target %s missing" % h)
    props = {}
    for m in opf.iter(OPF + "meta"):
        props.setdefault((m.get("property"), m.get("refines")), []).append(m.text)
    for key in [("media:duration", None), ("media:duration", "#mo"), ("media:active-class", None),
                ("dcterms:modified", None), ("schema:accessibilitySummary", None)]:
        check(key in props, "metadata %s missing" % (key,))
    check(set(props[("schema:accessMode", None)]) == {"textual", "auditory"}, "accessMode")
    check("synchronizedAudioText" in props[("schema:accessibilityFeature", None)], "synchronizedAudioText")
    check(props[("schema:accessibilityHazard", None)] == ["none"], "accessibilityHazard")
    active = props[("media:active-class", None)][0]
    check(("." + active) in files["EPUB/style.css"].decode(), "no CSS rule for the active class")
    dur = clock(props[("media:duration", None)][0])
    check(abs(dur - pars[-1][3]) < 2.0, "duration %.3f, last clip ends %.3f" % (dur, pars[-1][3]))
    return spans, pars


def script_sections(args, article):
    r = run([args.articast, "script", article, "--json"])
    return json.loads(r.stdout)["sections"]


def onsets(pcm, rate, min_gap_ms=200, thr=32):
    """Sample positions where sound starts after at least min_gap_ms of
    (near-)digital silence: the renderer's pauses between sentences. The
    threshold, 32 (-60 dBFS), lies above MP3 pre-echo: the codec smears a
    faint copy of an onset up to one granule (26 ms) ahead of it."""
    import array
    a = array.array("h")
    a.frombytes(pcm)
    gap = rate * min_gap_ms // 1000
    out, quiet = [], 0
    for i, x in enumerate(a):
        if -thr <= x <= thr:
            quiet += 1
        else:
            if quiet >= gap:
                out.append(i)
            quiet = 0
    return out


def timing(audio, pars, heads=(), limit_ms=20.0):
    """Each clip must begin within limit_ms of the sentence's audio onset,
    except a section's first (in `heads`), which begins earlier, at the
    section mark, so that the chime before its heading lies in it: there
    the onset must come after the clip's start and before the clip ends.
    The clips together must cover at least 99% of the audio."""
    pcm = run_bytes(["ffmpeg", "-v", "error", "-i", audio, "-f", "s16le", "-ac", "1", "-ar", str(RATE), "-"])
    ons = onsets(pcm, RATE)
    check(len(ons) > 5, "found only %d onsets in %s" % (len(ons), audio))
    length = len(pcm) / 2 / RATE
    covered = sum(e - b for _, _, b, e in pars)
    check(covered >= 0.99 * length, "clips cover %.2f of %.2f s of audio" % (covered, length))
    print("coverage %s: clips cover %.1f%% of %.2f s" % (os.path.basename(audio), 100 * covered / length, length))
    worst, diffs = 0.0, []
    for sid, _, b, e in pars[1:]:
        if sid in heads:
            check(any(b * RATE <= o < e * RATE for o in ons), "heading clip %s holds no onset" % sid)
            continue
        near = min(ons, key=lambda o: abs(o / RATE - b))
        d = (b - near / RATE) * 1000
        diffs.append(d)
        worst = max(worst, abs(d))
    mean = sum(diffs) / len(diffs)
    print("timing %s: %d sentences, clipBegin - audio onset: mean %+.1f ms, worst |%.1f| ms (limit %.0f)"
          % (os.path.basename(audio), len(diffs), mean, worst, limit_ms))
    check(worst <= limit_ms, "a clip begins %.1f ms from its sentence's audio" % worst)


def run_bytes(args):
    r = subprocess.run(args, capture_output=True)
    if r.returncode != 0:
        fail("%s exited %d: %s" % (" ".join(args), r.returncode, r.stderr.decode(errors="replace")))
    return r.stdout


def mode_epub(args, tmp):
    art = os.path.join(args.source, "examples", "harbour-news.md")
    mp3, book = os.path.join(tmp, "news.mp3"), os.path.join(tmp, "news.epub")
    run([args.articast, "render", art, "-o", mp3, "--epub", book])
    epubcheck(book)
    files = read_book(book)
    spans, pars = structure(files, script_sections(args, art))
    # the book carries the main MP3 itself
    check(files["EPUB/audio.mp3"] == open(mp3, "rb").read(), "the book's audio is not the main MP3")
    # -o X.epub alone: only the book, no stray temporaries
    only = os.path.join(tmp, "only", "book.epub")
    os.mkdir(os.path.dirname(only))
    run([args.articast, "render", os.path.join(args.source, "examples", "river-clinic.txt"), "-o", only])
    epubcheck(only)
    structure(read_book(only), script_sections(args, os.path.join(args.source, "examples", "river-clinic.txt")))
    left = os.listdir(os.path.dirname(only))
    check(left == ["book.epub"], "files left beside the book: %s" % left)
    # a WAV main output: the book gets its own MP3
    wav, book2 = os.path.join(tmp, "news.wav"), os.path.join(tmp, "news2.epub")
    run([args.articast, "render", art, "-o", wav, "--epub", book2, "--loudness", "off"])
    epubcheck(book2)
    check(sorted(os.listdir(tmp)) == sorted(["news.mp3", "news.epub", "only", "news.wav", "news2.epub"]),
          "stray files: %s" % os.listdir(tmp))


def mode_timing(args, tmp):
    art = os.path.join(args.source, "examples", "harbour-news.md")
    book = os.path.join(tmp, "t.epub")
    run([args.articast, "render", art, "-o", book])
    files = read_book(book)
    _, pars = structure(files, script_sections(args, art))
    mp3 = os.path.join(tmp, "audio.mp3")
    with open(mp3, "wb") as f:
        f.write(files["EPUB/audio.mp3"])
    timing(mp3, pars, section_firsts(files))
    # the same cues against uncompressed audio: no codec in between
    wav, book2 = os.path.join(tmp, "t.wav"), os.path.join(tmp, "t2.epub")
    run([args.articast, "render", art, "-o", wav, "--epub", book2])
    files2 = read_book(book2)
    _, pars2 = structure(files2, script_sections(args, art))
    timing(wav, pars2, section_firsts(files2))


def mode_escape(args, tmp):
    art = os.path.join(tmp, "crafted.txt")
    with open(art, "w", encoding="utf-8") as f:
        f.write(CRAFTED)
    book = os.path.join(tmp, "crafted.epub")
    run([args.articast, "render", art, "-o", book])
    epubcheck(book)
    files = read_book(book)
    text, _, opf, nav, spans, _ = parse_book(files)
    body = " ".join(spans.values())
    for want in ["5 < 7 & 9 > 3", "R&D", "καλημέρα κόσμε", "привет, мир", "日本語のテキスト", "<b>last</b>",
                 "'single quotes' & \"double quotes\""]:
        check(want in body, "%r not in the text: %r" % (want, body))
    title = opf.find(OPF + "metadata").find("{http://purl.org/dc/elements/1.1/}title").text
    check("&" in title and "<Review>" in title and "Zürich" in title, "title: %r" % title)
    check("<Review>" in "".join(nav.itertext()), "nav lost the title")
    raw = files["EPUB/text.xhtml"].decode("utf-8")
    check("5 &lt; 7 &amp; 9 &gt; 3" in raw, "not escaped in the XHTML source")
    print("escape: special characters and non-Latin text intact")


def xmllint(path):
    """Well-formed XML (xmllint --noout; the DTDs are not fetched)."""
    if shutil.which("xmllint"):
        run(["xmllint", "--noout", "--nonet", path])
    ET.parse(path)


def ncc_meta(root):
    return {m.get("name"): m.get("content") for m in root.iter(XHTML + "meta") if m.get("name")}


def daisy_book(args, d, sections):
    """A DAISY 2.02 folder: every file well-formed, the NCC's headings one
    per section and each resolving to a par, each par to a sentence and a
    clip of audio.mp3, and the SMIL times adding up to the book's."""
    names = sorted(os.listdir(d))
    check("ncc.html" in names and "content.html" in names and "audio.mp3" in names, "DAISY files: %s" % names)
    check(not [n for n in names if n.startswith(".")], "temporaries left in %s: %s" % (d, names))
    for n in names:
        if n.endswith((".html", ".smil")):
            xmllint(os.path.join(d, n))
    ncc = ET.parse(os.path.join(d, "ncc.html")).getroot()
    meta = ncc_meta(ncc)
    for k in ["dc:title", "dc:creator", "dc:date", "dc:format", "dc:identifier", "dc:language", "dc:publisher",
              "ncc:charset", "ncc:multimediaType", "ncc:totalTime", "ncc:tocItems", "ncc:files", "ncc:depth"]:
        check(k in meta, "ncc.html lacks %s" % k)
    check(meta["dc:format"] == "Daisy 2.02", "dc:format")
    heads = list(ncc.find(XHTML + "body"))
    check(len(heads) == len(sections) == int(meta["ncc:tocItems"]), "%d headings for %d sections" % (len(heads), len(sections)))
    check(heads[0].get("class") == "title", "the first heading is not class=title")
    content = ET.parse(os.path.join(d, "content.html")).getroot()
    ids = {el.get("id") for el in content.iter() if el.get("id")}
    total, prev = 0.0, 0.0
    smils = sorted(n for n in names if n.endswith(".smil"))
    check(int(meta["ncc:files"]) == len(smils) + 3, "ncc:files")
    for n in smils:
        root = ET.parse(os.path.join(d, n)).getroot()
        total += clock(ncc_meta_smil(root)["ncc:timeInThisSmil"])
        for par in root.iter("par"):
            t, a = par.find("text"), par.find("audio")
            check(t.get("src").split("#")[1] in ids, "%s: text %s missing" % (n, t.get("src")))
            check(a.get("src") == "audio.mp3", "audio src")
            b, e = (float(a.get(x)[4:-1]) for x in ("clip-begin", "clip-end"))
            check(prev - 0.0005 <= b < e, "%s: clip %.3f..%.3f after %.3f" % (n, b, e, prev))
            check(abs(b - prev) <= 0.0015, "%s: clip %.3f begins after a gap from %.3f" % (n, b, prev))
            prev = e
    for h, sec in zip(heads, sections):
        href = h.find(XHTML + "a").get("href")
        f, frag = href.split("#")
        root = ET.parse(os.path.join(d, f)).getroot()
        # daisy-player plays only from a <text> element's id
        check(frag in {t.get("id") for t in root.iter("text")}, "heading link %s is no <text> id" % href)
        check("".join(h.itertext()) == (sec["title"] or "").strip() or not sec["title"], "heading %r" % "".join(h.itertext()))
    # the clips leave no gap, so the SMIL files' times add up to the book's
    # (each hh:mm:ss rounds by half a second at most), and the book's time
    # is its audio's, as ffprobe measures it
    check(abs(total - clock(meta["ncc:totalTime"])) <= 0.5 * (len(smils) + 1),
          "SMIL times add up to %.1f s, totalTime %s" % (total, meta["ncc:totalTime"]))
    if shutil.which("ffprobe"):
        dur = float(run_bytes(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                               os.path.join(d, "audio.mp3")]).decode().strip())
        check(abs(dur - clock(meta["ncc:totalTime"])) <= 0.5 + 0.03,
              "ncc:totalTime %s, audio.mp3 lasts %.3f s" % (meta["ncc:totalTime"], dur))
    print("daisy %s: %d sections, %d SMIL files, well-formed" % (os.path.basename(d), len(heads), len(smils)))


def ncc_meta_smil(root):
    return {m.get("name"): m.get("content") for m in root.iter("meta")}


def mode_daisy(args, tmp):
    art = os.path.join(args.source, "examples", "harbour-news.md")
    secs = script_sections(args, art)
    # alone: the folder is made, with its own audio.mp3
    d1 = os.path.join(tmp, "book1")
    run([args.articast, "render", art, "--daisy", d1])
    daisy_book(args, d1, secs)
    check(sorted(os.listdir(tmp)) == ["book1"], "stray files: %s" % os.listdir(tmp))
    # beside an MP3 and an EPUB: the main MP3 is copied in
    d2, mp3 = os.path.join(tmp, "book2"), os.path.join(tmp, "news.mp3")
    run([args.articast, "render", art, "-o", mp3, "--daisy", d2, "--epub", os.path.join(tmp, "news.epub")])
    daisy_book(args, d2, secs)
    check(open(os.path.join(d2, "audio.mp3"), "rb").read() == open(mp3, "rb").read(), "audio.mp3 is not the main MP3")
    # the crafted article: escaping holds in every DAISY file
    crafted = os.path.join(tmp, "crafted.txt")
    with open(crafted, "w", encoding="utf-8") as f:
        f.write(CRAFTED)
    d3 = os.path.join(tmp, "book3")
    run([args.articast, "render", crafted, "--daisy", d3])
    daisy_book(args, d3, script_sections(args, crafted))
    text = " ".join(ET.parse(os.path.join(d3, "content.html")).getroot().itertext())
    check("5 < 7 & 9 > 3" in text and "привет, мир" in text, "crafted text lost: %r" % text)


def mode_dates(args, tmp):
    """A page's date with its time and zone (JSON-LD) is the EPUB's dc:date
    whole, epubcheck accepts it, and DAISY 2.02 gets its day."""
    page = os.path.join(args.source, "tests", "data", "read", "meta-precedence.html")
    book, d = os.path.join(tmp, "dated.epub"), os.path.join(tmp, "dated")
    run([args.articast, "render", page, "-o", book, "--daisy", d])
    epubcheck(book)
    _, _, opf, _, _, _ = parse_book(read_book(book))
    date = opf.find(OPF + "metadata").find("{http://purl.org/dc/elements/1.1/}date")
    check(date is not None and date.text == "2026-11-23T09:30:00+01:00", "EPUB dc:date: %r" % (date is not None and date.text))
    meta = ncc_meta(ET.parse(os.path.join(d, "ncc.html")).getroot())
    check(meta.get("dc:date") == "2026-11-23", "DAISY dc:date: %r" % meta.get("dc:date"))
    check(meta.get("dc:creator") == "Desk Writer", "DAISY dc:creator: %r" % meta.get("dc:creator"))


def wait_for(pred, timeout, step=0.25):
    import time
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


SHORT_BOOK = """# A Short Book To Play

A first short paragraph opens the book.

## The second part

The second part is short too.

## The third part

And the third part ends it.
"""


def mode_player(args, tmp):
    """daisy-player opens the book in a terminal (tmux) and lists every
    section; Enter plays it: a stream opens on the private PulseAudio
    server and the elapsed time runs; when the first section ends, the
    player moves on to the second by itself; `q` quits."""
    need = ["daisy-player", "tmux", "pulseaudio", "pactl"]
    missing = [t for t in need if not shutil.which(t)]
    if missing or not args.preload or not os.path.exists(args.preload):
        print("SKIP: missing %s" % (", ".join(missing) or "the fake_asound shim"))
        sys.exit(SKIP)
    import time
    art = os.path.join(args.source, "examples", "harbour-news.md")
    book = os.path.join(tmp, "book")
    run([args.articast, "render", art, "--daisy", book])
    titles = [s["title"] for s in script_sections(args, art)]
    pa, home = os.path.join(tmp, "pa"), os.path.join(tmp, "home")
    os.makedirs(pa)
    os.makedirs(home)
    sock = os.path.join(pa, "native")
    env = dict(os.environ, HOME=pa, XDG_RUNTIME_DIR=pa)
    pulse = subprocess.Popen(["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
                              "-L", "module-null-sink sink_name=null",
                              "-L", "module-native-protocol-unix socket=%s auth-anonymous=1" % sock],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = "unix:" + sock
    tmux = ["tmux", "-L", "articast-test-%d" % os.getpid()]
    try:
        ok = wait_for(lambda: subprocess.run(["pactl", "list", "sinks", "short"], capture_output=True,
                                             env=dict(env, PULSE_SERVER=server)).returncode == 0, 10)
        if not ok:
            print("SKIP: a private PulseAudio server could not start here")
            sys.exit(SKIP)
        cmd = ("HOME=%s TERM=xterm PULSE_SERVER=%s LD_PRELOAD=%s daisy-player %s -i -d 0:pulseaudio; "
               "echo daisy-player-exit=$?; sleep 30" % (home, server, args.preload, book))
        subprocess.run(tmux + ["new-session", "-d", "-s", "dp", "-x", "120", "-y", "40", cmd], check=True)

        def screen():
            return subprocess.run(tmux + ["capture-pane", "-p", "-t", "dp"], capture_output=True, text=True).stdout

        shown = wait_for(lambda: all(t[:40] in screen() for t in titles), 20)
        check(shown, "daisy-player did not list the sections %s:\n%s" % (titles, screen()))
        listing = [l for l in screen().splitlines() if l.strip()]
        print("daisy-player shows:\n  " + "\n  ".join(listing[:2 + len(titles)]))
        check("level: 1 of 1" in screen(), "daisy-player shows no level line")
        subprocess.run(tmux + ["send-keys", "-t", "dp", "Down"], check=True)
        time.sleep(1)
        check("daisy-player-exit" not in screen(), "daisy-player quit on its own:\n" + screen())
        subprocess.run(tmux + ["send-keys", "-t", "dp", "q"], check=True)
        code = wait_for(lambda: re.search(r"daisy-player-exit=(\d+)", screen()), 10)
        check(code and code.group(1) == "0", "daisy-player did not quit cleanly on q:\n" + screen())
        subprocess.run(tmux + ["kill-server"], capture_output=True)

        # playback: a short book of three sections
        short = os.path.join(tmp, "short.md")
        with open(short, "w", encoding="utf-8") as f:
            f.write(SHORT_BOOK)
        book2 = os.path.join(tmp, "short-book")
        run([args.articast, "render", short, "--daisy", book2])
        names = [s["title"] for s in script_sections(args, short)]
        cmd2 = ("HOME=%s TERM=xterm PULSE_SERVER=%s LD_PRELOAD=%s daisy-player %s -i -d 0:pulseaudio; "
                "echo daisy-player-exit=$?; sleep 60" % (home, server, args.preload, book2))
        subprocess.run(tmux + ["new-session", "-d", "-s", "dp", "-x", "120", "-y", "40", cmd2], check=True)
        check(wait_for(lambda: all(t[:30] in screen() for t in names), 20),
              "daisy-player did not list %s:\n%s" % (names, screen()))

        def streams():
            r = subprocess.run(["pactl", "list", "sink-inputs", "short"], capture_output=True, text=True,
                               env=dict(env, PULSE_SERVER=server))
            return [l for l in r.stdout.splitlines() if l.strip()]

        def playing(title):
            # the item being played shows its elapsed time beside its length
            for line in screen().splitlines():
                if line.strip().startswith(title[:20]) and re.search(r"\d\d:\d\d\s+\d\d:-?\d\d\s*$", line):
                    return line
            return None

        subprocess.run(tmux + ["send-keys", "-t", "dp", "Enter"], check=True)
        check(wait_for(lambda: streams(), 15), "Enter opened no audio stream:\n" + screen())
        print("daisy-player plays: %s" % streams()[0])
        check(wait_for(lambda: playing(names[1]), 60),
              "playback did not move on to %r:\n%s" % (names[1], screen()))
        print("daisy-player moved on to: %s" % playing(names[1]).strip())
        check("daisy-player-exit" not in screen(), "daisy-player quit while playing:\n" + screen())
        subprocess.run(tmux + ["send-keys", "-t", "dp", "q"], check=True)
        code = wait_for(lambda: re.search(r"daisy-player-exit=(\d+)", screen()), 10)
        check(code and code.group(1) == "0", "daisy-player did not quit cleanly on q:\n" + screen())
    finally:
        subprocess.run(tmux + ["kill-server"], capture_output=True)
        pulse.terminate()
        pulse.wait(5)


ACE_VERSION = "1.4.6"


def npm_tool(tools, packages, probe):
    """Installs npm `packages` into `tools` the first time (their scripts
    are not run: nothing downloads a browser; Debian's chromium is used)
    and returns the path `probe` inside it, or None with the reason
    printed."""
    path = os.path.join(tools, probe)
    if os.path.exists(path):
        return path
    npm = shutil.which("npm")
    if not npm:
        print("SKIP: npm is missing, so %s cannot be installed" % " ".join(packages))
        return None
    os.makedirs(tools, exist_ok=True)
    env = dict(os.environ, ELECTRON_SKIP_BINARY_DOWNLOAD="1", PUPPETEER_SKIP_DOWNLOAD="1",
               PUPPETEER_SKIP_CHROMIUM_DOWNLOAD="1")
    try:
        r = subprocess.run([npm, "install", "--prefix", tools, "--no-audit", "--no-fund", "--ignore-scripts"] +
                           packages, capture_output=True, text=True, env=env, timeout=420)
    except subprocess.TimeoutExpired:
        print("SKIP: npm could not install %s in 7 minutes" % " ".join(packages))
        return None
    if r.returncode != 0 or not os.path.exists(path):
        print("SKIP: npm could not install %s:\n%s" % (" ".join(packages), (r.stderr or r.stdout)[-2000:]))
        return None
    return path


def ace_tool(tools):
    """Ace by DAISY's puppeteer runner (Ace's Electron runner would fetch
    a browser; the puppeteer runner drives Debian's chromium)."""
    return npm_tool(tools, ["@daisy/ace@" + ACE_VERSION], os.path.join("node_modules", ".bin", "ace-puppeteer"))


def mode_ace(args, tmp):
    """Ace by DAISY finds no violation, and epubcheck no error or warning,
    in the EPUB of the reference article and of every example; the
    package claims EPUB Accessibility 1.1, WCAG 2.2 AA, has a narrator and
    a landmarks nav, and carries --cover's picture as its cover image."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("SKIP: Debian's chromium is missing (apt-get install chromium); Ace by DAISY needs a browser")
        sys.exit(SKIP)
    ace = ace_tool(args.tools or os.path.join(tmp, "npm"))
    if not ace:
        sys.exit(SKIP)
    arts = sorted(glob.glob(os.path.join(args.source, "..", "shared", "seeds", "*.txt")))[:1]
    arts += sorted(glob.glob(os.path.join(args.source, "examples", "*.txt")) +
                   [m for m in glob.glob(os.path.join(args.source, "examples", "*.md")) if not m.endswith("README.md")] +
                   glob.glob(os.path.join(args.source, "examples", "*.html")))
    cover = os.path.join(tmp, "cover.png")
    with open(cover, "wb") as f:
        f.write(tiny_png())
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=chromium)
    for k, art in enumerate(arts):
        book = os.path.join(tmp, "book%d.epub" % k)
        run([args.articast, "render", art, "-o", book] + (["--cover", cover] if k == 0 else []))
        epubcheck(book)
        out = os.path.join(tmp, "ace%d" % k)
        try:
            r = subprocess.run([ace, "-s", "-f", "-o", out, book], capture_output=True, text=True, env=env, timeout=240)
        except subprocess.TimeoutExpired:
            print("SKIP: Ace by DAISY did not finish %s in 4 minutes here" % os.path.basename(art))
            sys.exit(SKIP)
        rep = os.path.join(out, "report.json")
        if not os.path.exists(rep):
            print("SKIP: Ace by DAISY wrote no report here (exit %d):\n%s" % (r.returncode, (r.stderr or r.stdout)[-2000:]))
            sys.exit(SKIP)
        report = json.load(open(rep, encoding="utf-8"))
        bad = ["%s: %s (%s)" % (a["earl:testSubject"]["url"], b["earl:test"]["dct:title"], b["earl:test"].get("earl:impact"))
               for a in report.get("assertions", []) for b in a.get("assertions", [])
               if b["earl:result"]["earl:outcome"] != "pass"]
        check(not bad and report["earl:result"]["earl:outcome"] == "pass",
              "Ace by DAISY, %s:\n  %s" % (os.path.basename(art), "\n  ".join(bad)))
        missing = report.get("a11y-metadata", {}).get("missing", [])
        check("dcterms:conformsTo" not in missing and "a11y:certifiedBy" not in missing,
              "%s: conformance metadata missing: %s" % (os.path.basename(art), missing))
        print("ace %s: 0 violations, epubcheck clean" % os.path.basename(art))
        if k == 0:
            files = read_book(book)
            opf = files["EPUB/package.opf"].decode()
            check('properties="cover-image"' in opf and any(n.startswith("EPUB/cover.") for n in files),
                  "--cover gave no cover image")
            check("media:narrator" in opf, "no media:narrator")
            check('epub:type="landmarks"' in files["EPUB/nav.xhtml"].decode(), "no landmarks nav")


def tiny_png():
    """A 16x16 PNG, made here."""
    import struct
    import zlib
    raw = b"".join(b"\x00" + b"\x20\x60\xa0" * 16 for _ in range(16))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def mode_captions(args, tmp):
    """A photo caption that is not read aloud is still in the books' text,
    in reading order, marked (class "caption silent") and outside the
    narration: in no SMIL clip, no VTT cue; with --captions it is read
    and has its clip. epubcheck stays clean."""
    page = os.path.join(args.source, "examples", "harbour-news.html")
    words = "Harbour master Joseph Vella"
    for read in (False, True):
        tag = "read" if read else "silent"
        book, d, w = (os.path.join(tmp, tag + ".epub"), os.path.join(tmp, tag + "-daisy"),
                      os.path.join(tmp, tag + "-web"))
        vtt = os.path.join(tmp, tag + ".vtt")
        run([args.articast, "render", page, "-o", os.path.join(tmp, tag + ".mp3"), "--epub", book, "--daisy", d,
             "--html", w, "--vtt", vtt] + (["--captions"] if read else []))
        epubcheck(book)
        files = read_book(book)
        text = files["EPUB/text.xhtml"].decode()
        smil = files["EPUB/text.smil"].decode()
        content = open(os.path.join(d, "content.html"), encoding="utf-8").read()
        page_html = open(os.path.join(w, "index.html"), encoding="utf-8").read()
        heard = words in open(vtt, encoding="utf-8").read()
        for name, doc in (("EPUB", text), ("DAISY", content), ("read-along page", page_html)):
            m = re.search(r'<p class="caption( silent)?">(<span class="note">\(Not read aloud\)</span> )?(<span[^>]*>)' +
                          re.escape(words), doc)
            check(m is not None, "%s (%s): the caption is in the text" % (name, tag))
            if not m:
                continue
            check(bool(m.group(1)) != read and bool(m.group(2)) != read,
                  "%s (%s): the caption is marked silent, in words, only when not read" % (name, tag))
            sid = re.search(r'id="(s\d+)"', m.group(3))
            check((sid is not None) == read, "%s (%s): the caption has a sentence id only when read" % (name, tag))
            # in reading order: after the paragraph before it in the page
            check(doc.index("450,000 passengers") < m.start() < doc.index("This pier changes"),
                  "%s (%s): the caption sits where the article has it" % (name, tag))
            if name == "EPUB" and sid:
                check("#%s\"" % sid.group(1) in smil, "EPUB (read): the read caption has its clip")
        check(heard == read, "VTT (%s): the caption is a cue only when read" % tag)
        smils = "".join(open(f, encoding="utf-8").read() for f in glob.glob(os.path.join(d, "*.smil")))
        n_par = smils.count("<par ")
        n_ids = len(re.findall(r'<span id="s\d+"', content))
        check(n_par == n_ids, "DAISY (%s): a par for every sentence id (%d pars, %d ids)" % (tag, n_par, n_ids))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--preload", help="the fake_asound shim, for daisy-player")
    ap.add_argument("--tools", help="where npm installs Ace by DAISY (kept between runs)")
    ap.add_argument("mode", choices=["epub", "timing", "escape", "daisy", "player", "dates", "ace", "captions"])
    args = ap.parse_args()
    if args.mode in ("epub", "escape", "dates", "captions"):
        epubcheck_cmd()
    with tempfile.TemporaryDirectory() as tmp:
        {"epub": mode_epub, "timing": mode_timing, "escape": mode_escape, "daisy": mode_daisy,
         "player": mode_player, "dates": mode_dates, "ace": mode_ace,
         "captions": mode_captions}[args.mode](args, tmp)
    print("ok")


if __name__ == "__main__":
    main()
