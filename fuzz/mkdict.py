#!/usr/bin/env python3
"""Write the libFuzzer dictionaries fuzz/<target>.dict.

Run from the repository root: python3 fuzz/mkdict.py
Words come from the shipped lexicons (scale words, currencies, qualifiers,
percent, multiplier and direction words, months, a few tags), plus numeral
separators, JSON tokens, CSV delimiters, layout column names and gzip bytes.
"""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def esc(s):
    out = []
    for b in (s if isinstance(s, bytes) else s.encode("utf-8")):
        if b in (0x22, 0x5C) or b < 0x20 or b > 0x7E:
            out.append("\\x%02X" % b)
        else:
            out.append(chr(b))
    return '"' + "".join(out) + '"'


def lexicon_words():
    words = []
    for lang in ("de", "en", "ru"):
        with open(os.path.join(ROOT, "lua/tradefig/data/lexicon/%s.json" % lang), encoding="utf-8") as f:
            lx = json.load(f)
        for key in ("scales", "currencies", "numbers", "fractions", "multiplier_verbs", "units"):
            for e in lx.get(key, []):
                words += e["words"]
        for key in ("percent", "points", "times", "connectors", "articles",
                    "change_prepositions", "times_prepositions", "abbreviations"):
            words += lx.get(key, [])
        for key in ("qualifiers", "signs", "direction"):
            for v in lx.get(key, {}).values():
                words += v
        for m in lx.get("months", []):
            words += m
        for tag, v in lx.get("tags", {}).items():
            if tag.startswith(("flow.", "rel.", "period.")):
                words += v[:4]
    return [w.rstrip("*") for w in words if w.rstrip("*")]


SEPARATORS = [".", ",", " ", "\u00a0", "\u202f", "\u2009", "'", "\u2019", "-", "\u2013", "\u2212",
              "%", "$", "\u20ac", "\u20bd", "000", "0,", ".5", "1.234", "1,234", "12 345", "\n", "\r\n",
              ". ", "? ", "\u00ab", "\u00bb", "\u201e", "\u201c", "(", ")", b"\xc3", b"\xff", b"\x00"]
JSON_TOKENS = ["{", "}", "[", "]", ":", ",", '"', "true", "false", "null", "-0", "1e308", "1e-400",
               "\\u0000", "\\ud83d", "\\ude00", "\\\"", '"data"', '"dataset"', '"count"', '"error"',
               '"elapsedTime"', "[[[[[[[[", "]]]]]]]]", "{\"a\":", "\ufeff"]
LEXICON_KEYS = ["lang", "name", "numerals", "dot3", "comma3", "group", "decimal", "scales", "exp",
                "words", "currencies", "code", "qualifiers", "over", "under", "about", "nearly",
                "numbers", "value", "weak", "mul", "case", "attached", "fractions", "connectors",
                "articles", "percent", "points", "times", "multiplier_verbs", "signs", "plus", "minus",
                "change_prepositions", "times_prepositions", "direction", "up", "down", "units",
                "months", "stopwords", "abbreviations", "tags", "place_suffixes", "places", "names",
                "groups", "aliases", "adjectives", "prefixes", "prefer", "kind", "alpha2", "label",
                "comtrade", "m49", "iso2", "iso3"]
CSV_TOKENS = [",", ";", "\t", "|", '"', '""', "\r\n", "\n", "\r", "\ufeff", b"\x00", b"\xff"]
COLUMNS = ["reporterCode", "reporterISO", "partnerCode", "partnerISO", "partner2Code", "flowCode",
           "period", "refYear", "refMonth", "primaryValue", "cifvalue", "fobvalue", "cmdCode",
           "classificationCode", "motCode", "customsCode", "qtyUnitAbbr", "qty", "netWgt",
           "reporter_code", "reporter_iso", "partner_code", "flow_code", "primary_value",
           "rtCode", "ptCode", "rgCode", "yr", "TradeValue", "Country Code",
           "Counterpart Country Code", "Indicator Code", "Attribute", "TXG_FOB_USD", "TMG_CIF_USD",
           "2023", "2023Q3", "2023M9", "DECLARANT_ISO", "PARTNER_ISO", "FLOW", "PERIOD",
           "VALUE_IN_EUROS", "PRODUCT_NC", "TOTAL", "X", "M", "RX", "RM", "C00", "W00", "842",
           "\"const\"", "\"multiplier\"", "\"codes\"", "\"flows\"", "\"reporter\"", "\"partner\"",
           "\"value\"", "\"currency\"", "\"segment\"", "\"flow\"", "\"period\"", "iso3", "raw"]
GZIP = [b"\x1f\x8b\x08\x00", b"\x1f\x8b", b"\x00\x00\xff\xff", b"\x03\x00"]


def write(name, items):
    seen = []
    for w in items:
        e = esc(w)
        if e not in seen and len(e) <= 200:
            seen.append(e)
    with open(os.path.join(ROOT, "fuzz", name + ".dict"), "w") as f:
        f.write("# libFuzzer dictionary for fuzz_%s, made by fuzz/mkdict.py\n" % name)
        for e in seen:
            f.write(e + "\n")


def main():
    words = lexicon_words()
    write("amount", words + SEPARATORS)
    write("annotate", words + SEPARATORS)
    write("extract", words + SEPARATORS)
    write("lexicon", JSON_TOKENS + LEXICON_KEYS + ['"' + k + '"' for k in LEXICON_KEYS])
    write("csv", CSV_TOKENS + COLUMNS[:40] + GZIP)
    write("json", JSON_TOKENS + ['"' + c + '"' for c in COLUMNS[:30]])
    write("gzip", GZIP + CSV_TOKENS)
    write("table", CSV_TOKENS + JSON_TOKENS + COLUMNS)


if __name__ == "__main__":
    main()
