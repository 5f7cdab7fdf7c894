#!/usr/bin/env python3
"""Language detection (src/read/lang_detect.c): the article's language from
its metadata and its text, a paragraph or quotation in another language,
--language over both, and the models missing.

Every article is written here, for this test, in seven languages.

usage: langdetect.py --articast BIN --source DIR [--shared DIR] CASE
       langdetect.py --list
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

FAILURES = []
ARGS = None

# One short news story, written once in each language: a headline and two
# paragraphs of a few dozen words.
STORY = {
    'en': ("Night buses to run all winter",
           "The city council voted on Tuesday to extend the night bus service through the winter, after residents "
           "complained that the last buses left the centre before the theatres closed.",
           "Officials said the extra routes would cost less than expected because the drivers had agreed to new "
           "shifts."),
    'es': ("Los autobuses nocturnos circularán todo el invierno",
           "El ayuntamiento aprobó el martes ampliar el servicio de autobuses nocturnos durante todo el invierno, "
           "después de que los vecinos se quejaran de que los últimos autobuses salían del centro antes de que "
           "cerraran los teatros.",
           "Según los responsables, las nuevas líneas costarán menos de lo previsto porque los conductores "
           "aceptaron turnos nuevos."),
    'fr': ("Les bus de nuit rouleront tout l'hiver",
           "Le conseil municipal a voté mardi la prolongation du service de bus de nuit pendant tout l'hiver, après "
           "que des habitants se sont plaints que les derniers bus quittaient le centre avant la fermeture des "
           "théâtres.",
           "Selon les responsables, les nouvelles lignes coûteront moins cher que prévu, car les chauffeurs ont "
           "accepté de nouveaux horaires."),
    'de': ("Nachtbusse fahren den ganzen Winter",
           "Der Stadtrat hat am Dienstag beschlossen, den Nachtbusverkehr über den ganzen Winter zu verlängern, "
           "nachdem sich Anwohner beschwert hatten, dass die letzten Busse das Zentrum verließen, bevor die Theater "
           "schlossen.",
           "Nach Angaben der Verwaltung werden die zusätzlichen Linien weniger kosten als erwartet, weil die Fahrer "
           "neuen Schichten zugestimmt haben."),
    'pt': ("Autocarros noturnos vão circular todo o inverno",
           "A câmara municipal aprovou na terça-feira o prolongamento do serviço de autocarros noturnos durante "
           "todo o inverno, depois de os moradores se queixarem de que os últimos autocarros saíam do centro antes "
           "do fecho dos teatros.",
           "Segundo os responsáveis, as novas linhas vão custar menos do que o previsto, porque os motoristas "
           "aceitaram novos turnos."),
    'it': ("Gli autobus notturni viaggeranno tutto l'inverno",
           "Il consiglio comunale ha approvato martedì il prolungamento del servizio di autobus notturni per tutto "
           "l'inverno, dopo che i residenti si erano lamentati che gli ultimi autobus lasciavano il centro prima "
           "della chiusura dei teatri.",
           "Secondo i responsabili, le nuove linee costeranno meno del previsto perché gli autisti hanno accettato "
           "nuovi turni."),
    'ru': ("Ночные автобусы будут ходить всю зиму",
           "Городской совет во вторник проголосовал за продление работы ночных автобусов на всю зиму после того, "
           "как жители пожаловались, что последние автобусы уходят из центра раньше, чем закрываются театры.",
           "По словам чиновников, новые маршруты обойдутся дешевле, чем ожидалось, потому что водители "
           "согласились на новые смены."),
}

# A French quotation in an English article; its "3" is what tells the
# normalizers apart (English's reads "three").
FRENCH_QUOTE = ("Nous avons répété pendant 3 mois dans une salle trop petite, et ce soir la mer elle-même semblait "
                "écouter avec nous.")
MIXED_MD = """---
title: Harbour concert draws thousands
lang: en
---

