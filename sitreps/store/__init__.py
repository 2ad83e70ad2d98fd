"""The event store: SQLite by default, PostgreSQL for a postgresql:// URL, one API for both.

    from sitreps.store import open_store
    with open_store("events.db") as store:
        store.query_events(country="Syria", text="airstrike")
"""
from __future__ import annotations

import os
from typing import Optional

from .db import BatchResult, Store
from .dialect import DEFAULT_PATH, dialect_for

__all__ = ["open_store", "Store", "BatchResult", "DEFAULT_PATH"]


def open_store(url: Optional[str | os.PathLike] = None) -> Store:
    """Open (creating and migrating as needed) the store at `url`.

    None means `sitreps.db` in the working directory; a path or sqlite:///path a SQLite file;
    postgresql://... a PostgreSQL database. Raises StoreError when it cannot be opened or migrated.
    """
    url = os.fspath(url) if url is not None else DEFAULT_PATH
    return Store(url, dialect_for(url))
