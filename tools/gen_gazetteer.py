#!/usr/bin/env python3
"""Generate the tradefig place gazetteer (lua/tradefig/data/gazetteer/places.json).

Sources (Debian packages, read from their installed locations):
  * iso-codes          ISO 3166-1 / 3166-2 JSON + de/ru gettext catalogues
  * unicode-cldr-core  CLDR territory display names (main/{de,en,ru}.xml)
                       and subdivision names (subdivisions/{de,en,ru}.xml)

The hand-kept file aliases.json (same directory) is NOT merged into
places.json; it is loaded separately at run time.  This script validates it
(codes exist, stems long enough, no unlisted ambiguities) and applies only its
"blocked" list (names that must never be matched) when writing places.json.

Usage:
  python3 tools/gen_gazetteer.py            # regenerate places.json + check
  python3 tools/gen_gazetteer.py --check    # only validate the files in place
See tools/README-gazetteer.md for the data format and the matching rules.
Standard library only; output is deterministic for a given set of inputs.
"""

import argparse
import collections
import gettext
import json
import os
import re
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET

LANGS = ("de", "en", "ru")
# Countries whose subdivisions matter most for the extractor; every ISO 3166-2
# entry is written, these get "focus": true so a matcher may restrict itself.
FOCUS = ("BY", "CN", "DE", "KZ", "RU", "UA", "UZ")
MIN_STEM = 4      # letters before a trailing '*'
MIN_PREFIX = 2    # letters in a compound prefix such as 'US-' or 'китайско-'

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA_DIR = os.path.join(ROOT, "lua", "tradefig", "data", "gazetteer")


def die(msg):
    sys.stderr.write("gen_gazetteer: error: %s\n" % msg)
    sys.exit(1)


# --------------------------------------------------------------------------
# normalisation (must agree with the C matcher: case-insensitive, ё == е)

def norm(s):
    # simple lower-casing, not casefold(): 'ß' stays 'ß' (both spellings are
    # listed where they matter: Weißrussland / Weissrussland)
    s = unicodedata.normalize("NFC", s).lower()
    s = s.replace("ё", "е").replace("\u2019", "'").replace("\u02bc", "'")
    return " ".join(s.split())


def letters(s):
    return sum(1 for ch in s if ch.isalpha())


# --------------------------------------------------------------------------
# turning reference names into names that occur in running text