The harbour concert drew thousands of visitors on Saturday evening, and the organisers said the turnout was the
largest in a decade.

The conductor spoke to the crowd before the last piece. Her words were printed in the programme:

> {quote}

The concert ended shortly after eleven o'clock, and the ferries ran late to carry everyone home.
""".format(quote=FRENCH_QUOTE)
MIXED_TXT = """Harbour concert draws thousands

The harbour concert drew thousands of visitors on Saturday evening, and the organisers said the turnout was the largest in a decade.

The conductor spoke to the crowd before the last piece, in her own language.

{quote}

The concert ended shortly after eleven o'clock, and the ferries ran late to carry everyone home.
""".format(quote=FRENCH_QUOTE)

# English that must never switch: names, numbers, short lines, a list of
# places, a line of code.
ENGLISH_HARD_MD = """---
title: Results and fixtures
---

Palm Bay 70, Rockledge 44; Melbourne 61, Viera 58; Titusville 49, Cocoa 47.

Olé!

Jean-Pierre Lefèvre, Zsófia Kovács and Giuseppe Rossi joined Ana Lúcia Ferreira on the panel.

1. São Paulo
2. München
3. Kraków

```
for (int i = 0; i < n; i++) printf("%d\\n", i);
```

The schedule for next season will be published on the league's website in March, the organisers said on Friday.
"""

# The same as plain text, where each short line is a paragraph of its own:
# alone, "São Paulo" is confidently Portuguese to the models, "München"
# German and the line of code Danish.
ENGLISH_HARD_TXT = """Results and fixtures

Palm Bay 70, Rockledge 44; Melbourne 61, Viera 58; Titusville 49, Cocoa 47.

Jean-Pierre Lefèvre, Zsófia Kovács, Giuseppe Rossi, Ana Lúcia Ferreira.

São Paulo.

München.

Olé!

for (int i = 0; i < n; i++) printf("%d", i);

The schedule for next season will be published on the league's website in March, the organisers said on Friday.
"""


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print('FAIL:', what)
    return cond


def run(argv, env=None):
    e = dict(os.environ)
    if env:
        e.update(env)
    return subprocess.run([ARGS.articast] + argv, capture_output=True, text=True, env=e, timeout=300)


def write(tmp, name, text):
    path = os.path.join(tmp, name)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return path


def extract(path, *extra, env=None):
    r = run(['extract', '--json'] + list(extra) + [path], env=env)
    if not check(r.returncode == 0, f'extract {os.path.basename(path)}: exit {r.returncode}: {r.stderr.strip()}'):
        return None
    return json.loads(r.stdout)


def script(path, *extra):
    r = run(['script', '--json'] + list(extra) + [path])
    if not check(r.returncode == 0, f'script {os.path.basename(path)}: exit {r.returncode}: {r.stderr.strip()}'):
        return None
    return json.loads(r.stdout)


def block_languages(a):
    return [(b.get('language'), b['text'][:40]) for s in a['sections'] for b in s['blocks'] if b.get('language')]


def story_txt(lang):
    title, p1, p2 = STORY[lang]
    return f'{title}\n\n{p1}\n\n{p2}\n'


def story_html(lang, html_lang):
    title, p1, p2 = STORY[lang]
    attr = f' lang="{html_lang}"' if html_lang else ''
    return (f'<!DOCTYPE html>\n<html{attr}><head><meta charset="utf-8"><title>{title}</title></head>\n'
            f'<body><article><h1>{title}</h1>\n<p>{p1}</p>\n<p>{p2}</p>\n</article></body></html>\n')


def case_text_languages(tmp):
    """A plain-text article names no language: its text does."""
    for lang in STORY:
        a = extract(write(tmp, f'story-{lang}.txt', story_txt(lang)))
        if a:
            check(a['language'] == lang, f'{lang} text read as {a["language"]}')
            check(a['language_source'] == 'content', f'{lang} text: source {a["language_source"]}')
            check(not block_languages(a), f'{lang} text: blocks switched {block_languages(a)}')


def case_html_wrong_lang(tmp):
    """A template's lang="en" over a Spanish article: the text wins."""
    a = extract(write(tmp, 'es.html', story_html('es', 'en')))
    if a:
        check(a['language'] == 'es', f'Spanish page with lang="en" read as {a["language"]}')
        check(a['language_source'] == 'content', f'source {a["language_source"]}')


