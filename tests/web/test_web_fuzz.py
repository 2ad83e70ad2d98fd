"""The web API under Hypothesis: no parameter value, id or shape gets an HTTP 500, and every
response, errors included, carries the security headers."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

#: Any text a client can put in a URL: every code point but lone surrogates (no client can encode
#: them; their raw bytes are tried in `test_api_invalid_utf8_in_the_query_is_4xx_not_500`).
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)

PARAM_VALUES = st.one_of(ANY_TEXT.filter(lambda s: "\x00" not in s), st.integers().map(str),
                         st.sampled_from(["2016-13-01", "01/11/2016", "-1", "1e309", "NaN", "9" * 40, "",
                                          "1,2,3,4", "181,91,-181,-91", "Syria", "%00", "../../etc"]))
ENDPOINTS = ["/api/events", "/api/facets", "/api/timeline", "/api/clusters", "/api/figures", "/api/contradictions"]
PARAMS = ["date_from", "date_to", "country", "admin1", "event_type", "actor", "text", "bbox", "limit", "offset",
          "sort", "zoom", "interval", "event_id", "kind", "place"]
HEADERS = ("content-security-policy", "x-content-type-options")


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from sitreps.store import open_store
    from sitreps.web import create_app
    from web_fakes import fill

    url = str(tmp_path_factory.mktemp("fuzzweb") / "web.db")
    with open_store(url) as s:
        fill(s)
    with TestClient(create_app(url), raise_server_exceptions=False) as c:
        yield c


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(ENDPOINTS), st.dictionaries(st.sampled_from(PARAMS), PARAM_VALUES, max_size=4))
def test_api_never_answers_500_and_always_sends_security_headers(fuzz_client, endpoint, params):
    r = fuzz_client.get(endpoint, params=params)
    assert r.status_code < 500, (endpoint, params, r.text[:300])
    assert all(h in r.headers for h in HEADERS)


@settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["/api/events/", "/api/articles/", "/events/"]),
       st.one_of(st.integers(), st.text(max_size=30)))
def test_api_ids_of_any_size_or_shape_are_4xx_not_500(fuzz_client, prefix, ident):
    from urllib.parse import quote
    r = fuzz_client.get(prefix + quote(str(ident), safe=""))
    assert r.status_code < 500, (prefix, ident, r.text[:300])
    assert all(h in r.headers for h in HEADERS)


@pytest.mark.parametrize("query", ["date_from=%ED%A0%80", "text=%FF%FE", "country=%C0%80", "actor=%E2%82", "bbox=%00"])
def test_api_invalid_utf8_in_the_query_is_4xx_not_500(fuzz_client, query):
    for endpoint in ENDPOINTS:
        r = fuzz_client.get(f"{endpoint}?{query}")
        assert r.status_code < 500, (endpoint, query, r.text[:300])
        assert all(h in r.headers for h in HEADERS)


def test_a_bug_in_an_endpoint_is_a_500_with_a_message_and_the_security_headers(tmp_path):
    from fastapi.testclient import TestClient

    from sitreps.web import create_app

    app = create_app(str(tmp_path / "empty.db"))

    @app.get("/api/broken")
    def broken() -> dict:
        raise RuntimeError("a bug")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/broken")
        ok = c.get("/api/events")
    assert r.status_code == 500 and r.json() == {"detail": "internal error"}
    assert "a bug" not in r.text
    for h in HEADERS:
        assert h in r.headers and h in ok.headers
