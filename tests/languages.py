#!/usr/bin/env python3
"""Voices per language, checked through the command line.

  An article in a language reads with the same roles (title, narrator,
  one pool voice per speaker, gender kept) each speaking that language:
  script --json names NAME@LANG profiles, `voices --language` shows the
  eSpeak NG voice each one speaks with, a folder's own NAME@LANG.voice is
  taken over the made-up one, and the WAV differs from the English voice's.
  A Russian speaker's gender rests on the cue verb's agreement
  (gender_evidence "verb"). A language eSpeak NG lacks is refused with its code named (exit 3 for
  the article's, exit 2 for --language); "und" reads as English; English
  articles keep their profiles' names.

usage: languages.py --articast BIN --source DIR
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL: " + what)


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def script(bin_, path, *extra):
    p = run([bin_, "script", path, "--json"] + list(extra))
    if p.returncode != 0:
        FAILS.append("script %s failed: %s" % (path, p.stderr))
        return None
    return json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articast", required=True)
    ap.add_argument("--source", required=True)
    a = ap.parse_args()
    bin_ = a.articast
    data = os.path.join(a.source, "tests", "data", "lang")
    es = os.path.join(data, "voices-es.md")
    tmp = tempfile.mkdtemp(prefix="at-lang-")
    try:
        # the article's own language (front matter)
        d = script(bin_, es)
        if d:
            check(d.get("language") == "es", "language es, got %r" % d.get("language"))
            voices = [t["voice"] for t in d["turns"]]
            check(all(v.endswith("@es") for v in voices), "every turn in a Spanish voice: %r" % voices)
            sp = {s["name"]: s for s in d["speakers"]}
            quote_voices = {t["voice"] for t in d["turns"] if t["kind"] == "quote"}
            check(len(quote_voices) == 2, "two speakers, two voices: %r" % quote_voices)
            narr = [t["voice"] for t in d["turns"] if t["kind"] == "narration"][0]
            check(narr not in quote_voices, "no speaker has the narrator's voice")
            # the roles are the casting's profiles, in Spanish
            roles = {v[:-3] for v in voices}
            check(os.path.isfile(os.path.join(a.source, "voices", "narrator.voice")) and
                  all(os.path.isfile(os.path.join(a.source, "voices", r + ".voice")) for r in roles),
                  "each voice is a profile of the folder in Spanish: %r" % roles)
            en = script(bin_, es, "--language", "en")
            if en:
                check(all("@" not in t["voice"] for t in en["turns"]), "English keeps its profile names")
            for s in d["speakers"]:
                if s.get("gender") in ("female", "male") and s["voice"] != narr:
                    check(("-" + s["gender"][0]) in s["voice"], "%s: a %s voice: %s" % (s["name"], s["gender"], s["voice"]))
        # a Russian cue verb's agreement is the speaker's gender evidence
        ru = os.path.join(a.source, "tests", "data", "segment", "lang", "ru-3.txt")
        d = script(bin_, ru, "--language", "ru")
        if d:
            ev = {s["name"]: (s["gender"], s["gender_evidence"]) for s in d["speakers"][1:]}
            check(ev == {"Анна Лебедева": ("female", "verb"), "Игорь Смирнов": ("male", "verb")},
                  "gender from the verb (сказала, заявил): %r" % ev)
        # --language overrides; a region picks eSpeak NG's regional voice
        d = script(bin_, es, "--language", "pt-BR")
        if d:
            check(all(t["voice"].endswith("@pt-br") for t in d["turns"]), "pt-BR voices")
        p = run([bin_, "voices", "--language", "pt-BR"])
        check(p.returncode == 0 and "narrator     pt-br+" in p.stdout, "voices --language pt-BR: %s" % p.stdout[-300:])
        p = run([bin_, "voices"])
        check(p.returncode == 0 and "\n  es " in p.stdout and "normalizer rules" in p.stdout,
              "voices lists the languages")
        # refusals: the article's language, and a forced one
        qq = os.path.join(tmp, "qq.md")
        with open(qq, "w") as f:
            f.write("---\nlang: qq\n---\n# Title\n\nSome text.\n")
        p = run([bin_, "script", qq])
        check(p.returncode == 3 and "`qq`" in p.stderr and "qq.md" in p.stderr, "qq refused: %d %s" % (p.returncode, p.stderr))
        out = os.path.join(tmp, "qq.wav")
        p = run([bin_, "render", qq, "-o", out])
        check(p.returncode == 3 and not os.path.exists(out), "render of qq refused, nothing written")
        p = run([bin_, "script", qq, "--language", "es"])
        check(p.returncode == 0, "--language forces a spoken language over qq")
        p = run([bin_, "script", es, "--language", "qq"])
        check(p.returncode == 2 and "qq" in p.stderr, "--language qq: usage error: %s" % p.stderr)
        und = os.path.join(tmp, "und.md")
        with open(und, "w") as f:
            f.write("---\nlang: und\n---\n# Title\n\nSome text.\n")
        d = script(bin_, und)
        if d:
            check(all("@" not in t["voice"] for t in d["turns"]), "und reads as English")
        # a folder's own profile in a language wins over the made-up one
        vdir = os.path.join(tmp, "voices")
        shutil.copytree(os.path.join(a.source, "voices"), vdir)
        with open(os.path.join(vdir, "narrator@es.voice"), "w") as f:
            f.write("engine = es-419\nvariant = m1\ngender = male\nrate = 150\npitch = 40\n")
        p = run([bin_, "voices", "--voices", vdir, "--language", "es"])
        check(p.returncode == 0, "voices with narrator@es")
        d = script(bin_, es, "--voices", vdir)
        if d:
            check(any(t["voice"] == "narrator@es" for t in d["turns"]), "narrator@es used")
        # the audio: the Spanish voice is not the English one
        wav_es, wav_en = os.path.join(tmp, "es.wav"), os.path.join(tmp, "en.wav")
        p1 = run([bin_, "render", es, "-o", wav_es, "--loudness", "off"])
        p2 = run([bin_, "render", es, "-o", wav_en, "--loudness", "off", "--language", "en"])
        check(p1.returncode == 0 and p2.returncode == 0, "renders: %s %s" % (p1.stderr, p2.stderr))
        if p1.returncode == 0 and p2.returncode == 0:
            with open(wav_es, "rb") as f1, open(wav_en, "rb") as f2:
                check(f1.read() != f2.read(), "the Spanish rendering differs from the English one")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("languages: %d failures" % len(FAILS))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