def case_html_no_lang(tmp):
    """A page that names no language: its text does."""
    a = extract(write(tmp, 'de.html', story_html('de', None)))
    if a:
        check(a['language'] == 'de', f'German page without lang read as {a["language"]}')
        check(a['language_source'] == 'content', f'source {a["language_source"]}')


def case_html_right_lang(tmp):
    """Metadata that agrees with the text is kept as written (region too)."""
    a = extract(write(tmp, 'pt.html', story_html('pt', 'pt-PT')))
    if a:
        check(a['language'] == 'pt-PT', f'Portuguese page with lang="pt-PT" read as {a["language"]}')
        check(a['language_source'] == 'metadata', f'source {a["language_source"]}')


def case_md_front_matter(tmp):
    """Markdown front matter names the language."""
    title, p1, p2 = STORY['it']
    a = extract(write(tmp, 'it.md', f'---\ntitle: {title}\nlang: it\n---\n\n{p1}\n\n{p2}\n'))
    if a:
        check(a['language'] == 'it', f'front matter lang: it read as {a["language"]}')
        check(a['language_source'] == 'metadata', f'source {a["language_source"]}')
    title, p1, p2 = STORY['fr']
    a = extract(write(tmp, 'fr.md', f'---\ntitle: "{title}"\nlanguage: fr-CA\n---\n\n{p1}\n\n{p2}\n'))
    if a:
        check(a['language'] == 'fr-CA', f'front matter language: fr-CA read as {a["language"]}')


def mixed_checks(path, kind):
    a = extract(path)
    if a:
        check(a['language'] == 'en', f'{kind}: mixed article read as {a["language"]}')
        got = block_languages(a)
        check(len(got) == 1 and got[0][0] == 'fr' and got[0][1] == FRENCH_QUOTE[:40],
              f'{kind}: blocks with a language of their own: {got}')
    s = script(path)
    if s:
        fr = [t for t in s['turns'] if t.get('language')]
        check(fr and all(t['language'] == 'fr' for t in fr), f'{kind}: turns with a language: {fr}')
        check(all('répété' in t['text'] or 'mer' in t['text'] for t in fr), f'{kind}: French turns: {fr}')
        # the French normalizer's, not English's: "3" is not "three"
        check(fr and not any('three' in t['text'] for t in fr), f'{kind}: French turn read by English rules: {fr}')
        check(s['language'] == 'en', f'{kind}: script language {s["language"]}')
    forced = script(path, '--language', 'en')
    if forced:
        check(not any(t.get('language') for t in forced['turns']), f'{kind}: --language en left a turn language')
        check(any('three' in t['text'] for t in forced['turns']),
              f'{kind}: under --language en the quotation is read by English rules (the check above can fail)')


def case_mixed(tmp):
    """A French quotation in an English article is read in French."""
    mixed_checks(write(tmp, 'mixed.md', MIXED_MD), 'markdown blockquote')
    mixed_checks(write(tmp, 'mixed.txt', MIXED_TXT), 'text paragraph')


def case_ukrainian_in_russian(tmp):
    """A Ukrainian paragraph in a Russian article is Ukrainian: its letters
    say so where the models would call it Russian."""
    title, p1, p2 = STORY['ru']
    uk = 'Міська рада затвердила бюджет на наступний рік після довгих суперечок.'
    a = extract(write(tmp, 'ru-uk.txt', f'{title}\n\n{p1}\n\n{uk}\n\n{p2}\n'))
    if a:
        check(a['language'] == 'ru', f'Russian article read as {a["language"]}')
        check(block_languages(a) == [('uk', uk[:40])], f'blocks with a language of their own: {block_languages(a)}')


