"""A resident's visit in a real Chromium: typing, choosing, deep links, the vCard, the keyboard
alone, small screens and zoom, and axe-core's WCAG 2.1 AA rules on every kind of page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from browser.conftest import AXE, SCREENSHOTS

pytestmark = pytest.mark.browser

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = ViewportSize(width=1280, height=900)
PHONE = ViewportSize(width=375, height=740)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE", accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    # A script refused by the Content-Security-Policy, or one that fails, shows here.
    assert errors == []


def test_answers_appear_while_typing(page: Page, server: str) -> None:
    page.goto(server + "/")
    # A live region is announced when its text changes, not when it is replaced by a new one.
    page.evaluate("document.getElementById('status').dataset.first = 'yes'")
    page.get_by_label("Vad gäller ditt ärende?").press_sequentially("hanna berglöf", delay=20)
    card = page.locator("article.card")
    expect(card.get_by_role("heading", name="Hanna Berglöf")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("En kontakt hittades: Hanna Berglöf.")
    expect(page.get_by_role("status")).to_have_attribute("data-first", "yes")
    expect(card.locator('a[href="sms:+46701740614"]')).to_have_text("+46 70 174 06 14")
    expect(card.locator(".sms-only")).to_have_text("endast SMS")
    expect(page).to_have_url(server + "/?q=hanna+bergl%C3%B6f")
    expect(page).to_have_title("hanna berglöf – Hitta rätt kontakt – Solsjö kommun")
    language = page.get_by_role("link", name="In English")
    expect(language).to_have_attribute("href", "?lang=en&q=hanna+bergl%C3%B6f")


def test_the_form_works_without_javascript(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP, locale="sv-SE")
    try:
        page = context.new_page()
        page.goto(server + "/")
        page.get_by_label("Vad gäller ditt ärende?").fill("bygglov")
        page.get_by_role("button", name="Sök").click()
        expect(page.get_by_role("heading", name="Bygglov")).to_be_visible()
        expect(page.locator(".hours")).to_have_text("Öppet nu, stänger 16:30")
        assert page.url == server + "/?q=bygglov"
    finally:
        context.close()


def test_choosing_among_several_opens_the_contact_page(page: Page, server: str) -> None:
    page.goto(server + "/")
    page.get_by_label("Vad gäller ditt ärende?").fill("vem ska jag kontakta om snöröjningen?")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Flera passar lika bra. Vem menar du?")).to_be_visible()
    page.get_by_role("link", name="Mikael Ståhl – Gatu- och parkchef").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mikael Ståhl")
    assert page.url == server + "/kontakt/mikael-stahl"


def test_a_deep_link_opens_the_card_and_the_vcard_downloads(page: Page, server: str) -> None:
    page.goto(server + "/kontakt/hanna-berglof")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hanna Berglöf")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Spara kontakt (vCard)").click()
    download = download_info.value
    assert download.suggested_filename == "hanna-berglof.vcf"
    path = download.path()
    text = path.read_text(encoding="utf-8")
    assert "FN:Hanna Berglöf" in text
    assert "+46701740614" in text and "endast SMS" in text


def test_keyboard_alone_finds_and_opens_a_contact(page: Page, server: str) -> None:
    page.goto(server + "/?q=vem+ska+jag+kontakta+om+sn%C3%B6r%C3%B6jningen")
    page.keyboard.press("Tab")
    assert _focused(page) == {"tag": "A", "text": "Till huvudinnehållet"}
    page.keyboard.press("Enter")
    assert _focused(page)["tag"] == "MAIN"
    page.keyboard.press("Tab")
    assert _focused(page) == {"tag": "INPUT", "text": ""}
    page.keyboard.press("Tab")
    assert _focused(page) == {"tag": "BUTTON", "text": "Sök"}
    page.keyboard.press("Tab")
    assert _focused(page) == {
        "tag": "A",
        "text": "Felanmälan gata och park – Samhällsbyggnadsförvaltningen",
    }
    # Focus is visible: the outline the style sheet gives :focus-visible.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mikael Ståhl")


def _focused(page: Page) -> dict[str, str]:
    result: dict[str, str] = page.evaluate(
        "({tag: document.activeElement.tagName, text: document.activeElement.textContent.trim()})"
    )
    return result


PAGES = {
    "start": "/",
    "card": "/?q=hanna+berglöf",
    "choices": "/?q=snöröjning",
    "no-match": "/?q=xqzv+wrtplk",
    "suggestions": "/?q=berglöv+hana",
    "on-call": "/kontakt/va-jour",
    "contact": "/kontakt/kontaktcenter",
    "english": "/?lang=en&q=building+permit",
    "not-found": "/kontakt/finns-inte",
}


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_axe_finds_no_wcag_21_aa_violation(
    browser: Browser, server: str, name: str, viewport: ViewportSize
) -> None:
    # axe-core is injected as a script, which the page's own policy would rightly refuse.
    context = browser.new_context(viewport=viewport, bypass_csp=True, locale="sv-SE")
    try:
        page = context.new_page()
        page.goto(server + PAGES[name])
        page.add_script_tag(path=str(AXE))
        result: dict[str, Any] = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}-{viewport['width']}.png", full_page=True)
    finally:
        context.close()
    violations = [
        {"id": v["id"], "nodes": [n["html"] for n in v["nodes"]]} for v in result["violations"]
    ]
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)
    assert result["passes"], "axe ran no rule at all"


@pytest.mark.parametrize(
    ("viewport", "zoom"),
    [(ViewportSize(width=320, height=640), 1), (DESKTOP, 4)],
    ids=["320px", "400%"],
)
def test_nothing_needs_scrolling_sideways_on_a_narrow_screen_or_at_400_percent(
    browser: Browser, server: str, viewport: ViewportSize, zoom: int
) -> None:
    # 400 % zoom of a 1280 px window is a 320 CSS px layout: what the device scale gives.
    context = browser.new_context(
        viewport=ViewportSize(width=viewport["width"] // zoom, height=viewport["height"] // zoom),
        device_scale_factor=zoom,
    )
    try:
        page = context.new_page()
        for path in ("/?q=hanna+berglöf", "/?q=snöröjning", "/kontakt/kontaktcenter"):
            page.goto(server + path)
            widths = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert widths[0] <= widths[1], f"{path}: {widths[0]} px wide in {widths[1]} px"
            expect(
                page.get_by_role("button", name="Sök")
                .or_(page.get_by_role("heading", level=1))
                .first
            ).to_be_visible()
    finally:
        context.close()
