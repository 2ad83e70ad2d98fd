"""Import GeoNames dump files a user downloaded into the gazetteer index.

Accepted files (plain or zipped): a country file or allCountries (19
tab-separated columns), alternateNamesV2, admin1CodesASCII.txt and
admin2Codes.txt. Populated places (P, including PPLX neighbourhoods) and
administrative units (A) become findable.
"""
from __future__ import annotations

import io
import json
import logging
import os
import sqlite3
import zipfile
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional

from ..errors import GazetteerError
from .build import KIND_ALTERNATE, KIND_PRIMARY, _keep_alternate, refresh_known, region_aliases
from .gazetteer import Gazetteer
from .names import ascii_name, normalize_name, skeleton

log = logging.getLogger(__name__)

_LEVEL_BY_CODE = {"PCLI": "country", "ADM1": "admin1", "ADM2": "admin2"}
_KEEP_CLASSES = frozenset({"P", "A"})


def _lines(path: Path) -> Iterator[str]:
    """Lines of a text file or of the .txt members of a zip file."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            for member in zf.namelist():
                if member.endswith(".txt") and not member.lower().startswith("readme"):
                    with zf.open(member) as fh:
                        yield from io.TextIOWrapper(fh, encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            yield from fh


def _kind(path: Path) -> str:
    name = path.name.lower()
    if name.startswith("admin1codes"):
        return "admin1"
    if name.startswith("admin2codes"):
        return "admin2"
    if name.startswith("alternatenames"):
        return "alternates"
    return "geonames"


def _import_admin_codes(con: sqlite3.Connection, lines: Iterable[str], level: str) -> int:
    """admin1CodesASCII / admin2Codes: 'CC.A1[.A2]<TAB>name<TAB>ascii name<TAB>geonameid'."""
    n = 0
    for line in lines:
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 4:
            continue
        codes = parts[0].split(".")
        asciiname = parts[2] or parts[1]
        if level == "admin1" and len(codes) == 2:
            cc, a1 = codes
            con.execute("UPDATE places SET admin1=? WHERE country_code=? AND admin1_code=?", (asciiname, cc, a1))
        elif level == "admin2" and len(codes) == 3:
            cc, a1, a2 = codes
            con.execute("UPDATE places SET admin2=? WHERE country_code=? AND admin1_code=? AND admin2_code=?",
                        (asciiname, cc, a1, a2))
        n += 1
    return n


def _row(parts: list[str]) -> Optional[tuple]:
    """A places row from the 19 columns of a GeoNames dump line, or None to skip it."""
    if len(parts) < 19 or parts[6] not in _KEEP_CLASSES:
        return None
    gid, name, asciiname, alts = int(parts[0]), parts[1], parts[2], parts[3]
    fclass, fcode, cc = parts[6], parts[7], parts[8]
    level = _LEVEL_BY_CODE.get(fcode, "place" if fclass == "P" else None)
    if level is None:
        return None
    pop = int(parts[14] or 0)
    return (gid, asciiname or ascii_name(name), fclass, fcode, cc, parts[10] or None, parts[11] or None,
            pop, float(parts[4]), float(parts[5]), level, name, alts.split(",") if alts else [])


def _import_geonames(con: sqlite3.Connection, lines: Iterable[str]) -> int:
    n = 0
    for line in lines:
        row = _row(line.rstrip("\n").split("\t"))
        if row is None:
            continue
        gid, name, fclass, fcode, cc, a1, a2, pop, lat, lon, level, raw_name, alts = row
        if level == "admin1":  # a real region row replaces the derived one
            con.execute("DELETE FROM names WHERE geonameid IN (SELECT geonameid FROM places WHERE level='admin1' "
                        "AND country_code=? AND admin1_code=? AND geonameid<0)", (cc, a1))
            con.execute("DELETE FROM places WHERE level='admin1' AND country_code=? AND admin1_code=? AND geonameid<0",
                        (cc, a1))
        found = con.execute("SELECT admin1 FROM places WHERE level='admin1' AND country_code=? AND admin1_code=?",
                            (cc, a1)).fetchone()
        admin1 = name if level == "admin1" else (found[0] if found else None)
        con.execute("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (gid, name, fclass, fcode, cc, a1, a2, admin1, None, pop, lat, lon, level, "import"))
        con.execute("DELETE FROM names WHERE geonameid=?", (gid,))
        seen = set()
        extra = region_aliases(name) if level == "admin1" else []
        for kind, names in ((KIND_PRIMARY, [raw_name, name]), (KIND_ALTERNATE, alts + extra)):
            for nm in names:
                if kind == KIND_ALTERNATE and not _keep_alternate(nm):
                    continue
                key = normalize_name(nm)
                if key and key not in seen:
                    seen.add(key)
                    con.execute("INSERT INTO names VALUES (?,?,?,?)", (key, skeleton(nm), gid, kind))
        n += 1
    return n


def _import_alternates(con: sqlite3.Connection, lines: Iterable[str]) -> int:
    """alternateNamesV2: id, geonameid, isolanguage, name, ... (only for places already indexed)."""
    ids = {r[0] for r in con.execute("SELECT geonameid FROM places")}
    n = 0
    for line in lines:
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 4 or not parts[1].isdigit():
            continue
        gid, lang, name = int(parts[1]), parts[2], parts[3]
        if gid not in ids or lang in ("link", "post", "iata", "icao", "faac", "wkdt", "unlc", "abbr") \
                or not _keep_alternate(name):
            continue
        key = normalize_name(name)
        if key and not con.execute("SELECT 1 FROM names WHERE norm=? AND geonameid=?", (key, gid)).fetchone():
            con.execute("INSERT INTO names VALUES (?,?,?,?)", (key, skeleton(name), gid, KIND_ALTERNATE))
            n += 1
    return n


def _with_bar(lines: Iterable[str], f: Path) -> Iterator[str]:
    """`lines`, advancing a bar of the file's bytes (a gzip file's bar counts uncompressed text)."""
    from ..progress import bar

    size = f.stat().st_size if not f.name.endswith((".gz", ".zip")) else None
    with bar(total=size, desc=f.name, unit="B", unit_scale=True, unit_divisor=1024) as b:
        for line in lines:
            b.update(len(line.encode("utf-8", "replace")) + 1)
            yield line


def import_files(paths: Iterable[os.PathLike | str], gazetteer: Gazetteer, progress: bool = True) -> dict[str, int]:
    """Stream GeoNames dump files into the gazetteer's index; returns rows imported per file.

    Admin code files are applied after the place files so region names land
    on the imported places. Raises GazetteerError for a missing or malformed file.
    """
    files = [Path(p) for p in paths]
    for f in files:
        if not f.exists():
            raise GazetteerError(f"no such file: {f}")
    order = {"geonames": 0, "alternates": 1, "admin1": 2, "admin2": 3}
    files.sort(key=lambda f: order[_kind(f)])
    counts: dict[str, int] = {}
    con = gazetteer._con
    with gazetteer._lock:
        try:
            for f in files:
                lines: Iterable[str] = _lines(f)
                if progress:
                    lines = _with_bar(lines, f)
                kind = _kind(f)
                if kind == "geonames":
                    counts[f.name] = _import_geonames(con, lines)
                elif kind == "alternates":
                    counts[f.name] = _import_alternates(con, lines)
                else:
                    counts[f.name] = _import_admin_codes(con, lines, kind)
            refresh_known(con)
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            imported = json.loads(meta.get("imported") or "[]") + [f.name for f in files]
            con.execute("INSERT OR REPLACE INTO meta VALUES ('imported', ?)", (json.dumps(imported),))
            con.commit()
            gazetteer.__dict__.pop("_memo", None)  # answers cached before the import may be stale
        except (sqlite3.Error, ValueError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
            con.rollback()
            raise GazetteerError(f"could not import {f}: {exc}") from exc
    gazetteer._known = None
    log.info("imported %s", counts)
    return counts


def gazetteer_info(gazetteer: Optional[Gazetteer] = None) -> dict[str, Any]:
    """What `sitreps gazetteer info` shows: the index's path, counts, source and imports."""
    return (gazetteer or Gazetteer.default()).info()


def format_info(info: dict[str, Any]) -> str:
    """A human-readable rendering of `gazetteer_info()` for the CLI."""
    lines = [f"index:    {info['path']} ({info['size_mb']} MB)",
             f"built:    {info['built']} from {info['source']} (schema {info['schema']})",
             f"places:   {info['places']} " + ", ".join(f"{k} {v}" for k, v in sorted(info['levels'].items())),
             f"names:    {info['names']}",
             f"imported: {', '.join(info['imported']) or 'nothing'}"]
    return "\n".join(lines)
