"""The rules, one bad-data file each: every file in tests/fixtures/bad/ breaks one rule and
must be refused for that reason, by that rule, on that resource, at that line.

Each bad file is loaded next to tests/fixtures/good/base.ttl (the least data that meets every
rule) and adds one thing that breaks one rule. Its comment header says what must happen:

    # expect: <a fragment of the message>        (required unless error: ParseError)
    # rule: <Violation.rule, exactly>
    # path: <Violation.path, as a CURIE>         (optional)
    # focus: <the resource at fault, as a CURIE> (its description starts in this file)
    # also: <another message fragment the same resource may also get>  (optional, repeatable)
    # check: <the queries/checks/*-violation.rq that must report it too> (optional; without it
    #        the data checks must find nothing)
    # error: ValidationFailed | ParseError       (optional: assemble() itself must raise)
    # error-line: <text on the line the parser must report>  (with error: ParseError)
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from kg.build import assemble
from kg.cli import cli
from kg.errors import ParseError, ValidationFailed
from kg.store import manifest, open_graph
from kg.validate import run_checks, validate

from .conftest import sample

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
BASE = FIXTURES / "good" / "base.ttl"
BAD_FILES = sorted((FIXTURES / "bad").glob("*.ttl"))

_HEADER = re.compile(r"^#\s*([\w-]+):\s*(.*?)\s*$")
_PREFIX = re.compile(r"^@prefix\s+([\w-]*):\s*<([^>]*)>\s*\.", re.IGNORECASE)
_KNOWN_KEYS = {"expect", "rule", "path", "focus", "also", "check", "error", "error-line"}


@dataclass
class Expectation:
    """What a bad fixture's header says must happen, with its CURIEs expanded."""

    file: Path
    expect: str | None = None
    rule: str | None = None
    path: URIRef | None = None
    focus: URIRef | None = None
    focus_curie: str | None = None
    also: list[str] = field(default_factory=list)
    check: str | None = None
    error: str | None = None
    error_line: str | None = None

    @property
    def relative(self) -> str:
        """The file as `kg` names it when run from the repository root."""
        return self.file.relative_to(ROOT).as_posix()

    def line_of_focus(self) -> int:
        """The line where the focus resource's description starts (a subject at column 0)."""
        assert self.focus_curie
        lines = [
            n
            for n, text in enumerate(_lines(self.file), 1)
            if text.startswith(self.focus_curie + " ")
        ]
        assert len(lines) == 1, (
            f"{self.file.name}: {self.focus_curie} must start exactly one description"
        )
        return lines[0]

    def marked_line(self) -> int:
        """The line holding the error-line marker (outside the header comments)."""
        assert self.error_line
        lines = [
            n
            for n, text in enumerate(_lines(self.file), 1)
            if self.error_line in text and not text.startswith("#")
        ]
        assert len(lines) == 1, (
            f"{self.file.name}: the marker {self.error_line!r} must be on one line"
        )
        return lines[0]

    def expected_line(self) -> int:
        return self.marked_line() if self.error == "ParseError" else self.line_of_focus()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def read_expectation(path: Path) -> Expectation:
    prefixes = {}
    for text in _lines(path):
        match = _PREFIX.match(text)
        if match:
            prefixes[match.group(1)] = match.group(2)

    def expand(curie: str) -> URIRef:
        name, sep, local = curie.partition(":")
        assert sep and name in prefixes, (
            f"{path.name}: {curie!r} is not a CURIE with a declared prefix"
        )
        return URIRef(prefixes[name] + local)

    found = Expectation(path)
    for text in _lines(path):
        if not text.startswith("#"):
            break  # the header is the leading comment block
        match = _HEADER.match(text)
        if not match or match.group(1) not in _KNOWN_KEYS:
            continue
        key, value = match.groups()
        if key == "also":
            found.also.append(value)
        elif key == "focus":
            found.focus, found.focus_curie = expand(value), value
        elif key == "path":
            found.path = expand(value)
        elif key == "error-line":
            found.error_line = value
        else:
            setattr(found, key, value)
    return found


EXPECTATIONS = [read_expectation(path) for path in BAD_FILES]
IDS = [e.file.stem for e in EXPECTATIONS]


def _same_file(shown: str, path: Path) -> bool:
    """A location's path (relative to the working directory, or absolute) names ``path``."""
    return Path(shown).resolve() == path.resolve()


