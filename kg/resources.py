"""Where the bundled data lives: the one module that knows.

In a source checkout (or an editable install) ``ontology/``, ``seeds/`` and ``queries/`` sit
at the top of the repository; in a wheel they are installed as ``kg/bundled/...``. The map's
basemap, the gazetteer's tables and the Syrian subsets of the real datasets
(``kg/data/datasets/``) live in ``kg/data/`` in both.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["BASEMAP", "DATASETS", "GAZETTEER", "basemap_file", "build_fingerprint", "data_dir", "dataset_files",
           "fingerprint", "gazetteer_files", "ontology_files", "queries_dir", "seed_files", "shapes_file"]

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The directory of bundled data called ``name`` (ontology, seeds or queries)."""
    for candidate in (_PACKAGE.parent / name, _PACKAGE / "bundled" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled data directory {name!r} not found next to {_PACKAGE}")


BASEMAP = "natural_earth_50m_countries_syria_region.geojson"


def basemap_file() -> Path:
    """The map view's basemap: Natural Earth 1:50m country outlines of Syria and its
    neighbours (public domain), shipped in ``kg/data/`` with its ``.source.txt``."""
    return _PACKAGE / "data" / BASEMAP


GAZETTEER = "geonames_syria_region.tsv"


def gazetteer_files() -> tuple[Path, Path, Path]:
    """kg.gazetteer's tables: the places of Syria and its neighbours, their first-level
    divisions, and the note saying where they come from (GeoNames, CC BY 4.0), in ``kg/data/``."""
    places = _PACKAGE / "data" / GAZETTEER
    return places, places.with_name(GAZETTEER.removesuffix(".tsv") + "_admin1.tsv"), places.with_name(GAZETTEER + ".source.txt")


# The datasets a build imports after the seeds, in this order (the importer of each: kg.importers.*):
# Syrian subsets cut from the real files by scripts/cut_datasets.py, each with its .source.txt.
DATASETS = (
    ("ucdp", "ucdp_actor_v22_1_syria.csv"),
    ("un", "un_sc_consolidated_list_2018-10-29_syria.xml"),
    ("wikidata", "wikidata_terrorism_candidates_syria_subset.csv"),
)


def dataset_files() -> list[tuple[str, Path]]:
    """(importer, file) of each bundled dataset, in the order the build imports them."""
    return [(kind, _PACKAGE / "data" / "datasets" / name) for kind, name in DATASETS]


def ontology_files() -> list[Path]:
    """The ontology's Turtle files (not the shapes)."""
    return sorted(p for p in data_dir("ontology").glob("*.ttl") if p.name != "shapes.ttl")


def shapes_file() -> Path:
    return data_dir("ontology") / "shapes.ttl"


def seed_files(directory: Path | None = None) -> list[Path]:
    """The seed Turtle files, in a stable order."""
    return sorted((directory or data_dir("seeds")).glob("*.ttl"))


def queries_dir() -> Path:
    return data_dir("queries")


def fingerprint(paths: list[Path]) -> str:
    """A hash of the files' names and bytes: a store built from them records it.

    The files are taken in the order of their directory's name and their own, never of their
    full path: a source checkout (``seeds/``, ``kg/data/``) and an installed wheel
    (``kg/bundled/seeds/``, ``kg/data/``) sort their directories differently, and the two must
    agree on the same bytes, or a store built by one would look stale to the other."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: (p.parent.name, p.name)):
        digest.update(path.name.encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def build_fingerprint(seed_paths: list[Path] | None = None) -> str:
    """The fingerprint of what a build reads: ontology, shapes, derivation rules and the seed
    files (default: the bundled ones, with the bundled datasets). A store built from the
    bundled data records it."""
    bundled = seed_files() + [path for _, path in dataset_files()]
    inputs = ontology_files() + [shapes_file()] + (bundled if seed_paths is None else list(seed_paths))
    return fingerprint(inputs + sorted((queries_dir() / "derive").glob("*.rq")))