LIST_WORDS = re.compile(r"\s(and|y|et|e|și|und|и)\s")
INVERT_TAIL_END = ("of", "of the", "de", "del", "de la", "din", "the")
CODE_TOKEN = re.compile(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b")


def _uninvert(name):
    """'Korea, Republic of' -> ['Korea', 'Republic of Korea'].

    A single comma separates a head from a designation ('Tatarstan,
    Respublika', 'Bristol, City of').  Comma lists ('Newry, Mourne and
    Down') are kept as written."""
    if name.count(",") != 1:
        return [name]
    head, tail = [p.strip() for p in name.split(",")]
    if not head or not tail or LIST_WORDS.search(" " + tail + " "):
        return [name]
    out = [head]
    tl = tail.lower()
    if len(tail.split()) <= 2 or tl.endswith(INVERT_TAIL_END):
        out.append(tail + " " + head)
    return out


def variants(raw):
    """All usable surface forms of one reference name (may be empty)."""
    if not raw:
        return []
    name = unicodedata.normalize("NFC", raw).strip()
    name = name.lstrip("/")                      # '//Karas'
    alts = []
    for m in re.finditer(r"\[([^\]]*)\]", name):  # 'A Coruña [La Coruña]'
        inner = CODE_TOKEN.sub("", m.group(1)).strip()
        if inner and not re.fullmatch(r"[A-Z]{2}-\w+|city", inner):
            alts.append(inner)
    name = re.sub(r"\s*\[[^\]]*\]", "", name)
    name = re.sub(r"\s*\([^)]*\)", "", name)     # 'Myanmar (Burma)' -> base
    name = name.replace(" - ", "-")              # CLDR 'Congo - Kinshasa'
    forms = []
    for cand in [name] + alts:
        parts = [cand]
        if " / " in cand:                        # 'Bolama / Bijagós'
            parts = [p.strip() for p in cand.split(" / ")]
        for p in parts:
            forms.extend(_uninvert(p))
    out = []
    for f in forms:
        f = " ".join(f.split()).strip(" ,;")
        if not f:
            continue
        out.append(f)
        # Russian CLDR abbreviations
        g = re.sub(r"\bо-ва\b", "острова", f)
        g = re.sub(r"\bо-в\b", "остров", g)
        if g != f:
            out.append(g)
        if "\u2019" in f:                        # typographic apostrophe
            out.append(f.replace("\u2019", "'"))
    return out


CYR_INITIAL = {"а": "a", "б": "b", "в": "vw", "г": "gh", "д": "d", "е": "ejy", "ж": "zj",
               "з": "z", "и": "iy", "й": "jy", "к": "kcq", "л": "l", "м": "m", "н": "n",
               "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "uo", "ф": "f",
               "х": "hk", "ц": "ct", "ч": "ct", "ш": "s", "щ": "s", "э": "e", "ю": "jy",
               "я": "jy"}


def _ascii(s):
    return "".join(ch for ch in unicodedata.normalize("NFKD", s.casefold())
                   if ch.isascii() and ch.isalpha())


def implausible(msgid, translation, others):
    """A catalogue translation that names *another* subdivision of the same
    country and does not even start like the original is an upstream error
    (iso-codes 4.15 de: 'Viciebskaja voblasć' -> 'Brest')."""
    if not any(norm(v) in others for v in variants(translation)):
        return False
    initials = {w[0] for w in (_ascii(x) for x in msgid.split()) if w}
    dst = translation.strip().casefold()
    if not initials or not dst:
        return False
    allowed = CYR_INITIAL.get(dst[0]) or _ascii(dst)[:1]
    return not initials & set(allowed)



# Subdivision names that are no use for whole-word matching in news text:
# names made only of generic geographic words ('Central', 'Northern Region',
# 'Западный регион', 'Hauptstadt') and names of fewer than 4 letters
# ('Bar', 'Пол', 'Так').  Subdivisions of FOCUS countries are exempt.
GENERIC_WORDS = set("""
north south east west northern southern eastern western northeast northwest
southeast southwest northeastern northwestern southeastern southwestern
central centre center middle mid upper lower far capital coast coastal lake
lakes island islands river plateau highlands interior national federal urban
nord sud est ouest norte sur oeste este centro capitale littoral maritime
mitte ost süd zentral zentrale hauptstadt küste inseln
zentralprovinz westprovinz zentralbezirk
северный северная северное северные южный южная южное южные западный
западная западное западные восточный восточная восточное восточные
центральный центральная центральное центральные столичный столичная
столичное верхний верхняя верхнее верхние нижний нижняя нижнее нижние
средний средняя среднее средние прибрежный озерная озерный горная горный
федеральная федеральный северо юго плато река
""".split())
GENERIC_TYPES = set("""
region regions province provinces district division area territory
territories department governorate state parish county zone municipality
région département departamento provincia distrito regio
provinz bezirk gebiet distrikt gouvernement entwicklungsregion territorium
область провинция регион район округ мухафаза департамент территория
штат край остан
""".split())
MIN_SUBDIVISION_LETTERS = 4
DEPENDENCY_TYPES = {"country", "outlying area", "overseas department", "overseas region",
                    "overseas collectivity", "overseas collectivity with special status",
                    "overseas territory", "special administrative region", "dependency"}
SAME_AS_EXTRA = {"CN-TW", "FI-01"}   # typed 'Province' / 'Region' in ISO 3166-2


def useless_subdivision_name(name):
    ws = [w for w in re.split(r"[\s\-–/]+", norm(name)) if w]
    if letters(name) < MIN_SUBDIVISION_LETTERS:
        return True
    return bool(ws) and all(w in GENERIC_WORDS or w in GENERIC_TYPES for w in ws) \
        and any(w in GENERIC_WORDS for w in ws)



class NameList:
    """Ordered, de-duplicated (by norm()) list of names for one language."""

    def __init__(self):
        self.items = []
        self.seen = set()

    def add(self, raw):
        for v in variants(raw):
            k = norm(v)
            if k and k not in self.seen:
                self.seen.add(k)
                self.items.append(v)

    def __bool__(self):
        return bool(self.items)


# --------------------------------------------------------------------------
# source readers

def pkg_version(pkg):
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg],
                             capture_output=True, text=True, timeout=20)
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return None