# --- the fixtures themselves -------------------------------------------------------------


def test_there_is_a_bad_fixture_for_every_rule():
    numbers = {re.match(r"\d+", e.file.name).group() for e in EXPECTATIONS}  # type: ignore[union-attr]
    assert numbers == {f"{n:02d}" for n in range(1, 24)}


@pytest.mark.parametrize("expected", EXPECTATIONS, ids=IDS)
def test_bad_fixture_header_is_complete(expected: Expectation):
    assert expected.error in (None, "ValidationFailed", "ParseError"), expected.error
    if expected.error == "ParseError":
        assert expected.error_line, "a syntax-error fixture marks its bad line with error-line:"
        expected.marked_line()
        return
    assert expected.expect and expected.rule and expected.focus, "needs expect:, rule: and focus:"
    expected.line_of_focus()


def test_good_base_conforms_to_shapes_and_checks():
    assembled = assemble([BASE])
    report = validate(assembled.graph, assembled.sources)
    assert report.conforms, report.text
    assert report.violations == []
    checks = run_checks(assembled.graph, assembled.sources)
    assert checks.conforms, checks.text
    assert checks.violations == []


def test_good_base_validates_on_the_command_line(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["validate", str(BASE.relative_to(ROOT))])
    assert result.exit_code == 0, result.output
    assert "conforms: no violations" in result.output


# --- each bad file fails, for the reason it was written for -------------------------------


def _assert_is_the_expected_violation(violations, expected: Expectation) -> None:
    """Exactly one violation is the expected one; every other is about the same resource and
    one of the messages the header allows; all of them point at the focus line in the file."""
    shown = "\n".join(str(v) for v in violations)
    assert violations, f"{expected.file.name} passed, but should break: {expected.expect}"
    matching = [
        v
        for v in violations
        if v.focus == expected.focus
        and expected.expect in v.message
        and v.rule == expected.rule
        and (expected.path is None or v.path == expected.path)
    ]
    assert len(matching) == 1, (
        f"expected one [{expected.rule}] '{expected.expect}' on {expected.focus}, got:\n{shown}"
    )
    allowed = [expected.expect, *expected.also]
    for violation in violations:
        assert violation.focus == expected.focus, f"another resource breaks a rule too:\n{shown}"
        assert any(fragment in violation.message for fragment in allowed), (
            f"another rule is broken too:\n{shown}"
        )
    line = expected.line_of_focus()
    for violation in violations:
        assert violation.location is not None, f"no location for {violation}"
        assert _same_file(violation.location.path, expected.file), violation.location
        assert violation.location.line == line, f"{violation.location} should be line {line}"


@pytest.mark.parametrize("expected", EXPECTATIONS, ids=IDS)
def test_bad_fixture_fails_for_the_right_reason(expected: Expectation):
    files = [BASE, expected.file]
    if expected.error == "ParseError":
        with pytest.raises(ParseError) as raised:
            assemble(files)
        assert _same_file(raised.value.path, expected.file), raised.value.path
        assert raised.value.line == expected.marked_line(), str(raised.value)
        assert f":{expected.marked_line()}" in str(raised.value)
        return
    if expected.error == "ValidationFailed":
        with pytest.raises(ValidationFailed) as raised:
            assemble(files)
        _assert_is_the_expected_violation(raised.value.report.violations, expected)  # type: ignore[attr-defined]
        return

    assembled = assemble(files)
    report = validate(assembled.graph, assembled.sources)
    assert not report.conforms, (
        f"{expected.file.name} conforms, but should break: {expected.expect}"
    )
    _assert_is_the_expected_violation(report.violations, expected)

    checks = run_checks(assembled.graph, assembled.sources)
    if expected.check:
        assert {(v.rule, v.focus) for v in checks.violations} == {
            (expected.check, expected.focus)
        }, checks.text
        for violation in checks.violations:
            assert violation.location is not None
            assert _same_file(violation.location.path, expected.file)
            assert violation.location.line == expected.line_of_focus()
    else:
        assert checks.conforms, checks.text


# --- the command line ---------------------------------------------------------------------


