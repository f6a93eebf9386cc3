"""Real-browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live_server.

The module is skipped, with the reason, when /usr/bin/chromium or Playwright is missing
(`.ci/run` installs chromium; by hand: apt-get install chromium fonts-noto-cjk).
Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from seed_data import ensure_seed_data

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
# thread with a running loop unless told that this is intended (it is: the test is synchronous).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = os.environ.get("ZHONGSHU_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "Zs-browser-2026!"

def pytest_collection_modifyitems(config, items):
    """Every test in this folder carries the `browser` marker (select with -m browser, skip with -m 'not browser')."""
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"未找到 Chromium（{CHROMIUM}）：请先安装 apt-get install chromium fonts-noto-cjk，浏览器测试跳过")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("未安装 playwright（pip install -e '.[test]'），浏览器测试跳过")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def http_cookies(settings):
    """The live server speaks plain http: let the session and CSRF cookies travel over it."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def new_page(chromium, http_cookies):
    contexts = []

    def make(width=1366, height=768):
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                       timezone_id="Asia/Shanghai")
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(exist_ok=True)

    def save(page, name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return save


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def login():
    def sign_in(page, base_url, username, password=PASSWORD):
        """Sign in through the real login page and wait for the 工作台."""
        page.goto(base_url + "/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(base_url + "/")

    return sign_in


@pytest.fixture
def overflow():
    def measure(page) -> int:
        """Pixels by which the page is wider than the viewport (0 = no horizontal scrolling)."""
        return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    return measure


@pytest.fixture
def seeded(transactional_db):
    """The calendar and ladders the migrations seed, back after an earlier test's flush."""
    ensure_seed_data()
