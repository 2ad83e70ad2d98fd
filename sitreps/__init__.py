"""sitreps: conflict news in; sourced, geocoded, ACLED-style event records out.

    from sitreps import Pipeline, read_paths, open_store
    pipeline = Pipeline()
    for item in read_paths(["news/"]):
        ...

Names are imported on first use, so `import sitreps` (and `sitreps --help`)
does not load spaCy, pandas or the store.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Pipeline": "sitreps.pipeline",
    "Article": "sitreps.records",
    "Event": "sitreps.records",
    "Figure": "sitreps.records",
    "Claim": "sitreps.records",
    "Contradiction": "sitreps.records",
    "Extraction": "sitreps.records",
    "Rejection": "sitreps.records",
    "read_paths": "sitreps.read",
    "open_store": "sitreps.store",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sitreps' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_EXPORTS))
