"""The search page and contact pages as a browser without JavaScript gets them, over real HTTP."""

from __future__ import annotations

import re
from datetime import datetime

import httpx
import pytest
import vobject

from kontakt._hours import TIMEZONE
from kontakt.web import WebSettings
from support.paths import FIXTURES, SOLSJO_FILE
from support.webserver import running_web


def answer(page: str) -> str:
    """The answers part of a page, where the results are."""
    return page[page.index('<section id="results"') : page.index("</section>")]


def test_the_start_page_is_a_labelled_search_form_in_swedish(web: httpx.Client) -> None:
    response = web.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert '<html lang="sv">' in page
    assert '<label for="q">Vad gäller ditt ärende?</label>' in page
    assert '<form class="search" role="search" action="/" method="get">' in page
    assert "<main" in page and "<header" in page and "<nav" in page
    assert 'class="card"' not in page


def test_one_clear_match_is_a_card_with_tel_sms_and_mailto_links(web: httpx.Client) -> None:
    page = answer(web.get("/", params={"q": "hanna berglöf"}).text)
    assert (
        '<p id="status" role="status" class="visually-hidden" lang="sv">'
        "En kontakt hittades: Hanna Berglöf.</p>"
    ) in page
    assert ">Hanna Berglöf</a></h3>" in page
    assert "Kommunikations- och marknadschef, Kommunledningsförvaltningen" in page
    assert '<a href="tel:+46980319211">+46 980 31 92 11</a>' in page
    # The SMS-only mobile is an sms: link marked "endast SMS", never something to call.
    assert (
        '<a href="sms:+46701740614">+46 70 174 06 14</a> (mobil) '
        '<strong class="sms-only">endast SMS</strong>'
    ) in page
    assert "tel:+46701740614" not in page
    assert '<a href="mailto:hanna.berglof@solsjo.example">' in page
    assert '<a href="/kontakt/hanna-berglof.vcf" download="hanna-berglof.vcf">' in page


def test_several_equal_matches_are_a_list_to_choose_from(web: httpx.Client) -> None:
    page = answer(web.get("/", params={"q": "vem ska jag kontakta om snöröjningen?"}).text)
    assert "Flera passar lika bra. Vem menar du?" in page
    choices = re.findall(r'<li><a href="(/kontakt/[^"]+)">([^<]+)</a></li>', page)
    assert choices == [
        ("/kontakt/gata-park", "Felanmälan gata och park – Samhällsbyggnadsförvaltningen"),
        ("/kontakt/mikael-stahl", "Mikael Ståhl – Gatu- och parkchef"),
    ]
    assert "2 kontakter att välja mellan." in page


def test_nothing_found_gives_suggestions_and_the_switchboard(web: httpx.Client) -> None:
    page = answer(web.get("/", params={"q": "berglöv hana"}).text)
    assert "Hanna Berglöf" in page
    page = answer(web.get("/", params={"q": "xqzv wrtplk"}).text)
    assert "Jag hittade ingen som passar «xqzv wrtplk»." in page
    assert "Du kan alltid vända dig till Solsjö kommun:" in page
    assert '<a href="tel:+46980319200">+46 980 31 92 00</a>' in page
    assert "Ingen kontakt hittades." in page


def test_thanks_is_answered_politely_without_a_contact(web: httpx.Client) -> None:
    page = answer(web.get("/", params={"q": "tack så mycket"}).text)
    assert "Varsågod!" in page
    assert 'class="card"' not in page and "/kontakt/" not in page


def test_a_greeting_with_nothing_to_search_says_how_to_ask_without_bot_commands(
    web: httpx.Client,
) -> None:
    page = answer(web.get("/", params={"q": "hej, kan du hjälpa mig?"}).text)
    assert "<em>bygglov</em>" in page
    assert "/sok" not in page


def test_hours_and_links_show_where_the_data_has_them(web: httpx.Client) -> None:
    page = answer(web.get("/", params={"q": "bygglov"}).text)
    # Tuesday 10:00, the tests' fixed clock.
    assert '<p class="hours">Öppet nu, stänger 16:30</p>' in page
    assert (
        '<a href="https://solsjo.example/bygglov" rel="noopener noreferrer">Webbplats</a>' in page
    )


