#!/usr/bin/env python3
"""Build example menus for four more shops from the FoodOrdering dataset's operator material.

Reads, for each shop of the FoodOrdering dataset (Amazon's food-ordering-semantic-parsing-dataset,
licensed CC BY-NC 4.0; see ../shared/data/foodordering/README.md and LICENSE there), only what an
operator knows about their own menu -- `schema.json` and `alias/*.txt` (lines `words<TAB>SLOT(value)`)
-- and writes one chatorder menu folder per shop:

    menu/examples/burger/burger.toml
    menu/examples/burrito/burrito.toml
    menu/examples/coffee_shop/coffee_shop.toml   (not `coffee`: menu/examples/coffee.toml is
                                                  the hand-written coffee bar)
    menu/examples/sub/sub.toml

The dataset is CC BY-NC 4.0 material: these menus are example/test material built from it, for
measuring and testing the engine, never shipped in the product. The synthetic training orders
(`train_synthetic.json`) are not read.

Mechanical rules (each generated file repeats them in its header):
  - every order kind of the schema (`MAIN_DISH_ORDER`, `SIDE_ORDER`, ...) becomes a category whose
    synonyms are the schema's `entityNames`;
  - the kind's own `<KIND>_TYPE` slot (DRINK_ORDER -> DRINK_TYPE) names the item: each of its values
    becomes an item (id = the value normalised to the loader's id syntax `[a-z0-9_.]`). A kind
    without such a slot (burrito's BURRITO_ORDER, sub's SANDWICH_ORDER) is itself one item, named
    by its entityNames. Other `*_TYPE` slots (coffee's ROAST_TYPE) are options like any other slot;
  - every other slot becomes an option group, listed on the items of the kinds that carry it;
    `SIZE` becomes the group `size`; a slot marked "qualified" gets `amounts = true`;
  - each value of a slot is a choice; EACH alias line is a synonym of its value;
  - NUMBER / NOT / QUANTITY alias files have no place in a menu file (those words are the
    engine's built-in grammar): they are listed in the header as not expressible, marked with
    whether the engine's grammar (src/catalog/grammar.rs) has the phrase;
  - an alias naming several values of an option group (`Or(a,b)`) becomes a `[[group.either]]`
    (the bot asks which); of items, a synonym of the first value; the same
    phrase (after the engine's normalising and Snowball stemming) under two values of one scope
    (items, or choices of one group) stays with the value whose alias line comes first; both are
    recorded in the header. A phrase shared by an item and a choice, or by two groups, is kept on
    both (the format allows it, the engine chooses by context) and listed too;
  - an entityName that contains an item's synonym ("side of chips" around "chips") is left out of
    its category, since the longer phrase would hide the item; item or choice synonyms that are
    also words of the engine's grammar ("light" the roast vs "light" the amount) are kept and listed;
  - prices are invented (the dataset has none): a fixed price per order kind, sizes add 50 cents
    a step.

Deterministic: same input, byte-identical output. Rerun from the repository root:
    python3 scripts/foodordering-menus.py [--data DIR] [--out DIR]
then check each shop with `chatorder check --menu menu/examples/<shop> --intents intents`.
"""

import argparse
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "foodordering"
DEFAULT_OUT = REPO / "menu" / "examples"

# dataset shop -> output folder (and file) name
SHOPS = [("burger", "burger"), ("burrito", "burrito"), ("coffee", "coffee_shop"), ("sub", "sub")]

# Slots whose words are grammar, not menu content.
GRAMMAR_SLOTS = {"NUMBER": "counts", "NOT": "negation", "QUANTITY": "amounts"}

# Invented prices in cents (the dataset has none): per order kind, else MAIN_PRICE.
MAIN_PRICE = 899
KIND_PRICES = {"SIDE_ORDER": 299, "DRINK_ORDER": 249}
SHOP_KIND_PRICES = {"coffee": {"DRINK_ORDER": 349}}
SIZE_STEP = 50  # each size after the first costs this much more

WRAP = 100


# ---------------------------------------------------------------------------------------------
# The engine's text normalisation (src/catalog/text.rs) and Snowball English stemmer
# (rust-stemmers 1.2, the classic Porter2 with gener/commun/arsen), so that collisions are found
# exactly as `chatorder check` finds them.


