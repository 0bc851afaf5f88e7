"""Every `kg` example in docs/*.md runs, and where a page shows the output, kg prints exactly
that (the README's examples: tests/test_api.py). Examples that need something a test cannot
have are listed below with the reason, so that a new example is never skipped silently."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

from .conftest import README_SKIPPED, REPO, readme_commands

DOCS = sorted((REPO / "docs").glob("*.md"))

# programs other than kg that the guides show (servers and tools the reader runs by hand; the
# remote-store path is tested against a real Oxigraph server in tests/test_remote.py)
OTHER_PROGRAMS = {"curl", "sudo", "export", "oxigraph", "isql", "isql-vt", "virtuoso-t", "cp", "python",
                  "printf", "echo", "ss", "mkdir", "cd"}
# kg examples that cannot run in a test, by the reason
NEEDS_A_SERVER = "runs against (or is) a SPARQL server the reader starts: tests/test_remote.py and tests/test_server.py"
READERS_FILES = "names the reader's own files (placeholders)"
# (page, command) -> why: examples about data the reader adds by following the guide
READERS_DATA = {("adding-facts.md", 'kg control "Example Town"'):
                "looks at the place the reader adds with the guide's templates (tests/test_import.py adds one)"}
# A kg example that is also a README command, word for word, with no output shown, is the same
# command on the same data (a copy of the bundled store, the earlier example that writes its input
# run first): tests/test_api.py::test_every_readme_command_runs runs it (`kg build`, the README's
# `kg extract ... -o candidates.csv` and its dry run), so it is not run twice.
IN_THE_README = set(readme_commands()) - set(README_SKIPPED)


def examples(path: Path) -> list[tuple[int, str, str]]:
    """(line, command, expected output) of each `$ ...` line in the page's console blocks;
    continuation lines (ending in a backslash) are joined."""
    found = []
    text = path.read_text(encoding="utf-8")
    for block in re.findall(r"```console\n(.*?)```", text, re.DOTALL):
        if "$ " not in block:  # a block of bare commands, no output shown
            lines = block.replace("\\\n", " ").splitlines()  # continuation lines joined
            for line in lines:
                if line.startswith("kg "):
                    at = text[: text.index(line.split(" \\")[0][:40])].count("\n") + 1
                    found.append((at, re.sub(r"\s+#\s.*$", "", re.sub(r"\s+", " ", line)).strip(), ""))
    lines = text.splitlines()
    inside, i = False, 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            inside = line.strip() == "```console"
            i += 1
            continue
        if inside and line.startswith("$ "):
            start, command = i + 1, line[2:]
            while command.endswith("\\") and i + 1 < len(lines):
                i += 1
                command = command[:-1] + " " + lines[i].strip()
            output = []
            while i + 1 < len(lines) and not lines[i + 1].startswith(("$ ", "```")):
                i += 1
                output.append(lines[i])
            found.append((start, re.sub(r"\s+#\s.*$", "", command).strip(), "\n".join(output)))
        i += 1
    return found


def _program(command: str) -> str:
    return command.split()[0]


def _cases() -> list:
    """The kg examples (the others are checked by test_the_other_programs_are_known)."""
    cases = []
    for page in DOCS:
        for line, command, output in examples(page):
            if _program(command) == "kg" and not (command in IN_THE_README and not output.strip()):
                cases.append(pytest.param(page, command, output, id=f"{page.name}:{line}"))
    return cases


def test_the_other_programs_the_docs_run_are_known():
    """An example that is not kg runs a tool we expect (a server, a shell built-in): a new kind
    of example is never left out of the kg examples silently."""
    others = {_program(c) for page in DOCS for _, c, _ in examples(page) if _program(c) != "kg"}
    assert others, "the guides show the servers' own commands"
    assert {p for p in others if p not in OTHER_PROGRAMS and "=" not in p} == set()


def test_the_examples_left_to_the_readme_test_are_its_commands():
    """The examples the README test runs for this one: each word for word a README command it
    runs, shown without output, its input (if any) written by an example that is one too."""
    left = [(page, command) for page in DOCS for _, command, output in examples(page)
            if command in IN_THE_README and not output.strip()]
    assert left, "the guides repeat README commands (kg build at least)"
    for page, command in left:
        for word in shlex.split(command):
            producer = [c for _, c, _ in examples(page) if f"-o {word}" in c]
            assert all(c in IN_THE_README for c in producer), f"{page.name}: {command} reads {word} from {producer}"


def _skip_reason(words: list[str]) -> str | None:
    store = words[words.index("--store") + 1] if "--store" in words else ""
    if "serve" in words or store.startswith("http"):
        return NEEDS_A_SERVER
    return None


@pytest.mark.parametrize("page,command,output", _cases())
def test_every_kg_example_in_the_docs_runs(page, command, output, disk_store, tmp_path, monkeypatch):
    words = shlex.split(command)
    reason = _skip_reason(words) or READERS_DATA.get((page.name, command))
    if reason:
        pytest.skip(reason)
    args = words[1:]
    if "--store" not in args:
        shutil.copytree(Path(disk_store.split(":", 1)[1]), tmp_path / "s")
        args = ["--store", f"oxigraph:{tmp_path / 's'}", *args]
    elif args[args.index("--store") + 1].startswith("oxigraph:"):
        where = args.index("--store") + 1
        args[where] = f"oxigraph:{tmp_path / 'own'}"  # a scratch store in place of the reader's path
        if "build" not in args and "load" not in args:
            shutil.copytree(Path(disk_store.split(":", 1)[1]), tmp_path / "own")
    monkeypatch.chdir(tmp_path)
    for name in ("examples", "seeds"):  # the repository's files, as from its root
        (tmp_path / name).symlink_to(REPO / name)
    for i, word in enumerate(args):
        if args[i - 1] in ("-o", "--output"):
            args[i] = str(tmp_path / Path(word).name)  # outputs go to the scratch directory
            continue
        if re.search(r"\.(nt|ttl|nq|jsonld|csv|xml|txt)$", word) and not Path(word).exists():
            producer = next((other for _, other, _ in examples(page) if f"-o {word}" in other), None)
            if producer is None:
                pytest.skip(READERS_FILES)
            # an earlier example on the page writes it: run that one first, as the reader did
            earlier = [w if w != word else str(tmp_path / word) for w in shlex.split(producer)[1:]]
            produced = CliRunner().invoke(cli, [*args[:2], *earlier])
            assert produced.exit_code == 0, produced.output
    result = CliRunner().invoke(cli, args, env={"COLUMNS": "80"}, catch_exceptions=False)
    assert result.exit_code == 0, f"{page.name}: {command}\n{result.output}"
    if output.strip() and result.stdout.strip():  # data on stdout: exactly as the page shows it
        assert result.stdout.rstrip("\n") == output.rstrip("\n"), f"{page.name}: {command}"
    elif output.strip():  # messages on stderr: each line the page shows is among them
        shown = result.output.splitlines()
        assert [line for line in output.splitlines() if line not in shown] == [], f"{page.name}: {command}"


def test_the_python_examples_in_the_docs_run(tmp_path, monkeypatch):
    """docs/views.md's example runs as shown (docs/serving.md's talks to a running server)."""
    monkeypatch.chdir(tmp_path)
    text = (REPO / "docs" / "views.md").read_text(encoding="utf-8")
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "docs/views.md", "exec"), {})  # noqa: S102 - our own documented example
    assert (tmp_path / "nusra.html").read_text(encoding="utf-8").lower().startswith("<!doctype html>")
    assert (tmp_path / "nusra.graphml").stat().st_size > 0
