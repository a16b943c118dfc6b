"""A headless Chromium for the page's browser tests (`pytest -m browser`), or a skip that says how
to get one. Debian's `chromium` and `chromium-driver` packages, driven by Selenium through
/usr/bin/chromedriver: nothing is downloaded at run time."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

BROWSER = os.environ.get("RNNPROG_CHROMIUM", "/usr/bin/chromium")
DRIVER = os.environ.get("RNNPROG_CHROMEDRIVER", "/usr/bin/chromedriver")
HOW = ("no headless browser: `apt-get install -y chromium chromium-driver` (Debian) and "
       "`.venv/bin/pip install -r requirements-dev.txt` (selenium), then `pytest -m browser tests/page`")
#: Flags for Chromium as root in a container: no sandbox, no GPU, nothing fetched in the background.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,720")


@pytest.fixture(scope="session")
def browser():
    """A Chromium showing 1280 x 720 CSS pixels, the size of a projector in a classroom."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip(HOW)
    if not (os.access(BROWSER, os.X_OK) and os.access(DRIVER, os.X_OK)):
        pytest.skip(HOW)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not look for a driver online
    profile = tempfile.mkdtemp(prefix="rnnprog-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = BROWSER
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": False})
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def shots(tmp_path_factory):
    """Where the screenshots go: $RNNPROG_PAGE_SHOTS, or a temporary folder."""
    folder = os.environ.get("RNNPROG_PAGE_SHOTS")
    if folder:
        os.makedirs(folder, exist_ok=True)
        return folder
    return str(tmp_path_factory.mktemp("page-shots"))