def cldr_version(cldr_dir):
    v = pkg_version("unicode-cldr-core")
    if v:
        return v
    try:
        with open(os.path.join(cldr_dir, "dtd", "ldml.dtd"), encoding="utf-8") as f:
            m = re.search(r'cldrVersion CDATA #FIXED "([^"]+)"', f.read())
            if m:
                return "CLDR " + m.group(1)
    except OSError:
        pass
    return "unknown"


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        die("cannot read %s: %s (install iso-codes / unicode-cldr-core?)" % (path, e))
    except ValueError as e:
        die("%s is not valid JSON: %s" % (path, e))


def catalog(locale_dir, domain, lang):
    try:
        with open(os.path.join(locale_dir, lang, "LC_MESSAGES", domain + ".mo"), "rb") as f:
            t = gettext.GNUTranslations(f)
    except OSError as e:
        die("cannot read %s catalogue for %s: %s" % (domain, lang, e))

    def tr(msgid):
        s = t.gettext(msgid)
        return s if s != msgid else None
    return tr


def cldr_names(path, tag):
    """{type: [names, default first then alt forms in file order]}"""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        die("cannot parse %s: %s" % (path, e))
    out = collections.OrderedDict()
    for el in root.iter(tag):
        typ = el.get("type")
        text = (el.text or "").strip()
        if not typ or not text:
            continue
        lst = out.setdefault(typ, [])
        if el.get("alt") is None:
            lst.insert(0, text)
        else:
            lst.append(text)
    return out


# --------------------------------------------------------------------------
# building places

def build_places(args, log):
    iso1 = load_json(os.path.join(args.iso_dir, "iso_3166-1.json"))["3166-1"]
    iso2 = load_json(os.path.join(args.iso_dir, "iso_3166-2.json"))["3166-2"]
    tr1 = {l: catalog(args.locale_dir, "iso_3166-1", l) for l in ("de", "ru")}
    tr2 = {l: catalog(args.locale_dir, "iso_3166-2", l) for l in ("de", "ru")}
    terr = {l: cldr_names(os.path.join(args.cldr_dir, "main", l + ".xml"), "territory")
            for l in LANGS}
    subd = {l: cldr_names(os.path.join(args.cldr_dir, "subdivisions", l + ".xml"),
                          "subdivision") for l in LANGS}

    a2_to_a3 = {c["alpha_2"]: c["alpha_3"] for c in iso1}
    countries = []
    for c in sorted(iso1, key=lambda c: c["alpha_3"]):
        iso_fields = [c.get(k) for k in ("common_name", "name", "official_name")]
        names, label = {}, {}
        for lang in LANGS:
            nl = NameList()
            for n in terr[lang].get(c["alpha_2"], []):
                nl.add(n)
            for n in iso_fields:
                if n:
                    nl.add(n if lang == "en" else tr1[lang](n))
            if not nl:
                nl.add(c.get("common_name") or c["name"])
            names[lang] = nl.items
            label[lang] = nl.items[0]
        countries.append({"code": c["alpha_3"], "kind": "country",
                          "alpha2": c["alpha_2"], "iso_name": c["name"],
                          "label": label, "names": names})

    # A form such as 'Korea' or 'Congo' that several countries share after
    # un-inverting is ambiguous: drop it from all of them (aliases.json may
    # re-add it to the one news usually means).
    owners = collections.defaultdict(set)
    for p in countries:
        for lang in LANGS:
            for n in p["names"][lang]:
                owners[(lang, norm(n))].add(p["code"])
    dropped = sorted((k, sorted(v)) for k, v in owners.items() if len(v) > 1)
    for p in countries:
        for lang in LANGS:
            p["names"][lang] = [n for n in p["names"][lang]
                                if len(owners[(lang, norm(n))]) == 1]
    log["country_names_dropped_ambiguous"] = dropped

    by_country = collections.defaultdict(list)
    for s in iso2:
        by_country[s["code"].split("-")[0]].append(s)

    subs = []
    bad_tr = []
    useless = set()
    for s in sorted(iso2, key=lambda s: s["code"]):
        code = s["code"]
        cc = code.split("-")[0]
        key = code.replace("-", "").lower()
        cl = {l: subd[l].get(key, []) for l in LANGS}
        # names of the *other* subdivisions of this country, used to catch
        # catalogue entries that are plainly wrong (de: Viciebsk -> 'Brest')
        others = set()
        for o in by_country[cc]:
            if o["code"] == code:
                continue
            ok = o["code"].replace("-", "").lower()
            for l in LANGS:
                others.update(norm(v) for n in subd[l].get(ok, []) for v in variants(n))
            others.update(norm(v) for v in variants(o["name"]))
        names, label = {}, {}
        for lang in LANGS:
            nl = NameList()
            for n in cl[lang]:
                nl.add(n)
            if lang == "en":
                nl.add(s["name"])
            else:
                t = tr2[lang](s["name"])
                if t:
                    if implausible(s["name"], t, others):
                        bad_tr.append((lang, code, s["name"], t))
                    else:
                        nl.add(t)
            if not nl:                            # fall back: English, native
                for n in cl["en"]:
                    nl.add(n)
                nl.add(s["name"])
            names[lang] = nl.items
            label[lang] = nl.items[0]
            if cc not in FOCUS:
                keep = [n for n in nl.items if not useless_subdivision_name(n)]
                useless.update((lang, n) for n in nl.items if n not in keep)
                names[lang] = keep
        place = {"code": code, "kind": "subdivision", "parent": a2_to_a3.get(cc, cc),
                 "type": s.get("type", ""), "iso_name": s["name"], "label": label,
                 "names": names}
        if "parent" in s:
            place["parent_subdivision"] = cc + "-" + s["parent"]
        if cc in FOCUS:
            place["focus"] = True
        subs.append(place)
    log["bad_translations_skipped"] = bad_tr
    log["generic_or_short_dropped"] = sorted(useless)

    # Subdivisions that are also ISO 3166-1 entries (CN-HK = HKG, US-PR =
    # PRI, FR-971 = GLP ...): a dependency-type subdivision sharing a name
    # with a country other than its parent.  Marked so the matcher reports
    # the country code.  ('Mali' the Guinean prefecture is not one.)
    owner = collections.defaultdict(set)
    for p in countries:
        for l in LANGS:
            for n in p["names"][l]:
                owner[norm(n)].add(p["code"])
    for p in subs:
        if p["type"].lower() not in DEPENDENCY_TYPES and p["code"] not in SAME_AS_EXTRA:
            continue
        hits = set()
        for l in LANGS:
            for n in p["names"][l]:
                hits |= owner.get(norm(n), set())
        hits.discard(p["parent"])
        if len(hits) == 1:
            p["same_as"] = hits.pop()
    return countries + subs


