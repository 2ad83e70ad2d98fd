"""The web app: a map, timeline and table of events, a page per event with the reports behind it,
and situation reports, over a JSON API with an OpenAPI description.

    from sitreps.web import serve
    serve("sitreps.db")              # http://127.0.0.1:8000/

Needs the `web` extra (fastapi, uvicorn). The pages load nothing from the network: Leaflet and the
Natural Earth basemap are bundled. A raster tile URL (`tile_url`, or $SITREPS_TILES) adds tiles under
the basemap for online users.
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


#: Environment through which `serve(workers=N)` hands its settings to the worker processes.
_ENV_DB, _ENV_TILE = "SITREPS_SERVE_DB", "SITREPS_SERVE_TILE_URL"


def app_from_env():
    """The app over the store named by $SITREPS_SERVE_DB: what each worker process builds."""
    import os

    return create_app(os.environ[_ENV_DB], tile_url=os.environ.get(_ENV_TILE) or None)


def serve(db_url: str, host: str = "127.0.0.1", port: int = 8000, tile_url: Optional[str] = None,
          log_level: str = "info", workers: int = 1) -> None:
    """Serve the app over the store at `db_url` until interrupted. Binds to localhost unless told
    otherwise: the API has no authentication. `workers` > 1 runs that many processes (uvicorn's
    supervisor) on one port: reads scale with cores, each process with its own store connections."""
    import os

    import uvicorn

    if workers <= 1:
        uvicorn.run(create_app(db_url, tile_url=tile_url), host=host, port=port, log_level=log_level)
        return
    os.environ[_ENV_DB] = db_url
    os.environ[_ENV_TILE] = tile_url or ""
    uvicorn.run("sitreps.web:app_from_env", factory=True, workers=workers, host=host, port=port,
                log_level=log_level)
