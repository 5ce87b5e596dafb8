"""Public data only, escaped everywhere, strict headers, limits, CORS, and never a 500."""

from __future__ import annotations

import html
import urllib.parse

import httpx
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kontakt._serving import ServingState
from kontakt.web import WebSettings
from support.paths import SOLSJO_FILE
from support.webserver import running_web

HIDDEN = ("olle-dold", "Olle Dold", "0980-31 92 92", "+46980319292", "+46 980 31 92 92")
HIDDEN_NUMBER = ("070-174 06 91", "+46701740691", "70 174 06 91")


@pytest.mark.parametrize(
    "path",
    [
        "/?q=olle dold",
        "/?q=hemlig utredning",
        "/?q=0980319292",
        "/svar?q=olle dold",
        "/?q=vera lind",
        "/kontakt/vera-lind",
        "/kontakt/vera-lind.vcf",
        "/api/search?q=olle&limit=50",
        "/api/search?q=vera lind",
        "/api/search?q=0701740691",
        "/api/contacts/vera-lind",
    ],
)
def test_hidden_entries_and_numbers_reach_no_response(hostile: httpx.Client, path: str) -> None:
    body = hostile.get(path).text
    for secret in (*HIDDEN, *HIDDEN_NUMBER):
        assert secret not in body


@pytest.mark.parametrize(
    "path", ["/kontakt/olle-dold", "/kontakt/olle-dold.vcf", "/api/contacts/olle-dold"]
)
def test_a_hidden_entry_answers_404_like_an_unknown_one(hostile: httpx.Client, path: str) -> None:
    assert hostile.get(path).status_code == 404


def test_markup_in_the_data_is_shown_as_text(hostile: httpx.Client) -> None:
    for path in ("/kontakt/vera-lind", "/kontakt/simhallen", "/?q=vera lind", "/?q=simhall"):
        page = hostile.get(path).text
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>fet" not in page
    page = hostile.get("/kontakt/vera-lind").text
    assert "Samordnare &lt;script&gt;alert(&#39;titel&#39;)&lt;/script&gt;" in page
    assert "Kultur &amp; fritid &lt;b&gt;fet&lt;/b&gt;" in page
    page = hostile.get("/kontakt/simhallen").text
    assert 'href="https://solsjo.example/simhallen?a=1&amp;b=&lt;2&gt;"' in page


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "{{ 7*7 }} {% raw %}",
        "</textarea><svg onload=alert(1)>",
    ],
)
def test_markup_in_a_question_is_echoed_as_text(web: httpx.Client, query: str) -> None:
    for path in ("/", "/svar"):
        response = web.get(path, params={"q": query})
        assert response.status_code == 200
        assert html.escape(query) in response.text
        assert "<script>alert" not in response.text and "<img src" not in response.text
        assert "<svg" not in response.text and "49" not in response.text


def test_a_ten_thousand_character_question_is_cut_or_refused_cleanly(web: httpx.Client) -> None:
    page = web.get("/", params={"q": "bygglov " * 1250})
    assert page.status_code == 200
    assert "Frågan var lång, så jag läste bara början." in page.text
    assert "bygglov " * 40 not in page.text
    api = web.get("/api/search", params={"q": "bygglov " * 1250})
    assert api.status_code == 400
    # 60,000 characters once encoded: cut like the rest, or refused by the server, never a crash.
    huge = web.get("/", params={"q": "ö" * 10_000})
    assert huge.status_code == 200 or 400 <= huge.status_code < 500
    if huge.status_code == 200:
        assert "Frågan var lång, så jag läste bara början." in huge.text


@pytest.mark.parametrize(
    "path",
    [
        "/kontakt/..%2F..%2Fetc%2Fpasswd",
        "/kontakt/../../etc/passwd",
        "/kontakt/%2e%2e/%2e%2e/pyproject.toml",
        "/kontakt/..%2F_app.py.vcf",
        "/static/../_app.py",
        "/static/..%2F_app.py",
        "/static/%2e%2e/templates/base.html",
        "/kontakt/%00",
        "/kontakt/" + "a" * 5000,
    ],
)
def test_path_tricks_get_a_clean_404(web: httpx.Client, path: str) -> None:
    response = web.get(path)
    assert response.status_code == 404
    assert "Traceback" not in response.text and "import " not in response.text


def test_every_response_has_the_security_headers_and_no_cookie(web: httpx.Client) -> None:
    for path in ("/", "/?q=bygglov", "/kontakt/bygglov", "/api/search?q=x", "/nope", "/healthz"):
        headers = web.get(path).headers
        assert headers["content-security-policy"] == (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
        )
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "set-cookie" not in headers
        assert "server" not in headers


def test_pages_hold_no_inline_script_or_style(web: httpx.Client) -> None:
    page = web.get("/", params={"q": "bygglov"}).text
    assert page.count("<script") == 1
    assert '<script src="/static/kontakt.js" defer></script>' in page
    assert "<style" not in page and " style=" not in page and " on" + "click" not in page