def tokenize(text):
    out, cur, cur_digit = [], "", False
    chars = list(text)
    for i, c in enumerate(chars):
        if c.isalnum():
            is_digit = c.isdigit() and c.isascii()
            if cur and is_digit != cur_digit:
                out.append(cur)
                cur = ""
            cur_digit = is_digit
            cur += c.lower()
        elif c in "'\u2019" and cur and not cur_digit:
            pass
        elif c in ".," and cur_digit and i + 1 < len(chars) and chars[i + 1].isdigit():
            cur += "."
        else:
            if cur:
                out.append(cur)
                cur = ""
            if c in ",;.!?:" and out and out[-1] != ",":
                out.append(",")
    if cur:
        out.append(cur)
    while out and out[-1] == ",":
        out.pop()
    return out


_VOWELS = set("aeiouy")
_EXC1 = {"skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "idly": "idl",
         "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli", "singly": "singl",
         "sky": "sky", "news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos",
         "bias": "bias", "andes": "andes"}
_EXC2 = {"inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"}
_S2 = {"tional": "tion", "enci": "ence", "anci": "ance", "abli": "able", "entli": "ent", "izer": "ize",
       "ization": "ize", "ational": "ate", "ation": "ate", "ator": "ate", "alism": "al", "aliti": "al",
       "alli": "al", "fulness": "ful", "ousli": "ous", "ousness": "ous", "iveness": "ive", "iviti": "ive",
       "biliti": "ble", "bli": "ble", "ogi": "og", "fulli": "ful", "lessli": "less", "li": ""}
_S3 = {"tional": "tion", "ational": "ate", "alize": "al", "icate": "ic", "iciti": "ic", "ical": "ic",
       "ful": "", "ness": "", "ative": ""}
_S4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate",
       "iti", "ous", "ive", "ize", "ion"]


def _v(c):
    return c in _VOWELS


def _short_v(w, end):
    if end >= 3 and not _v(w[end - 1]) and w[end - 1] not in "wxY" and _v(w[end - 2]) and not _v(w[end - 3]):
        return True
    return end == 2 and _v(w[0]) and not _v(w[1])


def _longest(w, suffixes):
    best = None
    for s in suffixes:
        if w.endswith(s) and (best is None or len(s) > len(best)):
            best = s
    return best


