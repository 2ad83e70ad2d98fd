"""One LocalCluster of two single-threaded worker processes, shared by the Dask tests."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def dask_client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        yield client


def snapshot(url: str) -> dict[str, list[dict]]:
    """Every row of every table of a store, timestamps left out: what two runs must agree on."""
    from sitreps.store import open_store
    from sitreps.store.db import TABLES

    out = {}
    with open_store(url) as store:
        for table in TABLES:
            rows = store._all(f"SELECT * FROM {table} ORDER BY id")
            out[table] = [{k: v for k, v in r.items() if not k.endswith("_at")} for r in rows]
    return out
