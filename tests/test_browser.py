"""Lesson 1 in a real JupyterLab and a real browser: run every cell, move an explorer's slider, and see the
readout and the picture change.

JupyterLab runs from this test's Python on 127.0.0.1 (a free port, a random token, its own settings,
workspaces and kernel folders) over a copy of lessons/, and is stopped by its process id at the end.
Chromium is Debian's (`apt-get install chromium`), driven by Playwright for Python, which never downloads
a browser of its own here. Without either the test is skipped, except in CI (CI=true), where it fails.
A screenshot of the explorer is saved in test-artifacts/.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
SECONDS = 1000  # Playwright counts milliseconds


def require(present, reason):
    """Skip when something the test needs is missing, but fail in CI, which must run this test."""
    if not present:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI must run the browser test: .ci/run installs it)")
        pytest.skip(reason)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(url, process, log_path, timeout=60):
    """Wait until the server answers ``url``; fail at once, showing its log, if it exits instead."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = log_path.read_text()[-3000:]
            pytest.fail(f"JupyterLab exited with status {process.returncode} before answering:\n{log}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"JupyterLab did not answer {url} within {timeout} s")


@pytest.fixture(scope="module")
def browser():
    require(CHROMIUM.exists(), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright for Python is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """The base URL and token of a JupyterLab serving a copy of lessons/; stopped by its process id."""
    home = tmp_path_factory.mktemp("jupyterlab")
    shutil.copytree(ROOT / "lessons", home / "lessons")
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)  # no news pop-up (and no attempt to fetch news: there is no network)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    environment = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
                   "IPYTHONDIR": str(home / "ipython"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
                   "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    token, port = secrets.token_hex(16), free_port()
    log_path = home / "jupyterlab.log"
    with open(log_path, "w") as log:  # --allow-root: CI runs as root
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", f"--IdentityProvider.token={token}",
             "--ip=127.0.0.1", f"--port={port}", f"--ServerApp.root_dir={home / 'lessons'}"],
            env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_answering(f"{url}/api/status?token={token}", process, log_path)
        yield url, token
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def open_and_run_all(page, url, token, notebook):
    """Open ``notebook`` in a fresh workspace, wait for an idle kernel, and run every cell from the Run menu."""
    page.goto(f"{url}/lab/workspaces/explorers/tree/{notebook}?reset&token={token}")
    # the status bar names the kernel once it runs ("No Kernel | Initializing" before: Run All would ask for one)
    page.locator("#jp-main-statusbar").get_by_text("(ipykernel) | Idle").wait_for(timeout=40 * SECONDS)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator("[data-command='runmenu:run-all']").click()


def explorer_with(page, label):
    """The explorer (a vertical box of widgets) holding the control labelled ``label``."""
    return page.locator(".widget-vbox", has=page.locator(".widget-label", has_text=label)).last


def test_learning_rate_explorer_redraws_when_its_slider_moves(browser, jupyterlab):
    url, token = jupyterlab
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    try:
        open_and_run_all(page, url, token, "01_derivatives.ipynb")
        explorer = explorer_with(page, "learning rate η")
        readout, image = explorer.locator(".widget-html-content"), explorer.locator("img.widget-image")
        image.wait_for(timeout=40 * SECONDS)
        page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=image.element_handle())
        assert "1 − 0.1 × 4 = +0.600: converges" in readout.inner_text()
        picture_before = image.get_attribute("src")

        handle = explorer.locator(".widget-slider", has_text="learning rate η").locator(".noUi-handle")
        handle.focus()
        for _ in range(40):  # 0.1 + 40 x 0.01 = 0.5
            handle.press("ArrowRight")
        page.wait_for_function("readout => readout.innerText.includes('oscillates forever')",
                               arg=readout.element_handle(), timeout=15 * SECONDS)

        assert "1 − 0.5 × 4 = -1.000" in readout.inner_text()
        assert "After 15 steps: x = 6" in readout.inner_text()
        assert image.get_attribute("src") != picture_before
        ARTIFACTS.mkdir(exist_ok=True)
        explorer.screenshot(path=ARTIFACTS / "browser_learning_rate_explorer.png")
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "browser_failure.png", full_page=True)
        raise
    finally:
        page.close()