# Every bad file is checked in depth through the API above. On the command line each is
# validated with the base (its message, rule and line as kg prints them); the file alone, and kg
# build's refusal of it (the same validation, then the store left as it was: one code path
# whatever the rule), take a fixed quarter of the files by default, every file under
# KG_FULL_TESTS=1 (conftest.sample).
VALIDATE_CASES = [pytest.param(e, True, id=f"{e.file.stem}-with-base") for e in EXPECTATIONS] + [
    pytest.param(e, False, id=f"{e.file.stem}-alone") for e in sample(EXPECTATIONS, 0.25)]
BUILD_CASES = [pytest.param(e, id=e.file.stem) for e in sample(EXPECTATIONS, 0.25)]


@pytest.mark.parametrize("expected,with_base", VALIDATE_CASES)
def test_kg_validate_lists_the_bad_file_and_line(
    expected: Expectation, with_base: bool, monkeypatch
):
    monkeypatch.chdir(ROOT)  # so kg names the files as tests/fixtures/...
    args = ["validate"] + ([str(BASE.relative_to(ROOT))] if with_base else []) + [expected.relative]
    result = CliRunner().invoke(cli, args)
    where = f"{expected.relative}:{expected.expected_line()}"
    if expected.error == "ParseError":
        assert result.exit_code == 2, result.output
    else:
        assert result.exit_code == 1, result.output
        if with_base:
            assert expected.expect in result.output, result.output  # type: ignore[operator]
            if expected.rule:
                assert f"[{expected.rule}]" in result.output, result.output
    assert where in result.output, result.output


def test_kg_validate_json_gives_rule_focus_and_location(monkeypatch):
    import json

    monkeypatch.chdir(ROOT)
    expected = next(e for e in EXPECTATIONS if e.file.name.startswith("13-"))
    result = CliRunner().invoke(
        cli, ["validate", "--format", "json", str(BASE.relative_to(ROOT)), expected.relative]
    )
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["conforms"] is False
    [violation] = data["violations"]
    assert violation["focus"] == str(expected.focus)
    assert violation["rule"] == expected.rule
    assert expected.expect in violation["message"]
    assert violation["location"] == f"{expected.relative}:{expected.line_of_focus()}"


@pytest.fixture(scope="module")
def good_store(tmp_path_factory) -> Path:
    """An on-disk store built from the good base alone."""
    seeds = tmp_path_factory.mktemp("good-seeds")
    shutil.copy(BASE, seeds / BASE.name)
    path = tmp_path_factory.mktemp("store") / "kg"
    result = CliRunner().invoke(
        cli, ["--store", f"oxigraph:{path}", "build", "--seeds", str(seeds)]
    )
    assert result.exit_code == 0, result.output
    return path


def _store_state(path: Path) -> tuple[str, int, int, list[str]]:
    info = manifest(path)
    assert info is not None
    graph = open_graph(f"oxigraph:{path}")
    try:
        count = len(graph)
    finally:
        graph.close()
    return info["generation"], info["triples"], count, sorted(p.name for p in path.iterdir())


@pytest.mark.parametrize("expected", BUILD_CASES)
def test_kg_build_refuses_the_bad_file_and_leaves_the_store_as_it_was(
    expected: Expectation, good_store, tmp_path
):
    before = _store_state(good_store)
    assert before[1] == before[2] > 0
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(BASE, seeds / BASE.name)
    shutil.copy(expected.file, seeds / expected.file.name)

    result = CliRunner().invoke(
        cli, ["--store", f"oxigraph:{good_store}", "build", "--seeds", str(seeds)]
    )

    assert result.exit_code == (2 if expected.error == "ParseError" else 1), result.output
    shown = (seeds / expected.file.name).resolve()
    assert f"{shown}:{expected.expected_line()}" in result.output, result.output
    if expected.error != "ParseError":
        assert expected.expect in result.output, result.output  # type: ignore[operator]
    assert _store_state(good_store) == before


def test_kg_build_of_a_syntax_error_exits_2_naming_file_and_line(good_store, tmp_path):
    expected = next(e for e in EXPECTATIONS if e.error == "ParseError")
    before = _store_state(good_store)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(expected.file, seeds / expected.file.name)
    result = CliRunner().invoke(
        cli, ["--store", f"oxigraph:{good_store}", "build", "--seeds", str(seeds)]
    )
    assert result.exit_code == 2, result.output
    assert f"{(seeds / expected.file.name).resolve()}:{expected.marked_line()}" in result.stderr
    assert _store_state(good_store) == before
