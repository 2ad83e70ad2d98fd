"""One error hierarchy for sitreps. Library code raises these; only the CLI prints them."""


class SitrepsError(Exception):
    """Base class of every error sitreps raises on purpose."""


class InputError(SitrepsError):
    """An input could not be read as an article (missing, empty, binary, malformed, too large)."""


class UnsupportedLanguage(InputError):
    """The article is not in English, the only language the extractor reads."""


class ModelMissing(SitrepsError):
    """The spaCy model package is not installed."""


class GazetteerError(SitrepsError):
    """The gazetteer index is missing, stale or a dump file could not be imported."""


class StoreError(SitrepsError):
    """The event store could not be opened, migrated or written."""


class EvaluationError(SitrepsError):
    """A gold folder or prediction file is not in the SPEC.md format."""
