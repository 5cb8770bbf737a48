#!/usr/bin/env python3
"""Build the seed corpora fuzz/corpus/<target>/ from spec/fixtures and examples.

Run from the repository root: python3 fuzz/mkcorpus.py
Each seed is the target's selector byte followed by the input (see the
comment at the top of each fuzz/fuzz_*.c). Seeds are kept small (the
fuzzers run with -max_len 4096 by default), so long texts are cut into
sentences and lines.
"""
import glob
import gzip
import hashlib
import json
import os
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")
MAXLEN = 4000
LANG = {"de": 0, "en": 1, "ru": 2}


def put(target, data):
    data = data[:MAXLEN]
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path):
    with open(os.path.join(ROOT, path), "rb") as f:
        return f.read()


def texts():
    """(lang, text) pairs: sentences of the development corpora and the seed article."""
    for path in sorted(glob.glob(os.path.join(ROOT, "spec/fixtures/corpus/*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f):
                doc = json.loads(line)
                lang = doc.get("lang", "de")
                paras = [p for p in doc["text"].split("\n") if p.strip()]
                for p in paras[:6] if n % 2 == 0 else paras[:2]:
                    yield lang, p.encode("utf-8")
    art = read("examples/belta-minsk-china-2024-12-05.de.txt").decode("utf-8")
    for p in art.split("\n")[:8]:
        if p.strip():
            yield "de", p.encode("utf-8")


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    stats = sorted(glob.glob(os.path.join(ROOT, "spec/fixtures/stats/*")))
    for lang, t in texts():
        put("amount", bytes([LANG.get(lang, 0)]) + t)
        put("annotate", bytes([LANG.get(lang, 0)]) + t)
        put("extract", bytes([LANG.get(lang, 0)]) + t)
    extra = ["2 млрд 688 млн 360 тыс 900 долларов", "1\u00a0897,9 млн", "22\u202f596,4",
             "über $800 Mio.", "in 1.234.567,89 Euro", "about $3,083.4 million", "-27 %",
             "verfünffacht", "в 2,8 раза", "1'234'567", "0,001", "9" * 400, "1.2.3", "5. Dezember"]
    for i, t in enumerate(extra):
        for k in range(3):
            put("amount", bytes([k]) + t.encode("utf-8"))
    for lang, k in LANG.items():
        put("lexicon", bytes([0]) + read("lua/tradefig/data/lexicon/%s.json" % lang))
        put("lexicon", bytes([2 + 4 * k]) + read("lua/tradefig/data/gazetteer/aliases.json")[:MAXLEN])
    for path in glob.glob(os.path.join(ROOT, "spec/fixtures/bad-lexicon-*.json")):
        put("lexicon", bytes([0]) + read(path))
    areas = json.loads(read("lua/tradefig/data/codes/areas.json"))
    small = {k: dict(list(v.items())[:8]) for k, v in areas.items() if isinstance(v, dict)}
    put("lexicon", bytes([1]) + json.dumps(small, ensure_ascii=False).encode("utf-8"))
    small_lex = {"lang": "xx", "numerals": {"dot3": "group", "comma3": "decimal"},
                 "scales": [{"exp": 9, "words": ["Mrd.", "Milliarde*"]}],
                 "currencies": [{"code": "USD", "words": ["$", "Dollar"]}]}
    put("lexicon", bytes([0]) + json.dumps(small_lex).encode("utf-8"))
    for path in stats:
        data = read(path)
        name = os.path.basename(path)
        if name.endswith(".gz"):
            put("gzip", bytes([0x40]) + data)
            put("csv", bytes([0]) + data)
            put("table", bytes([0]) + data)
            put("gzip", bytes([1]) + gzip.decompress(data)[:1000] if not name.startswith("bad_") else bytes([0]) + data)
            continue
        put("gzip", bytes([1]) + data[:1000])
        put("gzip", bytes([3 | 0x50]) + data[:500])
        if name.endswith(".json"):
            put("json", bytes([0]) + data)
            put("json", bytes([1 | 6]) + data)
            put("table", bytes([0]) + data)
        else:
            put("csv", bytes([0]) + data)
            put("csv", bytes([0x08 | 0x70]) + data)
            put("table", bytes([0]) + data)
    m = read("spec/fixtures/stats/tradestatistics_map.json")
    f = read("spec/fixtures/stats/tradestatistics_chl_arg_2002_fish.csv")
    put("table", bytes([6, len(m) >> 8, len(m) & 255]) + m + f)
    for layout, name in [(1, "comtrade_apiplus_chn_2010.json"), (2, "comtradr_usa_m_2018.csv"),
                         (3, "comtrade_legacy_chn_2010.json"), (4, "imf_dots_chn_2010.csv"),
                         (5, "comext_full_202309.csv")]:
        put("table", bytes([layout]) + read("spec/fixtures/stats/" + name))
    for t in ['[{"a":1,"b":"x"},{"c":[1,{"d":null}]}]', '{"data":[{"k":true}],"count":1}',
              '{"dataset":[]}', '[[[[[[[[[[1]]]]]]]]]]', '["\\u00e4\\ud83d\\ude00"]']:
        put("json", bytes([0]) + t.encode())
    for t in ['a,b\n"x ""y""",2\r\n', 'a;b\n1;2\n', 'a\tb\n1\t2\n', '\ufeffa|b\n"1\n2"|3\n']:
        put("csv", bytes([0]) + t.encode())


if __name__ == "__main__":
    main()