def test_cors_answers_only_listed_origins_and_only_on_the_api() -> None:
    settings = WebSettings(
        data=SOLSJO_FILE, searches_per_minute=0, cors_origins=("https://www.solsjo.example",)
    )
    with running_web(SOLSJO_FILE, settings) as client:
        listed = {"origin": "https://www.solsjo.example"}
        api = client.get("/api/search", params={"q": "bygglov"}, headers=listed)
        assert api.headers["access-control-allow-origin"] == "https://www.solsjo.example"
        other = client.get(
            "/api/search", params={"q": "bygglov"}, headers={"origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in other.headers
        page = client.get("/", params={"q": "bygglov"}, headers=listed)
        assert "access-control-allow-origin" not in page.headers
        preflight = client.options(
            "/api/search",
            headers={**listed, "access-control-request-method": "GET"},
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == "https://www.solsjo.example"


def test_without_listed_origins_the_api_sends_no_cors_header(web: httpx.Client) -> None:
    response = web.get("/api/search?q=bygglov", headers={"origin": "https://www.solsjo.example"})
    assert "access-control-allow-origin" not in response.headers


def test_searches_past_the_limit_get_429_with_retry_after() -> None:
    settings = WebSettings(data=SOLSJO_FILE, searches_per_minute=3)
    with running_web(SOLSJO_FILE, settings) as client:
        for _ in range(3):
            assert client.get("/api/search", params={"q": "bygglov"}).status_code == 200
        api = client.get("/api/search", params={"q": "bygglov"})
        assert api.status_code == 429
        assert 1 <= int(api.headers["retry-after"]) <= 60
        assert api.json() == {"error": "too many searches; try again later"}
        spec = client.get("/api/openapi.json").json()
        jsonschema.validate(
            api.json(), {"$ref": "#/components/schemas/Error", "components": spec["components"]}
        )
        page = client.get("/", params={"q": "bygglov"})
        assert page.status_code == 429
        assert "Du har ställt många frågor på kort tid." in page.text
        # Pages without a search and contact pages are not searches.
        assert client.get("/").status_code == 200
        assert client.get("/kontakt/bygglov").status_code == 200


class _Broken:
    """A conversation that fails at every question, as a bug would."""

    def __getattr__(self, name: str) -> object:
        raise RuntimeError("a bug with a secret path /srv/kontakt/data.yaml in its message")


def _break(state: ServingState) -> None:
    state.conversation = _Broken()  # type: ignore[assignment]


def test_a_failure_inside_the_app_is_a_plain_500_without_a_trace() -> None:
    with running_web(SOLSJO_FILE, prepare=_break) as client:
        page = client.get("/", params={"q": "bygglov"})
        assert page.status_code == 500
        # Even the error page cannot be made here (it names the organisation): the text alone.
        assert page.text == "Något gick fel hos oss. Försök igen om en stund."
        api = client.get("/api/search", params={"q": "bygglov"})
        assert api.status_code == 500
        assert api.json() == {"error": "internal error"}
        for response in (page, api):
            assert "Traceback" not in response.text and "/srv/kontakt" not in response.text
            assert response.headers["x-content-type-options"] == "nosniff"


_PATHS = st.sampled_from(["/", "/svar", "/api/search", "/kontakt/", "/api/contacts/", "/x/"])
_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=_PATHS,
    text=_TEXT,
    limit=st.text(max_size=5),
    lang=st.from_regex(r"[a-zA-Z0-9;=,.*-]{0,12}", fullmatch=True),
)
def test_no_input_gets_a_500(
    web: httpx.Client, path: str, text: str, limit: str, lang: str
) -> None:
    params = {"q": text, "limit": limit, "lang": lang}
    if path.endswith("/") and path != "/":
        response = web.get(path + urllib.parse.quote(text, safe=""))
    else:
        response = web.get(path, params=params, headers={"accept-language": lang})
    assert response.status_code < 500


def test_a_listed_origin_can_read_how_long_to_wait() -> None:
    origin = "https://www.solsjo.example"
    settings = WebSettings(data=SOLSJO_FILE, searches_per_minute=1, cors_origins=(origin,))
    with running_web(SOLSJO_FILE, settings) as client:
        client.get("/api/search", params={"q": "bygglov"}, headers={"origin": origin})
        limited = client.get("/api/search", params={"q": "bygglov"}, headers={"origin": origin})
    assert limited.status_code == 429
    assert limited.headers["access-control-expose-headers"] == "Retry-After"


def test_the_limit_follows_the_client_a_trusted_proxy_names() -> None:
    # The test client is on 127.0.0.1, which is trusted by default, like a proxy on this host.
    settings = WebSettings(data=SOLSJO_FILE, searches_per_minute=2)
    with running_web(SOLSJO_FILE, settings) as client:

        def search(client_address: str) -> int:
            headers = {"x-forwarded-for": client_address}
            return client.get("/api/search", params={"q": "x"}, headers=headers).status_code

        assert [search("192.0.2.1") for _ in range(3)] == [200, 200, 429]
        assert search("192.0.2.2") == 200
        # One IPv6 /64 is one client, however it steps through its addresses.
        assert [search(f"2001:db8:1:2::{n}") for n in range(3)] == [200, 200, 429]
        assert search("2001:db8:1:3::1") == 200


def test_an_untrusted_client_cannot_name_itself() -> None:
    settings = WebSettings(data=SOLSJO_FILE, searches_per_minute=1, trusted_proxies="192.0.2.9")
    with running_web(SOLSJO_FILE, settings) as client:
        statuses = [
            client.get(
                "/api/search", params={"q": "x"}, headers={"x-forwarded-for": f"198.51.100.{n}"}
            ).status_code
            for n in range(2)
        ]
    assert statuses == [200, 429]


def test_a_wrong_method_is_a_405_that_says_what_is_allowed(web: httpx.Client) -> None:
    response = web.post("/", data={"q": "bygglov"})
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["allow"].split(",")} == {"GET", "HEAD"}
    assert "Det går inte att göra så på den här sidan." in response.text


def test_no_redirect_is_built_from_the_host_header(web: httpx.Client) -> None:
    response = web.get("/healthz/", headers={"host": "evil.example"})
    assert response.status_code == 404
    assert "location" not in response.headers


def test_only_static_files_that_exist_are_cached(web: httpx.Client) -> None:
    missing = web.get("/static/nothing.js")
    assert missing.status_code == 404
    assert missing.headers["cache-control"] == "no-store"
    assert web.get("/").headers["vary"] == "Accept-Language"