def case_forced(tmp):
    """--language wins over metadata and text, and switches no block."""
    a = extract(write(tmp, 'es.txt', story_txt('es')), '--language', 'de')
    if a:
        check(a['language'] == 'de', f'--language de read as {a["language"]}')
        check(a['language_source'] == 'forced', f'source {a["language_source"]}')
    a = extract(write(tmp, 'mixed.md', MIXED_MD), '--lang', 'it')
    if a:
        check(a['language'] == 'it' and not block_languages(a), f'--lang it: {a["language"]} {block_languages(a)}')


def case_no_switch(tmp):
    """English full of names, numbers, short lines and code stays English,
    and so do the examples and the reference article."""
    paths = [write(tmp, 'hard.md', ENGLISH_HARD_MD), write(tmp, 'hard.txt', ENGLISH_HARD_TXT)]
    paths += sorted(glob.glob(os.path.join(ARGS.source, 'examples', 'harbour-*.*')))
    paths += sorted(glob.glob(os.path.join(ARGS.source, 'examples', 'river-*.*')))
    seed = os.path.join(ARGS.shared, 'seeds', '000_ef6ba8b2a83d7dde.txt')
    if os.path.exists(seed):
        paths.append(seed)
    else:
        print(f'note: no {seed}; the examples only')
    for p in paths:
        a = extract(p)
        if a:
            check(a['language'].split('-')[0] == 'en', f'{os.path.basename(p)} read as {a["language"]}')
            check(not block_languages(a), f'{os.path.basename(p)}: blocks switched {block_languages(a)}')


def case_missing_models(tmp):
    """No models: an error that says what to do when the language must be
    found, the metadata's language (with a warning) when it is given, and
    nothing at all under --language."""
    env = {'ARTICAST_LANGID_DIR': os.path.join(tmp, 'no-such-folder')}
    txt = write(tmp, 'es.txt', story_txt('es'))
    r = run(['extract', '--json', txt], env=env)
    check(r.returncode not in (0, -11, -6) and r.returncode < 128, f'no models, text: exit {r.returncode}')
    check('language models' in r.stderr and '--language' in r.stderr and 'no-such-folder' in r.stderr,
          f'no models, text: message {r.stderr.strip()!r}')
    check(r.stdout == '', 'no models, text: output written')
    r = run(['extract', '--json', write(tmp, 'pt.html', story_html('pt', 'pt'))], env=env)
    check(r.returncode == 0, f'no models, page with lang: exit {r.returncode}: {r.stderr.strip()}')
    if r.returncode == 0:
        a = json.loads(r.stdout)
        check(a['language'] == 'pt' and a['language_source'] == 'metadata', f'no models, page: {a["language"]}')
        check('language models' in r.stderr, f'no models, page: no warning: {r.stderr.strip()!r}')
    r = run(['extract', '--json', '--language', 'es', txt], env=env)
    check(r.returncode == 0 and r.stderr == '', f'no models, --language: exit {r.returncode}: {r.stderr.strip()}')


CASES = {n[5:]: f for n, f in globals().items() if n.startswith('case_')}


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument('--articast')
    p.add_argument('--source')
    p.add_argument('--shared')
    p.add_argument('--list', action='store_true')
    p.add_argument('case', nargs='?')
    ARGS = p.parse_args()
    if ARGS.list:
        print('\n'.join(CASES))
        return 0
    if not ARGS.shared:
        ARGS.shared = os.path.join(ARGS.source, '..', 'shared')
    with tempfile.TemporaryDirectory() as tmp:
        CASES[ARGS.case](tmp)
    if FAILURES:
        print(f'{len(FAILURES)} failure(s) in {ARGS.case}')
        return 1
    print(f'{ARGS.case}: ok')
    return 0


sys.exit(main())
