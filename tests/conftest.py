"""Shared fixtures: real database files built from the real registries."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from monitor import config
from monitor.auth import User
from monitor.db import connect
from monitor.registry import Registry, load_registry, write_registry

# The backend trusts the User it is given (the page or command logged it in); tests act as one.
TEST_ADMIN = User("test", "administrator")
TEST_REDAKTOR = User("test", "redaktør")


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry(config.REGISTRY_DIR)


@pytest.fixture(scope="session")
def registry_db_file(tmp_path_factory: pytest.TempPathFactory, registry: Registry) -> Path:
    """A database with the registries loaded and no observations (built once)."""
    path = tmp_path_factory.mktemp("registry") / "registry.duckdb"
    with connect(path) as conn:
        write_registry(conn, registry, TEST_ADMIN)
    return path


@pytest.fixture
def registry_db(registry_db_file: Path, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A private copy of the registry database, open; closed after the test."""
    path = tmp_path / "db.duckdb"
    shutil.copy(registry_db_file, path)
    conn = connect(path)
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once through the real ETL exactly as `make run` builds it."""
    from etl.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path)
    return path


@pytest.fixture
def demo_db_copy(demo_db_file: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database for tests that write."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_file, path)
    return path
