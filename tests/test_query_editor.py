"""The YASGUI query editor at /sparql, in a real headless Chromium, offline."""

from __future__ import annotations

import pytest
from browser import csp_violations, headless_chromium
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


@pytest.fixture(scope="module")
def browser():
    driver = headless_chromium()
    yield driver
    driver.quit()


def test_editor_loads_from_own_files_and_runs_a_query(server, browser, tmp_path):
    csp_violations(browser)  # start from an empty console log
    browser.get(server.url + "/sparql")
    wait = WebDriverWait(browser, 30)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".yasqe .CodeMirror")))
    # Every script and stylesheet came from this server (no CDN).
    sources = browser.execute_script(
        "return Array.from(document.querySelectorAll('script[src],link[href]')).map(e => e.src || e.href)"
    )
    assert sources and all(s.startswith(server.url) for s in sources)
    # Prefixes are preset in the editor.
    text = browser.execute_script("return window.ansvarYasgui.getTab().getYasqe().getValue()")
    assert "PREFIX ans: <https://w3id.org/ansvar/def#>" in text
    # Run a canned example: Blekinge's parties appear as table rows.
    link = browser.find_element(By.XPATH, "//ul[@id='examples']//a[contains(., 'En överenskommelses parter')]")
    link.click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")) >= 11)
    body = browser.find_element(By.CSS_SELECTOR, ".yasr table").text
    assert "Migrationsverket" in body and "Region Blekinge" in body
    # IRIs of the graph link to this service's resource pages.
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".yasr table a")]
    ours = [h for h in hrefs if "/id/" in h]
    assert ours and all(h.startswith(server.url + "/id/") for h in ours)
    # The table is drawn: its box in a screenshot holds dark text on a light ground.
    table = browser.find_element(By.CSS_SELECTOR, ".yasr table")
    browser.execute_script("arguments[0].scrollIntoView()", table)
    table.screenshot(str(tmp_path / "results.png"))
    image = Image.open(tmp_path / "results.png").convert("L")
    dark = sum(1 for v in image.getdata() if v < 100)
    light = sum(1 for v in image.getdata() if v > 200)
    assert image.width > 200 and image.height > 100
    assert 0.005 < dark / (image.width * image.height) < 0.5 and light > dark, (dark, light, image.size)
    # The page's Content-Security-Policy holds and the editor did all this under it.
    assert (
        "script-src 'self'" in server.get("/sparql", headers={"Accept": "text/html"}).headers["content-security-policy"]
    )
    assert csp_violations(browser) == []


@pytest.mark.parametrize(
    "path,ready",
    [
        ("/", "h1"),
        ("/page/id/org/migrationsverket", "h1"),
        ("/ontology", "body"),
        ("/checks", "body"),
        ("/search?q=migrationsverket", "body"),
        ("/api/docs", ".swagger-ui .info"),
    ],
)
def test_pages_satisfy_their_content_security_policy(server, browser, path, ready):
    csp_violations(browser)
    browser.get(server.url + path)
    WebDriverWait(browser, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, ready)))
    assert csp_violations(browser) == []
