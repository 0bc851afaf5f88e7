"""Shell completion (click's ``_KG_COMPLETE``), as bash asks for it from the real ``kg``: actor
and place names from the store's name index, query names for `kg query`, and nothing (never a
traceback) when the store cannot answer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def complete(words: str, store: str | None = None, shell: str = "bash") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    if store is not None:
        env["KG_STORE"] = store
    parts = words.split(" ")
    env.update(_KG_COMPLETE=f"{shell}_complete", COMP_WORDS=words, COMP_CWORD=str(len(parts) - 1))
    return subprocess.run([sys.executable, "-c", "from kg.cli import main; main()"], capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def offered(done: subprocess.CompletedProcess[str]) -> list[str]:
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return [line.split(",", 1)[1] for line in done.stdout.splitlines() if line]


def resolve(store: str, name: str):
    import kg

    return kg.open(store).search(name, limit=1).matches[0]


def test_places_complete_for_kg_control(disk_store):
    names = offered(complete("kg control Idl", disk_store))
    assert "Idlib" in names and "Idlib Governorate" in names
    assert all(n.lower().startswith("idl") for n in names)
    for name in names:
        assert resolve(disk_store, name).kind in {"city", "governorate", "country", "military airport",
                                                  "military base"}, name


def test_actors_complete_for_kg_path_and_names_for_kg_ties(disk_store):
    assert "Jaish al-Fath" in offered(complete("kg path Jaish", disk_store))
    assert offered(complete("kg path Idl", disk_store)) == []  # places are not actors
    assert "Idlib" in offered(complete("kg ties Idl", disk_store))  # kg ties takes a place too
    both = offered(complete(f"kg --store {disk_store} ties al-N"))  # --store on the line
    assert "al-Nusra Front" in both


def test_query_names_complete(disk_store):
    from kg.queries import list_queries

    expected = sorted(q.name for q in list_queries() if q.name.startswith("control"))
    assert len(expected) > 1
    assert sorted(offered(complete("kg query control", disk_store))) == expected


@pytest.mark.parametrize("store", ["oxigraph:/nonexistent/kg-store", "memory", "http://127.0.0.1:9/sparql"])
def test_a_store_that_cannot_answer_completes_nothing_quietly(store):
    assert offered(complete("kg ties Jai", store)) == []
