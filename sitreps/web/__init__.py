"""The web app: a map, timeline and table of events, a page per event with the reports behind it,
and situation reports, over a JSON API with an OpenAPI description.

    from sitreps.web import serve
    serve("sitreps.db")              # http://127.0.0.1:8000/

Needs the `web` extra (fastapi, uvicorn). The pages load nothing from the network.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # pragma: no cover
    from fastapi import FastAPI

__all__ = ["create_app", "serve"]


def create_app(db_url: str, tile_url: Optional[str] = None) -> "FastAPI":
    """The FastAPI app over the store at `db_url` (see `sitreps.web.app.create_app`).

    Imported lazily so that `sitreps.web.queries`, which the report uses, needs no FastAPI."""
    from .app import create_app as _create_app

    return _create_app(db_url, tile_url=tile_url)


def serve(db_url: str, host: str = "127.0.0.1", port: int = 8000, tile_url: Optional[str] = None,
          log_level: str = "info") -> None:
    """Serve the app over the store at `db_url` until interrupted. Binds to localhost unless told
    otherwise: the API has no authentication."""
    import uvicorn

    uvicorn.run(create_app(db_url, tile_url=tile_url), host=host, port=port, log_level=log_level)