def apply_blocked(places, aliases, log):
    blocked = collections.defaultdict(set)       # (code, lang) -> names
    for b in aliases.get("blocked", []):
        for lang, lst in b.get("names", {}).items():
            blocked[(b.get("code"), lang)].update(norm(n) for n in lst)
    hits = set()
    for p in places:
        for lang in LANGS:
            bl = blocked.get((p["code"], lang)) or set()
            bl |= blocked.get(("*", lang), set())
            if not bl:
                continue
            keep = []
            for n in p["names"][lang]:
                if norm(n) in bl:
                    hits.add((p["code"], lang, norm(n)))
                else:
                    keep.append(n)
            p["names"][lang] = keep
    log["blocked_removed"] = len(hits)
    return hits


def write_places(path, places, sources):
    lines = ['{"generated_by":"tools/gen_gazetteer.py",',
             '"sources":' + json.dumps(sources, ensure_ascii=False, sort_keys=True,
                                       separators=(",", ":")) + ",",
             '"places":[']
    body = [json.dumps(p, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            for p in places]
    text = "\n".join(lines) + "\n" + ",\n".join(body) + "\n]}\n"
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)
    return len(text.encode("utf-8"))


# --------------------------------------------------------------------------
# checks

def words(pattern):
    return norm(pattern).split()


def word_overlap(a, b):
    """Can some word be matched by both word patterns a and b?"""
    wa, wb = a.endswith("*"), b.endswith("*")
    sa, sb = a.rstrip("*"), b.rstrip("*")
    if wa and wb:
        return sa.startswith(sb) or sb.startswith(sa)
    if wa:
        return sb.startswith(sa) and not b.endswith("-")
    if wb:
        return sa.startswith(sb) and not a.endswith("-")
    return sa == sb


