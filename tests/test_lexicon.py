"""The domain data in sitreps/data, tested as data."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from importlib import resources

import pytest

from sitreps import lexicon

DATA = resources.files("sitreps.data")

ACLED_SUB_EVENT_TYPES = {
    "Armed clash", "Government regains territory", "Non-state actor overtakes territory",
    "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade",
    "Sexual violence", "Attack", "Abduction/forced disappearance",
    "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
    "Violent demonstration", "Mob violence",
    "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory",
    "Other",
}


@pytest.mark.parametrize("name", ["taxonomy.json", "triggers.json", "actors.json", "counts.json"])
def test_data_json_file_loads(name):
    assert isinstance(json.loads(DATA.joinpath(name).read_text(encoding="utf-8")), dict)


def test_taxonomy_has_six_event_types():
    assert len(lexicon.taxonomy()) == 6


def test_taxonomy_has_exactly_acled_25_sub_event_types():
    subs = [s for d in lexicon.taxonomy().values() for s in d["sub_event_types"]]
    assert len(subs) == 25 and set(subs) == ACLED_SUB_EVENT_TYPES


def test_taxonomy_every_event_type_has_a_disorder_type():
    assert all(d.get("disorder_type") for d in lexicon.taxonomy().values())


def test_triggers_instrument_sub_event_types_are_acled():
    assert set(lexicon.triggers()["instruments"]) <= set(lexicon.sub_event_types())


def test_triggers_instrument_priority_covers_every_instrument():
    lex = lexicon.triggers()
    assert sorted(lex["instrument_priority"]) == sorted(lex["instruments"])


def test_triggers_every_sub_event_type_named_anywhere_is_acled():
    named = set()

    def walk(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "sub_event_type" and isinstance(v, str):
                    named.add(v)
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
    walk(lexicon.triggers())
    assert named <= set(lexicon.sub_event_types())


def test_triggers_phrase_lists_are_nonempty_lowercase_strings():
    lex = lexicon.triggers()
    bad = [(k, p) for k, v in lex.items() if isinstance(v, list) and k != "instrument_priority"
           for p in v if not isinstance(p, str) or not p.strip() or p != p.lower()]
    bad += [(k, p) for k, v in lex["instruments"].items() for p in v if not p.strip() or p != p.lower()]
    assert bad == []


def test_actors_every_group_has_name_inter_and_aliases():
    bad = [g for g in lexicon.actors()["groups"]
           if not g.get("name") or not isinstance(g.get("inter"), int) or not 1 <= g["inter"] <= 8
           or not g.get("aliases")]
    assert bad == []


def test_actors_every_generic_class_has_name_inter_and_nouns():
    bad = [g for g in lexicon.actors()["generic"]
           if not g.get("name") or not 1 <= int(g.get("inter", 0)) <= 8 or not g.get("nouns")]
    assert bad == []


def test_actors_no_alias_names_two_groups_unless_country_restricted():
    # a shared alias is allowed when all but one of its groups are restricted to countries that do not overlap
    owners = defaultdict(dict)
    for g in lexicon.actors()["groups"]:
        for a in g["aliases"]:
            owners[a.lower()].setdefault(g["name"], set()).update(g.get("countries", []) or {"*"})
    clashes = {}
    for alias, groups in owners.items():
        if len(groups) < 2:
            continue
        scopes = list(groups.values())
        unrestricted = sum("*" in s for s in scopes)
        restricted = [s for s in scopes if "*" not in s]
        overlap = any(a & b for i, a in enumerate(restricted) for b in restricted[i + 1:])
        if unrestricted > 1 or overlap:
            clashes[alias] = sorted(groups)
    assert clashes == {}


def test_actors_group_countries_are_known_codes():
    codes = set(lexicon.country_by_code())
    bad = [(g["name"], c) for g in lexicon.actors()["groups"] for c in g.get("countries", []) if c not in codes]
    assert bad == []


def test_countries_codes_are_two_capital_letters():
    bad = [c for c in lexicon.countries() if not re.fullmatch(r"[A-Z]{2}", c.iso2)]
    assert bad == []


def test_countries_no_duplicate_code():
    codes = [c.iso2 for c in lexicon.countries()]
    assert len(codes) == len(set(codes))


def test_countries_every_row_has_a_name():
    assert all(c.name for c in lexicon.countries())


def test_country_words_maps_demonym_to_country():
    assert lexicon.country_words()["syrian"].iso2 == "SY"


def test_sub_event_types_maps_each_sub_type_to_its_event_type():
    assert lexicon.sub_event_types()["Remote explosive/landmine/IED"] == \
        "Explosions/Remote violence"


def test_counts_roles_are_the_casualty_roles_in_checking_order():
    from sitreps.extract.count_roles import CASUALTY_ROLES
    assert sorted(lexicon.count_words()["roles"]) == sorted(CASUALTY_ROLES)
    assert list(lexicon.count_words()["roles"])[:4] == ["missing", "abducted", "arrested", "displaced"]


def test_counts_word_lists_are_lowercase_and_sides_do_not_overlap():
    d = lexicon.count_words()
    lists = [*d["roles"].values(), *d["sides"].values(), d["person_nouns"], d["not_person_nouns"], d["furniture"]]
    assert all(w == w.lower() and w.strip() for words in lists for w in words)
    sides = list(d["sides"].values())
    assert not any(set(a) & set(b) for i, a in enumerate(sides) for b in sides[i + 1:])
    assert not set(d["not_person_nouns"]) & (set(d["person_nouns"]) | {w for s in sides for w in s})


def test_actors_dictionary_covers_at_least_400_named_groups_across_regions():
    groups = lexicon.actors()["groups"]
    assert len(groups) >= 400
    assert all(1 <= int(g["inter"]) <= 8 for g in groups)
    entries = [(g["name"], tuple(g.get("countries") or ())) for g in groups]
    assert len(entries) == len(set(entries))  # a group may have a second entry only for other countries
    assert len({g["name"] for g in groups}) >= 400


def test_actors_coalitions_and_foreign_forces_are_named():
    aliases = {a.lower() for g in lexicon.actors()["groups"] for a in g["aliases"]}
    assert {"saudi-led coalition", "us-led coalition", "nato", "africa corps"} <= aliases


def test_actors_short_mixed_case_aliases_match_only_as_written():
    from sitreps.extract.actors import is_case_sensitive
    assert is_case_sensitive("LeT") and is_case_sensitive("IS") and not is_case_sensitive("Taliban")
