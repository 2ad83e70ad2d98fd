"""Hand-made extractions for the web and report tests: what the pipeline should find in a few
articles about the Aleppo offensive of late 2016, written for these tests (they mirror the seed
article's facts, not its gold file), plus an article carrying hostile markup.

Evidence offsets are computed from the text, as the pipeline records them.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sitreps.records import Article, Claim, Contradiction, Event, Extraction, Figure

ALEPPO = dict(country="Syria", admin1="Aleppo", location="Aleppo", latitude=36.2021, longitude=37.1343,
              geo_precision=2)

BROADCAST_TEXT = (
    "Government troops pressed deeper into the besieged east of Aleppo on Saturday, driving rebel "
    "fighters from several more districts.\n\n"
    "Syrian warplanes and artillery pounded opposition-held neighbourhoods in eastern Aleppo on Saturday, "
    "killing at least three people, opposition activists said.\n\n"
    "State media said government and allied forces had pushed a kilometre further into the rebel enclave.\n\n"
    "An army spokesman, Brigadier General Samir Suleiman, said the military had retaken 45 to 50 percent "
    "of east Aleppo.\n\n"
    "The UN estimated that more than 31,000 people have fled their homes since the advance began.\n\n"
    "More than 300 civilians have been killed in the area since the government resumed its offensive "
    "on November 15, according to activists.\n\n"
    "The Russian news agency Interfax quoted an unnamed Syrian military official as saying an L-39 jet "
    "was shot down near Aleppo and its crew was killed.\n\n"
    "The Syrian Observatory for Human Rights said two pilots were killed when rebels fired on the aircraft "
    "as it approached Aleppo airport.\n\n"
    "Asked about the downed plane, Suleiman said: \"We have no such information about such an incident.\"\n"
)

WIRE_TEXT = (
    "BEIRUT (Wire) - Air strikes hit the Bustan al-Qasr district of eastern Aleppo on Saturday, killing "
    "at least eight people, the Syrian Observatory for Human Rights said.\n\n"
    "Rebels shelled the government-held west of the city, state media reported, wounding several.\n\n"
    "In Idlib province, a strike on a market in Maarat al-Numan killed 12 people, rescuers said.\n"
)

VILLAGE_TEXT = (
    "Clashes broke out near Anadan, north-west of Aleppo, on Sunday between rebel factions and "
    "government forces, a monitor said. Four fighters were killed.\n"
)

HOSTILE_TEXT = (
    "Shelling hit Azaz on Tuesday <script>window.__pwned = 1</script> and "
    "<img src=x onerror=\"window.__pwned = 2\"> wounded five people, a local council said.\n"
)


def _event(text: str, evidence: str, **fields: Any) -> Event:
    start = text.index(evidence)
    return Event(evidence=evidence, evidence_start=start, evidence_end=start + len(evidence), **fields)


def _figure(text: str, evidence: str, **fields: Any) -> Figure:
    start = text.index(evidence)
    return Figure(evidence=evidence, evidence_start=start, evidence_end=start + len(evidence), **fields)


def broadcast() -> Extraction:
    """The Saturday round-up: strikes, the advance, figures and the contested jet."""
    t = BROADCAST_TEXT
    art = Article(id="broadcast-2016-12-03", text=t, title="Syrian forces push deeper into east Aleppo",
                  published=dt.date(2016, 12, 3), url="https://news.example/aleppo-advance",
                  source="Broadcaster News")
    events = [
        _event(t, "Syrian warplanes and artillery pounded opposition-held neighbourhoods in eastern Aleppo on "
                  "Saturday, killing at least three people",
               event_date="2016-12-03", time_precision=1, event_type="Explosions/Remote violence",
               sub_event_type="Air/drone strike", actor1="Military Forces of Syria", inter1=1,
               actor2="Civilians (Syria)", inter2=7, fatalities=3, sources=["opposition activists"],
               date_text="Saturday", place_text="eastern Aleppo", **ALEPPO),
        _event(t, "government and allied forces had pushed a kilometre further into the rebel enclave",
               event_date="2016-12-03", time_precision=1, event_type="Battles",
               sub_event_type="Government regains territory", actor1="Military Forces of Syria", inter1=1,
               actor2="Opposition Rebels (Syria)", inter2=2, sources=["Syrian state media"], **ALEPPO),
        _event(t, "an L-39 jet was shot down near Aleppo and its crew was killed",
               event_date="2016-12-03", time_precision=2, event_type="Battles", sub_event_type="Armed clash",
               actor1="Opposition Rebels (Syria)", inter1=2, actor2="Military Forces of Syria", inter2=1,
               fatalities=2, sources=["Interfax", "Syrian Observatory for Human Rights"], stance="denied",
               country="Syria", admin1="Aleppo", location="Aleppo International Airport",
               latitude=36.1807, longitude=37.2244, geo_precision=2),
    ]
    figures = [
        _figure(t, "the military had retaken 45 to 50 percent of east Aleppo", kind="territory_percent",
                value=45, value_high=50, qualifier="between", subject="east Aleppo retaken by the military",
                place="Aleppo", period_end="2016-12-03", sources=["Syrian army spokesman Samir Suleiman"]),
        _figure(t, "The UN estimated that more than 31,000 people have fled their homes", kind="displaced",
                value=31000, qualifier="more than", subject="people who fled their homes", place="Aleppo",
                period_end="2016-12-03", sources=["UN"]),
        _figure(t, "More than 300 civilians have been killed in the area", kind="killed", value=300,
                qualifier="more than", subject="civilians", place="Aleppo", period_start="2016-11-15",
                period_end="2016-12-03", sources=["activists"]),
    ]
    jet = Contradiction(about="L-39 jet shot down near Aleppo, crew killed", kind="stance", event_index=2, claims=[
        Claim(source="Interfax (unnamed Syrian military official)", stance="asserted",
              evidence="an L-39 jet was shot down near Aleppo and its crew was killed"),
        Claim(source="Syrian Observatory for Human Rights", stance="asserted", value=2,
              evidence="two pilots were killed when rebels fired on the aircraft"),
        Claim(source="Syrian army spokesman Samir Suleiman", stance="denied",
              evidence="We have no such information about such an incident."),
    ])
    return Extraction(article=art, events=[_with_id(e, art) for e in events], figures=figures,
                      contradictions=[jet])


def wire() -> Extraction:
    """A wire report of the same day: the strike with a higher toll (linked to the broadcaster's),
    rebel shelling, and a strike in Idlib (far outside a 30 km radius of Aleppo)."""
    t = WIRE_TEXT
    art = Article(id="wire-2016-12-03", text=t, title="Air strikes kill eight in east Aleppo, monitor says",
                  published=dt.date(2016, 12, 3), url="https://wire.example/aleppo-strikes", source="Wire")
    events = [
        _event(t, "Air strikes hit the Bustan al-Qasr district of eastern Aleppo on Saturday, killing at least "
                  "eight people",
               event_date="2016-12-03", time_precision=1, event_type="Explosions/Remote violence",
               sub_event_type="Air/drone strike", actor1="Military Forces of Syria", inter1=1,
               actor2="Civilians (Syria)", inter2=7, fatalities=8,
               sources=["Syrian Observatory for Human Rights"], country="Syria", admin1="Aleppo",
               location="Bustan al-Qasr", latitude=36.1942, longitude=37.1411, geo_precision=1),
        _event(t, "Rebels shelled the government-held west of the city",
               event_date="2016-12-03", time_precision=1, event_type="Explosions/Remote violence",
               sub_event_type="Shelling/artillery/missile attack", actor1="Opposition Rebels (Syria)", inter1=2,
               actor2="Civilians (Syria)", inter2=7, sources=["Syrian state media"], **ALEPPO),
        _event(t, "a strike on a market in Maarat al-Numan killed 12 people",
               event_date="2016-12-03", time_precision=1, event_type="Explosions/Remote violence",
               sub_event_type="Air/drone strike", actor1="Military Forces of Syria", inter1=1,
               actor2="Civilians (Syria)", inter2=7, fatalities=12, sources=["rescuers"], country="Syria",
               admin1="Idlib", location="Maarat al-Numan", latitude=35.6486, longitude=36.6716, geo_precision=1),
    ]
    return Extraction(article=art, events=[_with_id(e, art) for e in events])


def village() -> Extraction:
    """A clash in a town 13 km from Aleppo, named only by the town: in the report by distance."""
    t = VILLAGE_TEXT
    art = Article(id="monitor-2016-11-20", text=t, title="Clashes near Anadan", published=dt.date(2016, 11, 20),
                  source="Monitor")
    ev = _event(t, "Clashes broke out near Anadan, north-west of Aleppo, on Sunday between rebel factions and "
                   "government forces",
                event_date="2016-11-20", time_precision=1, event_type="Battles", sub_event_type="Armed clash",
                actor1="Military Forces of Syria", inter1=1, actor2="Opposition Rebels (Syria)", inter2=2,
                fatalities=4, sources=["a monitor"], country="Syria", admin1=None, location="Anadan",
                latitude=36.2934, longitude=37.0449, geo_precision=1)
    return Extraction(article=art, events=[_with_id(ev, art)])


def hostile() -> Extraction:
    """An article whose text, title and evidence carry markup that must never run."""
    t = HOSTILE_TEXT
    art = Article(id="hostile-1", text=t, title="Azaz <img src=x onerror=\"window.__pwned = 3\">",
                  published=dt.date(2016, 11, 29), source="<b>Council</b> media")
    ev = _event(t, "<img src=x onerror=\"window.__pwned = 2\"> wounded five people",
                event_date="2016-11-29", time_precision=1, event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack", actor1="Unidentified Armed Group (Syria)",
                inter1=3, actor2="Civilians (Syria)", inter2=7, injuries=5,
                sources=["<script>window.__pwned = 4</script>local council"], country="Syria", admin1="Aleppo",
                location="Azaz", latitude=36.5866, longitude=37.0463, geo_precision=1)
    return Extraction(article=art, events=[_with_id(ev, art)])


def _with_id(e: Event, art: Article) -> Event:
    e.article_id = art.id
    return e


def fill(store, with_hostile: bool = False) -> None:
    """The Aleppo articles above (and the hostile one when asked), in publication order."""
    for ext in (village(), wire(), broadcast()) + ((hostile(),) if with_hostile else ()):
        store.add(ext)


class FakeGazetteer:
    """Resolves the few names the tests use, as `sitreps.geo.Gazetteer.resolve` would."""

    def __init__(self) -> None:
        from sitreps.geo import Candidate, Place

        def place(gid, name, level, lat, lon, admin1=None):
            return Candidate(Place(gid, name, "P" if level == "place" else "A", "PPL", "SY", "Syria", admin1, None,
                                   None, 0, lat, lon, level), 0.9, name.lower())

        self.places = {
            "aleppo": place(170063, "Aleppo", "place", 36.20124, 37.16117, "Aleppo"),
            "syria": place(163843, "Syria", "country", 35.0, 38.0),
            "idlib governorate": place(169387, "Idlib", "admin1", 35.8, 36.6, "Idlib"),
        }

    def resolve(self, name: str, *args: Any, **kwargs: Any):
        return self.places.get(name.strip().lower())