def phrase_overlap(a, b):
    """Could both phrases match the same text *and* tie under the matcher's
    precedence (more words first, then fewer '*' words)?"""
    if len(a) != len(b):
        return False
    if sum(w.endswith("*") for w in a) != sum(w.endswith("*") for w in b):
        return False
    return all(word_overlap(x, y) for x, y in zip(a, b))


def alias_entries(aliases):
    """Yield (section, code, lang, name) for every matchable alias name."""
    for sec in ("groups", "aliases"):
        for e in aliases.get(sec, []):
            for lang, lst in e.get("names", {}).items():
                for n in lst:
                    yield sec, e.get("code"), lang, n
    w = aliases.get("world")
    if w:
        for lang, lst in w.get("names", {}).items():
            for n in lst:
                yield "world", w.get("code"), lang, n
    for e in aliases.get("adjectives", []):
        for lang in LANGS:
            for n in e.get(lang, []):
                yield "adjectives", e.get("code"), lang, n
        for lang, lst in e.get("prefix", {}).items():
            for n in lst:
                yield "prefix", e.get("code"), lang, n


def check(places, aliases):
    errors, warnings = [], []
    codes = {p["code"] for p in places}
    group_codes = {g.get("code") for g in aliases.get("groups", [])}
    world = aliases.get("world", {}).get("code")
    valid = codes | group_codes | ({world} if world else set())

    # places.json sanity
    for p in places:
        for lang in LANGS:
            lst = p.get("names", {}).get(lang)
            if not (p.get("label", {}).get(lang) or "").strip():
                errors.append("places: %s has no %s label" % (p["code"], lang))
            if lst is None or (not lst and p["kind"] == "country"):
                errors.append("places: %s has no %s name" % (p["code"], lang))
            elif any(not n.strip() for n in lst):
                errors.append("places: %s has an empty %s name" % (p["code"], lang))
    for g in group_codes:
        if g in codes:
            errors.append("groups: code %s clashes with a place code" % g)

    entries = list(alias_entries(aliases))
    for sec, code, lang, name in entries:
        where = "%s %s/%s %r" % (sec, code, lang, name)
        if code not in valid:
            errors.append("%s: unknown code (not in places.json, groups or world)" % where)
        if lang not in LANGS:
            errors.append("%s: unknown language" % where)
        if not isinstance(name, str) or not name.strip():
            errors.append("%s: empty name" % where)
            continue
        if name != name.strip() or "  " in name:
            errors.append("%s: stray whitespace" % where)
        for w in name.split():
            if "*" in w[:-1]:
                errors.append("%s: '*' is only allowed at the end of a word" % where)
            if w.endswith("*") and letters(w[:-1]) < MIN_STEM:
                errors.append("%s: stem %r shorter than %d letters" % (where, w, MIN_STEM))
        if sec == "prefix":
            if not name.endswith("-") or " " in name:
                errors.append("%s: prefix must be one word ending in '-'" % where)
            elif letters(name) < MIN_PREFIX:
                errors.append("%s: prefix shorter than %d letters" % (where, MIN_PREFIX))
    seen_names = set()
    for sec, code, lang, name in entries:
        key = (sec == "prefix", code, lang, norm(name) if isinstance(name, str) else name)
        if key in seen_names:
            warnings.append("%s %s/%s %r listed twice" % (sec, code, lang, name))
        seen_names.add(key)
    for b in aliases.get("blocked", []):
        if b.get("code") != "*" and b.get("code") not in codes:
            errors.append("blocked: unknown code %r" % b.get("code"))
    for c in aliases.get("case_sensitive", {}):
        if c not in LANGS:
            errors.append("case_sensitive: unknown language %r" % c)

    # ambiguity: two codes reachable through overlapping patterns
    amb = collections.defaultdict(list)          # lang -> [(set(norm names), set(codes))]
    for a in aliases.get("ambiguous", []):
        cs = set(a.get("codes", []))
        for c in cs:
            if c not in valid:
                errors.append("ambiguous %r: unknown code %s" % (a.get("name"), c))
        if a.get("prefer") and a["prefer"] not in cs:
            errors.append("ambiguous %r: prefer %s not among codes" % (a.get("name"), a["prefer"]))
        amb[a.get("lang")].append(({norm(a.get("name", ""))}, cs))

    def allowed(lang, n1, n2, c1, c2):
        for names, cs in amb.get(lang, []):
            if (norm(n1) in names or norm(n2) in names) and {c1, c2} <= cs:
                return True
        return False

    by_lang = collections.defaultdict(lambda: collections.defaultdict(list))
    for sec, code, lang, name in entries:
        if sec == "prefix" or not isinstance(name, str):
            continue
        ws = words(name)
        if ws:
            by_lang[lang][(len(ws), ws[0].rstrip("*")[:MIN_STEM])].append((ws, code, name))
    seen_pairs = set()
    for lang, buckets in sorted(by_lang.items()):
        keys = sorted(buckets)
        for key in keys:
            # a stem of >= 4 letters and a word that it matches share the
            # first 4 letters, so the bucket key narrows the comparison
            items = buckets[key]
            for i in range(len(items)):
                for j in range(i + 1, len(items)):
                    (w1, c1, n1), (w2, c2, n2) = items[i], items[j]
                    if c1 == c2 or not phrase_overlap(w1, w2):
                        continue
                    pair = (lang, n1, n2, c1, c2)
                    if pair in seen_pairs or allowed(lang, n1, n2, c1, c2):
                        continue
                    seen_pairs.add(pair)
                    errors.append("ambiguous alias (%s): %r -> %s and %r -> %s; list it under "
                                  "\"ambiguous\" or change it" % (lang, n1, c1, n2, c2))

    # alias patterns against generated names of *countries* (subdivision
    # names collide all over the world; those are reported as a count only)
    place_names = collections.defaultdict(lambda: collections.defaultdict(list))
    for p in places:
        for lang in LANGS:
            for n in p["names"][lang]:
                ws = words(n)
                if ws:
                    place_names[lang][(len(ws), ws[0][:MIN_STEM])].append((ws, p["code"], n, p["kind"]))
    sub_hits = 0
    for sec, code, lang, name in entries:
        if sec == "prefix" or not isinstance(name, str):
            continue
        ws = words(name)
        if not ws:
            continue
        for pw, pc, pn, kind in place_names[lang].get((len(ws), ws[0].rstrip("*")[:MIN_STEM]), []):
            if pc == code or not phrase_overlap(ws, pw):
                continue
            if allowed(lang, name, pn, code, pc):
                continue
            same = next((p for p in places if p["code"] == pc), {}).get("same_as")
            if same == code:
                continue
            if kind == "country":
                errors.append("alias (%s) %r -> %s also matches country name %r -> %s; list it "
                              "under \"ambiguous\" or block one" % (lang, name, code, pn, pc))
            else:
                sub_hits += 1
                if pc.split("-")[0] in FOCUS or code in (
                        next((p["parent"] for p in places if p["code"] == pc), None),):
                    warnings.append("alias (%s) %r -> %s also matches %s name %r"
                                    % (lang, name, code, pc, pn))
    # names shared inside places.json by a country or FOCUS subdivision and
    # another place (informational: the matcher's precedence decides)
    owners = collections.defaultdict(set)
    for p in places:
        for lang in LANGS:
            for n in p["names"][lang]:
                owners[(lang, norm(n))].add(p.get("same_as") or p["code"])
    important = {p["code"] for p in places if p["kind"] == "country" or p.get("focus")}
    country = {p["code"] for p in places if p["kind"] == "country"}
    for (lang, n), cs in sorted(owners.items()):
        if len(cs & country) == 1:
            continue                              # country beats subdivision
        if len(cs) > 1 and cs & important and not any(
                n in names and cs <= c2 for names, c2 in amb.get(lang, [])):
            warnings.append("places (%s) %r is a name of %s" % (lang, n, ", ".join(sorted(cs))))
    return errors, warnings, sub_hits


