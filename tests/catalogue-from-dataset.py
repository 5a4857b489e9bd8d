#!/usr/bin/env python3
"""Convert a real catalogue dataset into a Handla catalogue document.

TEST-ONLY. The store datasets in ../shared/catalogue-data/ have no licence:
what this writes may be read by tests on this machine, and must never be
shipped, committed, used in the demo or shown to users (see the README
there). Livsmedelsverket's data is CC BY 4.0 but has no prices; its
products get a placeholder price.

Datasets (the folder names under ../shared/catalogue-data/):

  matpriser-2020         MariaDB dump: Coop, Hemköp and Willys, 2020
  willysapp-2023         SQLite: Willys, 2023
  livsmedelsverket-2022  CSV with a BOM, semicolons and decimal commas

The document follows docs/catalogue.schema.json. Comparison prices come
with raw units (kr/kg, kr/GRM, kr/MLT, kr/H87, kr/ST, kr/, "81,67 kr" …);
they are normalised to kg, l or st here, and dropped when the unit says
nothing (kr/, kr/undefined, kr/tvätt …).

Only the Python 3 standard library is used.

Usage:
    catalogue-from-dataset.py DATASET_DIR [--output FILE]
    catalogue-from-dataset.py --self-test
"""

import argparse
import csv
import json
import os
import re
import sqlite3
import sys

GENERATED_AT = "2026-01-01T00:00:00Z"
PLACEHOLDER_PRICE_ORE = 1000

# Raw comparison units, lower-cased without "kr/", to the schema's units.
# GRM, MLT and H87 are UN/ECE Recommendation 20 codes (gram, millilitre,
# piece); the stores quote those prices per kg, per litre and per piece.
UNITS = {
    "kg": "kg", "grm": "kg", "g": "kg", "gram": "kg",
    "gram ungefärlig vikt": "kg", "hg": None,
    "l": "l", "mlt": "l", "ml": "l", "ltr": "l",
    "st": "st", "h87": "st", "pce": "st", "styck": "st",
}


def normalise_unit(raw):
    """"kr/GRM" -> "kg", "kr/MLT" -> "l", "kr/H87" -> "st", "kr/" -> None."""
    if raw is None:
        return None
    unit = raw.strip()
    if unit.lower().startswith("kr/"):
        unit = unit[3:]
    return UNITS.get(unit.strip().lower())


