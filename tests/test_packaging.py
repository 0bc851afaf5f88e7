"""The wheel ships every package and the bundled data (a plain `pip install .` must work)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import tomllib

REPO = Path(__file__).resolve().parent.parent


def test_every_python_package_is_listed_for_the_wheel():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {
        ".".join(path.parent.relative_to(REPO).parts)
        for path in (REPO / "kg").rglob("__init__.py")
    }
    assert on_disk <= listed


def test_bundled_data_directories_are_mapped_with_their_files():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    for package, directory in config["package-dir"].items():
        patterns = config["package-data"][package]
        files = [p for pattern in patterns for p in (REPO / directory).glob(pattern)]
        assert files, f"{directory} ships no files"
    shipped = {d for d in config["package-dir"].values()}
    assert {"ontology", "seeds", "queries", "queries/checks", "queries/derive"} == shipped


def test_the_extraction_dictionary_ships_in_the_wheel():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    assert "kg.extract" in setuptools["packages"]
    shipped = [p for pattern in setuptools["package-data"]["kg.extract"] for p in (REPO / "kg" / "extract").glob(pattern)]
    assert REPO / "kg" / "extract" / "patterns.toml" in shipped
    tomllib.loads((REPO / "kg" / "extract" / "patterns.toml").read_text(encoding="utf-8"))  # it parses
    assert any(d.startswith("tomli") for d in config["project"]["dependencies"])  # Python 3.10 reads it too
def test_the_basemap_ships_with_its_source_note():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = config["package-data"]["kg"]
    shipped = {p.name for pattern in patterns for p in (REPO / "kg").glob(pattern)}
    from kg.resources import BASEMAP, basemap_file

    assert {BASEMAP, BASEMAP + ".source.txt"} <= shipped
    assert basemap_file().is_file() and "Natural Earth" in (basemap_file().parent / (BASEMAP + ".source.txt")).read_text()


def test_the_bundled_datasets_ship_with_their_source_notes():
    """Each dataset the build imports is matched by the package data, with its .source.txt
    (origin, licence, attribution, how the subset was cut)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    shipped = {p for pattern in config["package-data"]["kg"] for p in (REPO / "kg").glob(pattern)}
    from kg.resources import dataset_files

    for _, path in dataset_files():
        note = path.with_name(path.name + ".source.txt")
        assert {path, note} <= shipped, f"{path.name} or its source note is not in the wheel's package data"
        text = note.read_text(encoding="utf-8")
        assert "Licence:" in text and "Attribution" in text and "scripts/cut_datasets.py" in text


def _lay_out(root: Path, paths: list[Path], wheel: bool) -> list[Path]:
    """Copies of the files a build reads, as a source checkout (``seeds/``, ``kg/data/``) or an
    installed wheel (``kg/bundled/seeds/``, ``kg/data/``) lays them out."""
    import shutil

    copies = []
    for path in paths:
        parts = [path.parent.name] if path.parent.name != "derive" else ["queries", "derive"]
        if path.parent.name == "datasets":
            parts = ["kg", "data", "datasets"]
        elif wheel:
            parts = ["kg", "bundled", *parts]
        target = root.joinpath(*parts, path.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        copies.append(target)
    return copies


def test_the_build_fingerprint_is_the_same_in_a_checkout_and_an_installed_wheel(tmp_path):
    """A store built by the checkout's kg (as the tests do) must not look stale to the installed
    `kg` (as the CLI runs): the same bytes give the same fingerprint whatever the layout."""
    from kg import resources

    read = (resources.ontology_files() + [resources.shapes_file()] + resources.seed_files()
            + [path for _, path in resources.dataset_files()]
            + sorted((resources.queries_dir() / "derive").glob("*.rq")))
    checkout = _lay_out(tmp_path / "checkout", read, wheel=False)
    wheel = _lay_out(tmp_path / "site-packages", read, wheel=True)
    assert resources.fingerprint(checkout) == resources.fingerprint(wheel) == resources.build_fingerprint()
    wheel[0].write_bytes(wheel[0].read_bytes() + b"\n")  # a changed file is still seen
    assert resources.fingerprint(wheel) != resources.build_fingerprint()


def test_the_wheel_builds_without_a_c_compiler(tmp_path):
    """kg's one C module (kg._ntscan) is optional: with no working compiler the wheel still
    builds, without it (kg load then reads every line with pyoxigraph's parser)."""
    source = tmp_path / "kg"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(REPO / name, source / name)
    for folder in ("kg", "ontology", "seeds", "queries"):
        shutil.copytree(REPO / folder, source / folder, ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CC": "/bin/false", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "wheel"),
                           str(source)], check=False, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = (tmp_path / "wheel").glob("kg-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "kg/loaded.py" in names and "kg/_ntscan.pyi" in names
    assert not [n for n in names if n.startswith("kg/_ntscan") and n.endswith((".so", ".pyd"))]
