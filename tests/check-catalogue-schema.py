#!/usr/bin/env python3
"""Check a Handla catalogue document against docs/catalogue.schema.json.

Beyond the JSON Schema (validated with jsonschema's Draft202012Validator and,
where available, its FormatChecker) it checks what the schema cannot express:

  * category ids are unique, product ids are unique, EANs are unique and
    have a correct GS1 check digit;
  * every product's category exists in the document;
  * the comparison price agrees with price and size where the size is in
    g, kg, ml, cl, dl or l ("500 g", "ca 1,5 kg", "1,5 l"), to within 1 öre,
    with unit kg for weights and l for volumes (and per piece for "6 st"
    when the unit is st); goods sold by weight compare per kg at their own
    price;
  * amounts in öre are written as whole numbers: JSON Schema accepts 1990.0
    as an integer, Handla's reader does not;
  * an offer is cheaper than the shelf price;
  * at least --min-products products and --min-categories categories.

Prints one line per problem (at most 20, then a count) and exits 1 if there
is any; otherwise prints a one-line summary and exits 0.

Usage: check-catalogue-schema.py SCHEMA CATALOGUE [--min-products N] [--min-categories N]
"""

import argparse
import json
import re
import sys

MAX_SHOWN = 20

SIZE_RE = re.compile(r"^(?:ca\.? )?(\d+(?:[,.]\d+)?) ?(g|kg|ml|cl|dl|l)$", re.IGNORECASE)
UNITS = {"g": ("kg", 1000), "kg": ("kg", 1), "ml": ("l", 1000), "cl": ("l", 100),
         "dl": ("l", 10), "l": ("l", 1)}


ST_RE = re.compile(r"^(\d+) ?st$")
ORE_PATHS = (("price_ore",), ("comparison", "price_ore"), ("pant_ore",), ("offer", "price_ore"))


def size_quantity(size):
    """'ca 1,5 kg' -> ('kg', 1.5); sizes not in weight or volume -> None."""
    m = SIZE_RE.match(size.strip())
    if not m:
        return None
    unit, div = UNITS[m.group(2).lower()]
    return unit, float(m.group(1).replace(",", ".")) / div


def gtin_ok(code):
    if len(code) not in (8, 12, 13, 14):
        return False
    digits = [int(d) for d in code]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


def where(path):
    out = ""
    for part in path:
        out += "[%d]" % part if isinstance(part, int) else ("." if out else "") + str(part)
    return out or "(document)"