def parse_kronor(value):
    """Kronor as a number or Swedish text ("81,67 kr", "1 234,50") -> öre, or None."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        amount = float(value)
    else:
        text = str(value).strip().lower().replace("\u00a0", "").replace(" ", "")
        text = re.sub(r"(kr|:-|sek)$", "", text).replace(",", ".")
        if not text or text in ("null", "undefined"):
            return None
        try:
            amount = float(text)
        except ValueError:
            return None
    if amount <= 0:
        return None
    return int(round(amount * 100))


def clean(text, max_chars):
    if text is None:
        return None
    text = re.sub(r"\s+", " ", str(text)).strip()
    return text[:max_chars] if text else None


def slug_id(prefix, value):
    return prefix + re.sub(r"[^A-Za-z0-9._-]+", "-", str(value)).strip("-")[:60]


def product(pid, name, category, price_ore, brand=None, size=None, comparison=None,
            offer=None, sold_by=None, labels=None, origin=None):
    item = {"id": pid, "name": name, "category": category, "price_ore": price_ore}
    if brand:
        item["brand"] = brand
    if size:
        item["size"] = size[:40]
    if sold_by == "weight":
        item["sold_by"] = "weight"
    if comparison is not None:
        item["comparison"] = comparison
    if labels:
        item["labels"] = labels
    if origin:
        item["origin"] = origin[:80]
    if offer is not None:
        item["offer"] = offer
    return item


def comparison_of(price, unit):
    ore = parse_kronor(price)
    unit = normalise_unit(unit)
    if ore is None or unit is None:
        return None
    return {"price_ore": ore, "unit": unit}


def document(supplier, name, categories, products):
    return {
        "format": "handla-catalogue",
        "version": 1,
        "supplier": {"id": supplier, "name": name},
        "generated_at": GENERATED_AT,
        "credit": "Test data only: " + name + ". Never ship or show.",
        "categories": categories,
        "products": products,
    }


# ---- matpriser-2020: MariaDB dumps ----------------------------------------

def mysql_rows(path, table):
    """The rows of the INSERT statements for `table` in a mysqldump file."""
    db = sqlite3.connect(":memory:")
    created = False
    with open(path, encoding="utf-8") as dump:
        for line in dump:
            if not line.startswith("INSERT INTO `%s` VALUES" % table):
                continue
            if not created:
                first = line[line.index("(") + 1:]
                # Count the columns of the first row by letting SQLite parse it.
                probe = sqlite3.connect(":memory:")
                row = probe.execute("SELECT " + first[:first.index("),(")]
                                    .replace("\\'", "''")).fetchone()
                probe.close()
                columns = ", ".join("c%d" % i for i in range(len(row)))
                db.execute("CREATE TABLE t (%s)" % columns)
                created = True
            values = line[line.index(" VALUES ") + 8:].rstrip().rstrip(";")
            db.execute("INSERT INTO t VALUES " + values.replace("\\'", "''"))
    if not created:
        return []
    return db.execute("SELECT * FROM t ORDER BY c0").fetchall()


def convert_matpriser(folder):
    main = {r[0]: r[1] for r in mysql_rows(os.path.join(folder, "mat_pris_maincategory.sql"),
                                           "maincategory")}
    sub = {r[0]: r[1] for r in mysql_rows(os.path.join(folder, "mat_pris_subcategory.sql"),
                                          "subcategory")}
    categories = {}
    products = []
    for row in mysql_rows(os.path.join(folder, "mat_pris_product.sql"), "product"):
        (pid, name, store_id, main_id, sub_id, brand, _photo, is_eco, unit, compare_unit,
         price_per_unit, price_per_item, country, is_country, _url, _modified, _article,
         promotion_type, promotion_price, promotion_label, _active, _store_url) = row
        name = clean(name, 200)
        price = parse_kronor(price_per_item)
        if name is None or price is None:
            continue
        if sub_id is not None and sub_id in sub:
            cid, cname = "mp-%s-%s" % (main_id, sub_id), sub[sub_id]
        else:
            cid, cname = "mp-%s" % main_id, main.get(main_id, "Övrigt")
        categories.setdefault(cid, {"id": cid, "name": clean(cname, 80)})
        brand = clean(brand, 100)
        origin = clean(country, 80) if is_country == 1 else None
        if brand is not None and brand.startswith("Kl "):
            brand = None  # Coop's loose produce: "Kl 1. Sverige" is class and origin
        offer = None
        promo = parse_kronor(promotion_price)
        if promotion_type is not None and promo is not None and promo < price:
            offer = {"price_ore": promo, "text": clean(promotion_label, 80) or "Erbjudande"}
        products.append(product(
            "mp-%s" % pid, name, cid, price, brand=brand,
            comparison=comparison_of(price_per_unit, compare_unit),
            sold_by="weight" if (unit or "").lower() == "kr/kg" else None,
            labels=["organic"] if is_eco == 1 else None,
            offer=offer, origin=origin))
    return document("matpriser-2020", "Matpriser 2020 (Coop, Hemköp, Willys)",
                    list(categories.values()), products)


# ---- willysapp-2023: SQLite ---------------------------------------------

def willys_category(url):
    path = re.sub(r"^.*?/c/", "", url.strip().rstrip(","))
    path = path.split("?", 1)[0].strip("/")
    last = path.split("/")[-1].strip("-") or path
    return slug_id("wl-", path.replace("/", ".")), last.replace("-", " ").capitalize()


BRAND_SIZE_RE = re.compile(r"^(.*?),\s*(.*)$")


def convert_willys(folder):
    with open(os.path.join(folder, "lista.txt"), encoding="utf-8") as listing:
        urls = [line for line in listing if line.strip()]
    db = sqlite3.connect("file:%s?mode=ro&immutable=1" % os.path.join(folder, "willys.db"),
                         uri=True)
    categories = {}
    products = []
    for (pid, name, price, savings, compare_price, compare_unit, brand_weight,
         sort_order) in db.execute("SELECT id, name, price, savings, compare_price, compare_unit,"
                                   " brand_weight, sortOrder FROM test ORDER BY id"):
        name = clean(name, 200)
        price = parse_kronor(price)
        if name is None or price is None or sort_order is None or sort_order >= len(urls):
            continue
        cid, cname = willys_category(urls[sort_order])
        categories.setdefault(cid, {"id": cid, "name": cname})
        brand, size = None, None
        if brand_weight:
            match = BRAND_SIZE_RE.match(brand_weight)
            if match:
                brand, size = clean(match.group(1), 100), clean(match.group(2), 40)
            else:
                brand = clean(brand_weight, 100)
        saved = parse_kronor(savings)
        offer = None
        if saved is not None:
            # The scraped price is what the shop showed, the offer price.
            offer = {"price_ore": price, "text": "Erbjudande"}
            price += saved
        products.append(product(
            "wl-%s" % pid, name, cid, price, brand=brand, size=size,
            comparison=comparison_of(compare_price, compare_unit), offer=offer))
    db.close()
    return document("willysapp-2023", "Willys 2023", list(categories.values()), products)


# ---- livsmedelsverket-2022: CSV -----------------------------------------

def convert_livsmedelsverket(folder):
    categories = {}
    products = []
    with open(os.path.join(folder, "LivsmedelsDB.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Livsmedelsnamn")
    for row in rows[header + 1:]:
        if len(row) < 3 or not row[0].strip():
            continue
        name, number, group = clean(row[0], 200), row[1].strip(), clean(row[2], 80)
        cid = slug_id("lv-", group.lower())
        categories.setdefault(cid, {"id": cid, "name": group})
        products.append(product("lv-%s" % number, name, cid, PLACEHOLDER_PRICE_ORE))
    return document("livsmedelsverket-2022",
                    "Livsmedelsverkets livsmedelsdatabas 2022 (CC BY 4.0)",
                    list(categories.values()), products)


CONVERTERS = {
    "matpriser-2020": convert_matpriser,
    "willysapp-2023": convert_willys,
    "livsmedelsverket-2022": convert_livsmedelsverket,
}


def self_test():
    cases = [
        (normalise_unit("kr/kg"), "kg"), (normalise_unit("kr/GRM"), "kg"),
        (normalise_unit("kr/KG"), "kg"), (normalise_unit("kr/G"), "kg"),
        (normalise_unit("kr/gram ungefärlig vikt"), "kg"),
        (normalise_unit("kr/MLT"), "l"), (normalise_unit("kr/ML"), "l"),
        (normalise_unit("kr/L"), "l"), (normalise_unit("l"), "l"),
        (normalise_unit("kr/H87"), "st"), (normalise_unit("kr/ST"), "st"),
        (normalise_unit("kr/st"), "st"), (normalise_unit("kr/"), None),
        (normalise_unit("kr/undefined"), None), (normalise_unit("kr/tvätt"), None),
        (normalise_unit(""), None), (normalise_unit(None), None),
        (parse_kronor("81,67 kr"), 8167), (parse_kronor("23,00 kr"), 2300),
        (parse_kronor("1 234,50 kr"), 123450), (parse_kronor(19.95), 1995),
        (parse_kronor("4.9"), 490), (parse_kronor(""), None), (parse_kronor(0), None),
        (parse_kronor("kr"), None),
        (comparison_of("2,33 kr", "l"), {"price_ore": 233, "unit": "l"}),
        (comparison_of(74.88, "kr/GRM"), {"price_ore": 7488, "unit": "kg"}),
        (comparison_of(57.7, "kr/"), None),
        (willys_category("https://www.willys.se/c/mejeri-ost-och-agg/ost?size=100&page=0,"),
         ("wl-mejeri-ost-och-agg.ost", "Ost")),
    ]
    failed = 0
    for number, (got, expected) in enumerate(cases, 1):
        if got != expected:
            print("case %d: got %r, expected %r" % (number, got, expected))
            failed += 1
    print("%d passed, %d failed" % (len(cases) - failed, failed))
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("dataset", nargs="?", help="a folder of ../shared/catalogue-data")
    parser.add_argument("--output", help="the catalogue document to write (default: stdout)")
    parser.add_argument("--self-test", action="store_true", help="check the unit parsing")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    if args.dataset is None:
        parser.error("name a dataset folder")
    kind = os.path.basename(os.path.normpath(args.dataset))
    if kind not in CONVERTERS:
        parser.error("unknown dataset %r (known: %s)" % (kind, ", ".join(CONVERTERS)))
    doc = CONVERTERS[kind](args.dataset)
    text = json.dumps(doc, ensure_ascii=False, indent=None, separators=(",", ":"))
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
