"""PostgreSQL's full-text index (tsvector + GIN) finds what SQLite's FTS5 finds, on the
same demo archive, for words, prefixes, phrases, references and accented names."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from csp_desktop.models import Person
from csp_desktop.services.demo import build_demo
from csp_desktop.services.search import search, ts_query
from csp_desktop.storage import Database, open_database

EVERYTHING = 100_000  # no limit: compare the whole sets, not the best 100


@pytest.fixture(scope="module")
def both_archives(
    tmp_path_factory: pytest.TempPathFactory, postgres_admin_url: str
) -> Iterator[tuple[Database, Database]]:
    from tests.engines import drop_postgres_database, new_postgres_database

    sqlite = open_database(tmp_path_factory.mktemp("search") / "demo.db")
    url = new_postgres_database(postgres_admin_url)
    postgresql = open_database(url)
    for database in (sqlite, postgresql):
        with database.transaction() as session:
            build_demo(session)
            # A name with accents, typed both ways by different people.
            session.add(Person(first_name="Zoë", last_name="Ruiz-Peña"))
    yield sqlite, postgresql
    sqlite.close()
    postgresql.close()
    drop_postgres_database(postgres_admin_url, url)


def _queries(database: Database) -> list[str]:
    """Words, prefixes, pairs and references drawn from the archive itself."""
    with database.session() as session:
        contents = session.execute(text("SELECT content FROM search_index")).scalars().all()
    words = sorted({w for c in contents for w in re.findall(r"[A-Za-z]{3,}", c)})
    references = sorted(
        {r for c in contents for r in re.findall(r"[A-Z]+-\d{4}-\d\d-\d\d-\d\d", c)}
    )
    queries = words[::9]
    queries += [w[:3] for w in words[5::31]]
    queries += [f"{a} {b}" for a, b in zip(words[::41], words[40::41], strict=False)]
    queries += references[::7] + [r[:8] for r in references[::25]]
    queries += ["zoe", "Zoë", "pena", "ruiz-peña", "anti-social behaviour", "knife crime", "MOPAC"]
    return queries


def _found(database: Database, query: str) -> set[tuple[str, int]]:
    with database.session() as session:
        return {(hit.kind, hit.ref_id) for hit in search(session, query, limit=EVERYTHING)}


def test_postgresql_finds_what_fts5_finds_on_the_demo_archive(
    both_archives: tuple[Database, Database],
) -> None:
    sqlite, postgresql = both_archives
    queries = _queries(sqlite)
    assert len(queries) > 100
    differing = {}
    hits = 0
    for query in queries:
        on_sqlite, on_postgresql = _found(sqlite, query), _found(postgresql, query)
        hits += len(on_sqlite)
        if on_sqlite != on_postgresql:
            differing[query] = (on_sqlite ^ on_postgresql, len(on_sqlite), len(on_postgresql))
    assert differing == {}
    assert hits > 1000  # the comparison compared something


def test_postgresql_uses_its_index(both_archives: tuple[Database, Database]) -> None:
    _, postgresql = both_archives
    with postgresql.session() as session:
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(
            session.execute(
                text(
                    "EXPLAIN SELECT ref_id FROM search_index "
                    "WHERE document @@ to_tsquery('simple', :query)"
                ),
                {"query": ts_query(["knife", "cri"])},
            ).scalars()
        )
    assert "ix_search_index_document" in plan


def test_query_folding_is_the_migrations() -> None:
    from importlib import import_module

    from csp_desktop.services.search import _accent_folding

    migration = import_module("csp_desktop.storage.migrations.versions.0002_search_index")
    assert _accent_folding() == str.maketrans(migration.ACCENTED, migration.PLAIN)


def test_query_words_fold_like_the_index() -> None:
    assert ts_query(["CSP-2022-10-05"]) == "(csp <-> 2022 <-> 10 <-> 05:*)"
    assert ts_query(["Zoë", "knife"]) == "(zoe:*) & (knife:*)"
    assert ts_query(["--"]) == ""


def test_a_new_person_is_found_at_once(both_archives: tuple[Database, Database]) -> None:
    _, postgresql = both_archives
    with postgresql.session() as session:  # closed without commit: nothing kept
        session.add(Person(first_name="Aoife", last_name="Ó Súilleabháin"))
        session.flush()
        found = [hit.title for hit in search(session, "suilleabhain")]
    assert found == ["Aoife Ó Súilleabháin"]