def stem(word):
    """Snowball English (Porter2), as rust-stemmers 1.2 computes it."""
    if word in _EXC1:
        return _EXC1[word]
    if len(word) < 3:
        return word
    w = list(word[1:] if word.startswith("'") else word)
    if w and w[0] == "y":
        w[0] = "Y"
    for i in range(1, len(w)):
        if w[i] == "y" and _v(w[i - 1]):
            w[i] = "Y"
    w = "".join(w)
    n = len(w)

    def region(start):
        i = start
        while i < n and not _v(w[i]):
            i += 1
        while i < n and _v(w[i]):
            i += 1
        return i + 1 if i < n else n

    p1 = next((len(p) for p in ("gener", "commun", "arsen") if w.startswith(p)), None)
    if p1 is None:
        p1 = region(0)
    p2 = region(p1) if p1 < n else n
    for s in ("'s'", "'s", "'"):
        if w.endswith(s):
            w = w[: -len(s)]
            break
    s = _longest(w, ["sses", "ied", "ies", "s", "us", "ss"])
    if s == "sses":
        w = w[:-4] + "ss"
    elif s in ("ied", "ies"):
        w = w[:-3] + ("i" if len(w) - 3 >= 2 else "ie")
    elif s == "s" and any(_v(c) for c in w[:-2]):
        w = w[:-1]
    if w in _EXC2:
        return w.replace("Y", "y")
    s = _longest(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"])
    if s in ("eed", "eedly"):
        if len(w) - len(s) >= p1:
            w = w[: -len(s)] + "ee"
    elif s and any(_v(c) for c in w[: -len(s)]):
        w = w[: -len(s)]
        t = _longest(w, ["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"])
        if t in ("at", "bl", "iz"):
            w += "e"
        elif t:
            w = w[:-1]
        elif len(w) <= p1 and _short_v(w, len(w)):
            w += "e"
    if len(w) > 2 and w[-1] in "yY" and not _v(w[-2]):
        w = w[:-1] + "i"
    s = _longest(w, _S2)
    if s and len(w) - len(s) >= p1:
        if s == "ogi":
            if w[-4:-3] == "l":
                w = w[:-3] + "og"
        elif s == "li":
            if len(w) >= 3 and w[-3] in "cdeghkmnrt":
                w = w[:-2]
        else:
            w = w[: -len(s)] + _S2[s]
    s = _longest(w, _S3)
    if s and len(w) - len(s) >= p1:
        if s == "ative":
            if len(w) - len(s) >= p2:
                w = w[:-5]
        else:
            w = w[: -len(s)] + _S3[s]
    s = _longest(w, _S4)
    if s and len(w) - len(s) >= p2:
        if s == "ion":
            if len(w) >= 4 and w[-4] in "st":
                w = w[:-3]
        else:
            w = w[: -len(s)]
    if w.endswith("e"):
        k = len(w) - 1
        if k >= p2 or (k >= p1 and not _short_v(w, k)):
            w = w[:-1]
    elif w.endswith("l"):
        k = len(w) - 1
        if k >= p2 and w[-2:-1] == "l":
            w = w[:-1]
    return w.replace("Y", "y")


def phrase_key(text):
    """What `chatorder check` compares synonyms by: normalised, stemmed tokens."""
    return " ".join(stem(t) for t in tokenize(text))


# ---------------------------------------------------------------------------------------------
# The engine's built-in grammar words, read from src/catalog/grammar.rs (only to say in the
# header which dataset words the engine already knows; nothing else depends on it).


def engine_grammar():
    path = REPO / "src" / "catalog" / "grammar.rs"
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    kinds = {"counts": set(), "negation": set(), "amounts": set(), "all": {}}
    numbers = re.search(r"pub const NUMBERS[^=]*=\s*&\[(.*?)\];", text, re.S)
    if numbers:
        for phrase in re.findall(r'\(\s*"([^"]*)"\s*,\s*\d+\s*\)', numbers.group(1)):
            kinds["counts"].add(" ".join(tokenize(phrase)))
            kinds["all"].setdefault(phrase_key(phrase), "a count")
    for phrase, gram in re.findall(r'\(\s*"([^"]*)"\s*,\s*Gram::(\w+)', text):
        key = " ".join(tokenize(phrase))
        kinds["all"].setdefault(phrase_key(phrase), {"Num": "a count", "Neg": "a negation", "Amount": "an amount"}
                                .get(gram, f"a grammar word ({gram})"))
        if gram == "Num":
            kinds["counts"].add(key)
        elif gram == "Neg":
            kinds["negation"].add(key)
        elif gram == "Amount":
            kinds["amounts"].add(key)
    return kinds


# ---------------------------------------------------------------------------------------------
# Reading the dataset.

ANNOTATION = re.compile(r"^([A-Za-z_]+)\((.*)\)$")
OR_VALUE = re.compile(r"^Or\((.*)\)$")


def norm_id(raw):
    """A value as an id the loader accepts: lower-case letters, digits, '_' or '.'."""
    v = re.sub(r"[^a-z0-9_.]+", "_", raw.lower())
    v = re.sub(r"_+", "_", v).strip("_")
    return v or "value"


def human_name(raw):
    words = re.sub(r"[_\-\s]+", " ", raw).strip()
    words = words.lower()
    return words[:1].upper() + words[1:]


def kind_base(kind):
    return kind[: -len("_ORDER")] if kind.endswith("_ORDER") else kind


def read_alias(path, rel):
    """Lines of one alias file: (line number, words, slot, raw value). Problems go to `skipped`."""
    lines, skipped = [], []
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        if "\t" not in line:
            skipped.append(f"{rel}:{no}: no TAB in {line.strip()!r}")
            continue
        words, ann = line.split("\t", 1)
        words, ann = words.strip(), ann.strip()
        m = ANNOTATION.match(ann)
        if not words or not m:
            skipped.append(f"{rel}:{no}: cannot read {line.strip()!r}")
            continue
        lines.append((no, words, m.group(1), m.group(2).strip()))
    return lines, skipped


class Owner:
    """An item or a choice: what synonyms belong to."""

    def __init__(self, oid, name):
        self.id = oid
        self.name = name
        self.synonyms = []  # (text, source "file:line")

    def add(self, text, where):
        if all(t != text for t, _ in self.synonyms):
            self.synonyms.append((text, where))


class Shop:
    def __init__(self, name, folder, data, grammar):
        self.name = name
        self.folder = folder
        self.dir = data / name
        self.grammar = grammar
        self.schema = json.loads((self.dir / "schema.json").read_text(encoding="utf-8"))
        self.categories = []  # dicts: id, name, synonyms, kind
        self.items = []  # dicts: owner, category, price, groups
        self.groups = {}  # group id -> dict: slot, name, choices (list of Owner), amounts, max, ...
        self.group_order = []
        self.grammar_words = {}  # slot -> (rel path, [phrases])
        self.or_cases = []
        self.collisions = []
        self.shared = []
        self.skipped = []
        self.grammar_clashes = []
        self.category_dropped = []
        self.notes = []  # what the format cannot express, besides the grammar words
        self.alias_cache = {}

    # -- reading ---------------------------------------------------------------------------

    def alias(self, rel):
        if rel not in self.alias_cache:
            lines, skipped = read_alias(self.dir / rel, f"{self.name}/{rel}")
            self.skipped.extend(skipped)
            self.alias_cache[rel] = lines
        return self.alias_cache[rel]

    def values(self, slot, rel, owners, eithers=None):
        """Fills `owners` (value id -> Owner, in order) from one slot's alias file; with
        `eithers` (a group's), an alias naming several values goes there as (words, ids)."""
        for no, words, ann_slot, raw in self.alias(rel):
            where = f"{rel}:{no}"
            if ann_slot != slot:
                self.skipped.append(f"{self.name}/{where}: slot {ann_slot} where {slot} was expected")
                continue
            m = OR_VALUE.match(raw)
            if m:
                alternatives = [a.strip() for a in m.group(1).split(",") if a.strip()]
                chosen = alternatives[0]
                if eithers is not None and len(alternatives) > 1:
                    self.or_cases.append(f'{where} "{words}" -> {slot}(Or({", ".join(alternatives)})): '
                                         "an either of the group (the bot asks which)")
                    eithers.append((words, [norm_id(a) for a in alternatives], where))
                    continue
                self.or_cases.append(
                    f'{where} "{words}" -> {slot}(Or({", ".join(alternatives)})): a synonym of '
                    f"{norm_id(chosen)} only (the first listed; the format has no \"either of these\")"
                )
                raw = chosen
            vid = norm_id(raw)
            if vid not in owners:
                nested = ANNOTATION.match(raw)  # ESPRESSO_SHOT(1) -> "Espresso shot (1)"
                name = f"{human_name(nested.group(1))} ({nested.group(2)})" if nested else human_name(raw)
                owners[vid] = Owner(vid, name)
            owners[vid].add(words, where)

    def build(self):
        kinds = self.schema["intents"]
        slot_paths = {}
        for kind in kinds:
            for s in kind["slots"]:
                slot_paths.setdefault(s["slotName"], set()).add(s["path"])
        # A slot read from different files on different kinds gets one group per file.
        group_ids = {}
        for slot, paths in sorted(slot_paths.items()):
            for p in sorted(paths):
                gid = "size" if slot == "SIZE" else slot.lower()
                if len(paths) > 1:
                    gid += "_" + norm_id(Path(p).stem)
                group_ids[(slot, p)] = gid

        item_ids = set()
        for kind in kinds:
            kname = kind["name"]
            base = kind_base(kname)
            cat_id = norm_id(base)
            entity = [e for e in kind.get("entityNames", []) if e.strip()]
            self.categories.append({"id": cat_id, "name": human_name(base), "synonyms": entity, "kind": kname})
            item_slot = next((s for s in kind["slots"] if s["slotName"] == base + "_TYPE"), None)
            price = SHOP_KIND_PRICES.get(self.name, {}).get(kname, KIND_PRICES.get(kname, MAIN_PRICE))
            groups = []
            for s in kind["slots"]:
                slot = s["slotName"]
                if s is item_slot:
                    continue
                if slot in GRAMMAR_SLOTS:
                    self.grammar_words.setdefault(slot, (s["path"], self.alias(s["path"])))
                    continue
                gid = group_ids[(slot, s["path"])]
                g = self.groups.get(gid)
                if g is None:
                    owners, eithers = {}, []
                    self.values(slot, s["path"], owners, eithers)
                    g = {"id": gid, "slot": slot, "path": s["path"], "choices": list(owners.values()),
                         "either": self.either_blocks(eithers, owners),
                         "amounts": False, "negatable": set(), "not_negatable": set(), "kinds": []}
                    self.groups[gid] = g
                    self.group_order.append(gid)
                g["amounts"] = g["amounts"] or bool(s.get("qualified"))
                (g["negatable"] if s.get("negatable") else g["not_negatable"]).add(kname)
                g["kinds"].append(kname)
                affixes = [f"prefixes {s['optionalPrefixes']}"] if s.get("optionalPrefixes") else []
                affixes += [f"suffixes {s['optionalSuffixes']}"] if s.get("optionalSuffixes") else []
                if affixes:
                    self.notes.append(f"{kname} {slot}: optional {' and '.join(affixes)} around its words "
                                      "(no affixes in the format; the engine reads such words as filler or not at all)")
                groups.append(gid)
            if item_slot is not None:
                owners = {}
                self.values(item_slot["slotName"], item_slot["path"], owners)
                affixes = [f"prefixes {item_slot['optionalPrefixes']}"] if item_slot.get("optionalPrefixes") else []
                affixes += [f"suffixes {item_slot['optionalSuffixes']}"] if item_slot.get("optionalSuffixes") else []
                if affixes:
                    self.notes.append(f"{kname} {item_slot['slotName']}: optional {' and '.join(affixes)} around "
                                      "its words (no affixes in the format; not added as synonyms)")
                new_items = list(owners.values())
                # The kind said without its type ("a large dark roast" in the coffee shop)
                # is the type value named like the shop itself ("coffee": drip coffee).
                named_like_shop = [o for o in new_items if any(t == self.name for t, _ in o.synonyms)]
                if len(named_like_shop) == 1:
                    self.categories[-1]["default_item"] = named_like_shop[0].id
            else:
                o = Owner(cat_id, human_name(base))
                for e in entity:
                    o.add(e, "schema.json entityNames")
                new_items = [o]
            for o in new_items:
                if o.id in item_ids:
                    old = o.id
                    o.id = f"{o.id}_{cat_id}"
                    self.collisions.append(f"item id {old} is used twice; the {kname} one is {o.id}")
                item_ids.add(o.id)
                self.items.append({"owner": o, "category": cat_id, "price": price, "groups": groups})

        for gid in self.group_order:
            g = self.groups[gid]
            # Identity-like slots (size, a roast, the base sandwich) take one choice; others any number.
            single = g["slot"] == "SIZE" or g["slot"].endswith("_TYPE") or g["slot"].startswith("BASE_")
            g["max"] = 1 if single else max(1, len(g["choices"]))
            if g["not_negatable"]:
                self.notes.append(
                    f"{g['slot']} is not negatable on {', '.join(sorted(g['not_negatable']))} in the schema: the format "
                    "cannot forbid excluding a group's choices (only a required group's choice is never excluded)"
                )
        self.resolve_collisions()
        self.check_categories()
        self.check_grammar()

    def check_categories(self):
        """A category synonym (an entityName) that contains an item's synonym would be matched as the
        longer phrase and hide the item ("a side of chips" -> no chips): it is left out."""
        item_keys = {}
        for it in self.items:
            for text, _ in it["owner"].synonyms:
                item_keys.setdefault(phrase_key(text), (it["owner"].id, text))
        for c in self.categories:
            kept = []
            for text in c["synonyms"]:
                k = phrase_key(text)
                toks = k.split()
                inner = None
                if k not in item_keys:
                    for n in range(len(toks) - 1, 0, -1):
                        for i in range(len(toks) - n + 1):
                            sub = " ".join(toks[i:i + n])
                            if sub in item_keys and inner is None:
                                inner = item_keys[sub]
                if inner:
                    self.category_dropped.append(
                        f'entityName "{text}" of {c["kind"]} is not a synonym of category {c["id"]}: as the longer '
                        f'phrase it would hide item {inner[0]} ("{inner[1]}") inside it'
                    )
                else:
                    kept.append(text)
            c["synonyms"] = kept

    def check_grammar(self):
        """Item and choice synonyms that are also engine grammar words: the menu meaning wins."""
        if self.grammar is None:
            return
        known = self.grammar["all"]
        owners = [("item", it["owner"]) for it in self.items]
        owners += [(f"{gid}.", ch) for gid in self.group_order for ch in self.groups[gid]["choices"]]
        for label, o in owners:
            for text, where in o.synonyms:
                what = known.get(phrase_key(text))
                if what:
                    who = f"item {o.id}" if label == "item" else f"{label}{o.id}"
                    self.grammar_clashes.append(f'{where} "{text}" ({who}) is also {what} in the engine\'s grammar')

    def resolve_collisions(self):
        """The same phrase under two owners of one scope: the first alias line keeps it."""
        scopes = [("items", [it["owner"] for it in self.items])]
        scopes += [(f"choices of group {gid}", self.groups[gid]["choices"]) for gid in self.group_order]
        everywhere = {}  # key -> [(scope, owner id, text)]
        for scope, owners in scopes:
            claimed = {}  # key -> (owner, text, where)
            for o in owners:
                kept = []
                for text, where in o.synonyms:
                    k = phrase_key(text)
                    prev = claimed.get(k)
                    if prev and prev[0] is not o:
                        same = "the same words" if prev[1] == text else f'the same phrase to the engine as "{prev[1]}" (stem "{k}")'
                        self.collisions.append(
                            f'{where} "{text}" -> {o.id} is {same} -> {prev[0].id} ({prev[2]}) in {scope}: '
                            f"kept on {prev[0].id} only (first alias line)"
                        )
                        continue
                    if not prev:
                        claimed[k] = (o, text, where)
                    kept.append((text, where))
                    everywhere.setdefault(k, []).append((scope, o.id, text))
                o.synonyms = kept
        for k in sorted(everywhere):
            owners = []
            for scope, oid, text in everywhere[k]:
                label = f"item {oid}" if scope == "items" else f"{scope.replace('choices of group ', '')}.{oid}"
                if label not in owners:
                    owners.append(label)
            if len(owners) > 1:
                texts = sorted({t for _, _, t in everywhere[k]})
                self.shared.append(f'{" / ".join(chr(34) + t + chr(34) for t in texts)}: {", ".join(owners)}')

    # -- writing ---------------------------------------------------------------------------

    def header(self):
        L = []
        add = L.append
        def para(text):
            self.wrap(L, "# ", [text], indent="# ")

        add("# GENERATED by scripts/foodordering-menus.py -- do not edit by hand; change the generator and run")
        add("#   python3 scripts/foodordering-menus.py")
        para(f"Source: the FoodOrdering dataset's {self.name} shop (../shared/data/foodordering/{self.name}/"
             "schema.json and alias/*.txt). CC BY-NC 4.0 material (Amazon food-ordering-semantic-parsing-dataset): "
             "an example menu for measuring and testing the engine, never shipped in the product.")
        add("#")
        rules = ("Rules: each order kind is a category (synonyms: its entityNames); the values of the kind's own "
                 "<KIND>_TYPE slot are its items (a kind without one is a single item named by its entityNames; "
                 "a kind said without its type stands for the type value named like the shop, its default_item); "
                 "every other slot is an option group (SIZE -> `size`; \"qualified\" -> amounts = true), each value "
                 "a choice, each alias line a synonym. Prices are invented: "
                 + ", ".join(f"{c['id']} {self.price_of(c['id'])} cents" for c in self.categories)
                 + (f"; each size after the first +{SIZE_STEP}." if "size" in self.groups else "."))
        kinds_without = [c["kind"] for c in self.categories if any(
            it["category"] == c["id"] and it["owner"].id == c["id"] for it in self.items)]
        if kinds_without:
            rules += f" Kinds without a type slot, each one item: {', '.join(kinds_without)}."
        other_types = [g["slot"] for g in self.groups.values() if g["slot"].endswith("_TYPE")]
        if other_types:
            rules += (f" {', '.join(other_types)}: a *_TYPE slot that is not its kind's own type, so an option "
                      "group, not items.")
        para(rules)
        add("#")
        add("# NOT (negation words) and QUANTITY (extra / light words) are the menu's [words] table, every")
        add("# alias line a phrase; groups marked amounts = true take amounts.")
        add("#")
        add("# NOT EXPRESSIBLE in the menu format:")
        for slot in ("NUMBER",):
            if slot not in self.grammar_words:
                continue
            rel, lines = self.grammar_words[slot]
            phrases = []
            for _, words, _, _ in lines:
                if words not in phrases:
                    phrases.append(words)
            what = {"NUMBER": "count words", "NOT": "negation words", "QUANTITY": "amount words (extra / light)"}[slot]
            self.wrap(L, "# - ", [f"{slot} ({rel}, {len(phrases)} phrases): {what}. Menu files have no place for "
                                  "them; the engine's grammar is built in (src/catalog/grammar.rs)."
                                  + (" Groups marked amounts = true take amounts." if slot == "QUANTITY" else "")],
                      indent="#   ")
            if self.grammar is None:
                self.wrap(L, "#   words: ", phrases)
                continue
            known = self.grammar[GRAMMAR_SLOTS[slot]]
            built, missing = [], []
            for p in phrases:
                t = " ".join(tokenize(p))
                ok = t in known or (slot == "NUMBER" and re.fullmatch(r"\d+", t) is not None)
                (built if ok else missing).append(p)
            self.wrap(L, "#   built into the engine: ", built or ["(none)"])
            self.wrap(L, "#   NOT built in (the engine may still read some through its own words): ", missing or ["(none)"])
        for n in self.notes:
            self.wrap(L, "# - ", [n], sep="")
        add("#")
        cases = len(self.or_cases) + len(self.collisions)
        add(f"# ONE ALIAS, SEVERAL VALUES ({cases}): option groups say it with [[group.either]]; otherwise each")
        add("# phrase names one thing per scope, picked as said:")
        for c in self.or_cases + self.collisions:
            self.wrap(L, "# - ", [c], sep="")
        if not cases:
            add("# - none")
        add("#")
        add(f"# SHARED PHRASES ({len(self.shared)}): one phrase for an item and a choice, or for choices of two")
        add("# groups. Allowed by the format and kept on both; the engine picks by context (items first):")
        for s in self.shared:
            self.wrap(L, "# - ", [s], sep="")
        if not self.shared:
            add("# - none")
        add("#")
        add(f"# PHRASES THAT ARE ALSO ENGINE GRAMMAR WORDS ({len(self.grammar_clashes)}): kept; the menu meaning wins")
        add("# over the grammar word wherever the phrase is said:")
        for s in self.grammar_clashes:
            self.wrap(L, "# - ", [s], sep="")
        if not self.grammar_clashes:
            add("# - none" if self.grammar is not None else "# - (engine grammar not found, not checked)")
        if self.category_dropped:
            add("#")
            add(f"# ENTITY NAMES LEFT OUT OF CATEGORIES ({len(self.category_dropped)}):")
            for s in self.category_dropped:
                self.wrap(L, "# - ", [s], sep="")
        if self.skipped:
            add("#")
            add("# ALIAS LINES SKIPPED:")
            for s in self.skipped:
                self.wrap(L, "# - ", [s], sep="")
        return L

    def price_of(self, cat_id):
        return next(it["price"] for it in self.items if it["category"] == cat_id)

    @staticmethod
    def wrap(L, first, parts, sep=", ", indent="#     "):
        """Appends `first` + the parts joined by `sep`, wrapped at WRAP columns as comment lines."""
        line, fresh = first, True
        for w in sep.join(parts).split():
            if not fresh and len(line) + 1 + len(w) > WRAP:
                L.append(line)
                line = indent + w
            else:
                line = line + w if fresh else line + " " + w
            fresh = False
        L.append(line.rstrip())

    def either_blocks(self, eithers, owners):
        """[[group.either]] blocks: the words of each set of values, the values the group has
        (a set with fewer than two left is a synonym of its first value, as before)."""
        blocks = []
        for words, ids, where in eithers:
            ids = [i for i in ids if i in owners]
            if len(ids) < 2:
                if ids:
                    owners[ids[0]].add(words, where)
                continue
            same = next((b for b in blocks if b["choices"] == ids), None)
            if same is None:
                blocks.append({"synonyms": [words], "choices": ids})
            elif words not in same["synonyms"]:
                same["synonyms"].append(words)
        return blocks

    def shop_words(self):
        """The [words] table: the shop's negation and amount phrases, as the alias lists say them."""
        words = {"negation": [], "extra": [], "light": []}
        for slot in ("NOT", "QUANTITY"):
            if slot not in self.grammar_words:
                continue
            _, lines = self.grammar_words[slot]
            for _, phrase, _, raw in lines:
                kind = "negation" if slot == "NOT" else raw.strip().lower()
                if kind in words and phrase not in words[kind]:
                    words[kind].append(phrase)
        return [f"{k} = {qlist(v)}" for k, v in words.items() if v]

    def render(self):
        out = self.header()
        out.append("")
        words = self.shop_words()
        if words:
            out += ["[words]"] + words + [""]
        for c in self.categories:
            out += ["[[category]]", f"id = {q(c['id'])}", f"name = {q(c['name'])}", f"synonyms = {qlist(c['synonyms'])}"]
            if c.get("default_item"):
                out.append(f"default_item = {q(c['default_item'])}")
            out.append("")
        for gid in self.group_order:
            g = self.groups[gid]
            out += ["[[group]]", f"id = {q(gid)}", f"name = {q(human_name(g['slot']))}", f"max = {g['max']}"]
            if g["amounts"]:
                out.append("amounts = true")
            out.append("")
            for i, ch in enumerate(g["choices"]):
                out += ["[[group.choice]]", f"id = {q(ch.id)}", f"name = {q(ch.name)}",
                        f"synonyms = {qlist([t for t, _ in ch.synonyms])}"]
                if gid == "size" and i:
                    out.append(f"price = {i * SIZE_STEP}")
                out.append("")
            for e in g.get("either", []):
                out += ["[[group.either]]", f"synonyms = {qlist(e['synonyms'])}", f"choices = {qlist(e['choices'])}", ""]
        for it in self.items:
            o = it["owner"]
            out += ["[[item]]", f"id = {q(o.id)}", f"name = {q(o.name)}", f"category = {q(it['category'])}",
                    f"synonyms = {qlist([t for t, _ in o.synonyms])}", f"price = {it['price']}"]
            if it["groups"]:
                out.append(f"groups = {qlist(it['groups'])}")
            out.append("")
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out) + "\n"


def q(s):
    return json.dumps(s, ensure_ascii=False)


def qlist(v):
    return "[" + ", ".join(q(s) for s in v) + "]"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the foodordering folder")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the shop folders go")
    args = ap.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no dataset folder at {args.data}")
    grammar = engine_grammar()
    for name, folder in SHOPS:
        shop = Shop(name, folder, args.data, grammar)
        shop.build()
        target = args.out / folder
        target.mkdir(parents=True, exist_ok=True)
        path = target / f"{folder}.toml"
        path.write_text(shop.render(), encoding="utf-8")
        print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: {len(shop.items)} items, "
              f"{len(shop.groups)} groups, {sum(len(g['choices']) for g in shop.groups.values())} choices; "
              f"one alias several values: {len(shop.or_cases)} Or + {len(shop.collisions)} same phrase; "
              f"shared across kinds/groups: {len(shop.shared)}")
        for s in shop.skipped:
            print(f"  skipped {s}", file=sys.stderr)


if __name__ == "__main__":
    main()
