#!/usr/bin/env python3
"""Podcast edition tests: render an example with every option on, then check
every output with an independent reader: ffprobe for tags, chapters, cover
and duration; ffmpeg's ebur128 filter for loudness and true peak; a WebVTT,
an SRT and a JSON parse of the sidecars; xmllint for the RSS feed.

usage: podcast.py --articast BIN --source DIR {edition,feed}
"""
import argparse
import glob
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import epub  # noqa: E402  (its npm_tool)

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL:", what)
    else:
        print("ok:", what)
    return cond


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def png(path, w=8, h=8):
    """A small valid PNG, made here so the test needs no picture file."""
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\0" + bytes([200, 30, 30] * w) for _ in range(h))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)


def probe(path):
    r = run(["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-show_streams", "-of", "json", path])
    check(r.returncode == 0, f"ffprobe reads {os.path.basename(path)}")
    return json.loads(r.stdout or "{}")


def loudness(path):
    r = run(["ffmpeg", "-nostats", "-hide_banner", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-"])
    i = re.findall(r"^\s+I:\s+(-?[\d.]+) LUFS", r.stderr, re.M)
    p = re.findall(r"^\s+Peak:\s+(-?[\d.inf]+) dBFS", r.stderr, re.M)
    return float(i[-1]), float(p[-1])


def precise_loudness(path):
    """Integrated loudness to the thousandth (ffmpeg's ebur128 filter, its
    running value on the last frame) and the true peak (its summary)."""
    r = run(["ffmpeg", "-nostats", "-hide_banner", "-i", path, "-af",
             "ebur128=peak=true:metadata=1,ametadata=print:key=lavfi.r128.I", "-f", "null", "-"])
    i = re.findall(r"lavfi\.r128\.I=(-?[\d.]+)", r.stderr)
    p = re.findall(r"^\s+Peak:\s+(-?[\d.inf]+) dBFS", r.stderr, re.M)
    return float(i[-1]), float(p[-1])


def vtt_cues(path):
    """A small WebVTT parser: the header, then blocks of a timing line and
    text lines."""
    text = open(path, encoding="utf-8").read()
    check(text.startswith("WEBVTT"), "VTT starts with WEBVTT")
    cues = []
    for block in text.split("\n\n")[1:]:
        lines = [l for l in block.split("\n") if l]
        if not lines:
            continue
        m = re.match(r"(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$", lines[0])
        if not check(m is not None, f"VTT timing line {lines[0]!r}") or len(lines) < 2:
            continue
        g = [int(x) for x in m.groups()]
        start = ((g[0] * 60 + g[1]) * 60 + g[2]) * 1000 + g[3]
        end = ((g[4] * 60 + g[5]) * 60 + g[6]) * 1000 + g[7]
        body = " ".join(lines[1:])  # a cue of two lines is one text
        v = re.match(r"<v ([^>]+)>(.*)", body)
        cues.append((start, end, v.group(1) if v else None, v.group(2) if v else body))
    return cues


def srt_cues(path):
    blocks = [b for b in open(path, encoding="utf-8").read().split("\n\n") if b.strip()]
    out = []
    for i, b in enumerate(blocks, 1):
        lines = b.split("\n")
        check(lines[0] == str(i), f"SRT cue {i} numbered") if i <= 2 else None
        m = re.match(r"(\d\d):(\d\d):(\d\d),(\d{3}) --> (\d\d):(\d\d):(\d\d),(\d{3})$", lines[1])
        out.append(m is not None)
    return out


def ffmeta_chapters(path):
    text = open(path, encoding="utf-8").read()
    check(text.startswith(";FFMETADATA1"), "ffmetadata header")
    chs = []
    for block in text.split("[CHAPTER]")[1:]:
        kv = dict(l.split("=", 1) for l in block.strip().split("\n") if "=" in l)
        chs.append((int(kv["START"]), int(kv["END"]), kv["title"]))
    return chs


def cmd_edition(args):
    article = os.path.join(args.source, "examples", "harbour-festival.txt")
    r = run([args.articast, "script", article, "--json"])
    titles = [s["title"] for s in json.loads(r.stdout)["sections"]]
    with tempfile.TemporaryDirectory() as d:
        split = os.path.join(d, "split")
        os.mkdir(split)
        cover = os.path.join(d, "cover.png")
        png(cover)
        out = {k: os.path.join(d, "ed." + k) for k in ("mp3", "chapters.json", "vtt", "srt", "ffmeta")}
        r = run([args.articast, "render", article, "-o", out["mp3"], "--split", split,
                 "--chapters-json", out["chapters.json"], "--vtt", out["vtt"], "--srt", out["srt"],
                 "--ffmetadata", out["ffmeta"], "--cover", cover, "--comment", "Read by articast",
                 "--intro", "--outro", "--chime"])
        if not check(r.returncode == 0, f"render with every option: {r.stderr.strip()}"):
            return
        info = probe(out["mp3"])
        tags = {k.lower(): v for k, v in info["format"].get("tags", {}).items()}
        check(tags.get("title") == titles[0], f"TIT2 {tags.get('title')!r}")
        check(tags.get("genre") == "Podcast", f"TCON {tags.get('genre')!r}")
        check(tags.get("comment") == "Read by articast", f"COMM {tags.get('comment')!r}")
        dur = float(info["format"]["duration"])
        check(abs(int(tags.get("tlen", "0")) / 1000 - dur) < 0.1, f"TLEN {tags.get('tlen')} vs duration {dur}")
        pics = [s for s in info["streams"] if s.get("disposition", {}).get("attached_pic")]
        check(len(pics) == 1 and pics[0]["codec_name"] == "png", "the cover is an attached PNG picture")
        chapters = [(round(float(c["start_time"]) * 1000), round(float(c["end_time"]) * 1000),
                     c["tags"]["title"]) for c in info["chapters"]]
        check([c[2] for c in chapters] == titles, "one chapter per section")

        lufs, peak = loudness(out["mp3"])
        check(abs(lufs + 16) <= 1.0, f"MP3 integrated loudness {lufs} LUFS is within 1 LU of -16")
        check(peak <= -1.0, f"MP3 true peak {peak} dBTP is at most -1")

        js = json.load(open(out["chapters.json"]))
        check(js["version"] == "1.2.0", "chapters JSON version")
        jc = [(round(c["startTime"] * 1000), round(c["endTime"] * 1000), c["title"]) for c in js["chapters"]]
        check(jc == chapters, f"chapters JSON {jc} equals the embedded chapters {chapters}")
        check(ffmeta_chapters(out["ffmeta"]) == chapters, "ffmetadata equals the embedded chapters")

        cues = vtt_cues(out["vtt"])
        check(len(cues) > 20, f"{len(cues)} VTT cues")
        check(all(a < b for a, b, _, _ in cues), "every VTT cue has a positive length")
        check(all(c1[1] <= c2[0] for c1, c2 in zip(cues, cues[1:])), "VTT cues are in order without overlap")
        check(all(v for _, _, v, _ in cues), "every VTT cue names its speaker")
        check(cues[-1][1] <= chapters[-1][1], "the last cue ends inside the last chapter")
        speakers = {v for _, _, v, _ in cues}
        check(len(speakers) >= 2, f"VTT voices {sorted(speakers)}")
        check(cues[0][3].startswith("An audio edition of"), f"the intro comes first: {cues[0][3]!r}")
        srt = srt_cues(out["srt"])
        # shorter lines than the VTT's, so cut into other pieces (tests/captions.py)
        check(len(srt) >= 20 and all(srt), f"{len(srt)} SRT cues, each numbered with a timing line")

        # the split files: numbered, titled, with a playlist of durations
        files = sorted(f for f in os.listdir(split) if f.endswith(".mp3"))
        check(len(files) == len(titles), f"{len(files)} split files for {len(titles)} sections")
        m3u = open(os.path.join(split, "playlist.m3u8"), encoding="utf-8").read().split("\n")
        check(m3u[0] == "#EXTM3U", "playlist header")
        total = 0.0
        for i, f in enumerate(files):
            si = probe(os.path.join(split, f))
            st = {k.lower(): v for k, v in si["format"].get("tags", {}).items()}
            check(st.get("title") == titles[i], f"split {f}: TIT2 {st.get('title')!r}")
            check(st.get("track") == f"{i + 1}/{len(files)}", f"split {f}: TRCK {st.get('track')!r}")
            sd = float(si["format"]["duration"])
            total += sd
            ext = m3u[1 + 2 * i]
            m = re.match(r"#EXTINF:([\d.]+),(.*)", ext)
            check(m and abs(float(m.group(1)) - sd) < 0.1 and m.group(2) == titles[i] and m3u[2 + 2 * i] == f,
                  f"playlist entry {i + 1}: {ext}")
        check(abs(total - dur) < 0.5, f"split durations add up to {total:.2f} s of {dur:.2f} s")

        # WAV: the same loudness, and INFO tags
        wav = os.path.join(d, "ed.wav")
        r = run([args.articast, "render", article, "-o", wav])
        check(r.returncode == 0, "render WAV")
        wi = probe(wav)
        wt = {k.lower(): v for k, v in wi["format"].get("tags", {}).items()}
        check(wt.get("title") == titles[0], f"WAV LIST/INFO title {wt.get('title')!r}")
        lufs, peak = loudness(wav)
        check(abs(lufs + 16) <= 1.0, f"WAV integrated loudness {lufs} LUFS")
        check(peak <= -1.0, f"WAV true peak {peak} dBTP")
        r = run([args.articast, "render", article, "-o", wav, "--loudness", "-23"])
        lufs, _ = loudness(wav)
        check(abs(lufs + 23) <= 1.0, f"--loudness -23 gives {lufs} LUFS")

        # one synthesis, two files: the same chapters in the MP3 and the WAV
        both_mp3, both_wav = os.path.join(d, "both.mp3"), os.path.join(d, "both.wav")
        r = run([args.articast, "render", article, "-o", both_mp3, "-o", both_wav])
        check(r.returncode == 0, f"-o MP3 -o WAV: {r.stderr.strip()}")
        cm = [round(float(c["start_time"]) * 1000) for c in probe(both_mp3)["chapters"]]
        cw = [round(float(c["start_time"]) * 1000) for c in probe(both_wav)["chapters"]]
        check(cm == cw and len(cm) == len(titles), f"MP3 chapters {cm} equal WAV chapters {cw}")

        # the chapters JSON's top-level fields, tag padding, WAV ICRD and ICMT
        news = os.path.join(args.source, "examples", "harbour-news.md")
        meta = json.loads(run([args.articast, "script", news, "--json"]).stdout)
        hn = {k: os.path.join(d, "hn." + k) for k in ("mp3", "wav", "json")}
        r = run([args.articast, "render", news, "-o", hn["mp3"], "-o", hn["wav"], "--chapters-json", hn["json"],
                 "--comment", "Desk copy"])
        check(r.returncode == 0, f"render harbour-news: {r.stderr.strip()[:200]}")
        js = json.load(open(hn["json"], encoding="utf-8"))
        want = {"title": meta["title"], "author": meta["author"], "podcastName": meta["publication"],
                "fileName": "hn.mp3"}
        check(all(want.values()) and all(js.get(k) == v for k, v in want.items()),
              f"chapters JSON top-level fields: {({k: js.get(k) for k in want})}")
        with open(hn["mp3"], "rb") as f:
            head = f.read(1 << 20)
        size = 10 + (head[6] << 21 | head[7] << 14 | head[8] << 7 | head[9])
        check(head[:3] == b"ID3" and head[size - 4096:size] == bytes(4096) and head[size:size + 2] in
              (b"\xff\xf3", b"\xff\xfb", b"\xff\xf2", b"\xff\xe3"),
              "the ID3 tag ends with 4 KiB of padding, then the first MPEG frame")
        wt = {k.lower(): v for k, v in probe(hn["wav"])["format"].get("tags", {}).items()}
        check(wt.get("comment") == "Desk copy" and (wt.get("date") or "").startswith(meta["date"][:10]),
              f"WAV LIST/INFO ICMT {wt.get('comment')!r} and ICRD {wt.get('date')!r}")

        bad = os.path.join(d, "bad.png")
        with open(bad, "w") as f:
            f.write("not a picture")
        r = run([args.articast, "render", article, "-o", os.path.join(d, "x.mp3"), "--cover", bad])
        check(r.returncode == 3 and bad in r.stderr and not os.path.exists(os.path.join(d, "x.mp3")),
              f"a cover that is not a picture is refused: {r.stderr.strip()}")


PARTYTIME = "podcast-partytime@5.0.0"
NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0",
      "atom": "http://www.w3.org/2005/Atom"}


def feedparser_read(feed):
    """The feed as feedparser reads it (Debian's python3-feedparser, which
    may live beside another interpreter than the one running the tests)."""
    code = ("import feedparser, json, sys; d = feedparser.parse(sys.argv[1]); "
            "print(json.dumps({'bozo': int(d.bozo), 'error': str(d.get('bozo_exception', '')), "
            "'title': d.feed.get('title'), 'guid': d.feed.get('podcast_guid'), "
            "'entries': [{'id': e.get('id'), 'title': e.get('title'), 'summary': e.get('summary'), "
            "'image': (e.get('image') or {}).get('href'), "
            "'enclosures': [x.get('href') for x in e.get('enclosures', [])]} for e in d.entries]}))")
    for py in (sys.executable, "/usr/bin/python3"):
        r = run([py, "-c", code, feed])
        if r.returncode == 0:
            return json.loads(r.stdout)
    check(False, f"feedparser (python3-feedparser) reads {feed}: {r.stderr.strip()[-200:]}")
    return None


def validate(feed, tools, n_items):
    """The three readers a publisher checks a feed with: xmllint (well-formed,
    and its podcast: elements against tests/podcast.xsd), feedparser and the
    Podcast Index parser; each must read every item. Returns the latter's
    reading (None when npm cannot install it)."""
    import xml.etree.ElementTree as ET
    name = os.path.basename(feed)
    r = run(["xmllint", "--noout", feed])
    check(r.returncode == 0, f"xmllint: {name} is well-formed {r.stderr.strip()[:200]}")
    # the podcast: elements, gathered by where they stand, against the schema
    pod = "{%s}" % NS["podcast"]
    ch = ET.parse(feed).getroot().find("channel")
    check_el = ET.Element(pod + "check")
    c = ET.SubElement(check_el, pod + "channel")
    c.extend(e for e in ch if e.tag.startswith(pod))
    for it in ch.findall("item"):
        ET.SubElement(check_el, pod + "item").extend(e for e in it if e.tag.startswith(pod))
    wrapped = feed + ".podcast.xml"
    ET.ElementTree(check_el).write(wrapped, encoding="utf-8", xml_declaration=True)
    xsd = os.path.join(os.path.dirname(os.path.abspath(__file__)), "podcast.xsd")
    r = run(["xmllint", "--noout", "--schema", xsd, wrapped])
    check(r.returncode == 0, f"xmllint --schema podcast.xsd: the podcast: elements of {name} are valid "
          f"{r.stderr.strip()[:300]}")
    fp = feedparser_read(feed)
    if fp is not None:
        check(fp["bozo"] == 0 and len(fp["entries"]) == n_items,
              f"feedparser reads {name} cleanly with {n_items} items: bozo {fp['bozo']} {fp['error'][:100]}, "
              f"{len(fp['entries'])} items")
    npm = shutil.which("node")
    pt = epub.npm_tool(tools, [PARTYTIME], os.path.join("node_modules", "podcast-partytime", "package.json")) \
        if npm else None
    if not pt:
        print("SKIP: the Podcast Index parser: node or npm (podcast-partytime) is missing")
        return None
    r = run([npm, os.path.join(os.path.dirname(os.path.abspath(__file__)), "feed_partytime.cjs"), tools, feed])
    got = json.loads(r.stdout) if r.returncode == 0 and r.stdout.strip() else None
    check(got is not None and len(got.get("items", [])) == n_items,
          f"podcast-partytime reads {name} with {n_items} items: {r.stderr.strip()[-200:]}"
          f"{len(got.get('items', [])) if got else None}")
    return got


def cmd_feed(args):
    """The feed: editions found in sub-folders (not inside a split folder),
    every channel and item element podcast apps read, the three validators
    on every feed written, settings kept across runs, deleted editions
    dropped with a note, exact guid matching, hostile text, and a feed
    articast cannot parse left alone."""
    import uuid
    import xml.etree.ElementTree as ET
    ns = NS
    tools = args.tools or os.path.join(tempfile.gettempdir(), "articast-npm-feed")
    arts = sorted(glob.glob(os.path.join(args.source, "examples", "*.txt")))[:3]
    with tempfile.TemporaryDirectory() as d:
        eds = os.path.join(d, "editions")
        os.makedirs(os.path.join(eds, "desk", "day"))
        cover = os.path.join(d, "cover.png")
        png(cover)
        # a batch-like tree: one edition at the top with a cover, one a folder
        # down with a --split folder beside it, one two folders down
        places = ["", "desk", os.path.join("desk", "day")]
        for a, where in zip(arts, places):
            b = os.path.join(eds, where, os.path.splitext(os.path.basename(a))[0])
            argv = [args.articast, "render", a, "-o", b + ".mp3", "--chapters-json", b + ".chapters.json",
                    "--vtt", b + ".vtt", "--srt", b + ".srt", "--loudness", "off"]
            if not where:
                argv += ["--cover", cover]
            if where == "desk":
                argv += ["--split", os.path.join(eds, where, "parts")]
            r = run(argv)
            check(r.returncode == 0, f"render {os.path.basename(a)} for the feed")
        feed = os.path.join(d, "feed.xml")
        argv = [args.articast, "feed", eds, "-o", feed, "--base-url", "https://example.org/news/",
                "--title", "Test & <Feed>", "--author", "Desk", "--owner", "News Desk", "--email",
                "desk@example.org", "--locked", "yes"]
        r = run(argv)
        check(r.returncode == 0, f"feed: {r.stderr.strip()}")
        pt = validate(feed, tools, len(arts))
        root = ET.parse(feed).getroot()
        ch = root.find("channel")
        check(root.tag == "rss" and root.get("version") == "2.0", "RSS 2.0")
        check(ch.findtext("title") == "Test & <Feed>", "the channel title survives escaping")
        items = ch.findall("item")
        files = sorted(i.find("enclosure").get("url")[len("https://example.org/news/"):] for i in items)
        want = sorted(os.path.join(w, os.path.splitext(os.path.basename(a))[0] + ".mp3").lstrip("/")
                      for a, w in zip(arts, places))
        check(files == want, f"one item per edition, in sub-folders too and not the split parts: {files}")
        # the channel elements apps and directories read
        self_ = ch.find("atom:link", ns)
        check(self_ is not None and self_.get("rel") == "self" and
              self_.get("href") == "https://example.org/news/feed.xml", "atom:link rel=self")
        want_guid = str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "example.org/news/feed.xml"))
        check(ch.findtext("podcast:guid", namespaces=ns) == want_guid,
              f"podcast:guid is the UUIDv5 of the feed URL (Python's uuid5: {want_guid})")
        lock = ch.find("podcast:locked", ns)
        check(lock is not None and lock.text == "yes" and lock.get("owner") == "desk@example.org", "podcast:locked")
        check(ch.findtext("itunes:owner/itunes:name", namespaces=ns) == "News Desk" and
              ch.findtext("itunes:owner/itunes:email", namespaces=ns) == "desk@example.org", "itunes:owner")
        check(ch.findtext("itunes:type", namespaces=ns) == "episodic" and
              ch.findtext("itunes:explicit", namespaces=ns) == "false", "itunes:type and itunes:explicit")
        if pt:
            check(pt.get("guid") == want_guid and pt.get("locked") is True and
                  (pt.get("owner") or {}).get("email") == "desk@example.org" and pt.get("itunesType") == "episodic",
                  f"the Podcast Index parser reads the guid, lock, owner and type: {pt.get('guid')} "
                  f"{pt.get('locked')} {pt.get('owner')} {pt.get('itunesType')}")
        guids = [i.findtext("guid") for i in items]
        for it in items:
            enc = it.find("enclosure")
            name = enc.get("url")[len("https://example.org/news/"):]
            path = os.path.join(eds, name)
            check(int(enc.get("length")) == os.path.getsize(path) and enc.get("type") == "audio/mpeg",
                  f"enclosure length and type of {name}")
            # ffprobe counts the encoder delay it reports as start_time into an MP3's
            # duration; the audio itself, which TLEN and itunes:duration measure, is
            # that much shorter
            fmt = probe(path)["format"]
            dur = float(fmt["duration"]) - float(fmt.get("start_time", 0))
            h, m, s_ = (int(x) for x in it.findtext("itunes:duration", namespaces=ns).split(":"))
            check(abs(h * 3600 + m * 60 + s_ - dur) <= 1.0, f"itunes:duration of {name}")
            check(re.match(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000$", it.findtext("pubDate") or ""),
                  f"pubDate {it.findtext('pubDate')}")
            # a description of its own: the article's opening, as written
            desc = it.findtext("description") or ""
            check(desc != it.findtext("title") and len(desc) >= 80 and desc.split()[1] in
                  open(os.path.join(args.source, "examples", os.path.basename(name)[:-4] + ".txt"),
                       encoding="utf-8").read(), f"{name}: the description is the article's opening: {desc[:80]!r}")
            chap = it.find("podcast:chapters", ns)
            trs = it.findall("podcast:transcript", ns)
            check(chap is not None and chap.get("type") == "application/json+chapters", "podcast:chapters link")
            check(sorted(t.get("type") for t in trs) == ["application/x-subrip", "text/vtt"] and
                  all(t.get("language") == "en" and t.get("rel") == "captions" for t in trs),
                  f"podcast:transcript links for the VTT and the SRT, with language and rel=captions: "
                  f"{[t.attrib for t in trs]}")
            for u in [chap.get("url")] + [t.get("url") for t in trs]:
                check(u.startswith("https://example.org/news/") and
                      os.path.exists(os.path.join(eds, u[len("https://example.org/news/"):])),
                      f"{u} is an absolute URL of a file in the folder")
            img = it.find("itunes:image", ns)
            if "/" not in name:
                ok = img is not None and img.get("href") == "https://example.org/news/" + name[:-4] + ".png"
                check(ok and open(os.path.join(eds, name[:-4] + ".png"), "rb").read() == open(cover, "rb").read(),
                      f"{name}: the episode's artwork is its cover, written beside it: "
                      f"{img.get('href') if img is not None else None}")
            else:
                check(img is None, f"{name}: no cover, no episode artwork (the show's is used)")
        if pt:
            check(sorted(i["enclosure"]["url"] for i in pt["items"]) == sorted(i.find("enclosure").get("url") for i in items)
                  and all(i.get("description") and i.get("podcastTranscripts") for i in pt["items"]),
                  "the Podcast Index parser reads every item's enclosure, description and transcripts")
        check(len(set(guids)) == len(arts), "distinct guids")
        # rebuilding gives the same items, never twice
        r = run(argv)
        items2 = ET.parse(feed).getroot().find("channel").findall("item")
        check([i.findtext("guid") for i in items2] == guids, "a rebuild keeps the same guids, none duplicated")
        # an edition removed from the folder is dropped, with a note
        gone_item = [i for i in items2 if "/" not in i.find("enclosure").get("url")[len("https://example.org/news/"):]][0]
        os.unlink(os.path.join(eds, gone_item.find("enclosure").get("url").rsplit("/", 1)[1]))
        r = run(argv)
        items3 = ET.parse(feed).getroot().find("channel").findall("item")
        check(sorted(i.findtext("guid") for i in items3) == sorted(g for g in guids if g != gone_item.findtext("guid"))
              and "dropping" in r.stderr and gone_item.findtext("title") in r.stderr,
              f"an edition deleted from the folder is dropped, with a note: {r.stderr.strip()[:200]!r}")
        validate(feed, tools, len(arts) - 1)
        # items added by other means (their enclosures elsewhere) stay; they are
        # matched by their whole guid: "ep1" is not inside "ep10", nor "Episode"
        # inside another item's "Episode 10"
        text = open(feed, encoding="utf-8").read()
        olds = "".join(f"<item><title>{t}</title><guid isPermaLink=\"false\">{g}</guid>"
                       f"<enclosure url=\"https://elsewhere.example/{g}.mp3\" length=\"1\" type=\"audio/mpeg\"/></item>"
                       for t, g in (("Episode 10", "ep10"), ("One", "ep1"), ("Two", "Episode")))
        with open(feed, "w", encoding="utf-8") as f:
            f.write(text.replace("</channel>", olds + "</channel>"))
        r = run(argv)
        kept = [i.findtext("guid") for i in ET.parse(feed).getroot().find("channel").findall("item")]
        check(all(g in kept for g in ("ep10", "ep1", "Episode")) and len(kept) == len(set(kept)) == len(arts) + 2,
              f"items from elsewhere, whose guids are inside others', are kept once each: {kept}")
        validate(feed, tools, len(arts) + 2)
        # a base URL without its last slash still ends at a folder boundary:
        # .../newsroom/ is not inside .../news
        near = os.path.join(d, "near.xml")
        nargv = [args.articast, "feed", eds, "-o", near, "--base-url", "https://example.org/news"]
        r = run(nargv)
        text = open(near, encoding="utf-8").read() if os.path.exists(near) else ""
        with open(near, "w", encoding="utf-8") as f:
            f.write(text.replace("</channel>", "<item><title>Room</title><guid>room1</guid><enclosure "
                                 "url=\"https://example.org/newsroom/a.mp3\" length=\"1\" type=\"audio/mpeg\"/>"
                                 "</item></channel>"))
        r = run(nargv)
        kept = [i.findtext("guid") for i in ET.parse(near).getroot().find("channel").findall("item")]
        check(r.returncode == 0 and "room1" in kept and "dropping" not in r.stderr,
              f"an item under a sibling folder of the base URL is not taken for one of ours: {kept}")
        # control characters in any text never make the feed ill-formed
        bad = os.path.join(d, "bad.xml")
        r = run([args.articast, "feed", eds, "-o", bad, "--relative", "--title", "Night\x1fDesk\x01",
                 "--author", "A\x0bB"])
        check(r.returncode == 0 and run(["xmllint", "--noout", bad]).returncode == 0,
              "control characters in the settings are removed: the feed is well-formed")
        r = run([args.articast, "feed", eds, "-o", bad, "--relative"])
        check(r.returncode == 0 and len(ET.parse(bad).getroot().find("channel").findall("item")) == len(arts) - 1,
              "and the next run reads it back with every item")
        # the show's settings are kept: a re-run with none of them (not even the
        # base URL, which the atom:link rel="self" keeps) gives the same channel
        show = os.path.join(eds, "show.xml")
        r = run([args.articast, "feed", eds, "-o", show, "--base-url", "https://example.org/news/", "--title",
                 "My Show", "--image", "https://example.org/art.jpg", "--author", "Desk", "--language", "en-GB",
                 "--owner", "Ed", "--email", "ed@example.org", "--locked", "yes", "--show-type", "serial"])
        check(r.returncode == 0, f"feed with the show's settings: {r.stderr.strip()[:200]}")
        def channel(path):
            c = ET.parse(path).getroot().find("channel")
            img = c.find("itunes:image", ns)
            self_ = c.find("atom:link", ns)
            lock = c.find("podcast:locked", ns)
            return (c.findtext("title"), img.get("href") if img is not None else None,
                    c.findtext("itunes:author", namespaces=ns), c.findtext("language"),
                    self_.get("href") if self_ is not None else None,
                    c.find("item").find("enclosure").get("url"),
                    c.findtext("itunes:owner/itunes:name", namespaces=ns),
                    c.findtext("itunes:owner/itunes:email", namespaces=ns),
                    (lock.text, lock.get("owner")) if lock is not None else None,
                    c.findtext("itunes:type", namespaces=ns), c.findtext("podcast:guid", namespaces=ns))
        first = channel(show)
        check(first[:5] == ("My Show", "https://example.org/art.jpg", "Desk", "en-GB",
                            "https://example.org/news/show.xml") and first[5].startswith("https://example.org/news/")
              and first[6:10] == ("Ed", "ed@example.org", ("yes", "ed@example.org"), "serial") and first[10],
              f"the channel as given, with atom:link rel=self: {first}")
        validate(show, tools, len(arts) - 1)
        r = run([args.articast, "feed", eds, "-o", show, "--base-url", "https://example.org/news/"])
        check(r.returncode == 0 and channel(show) == first, f"a re-run with --base-url only keeps the settings: "
              f"{channel(show)}")
        r = run([args.articast, "feed", eds, "-o", show])
        check(r.returncode == 0 and channel(show) == first, f"a re-run with no option keeps them all, the base URL "
              f"too: {channel(show)} {r.stderr.strip()[:120]}")
        r = run([args.articast, "feed", eds, "-o", show, "--title", "Renamed", "--base-url", "https://cdn.example/n/"])
        now = channel(show)
        check(r.returncode == 0 and now[0] == "Renamed" and now[1:4] == first[1:4] and now[6:] == first[6:],
              f"a flag changes its setting only, and the podcast:guid stays when the feed moves: {now}")
        r = run([args.articast, "feed", eds, "-o", show, "--locked", "maybe"])
        check(r.returncode == 2 and "--locked" in r.stderr, "--locked takes yes or no")
        # no absolute base URL: refused with the reason, unless --relative
        fresh = os.path.join(d, "fresh.xml")
        r = run([args.articast, "feed", eds, "-o", fresh])
        check(r.returncode == 2 and "base URL" in r.stderr and not os.path.exists(fresh),
              f"a feed without a base URL is refused: exit {r.returncode}, {r.stderr.strip()[:100]!r}")
        r = run([args.articast, "feed", eds, "-o", fresh, "--base-url", "example.org/news"])
        check(r.returncode == 2 and not os.path.exists(fresh), "a base URL that is not absolute is refused")
        r = run([args.articast, "feed", eds, "-o", fresh, "--relative"])
        enc = ET.parse(fresh).getroot().find("channel").find("item").find("enclosure").get("url") if \
            os.path.exists(fresh) else ""
        check(r.returncode == 0 and enc and "://" not in enc, f"--relative writes relative URLs: {enc!r}")

        # a feed articast cannot parse is never written over
        with open(feed, "w", encoding="utf-8") as f:
            f.write("<rss><channel><title>Broken\x1f</title><item><guid>old</guid></item>")
        before = open(feed, "rb").read()
        r = run(argv)
        check(r.returncode == 3 and feed in r.stderr and "left as it was" in r.stderr and open(feed, "rb").read() == before,
              f"an unparsable feed is refused and left as it was: exit {r.returncode}, {r.stderr.strip()[:160]!r}")
        r = run([args.articast, "feed", os.path.join(d, "none"), "-o", feed])
        check(r.returncode == 3 and "none" in r.stderr, f"a missing folder is an input error: {r.stderr.strip()}")


def cmd_split(args):
    """--split makes its folder, keeps letters of any script in the file
    names (in NFC, lowercased, safe on every filesystem), refuses a
    missing parent or a file in the way, and takes back the folder it made
    when the render stops."""
    import signal
    import time
    import unicodedata
    with tempfile.TemporaryDirectory() as d:
        art = os.path.join(d, "scripts.md")
        with open(art, "w", encoding="utf-8") as f:
            f.write("# Harbour Notes\n\nThe pier opened on Monday.\n\n## Caf\u00e9 au lait\n\nA short paragraph.\n\n"
                    "## \u0394\u03ae\u03bb\u03c9\u03c3\u03b7 \u03c4\u03bf\u03c5 \u03c5\u03c0\u03bf\u03c5"
                    "\u03c1\u03b3\u03bf\u03cd\n\nAnother paragraph.\n\n"
                    "## \u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e\n\n"
                    "A third paragraph.\n\n## ?!\n\nThe end.\n")
        parts = os.path.join(d, "parts")
        r = run([args.articast, "render", art, "--split", parts + "/"])
        check(r.returncode == 0, f"--split into a folder that does not exist yet: {r.stderr.strip()[:200]}")
        names = sorted(os.listdir(parts)) if os.path.isdir(parts) else []
        want = ["01-harbour-notes.mp3", "02-caf\u00e9-au-lait.mp3",
                "03-\u03b4\u03ae\u03bb\u03c9\u03c3\u03b7-\u03c4\u03bf\u03c5-\u03c5\u03c0\u03bf\u03c5\u03c1"
                "\u03b3\u03bf\u03cd.mp3",
                "04-\u0928\u092e\u0938\u094d\u0924\u0947-\u0926\u0941\u0928\u093f\u092f\u093e.mp3",
                "05-section.mp3", "playlist.m3u8"]
        check(names == want, f"split names keep every script's letters: {names}")
        check(all(unicodedata.is_normalized("NFC", n) and not set(n) & set('<>:"/\\|?*') and len(n.encode()) <= 60
                  for n in names), "split names are NFC, short, and free of characters filesystems refuse")
        pl = open(os.path.join(parts, "playlist.m3u8"), encoding="utf-8").read()
        check(all(n in pl for n in want[:-1]), "the playlist names every part")
        r = run([args.articast, "render", art, "--split", os.path.join(d, "missing", "parts")])
        check(r.returncode == 4 and "missing" in r.stderr and not os.path.exists(os.path.join(d, "missing")),
              f"--split under a missing folder: exit {r.returncode} (4), {r.stderr.strip()[:120]!r}")
        afile = os.path.join(d, "afile")
        open(afile, "w").close()
        r = run([args.articast, "render", art, "--split", afile])
        check(r.returncode == 4 and "not a folder" in r.stderr, f"--split onto a file: exit {r.returncode} (4)")
        # a render stopped by SIGINT takes back the folder it made
        seed = sorted(glob.glob(os.path.join(args.source, "..", "shared", "seeds", "*.txt")))[:1]
        big = seed[0] if seed else os.path.join(args.source, "examples", "harbour-festival.txt")
        for delay in (0.3, 0.1, 0.05):
            fresh = os.path.join(d, "fresh%s" % delay)
            p = subprocess.Popen([args.articast, "render", big, "--split", fresh], stderr=subprocess.PIPE, text=True)
            time.sleep(delay)
            p.send_signal(signal.SIGINT)
            p.communicate(timeout=120)
            if p.returncode == 130:
                check(not os.path.exists(fresh), "an interrupted render removes the --split folder it made")
                break
        else:
            print("note: every render finished before SIGINT; the clean-up was not exercised")


def cmd_loudness(args):
    """The MP3 a listener decodes lands within 0.2 LU of the target, as
    ffmpeg's ebur128 filter measures it: the reference article and every
    example at the defaults, and other targets, bitrates, VBR and a WAV."""
    seeds = sorted(glob.glob(os.path.join(args.source, "..", "shared", "seeds", "*.txt")))[:1]
    arts = seeds + sorted(glob.glob(os.path.join(args.source, "examples", "*.txt")) +
                          glob.glob(os.path.join(args.source, "examples", "*.md")) +
                          glob.glob(os.path.join(args.source, "examples", "*.html")))
    with tempfile.TemporaryDirectory() as d:
        cases = [(a, [], -16.0, ".mp3") for a in arts]
        cases += [(arts[-1], ["--loudness", "-19"], -19.0, ".mp3"),
                  (arts[0], ["--bitrate", "96"], -16.0, ".mp3"),
                  (arts[0], ["--vbr", "5", "--sample-rate", "44100"], -16.0, ".mp3"),
                  (arts[0], [], -16.0, ".wav")]
        for k, (a, extra, target, ext) in enumerate(cases):
            out = os.path.join(d, f"{k}{ext}")
            r = run([args.articast, "render", a, "-o", out] + extra)
            if not check(r.returncode == 0, f"render {os.path.basename(a)} {extra}: {r.stderr.strip()[-200:]}"):
                continue
            lufs, peak = precise_loudness(out)
            check(abs(lufs - target) <= 0.2, f"{os.path.basename(a)} {' '.join(extra)} {ext}: {lufs:.3f} LUFS is "
                  f"within 0.2 LU of {target}")
            check(peak <= -1.0 + 0.3, f"{os.path.basename(a)} {' '.join(extra)} {ext}: true peak {peak} dBTP at most "
                  f"-1 (+0.3 for the codec)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--tools", help="where npm installs podcast-partytime (kept between runs)")
    ap.add_argument("what", choices=["edition", "feed", "split", "loudness"])
    args = ap.parse_args()
    {"edition": cmd_edition, "feed": cmd_feed, "split": cmd_split, "loudness": cmd_loudness}[args.what](args)
    print(f"{len(FAILURES)} failed" if FAILURES else "all checks passed")
    sys.exit(1 if FAILURES else 0)


if __name__ == "__main__":
    main()
