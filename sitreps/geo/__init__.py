"""Geography for sitreps: a GeoNames gazetteer, name normalization and event place choice.

    >>> from sitreps.geo import Gazetteer, normalize_name
    >>> gz = Gazetteer.default()
    >>> gz.resolve("Aleppo", countries=["SY"]).place.admin1
    'Aleppo'

The spaCy component lives in `sitreps.geo.ruler` and is registered only when
that module is imported (or `sitreps.geo.ruler.register()` is called).
"""
from .gazetteer import Candidate, Gazetteer, Place, default_path, haversine_km
from .names import normalize_name, skeleton

__all__ = ["Candidate", "Gazetteer", "Place", "default_path", "haversine_km", "normalize_name", "skeleton"]
