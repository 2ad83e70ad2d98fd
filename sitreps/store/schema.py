"""The store's schema as numbered migrations, one list of statements each.

`{pk}` is the dialect's auto-numbered primary key. Statements under "sqlite" or
"postgresql" run only there (full-text search). A migration is applied once, in
the same transaction that records its version in `schema_migrations`.
"""
from __future__ import annotations

MIGRATIONS: list[tuple[int, dict[str, list[str]]]] = [
    (1, {
        "common": [
            """CREATE TABLE articles (
                id {pk},
                content_hash TEXT NOT NULL UNIQUE,
                doc_id TEXT NOT NULL,
                title TEXT,
                text TEXT NOT NULL,
                published TEXT,
                url TEXT,
                source TEXT,
                origin TEXT,
                ingested_at TEXT NOT NULL
            )""",
            "CREATE INDEX articles_published ON articles (published)",
            """CREATE TABLE events (
                id {pk},
                event_date TEXT,
                time_precision INTEGER,
                event_type TEXT NOT NULL,
                sub_event_type TEXT,
                actor1 TEXT,
                inter1 INTEGER,
                actor2 TEXT,
                inter2 INTEGER,
                assoc_actor_1 TEXT,
                assoc_actor_2 TEXT,
                country TEXT,
                admin1 TEXT,
                admin2 TEXT,
                location TEXT,
                latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION,
                geo_precision INTEGER,
                geonameid BIGINT,
                stance TEXT NOT NULL,
                n_reports INTEGER NOT NULL,
                n_sources INTEGER NOT NULL,
                sources TEXT NOT NULL,
                first_reported TEXT,
                fatalities_low INTEGER NOT NULL,
                fatalities_best INTEGER NOT NULL,
                fatalities_high INTEGER NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX events_type_date ON events (event_type, event_date)",
            "CREATE INDEX events_date ON events (event_date)",
            "CREATE INDEX events_lat_lon ON events (latitude, longitude)",
            "CREATE INDEX events_country ON events (country)",
            """CREATE TABLE mentions (
                id {pk},
                article_id BIGINT NOT NULL REFERENCES articles (id),
                idx INTEGER NOT NULL,
                event_id BIGINT REFERENCES events (id),
                event_date TEXT,
                time_precision INTEGER,
                event_type TEXT NOT NULL,
                sub_event_type TEXT,
                actor1 TEXT,
                inter1 INTEGER,
                actor2 TEXT,
                inter2 INTEGER,
                assoc_actor_1 TEXT,
                assoc_actor_2 TEXT,
                country TEXT,
                admin1 TEXT,
                admin2 TEXT,
                location TEXT,
                latitude DOUBLE PRECISION,
                longitude DOUBLE PRECISION,
                geo_precision INTEGER,
                geonameid BIGINT,
                fatalities INTEGER NOT NULL,
                fatalities_high INTEGER,
                injuries INTEGER,
                sources TEXT NOT NULL,
                stance TEXT NOT NULL,
                evidence TEXT NOT NULL,
                evidence_start INTEGER,
                evidence_end INTEGER,
                date_text TEXT,
                place_text TEXT,
                notes TEXT NOT NULL,
                UNIQUE (article_id, idx)
            )""",
            "CREATE INDEX mentions_event ON mentions (event_id)",
            """CREATE TABLE figures (
                id {pk},
                article_id BIGINT NOT NULL REFERENCES articles (id),
                idx INTEGER NOT NULL,
                kind TEXT NOT NULL,
                value DOUBLE PRECISION NOT NULL,
                qualifier TEXT NOT NULL,
                value_high DOUBLE PRECISION,
                subject TEXT NOT NULL,
                place TEXT,
                period_start TEXT,
                period_end TEXT,
                sources TEXT NOT NULL,
                evidence TEXT NOT NULL,
                evidence_start INTEGER,
                evidence_end INTEGER,
                UNIQUE (article_id, idx)
            )""",
            """CREATE TABLE contradictions (
                id {pk},
                about TEXT NOT NULL,
                kind TEXT NOT NULL,
                origin TEXT NOT NULL,
                article_id BIGINT REFERENCES articles (id),
                event_id BIGINT REFERENCES events (id)
            )""",
            "CREATE INDEX contradictions_event ON contradictions (event_id)",
            """CREATE TABLE claims (
                id {pk},
                contradiction_id BIGINT NOT NULL REFERENCES contradictions (id),
                source TEXT NOT NULL,
                stance TEXT,
                value DOUBLE PRECISION,
                evidence TEXT NOT NULL,
                article_id BIGINT REFERENCES articles (id)
            )""",
            "CREATE INDEX claims_contradiction ON claims (contradiction_id)",
            """CREATE TABLE rejections (
                id {pk},
                origin TEXT NOT NULL,
                reason TEXT NOT NULL,
                content_hash TEXT,
                created_at TEXT NOT NULL,
                UNIQUE (origin, reason)
            )""",
        ],
        "sqlite": [
            "CREATE VIRTUAL TABLE articles_fts USING fts5(body, content='', tokenize='porter unicode61')",
            "CREATE VIRTUAL TABLE mentions_fts USING fts5(body, content='', tokenize='porter unicode61')",
        ],
        "postgresql": [
            """ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS
               (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED""",
            "CREATE INDEX articles_tsv ON articles USING GIN (tsv)",
            """ALTER TABLE mentions ADD COLUMN tsv tsvector GENERATED ALWAYS AS
               (to_tsvector('english', evidence)) STORED""",
            "CREATE INDEX mentions_tsv ON mentions USING GIN (tsv)",
        ],
    }),
    (2, {
        "common": [
            # how sure the linker was when it joined a mention to its event, and why (JSON list)
            "ALTER TABLE mentions ADD COLUMN link_score DOUBLE PRECISION",
            "ALTER TABLE mentions ADD COLUMN link_reasons TEXT",
        ],
    }),
    (3, {
        "common": [
            # The filters match case-insensitively (LOWER(column) = LOWER(?)), which the plain
            # indexes cannot serve; these can, and keep the newest-first order of a page as well.
            "CREATE INDEX events_country_lower ON events (LOWER(country), event_date)",
            "CREATE INDEX events_admin1_lower ON events (LOWER(admin1), event_date)",
            "CREATE INDEX events_type_lower ON events (LOWER(event_type), event_date)",
            "CREATE INDEX events_country_type_lower ON events (LOWER(country), LOWER(event_type), event_date)",
        ],
    }),
]

LATEST = MIGRATIONS[-1][0]


def statements(version_stmts: dict[str, list[str]], dialect_name: str, pk: str) -> list[str]:
    """The statements of one migration for one dialect, in order."""
    return [s.replace("{pk}", pk) for s in version_stmts["common"] + version_stmts.get(dialect_name, [])]