def summary(places, aliases, size):
    out = []
    kinds = collections.Counter(p["kind"] for p in places)
    out.append("places.json: %d places (%s), %d bytes" % (
        len(places), ", ".join("%s %d" % kv for kv in sorted(kinds.items())), size))
    for kind in sorted(kinds):
        per = []
        for lang in LANGS:
            n = sum(len(p["names"][lang]) for p in places if p["kind"] == kind)
            per.append("%s %d" % (lang, n))
        out.append("  %s names: %s" % (kind, ", ".join(per)))
    out.append("  focus subdivisions: %d; same_as a country: %d" % (
        sum(1 for p in places if p.get("focus")), sum(1 for p in places if p.get("same_as"))))
    cnt = collections.Counter()
    for sec, code, lang, name in alias_entries(aliases):
        cnt[(sec, lang)] += 1
    for sec in ("groups", "world", "aliases", "adjectives", "prefix"):
        n_entries = {"groups": len(aliases.get("groups", [])),
                     "world": 1 if aliases.get("world") else 0,
                     "aliases": len(aliases.get("aliases", [])),
                     "adjectives": len(aliases.get("adjectives", [])),
                     "prefix": sum(1 for e in aliases.get("adjectives", []) if e.get("prefix"))}[sec]
        out.append("aliases.json %-10s %3d entries, names: %s" % (
            sec, n_entries, ", ".join("%s %d" % (l, cnt[(sec, l)]) for l in LANGS)))
    out.append("aliases.json ambiguous %d, blocked %d, case_sensitive %d" % (
        len(aliases.get("ambiguous", [])), len(aliases.get("blocked", [])),
        sum(len(v) for v in aliases.get("case_sensitive", {}).values())))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="validate existing places.json and aliases.json, write nothing")
    ap.add_argument("--iso-dir", default="/usr/share/iso-codes/json")
    ap.add_argument("--locale-dir", default="/usr/share/locale")
    ap.add_argument("--cldr-dir", default="/usr/share/unicode/cldr/common")
    ap.add_argument("--out-dir", default=DATA_DIR)
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list dropped names, skipped translations and warnings")
    args = ap.parse_args()

    places_path = os.path.join(args.out_dir, "places.json")
    aliases_path = os.path.join(args.out_dir, "aliases.json")
    aliases = load_json(aliases_path)
    log = {}
    if args.check:
        doc = load_json(places_path)
        places = doc.get("places", [])
        size = os.path.getsize(places_path)
        hits = set()
        stale = apply_blocked([dict(p, names=dict(p.get("names", {}))) for p in places],
                              aliases, {})
        if stale:
            die("places.json still contains %d blocked name(s) (e.g. %s/%s %r): "
                "regenerate it with tools/gen_gazetteer.py" % ((len(stale),) + min(stale)))
    else:
        places = build_places(args, log)
        hits = apply_blocked(places, aliases, log)

    errors, warnings, sub_hits = check(places, aliases)
    if not args.check:
        for b in aliases.get("blocked", []):
            for lang, lst in b.get("names", {}).items():
                for n in lst:
                    if b.get("code") != "*" and (b.get("code"), lang, norm(n)) not in hits:
                        warnings.append("blocked %s/%s %r matched nothing" % (b.get("code"), lang, n))
    if errors:
        for e in errors:
            sys.stderr.write("gen_gazetteer: error: %s\n" % e)
        sys.stderr.write("gen_gazetteer: %d error(s) (data: %s); %s\n" % (
            len(errors), args.out_dir, "nothing written" if not args.check else "check failed"))
        sys.exit(1)

    if not args.check:
        sources = {"iso-codes": pkg_version("iso-codes") or "unknown",
                   "cldr": cldr_version(args.cldr_dir)}
        size = write_places(places_path, places, sources)
    for line in summary(places, aliases, size):
        print(line)
    if log:
        print("dropped ambiguous country names: %d; skipped bad translations: %d; "
              "blocked names removed: %d" % (len(log["country_names_dropped_ambiguous"]),
                                             len(log["bad_translations_skipped"]),
                                             log["blocked_removed"]))
        print("generic/short subdivision names dropped: %d" % len(log["generic_or_short_dropped"]))
    print("alias/subdivision name overlaps (informational): %d; warnings: %d"
          % (sub_hits, len(warnings)))
    if args.verbose:
        for k, v in log.get("country_names_dropped_ambiguous", []):
            print("  dropped %s %r (shared by %s)" % (k[0], k[1], ", ".join(v)))
        for t in log.get("bad_translations_skipped", []):
            print("  skipped %s translation for %s: %r -> %r" % t)
        for w in warnings:
            print("  warning: " + w)
    print("OK")


if __name__ == "__main__":
    main()