def check(schema, doc, min_products, min_categories):
    problems = []

    try:
        import jsonschema
    except ImportError:
        return ["jsonschema is not installed (Debian: python3-jsonschema)"]
    validator_cls = jsonschema.Draft202012Validator
    validator_cls.check_schema(schema)
    format_checker = getattr(validator_cls, "FORMAT_CHECKER", None)
    if format_checker is None and hasattr(jsonschema, "FormatChecker"):
        format_checker = jsonschema.FormatChecker()
    validator = validator_cls(schema, format_checker=format_checker)
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        problems.append("schema: %s: %s" % (where(err.absolute_path), err.message))

    if not isinstance(doc, dict):
        return problems
    categories = doc.get("categories") if isinstance(doc.get("categories"), list) else []
    products = doc.get("products") if isinstance(doc.get("products"), list) else []

    # generated_at is RFC 3339 even where jsonschema has no date-time checker installed.
    gen = doc.get("generated_at")
    if isinstance(gen, str) and not re.match(
            r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", gen):
        problems.append("generated_at: not an RFC 3339 date-time: %r" % gen)

    cat_ids = set()
    for i, c in enumerate(categories):
        cid = c.get("id") if isinstance(c, dict) else None
        if cid in cat_ids:
            problems.append("categories[%d]: duplicate category id %r" % (i, cid))
        cat_ids.add(cid)

    ids, eans = set(), {}
    for i, p in enumerate(products):
        if not isinstance(p, dict):
            continue
        label = "products[%d] (%s)" % (i, p.get("id"))
        pid = p.get("id")
        if pid in ids:
            problems.append("%s: duplicate product id" % label)
        ids.add(pid)
        if "category" in p and p["category"] not in cat_ids:
            problems.append("%s: unknown category %r" % (label, p["category"]))
        ean = p.get("ean")
        if isinstance(ean, str) and ean.isdigit():
            if not gtin_ok(ean):
                problems.append("%s: EAN %s has a wrong check digit" % (label, ean))
            if ean in eans:
                problems.append("%s: EAN %s also used by %s" % (label, ean, eans[ean]))
            eans.setdefault(ean, pid)

        for path in ORE_PATHS:
            value = p
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if isinstance(value, float) and value == int(value):
                problems.append("%s: %s is %r, write whole öre without a decimal point"
                                % (label, ".".join(path), value))

        price = p.get("price_ore")
        comp = p.get("comparison")
        if not (isinstance(price, int) and not isinstance(price, bool)) or not isinstance(comp, dict):
            pass
        elif p.get("sold_by") == "weight":
            if comp.get("unit") != "kg" or not _close(comp.get("price_ore"), price):
                problems.append("%s: sold by weight, so the comparison price must be %d öre/kg, "
                                "not %r/%r" % (label, price, comp.get("price_ore"), comp.get("unit")))
        elif isinstance(p.get("size"), str):
            q = size_quantity(p["size"])
            st = ST_RE.match(p["size"].strip())
            if st and comp.get("unit") == "st" and int(st.group(1)) > 0:
                q = ("st", float(st.group(1)))
            if q:
                unit, qty = q
                expected = price / qty
                if comp.get("unit") != unit:
                    problems.append("%s: size %r needs comparison unit %r, not %r"
                                    % (label, p["size"], unit, comp.get("unit")))
                elif not _close(comp.get("price_ore"), expected):
                    problems.append("%s: comparison price %r öre/%s does not match %d öre for %r "
                                    "(expected %.0f)" % (label, comp.get("price_ore"), unit, price,
                                                         p["size"], expected))
        offer = p.get("offer")
        if isinstance(offer, dict) and isinstance(price, int) and isinstance(offer.get("price_ore"), int):
            if offer["price_ore"] >= price:
                problems.append("%s: offer price %d is not below the price %d"
                                % (label, offer["price_ore"], price))

    if min_products is not None and len(products) < min_products:
        problems.append("only %d products, expected at least %d" % (len(products), min_products))
    if min_categories is not None and len(categories) < min_categories:
        problems.append("only %d categories, expected at least %d"
                        % (len(categories), min_categories))
    return problems


def _close(value, expected):
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and abs(value - expected) <= 1 + 1e-9)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Check a Handla catalogue document.")
    ap.add_argument("schema")
    ap.add_argument("catalogue")
    ap.add_argument("--min-products", type=int, default=None, metavar="N")
    ap.add_argument("--min-categories", type=int, default=None, metavar="N")
    args = ap.parse_args(argv)

    docs = []
    for path in (args.schema, args.catalogue):
        try:
            with open(path, encoding="utf-8") as f:
                docs.append(json.load(f))
        except (OSError, ValueError) as e:
            print("%s: cannot read JSON: %s" % (path, e))
            return 1
    schema, doc = docs

    problems = check(schema, doc, args.min_products, args.min_categories)
    if problems:
        for line in problems[:MAX_SHOWN]:
            print("%s: %s" % (args.catalogue, line))
        if len(problems) > MAX_SHOWN:
            print("... and %d more" % (len(problems) - MAX_SHOWN))
        print("%s: %d problem(s)" % (args.catalogue, len(problems)))
        return 1
    products = doc.get("products", [])
    print("%s: OK, %d products in %d categories, %d offers" % (
        args.catalogue, len(products), len(doc.get("categories", [])),
        sum(1 for p in products if "offer" in p)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