def test_a_street_address_has_a_map_link(web: httpx.Client) -> None:
    page = web.get("/kontakt/kontaktcenter").text
    assert (
        '<dd>Storgatan 1, 999 80 Solsjö · <a href="https://www.openstreetmap.org/search?query='
        'Storgatan%201%2C%20999%2080%20Solsj%C3%B6" rel="noopener noreferrer">Karta</a></dd>'
    ) in page


@pytest.mark.parametrize(
    ("headers", "params", "lang"),
    [
        ({}, {}, "sv"),
        ({"accept-language": "en-GB,en;q=0.9"}, {}, "en"),
        ({"accept-language": "de-DE, en;q=0.5, sv;q=0.8"}, {}, "sv"),
        ({"accept-language": "sv;q=0.2, en;q=0.4"}, {}, "en"),
        ({"accept-language": "fi, de"}, {}, "sv"),
        ({"accept-language": "en;q=bogus"}, {}, "sv"),
        ({"accept-language": "en"}, {"lang": "sv"}, "sv"),
        ({}, {"lang": "en"}, "en"),
    ],
)
def test_the_language_follows_the_switch_then_the_browser(
    web: httpx.Client, headers: dict[str, str], params: dict[str, str], lang: str
) -> None:
    page = web.get("/", headers=headers, params=params).text
    assert f'<html lang="{lang}">' in page
    label = "What is your question about?" if lang == "en" else "Vad gäller ditt ärende?"
    assert label in page


def test_a_chosen_language_is_kept_by_the_form_and_the_links(web: httpx.Client) -> None:
    page = web.get("/", params={"lang": "en", "q": "snow removal"}).text
    assert '<input type="hidden" name="lang" value="en">' in page
    assert '<a href="/kontakt/mikael-stahl?lang=en">' in page
    assert '<a href="?q=snow+removal&amp;lang=sv" lang="sv" hreflang="sv">På svenska</a>' in page


def test_a_clearly_english_question_is_answered_in_english(web: httpx.Client) -> None:
    page = answer(web.get("/", params={"q": "who do I call about a building permit"}).text)
    assert '<div class="answer" lang="en">' in page
    assert "Open now, closes 16:30" in page


def test_the_contact_page_is_the_deep_links_twin(web: httpx.Client) -> None:
    response = web.get("/kontakt/hanna-berglof")
    assert response.status_code == 200
    page = response.text
    assert '<h1 id="c-hanna-berglof-1" class="name">Hanna Berglöf</h1>' in page
    assert "<title>Hanna Berglöf – Solsjö kommun</title>" in page
    assert 'href="sms:+46701740614"' in page


def test_an_unknown_contact_is_a_404_page_with_the_switchboard(web: httpx.Client) -> None:
    response = web.get("/kontakt/finns-inte")
    assert response.status_code == 404
    assert "Den kontakten finns inte längre." in response.text
    assert "tel:+46980319200" in response.text


def test_the_vcard_download_holds_the_contact_with_the_sms_number_labelled(
    web: httpx.Client,
) -> None:
    response = web.get("/kontakt/hanna-berglof.vcf")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/vcard; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="hanna-berglof.vcf"'
    card = vobject.readOne(response.text)
    assert card.fn.value == "Hanna Berglöf"
    numbers = {tel.value: tel.params.get("TYPE", []) for tel in card.contents["tel"]}
    assert set(numbers) == {"+46980319211", "+46701740614"}
    assert "endast SMS" in response.text


def test_the_results_fragment_is_what_the_page_script_puts_in_place(web: httpx.Client) -> None:
    fragment = web.get("/svar", params={"q": "hanna berglöf"}).text
    assert not fragment.lstrip().startswith("<!doctype")
    assert '<p id="status" role="status"' in fragment
    assert 'href="sms:+46701740614"' in fragment
    assert fragment.strip() in web.get("/", params={"q": "hanna berglöf"}).text


