"""Merge actor-group files written by the team into sitreps/data/actors.json.

    python scripts/merge_actor_groups.py /work/labelling/actors/*.json

Files named *_extra_aliases.json add aliases to groups already in the dictionary; the others add
groups ({name, inter, aliases, countries, region, kind}, with `note` kept where a writer was
unsure). An entry already present (same name and countries) is not added twice. Prints what changed.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

DICTIONARY = Path("sitreps/data/actors.json")
KEEP = ("name", "inter", "aliases", "countries", "region", "kind", "note")


def main(paths: list[str]) -> None:
    data = json.loads(DICTIONARY.read_text(encoding="utf-8"))
    groups = data["groups"]
    by_name = {g["name"]: g for g in groups}
    keys = {(g["name"], tuple(g.get("countries") or ())) for g in groups}
    added = aliases = 0
    for p in sorted(paths, key=lambda x: "extra" in x):
        rows = json.loads(Path(p).read_text(encoding="utf-8"))
        for r in rows:
            if "extra" in Path(p).name:
                g = by_name.get(r["name"])
                if g is None:
                    print(f"{p}: no group named {r['name']!r}", file=sys.stderr)
                    continue
                new = [a for a in r["aliases"] if a.lower() not in {x.lower() for x in g["aliases"]}]
                g["aliases"].extend(new)
                aliases += len(new)
            elif (r["name"], tuple(r.get("countries") or ())) not in keys:
                # one group may have two entries: its plain aliases, and generic-sounding ones limited to countries
                g = {k: r[k] for k in KEEP if r.get(k) not in (None, "", [])}
                keys.add((g["name"], tuple(g.get("countries") or ())))
                if r.get("unsure") and "note" not in g:
                    g["note"] = "unsure"
                groups.append(g)
                by_name.setdefault(g["name"], g)
                added += 1
    DICTIONARY.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{added} groups added, {aliases} aliases added; {len(groups)} groups in all")


if __name__ == "__main__":
    main(sys.argv[1:])