def test_the_page_loads_its_script_and_style_from_the_server(web: httpx.Client) -> None:
    for path, kind in (("/static/kontakt.js", "javascript"), ("/static/kontakt.css", "css")):
        response = web.get(path)
        assert response.status_code == 200
        assert kind in response.headers["content-type"]
        assert response.headers["cache-control"] == "public, max-age=3600"


def test_healthz_answers_with_the_number_of_entries(web: httpx.Client) -> None:
    response = web.get("/healthz")
    assert response.json() == {"status": "ok", "entries": 36}


def test_an_office_closed_at_night_says_when_it_opens() -> None:
    saturday_night = datetime(2026, 12, 5, 22, 0, tzinfo=TIMEZONE)
    settings = WebSettings(data=SOLSJO_FILE, searches_per_minute=0, now=saturday_night)
    with running_web(SOLSJO_FILE, settings) as client:
        page = answer(client.get("/", params={"q": "bygglov"}).text)
    assert '<p class="hours">Stängt – öppnar måndag 08:00</p>' in page


def test_an_english_answer_on_a_swedish_page_is_english_throughout(web: httpx.Client) -> None:
    page = answer(web.get("/", params={"q": "who do I call about a building permit"}).text)
    assert '<p id="status" role="status" class="visually-hidden" lang="en">' in page
    assert "One contact found: Bygglov." in page
    assert "<dt>Phone</dt>" in page and "Save contact (vCard)" in page and ">Website<" in page
    assert "Telefon" not in page and "Spara kontakt" not in page
    assert '<a href="/kontakt/bygglov?lang=en">Bygglov</a>' in page


def test_a_chosen_swedish_stays_on_every_link_for_an_english_browser(web: httpx.Client) -> None:
    english = {"accept-language": "en-GB,en;q=0.9"}
    page = web.get("/", params={"q": "snöröjning", "lang": "sv"}, headers=english).text
    assert '<li><a href="/kontakt/mikael-stahl?lang=sv">' in page
    contact = web.get("/kontakt/mikael-stahl", params={"lang": "sv"}, headers=english).text
    assert '<html lang="sv">' in contact
    assert '<a href="/?lang=sv">Ny sökning</a>' in contact


def test_notices_are_announced_too(web: httpx.Client) -> None:
    page = answer(web.get("/", params={"q": "tack så mycket"}).text)
    assert (
        '<p id="status" role="status" class="visually-hidden" lang="sv">'
        "Varsågod! Skriv gärna igen om du undrar något mer.</p>"
    ) in page


def test_the_skip_link_reaches_the_main_content_on_every_page(web: httpx.Client) -> None:
    for path in ("/", "/kontakt/bygglov", "/kontakt/finns-inte"):
        page = web.get(path).text
        assert '<a class="skip" href="#main">Till huvudinnehållet</a>' in page
        assert '<main id="main" tabindex="-1">' in page


def test_the_language_link_stays_on_this_site_whatever_the_path(web: httpx.Client) -> None:
    page = web.get("//evil.example").text
    assert '<a href="?lang=en" lang="en" hreflang="en">In English</a>' in page
    assert "evil.example" not in page


def test_at_night_the_on_call_line_comes_first_with_112() -> None:
    saturday_night = datetime(2026, 12, 5, 22, 0, tzinfo=TIMEZONE)
    water = FIXTURES / "water.yaml"
    settings = WebSettings(data=water, searches_per_minute=0, now=saturday_night)
    with running_web(water, settings) as client:
        page = answer(client.get("/", params={"q": "vattenläcka"}).text)
    on_call, emergency, office = (
        page.index("Kontoret är stängt just nu. Det här är jouren, som svarar nu:"),
        page.index("<strong>Gäller det liv, hälsa eller brand: ring 112.</strong>"),
        page.index(">Felanmälan vatten</a></h3>"),
    )
    assert on_call < page.index(">VA-jour</a></h3>") < emergency < office
    assert '<p class="hours">Stängt – öppnar måndag 07:00</p>' in page
