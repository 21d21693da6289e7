"""The workbook as a newcomer meets it, in a real JupyterLab and a real browser (issue 11, section 3).

JupyterLab is started by the README's command 1 itself (its `jupyter lab` part, read from the README, with
this test's Python, a free port, a random token, --no-browser and --allow-root) in a copy of the workbook
(lessons/, exercises/, instructor/), with its own settings, workspaces and kernel folders, and is stopped by
its process id at the end. Then, in Debian's Chromium driven by Playwright for Python (which never downloads
a browser of its own here):

- the server's file browser lists exercises/ and lessons/ (finding 1);
- every lesson opens clean (not marked modified, finding 4), shows a still picture for every explorer before
  it runs (finding 2) and no raw `$` left by MathJax. Lessons 1-7 then run all their cells with no error,
  and every control of every explorer, reached with Tab and moved with the keyboard alone, changes its
  picture, which has a text alternative and is shown at half its pixel size (findings 3, accessibility).
  The time from key press to new picture is measured and written to test-artifacts/latency.txt;
- each lesson's last cell links to its exercise, which opens, and links back (finding 1);
- exercise 1's learner copy shows a wrong-answer card, then a correct card, and help in steps;
- the grading feedback page and the progress page render.

Without Chromium or Playwright the test is skipped, except in CI (CI=true), where it fails. Screenshots are
saved in test-artifacts/.
"""

import json
import os
import re
import secrets
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from workbooks import half_done_workbook

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
SECONDS = 1000  # Playwright counts milliseconds
LESSONS = sorted(path.name for path in (ROOT / "lessons").glob("*.ipynb"))
RUN_HERE = [lesson for lesson in LESSONS if lesson < "08"]  # nbval runs every lesson; running 8-12 here too
OPENED_ONLY = [lesson for lesson in LESSONS if lesson not in RUN_HERE]  # would cost CI about two minutes
LATENCIES = []  # milliseconds from a key press to the explorer's new picture, over the whole module


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


def readme_command_1():
    """The README's first command, split into its `&&` parts: the last one starts JupyterLab."""
    readme = (ROOT / "README.md").read_text()
    command = re.search(r"```bash\n(.*?)\n```", readme, re.S).group(1)
    return [shlex.split(part) for part in command.split("&&")]


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


def settings(folder):
    """JupyterLab settings for the test: no news pop-up (no network), every cell rendered (not windowed)."""
    for plugin, values in [("apputils-extension/notification", {"fetchNews": "false"}),
                           ("notebook-extension/tracker", {"windowingMode": "none"})]:
        path = folder / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    """A copy of the workbook's notebooks, where the browser may run and change them."""
    home = tmp_path_factory.mktemp("workbook")
    for folder in ("lessons", "exercises", "instructor"):
        shutil.copytree(ROOT / folder, home / folder)
    return home


@pytest.fixture(scope="module")
def jupyterlab(workbook, tmp_path_factory):
    """The base URL and token of the JupyterLab that README command 1 starts in ``workbook``."""
    home = tmp_path_factory.mktemp("jupyterlab")
    settings(home / "settings")
    environment = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
                   "IPYTHONDIR": str(home / "ipython"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
                   "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    *_, lab = readme_command_1()
    assert lab[:2] == [".venv/bin/jupyter", "lab"], lab
    token, port = secrets.token_hex(16), free_port()
    log_path = home / "jupyterlab.log"
    with open(log_path, "w") as log:  # --allow-root: CI runs as root
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyter", *lab[1:], "--no-browser", "--allow-root",
             f"--IdentityProvider.token={token}", "--ip=127.0.0.1", f"--port={port}"],
            cwd=workbook, env=environment, stdout=log, stderr=subprocess.STDOUT)
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


@pytest.fixture
def page(browser, request):
    """A fresh page; a screenshot of it in test-artifacts/ at the end, which shows a failure's state."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w-]", "_", request.node.name)
    page.screenshot(path=ARTIFACTS / f"browser_last_{name}.png")
    page.close()


def start_opening(page, url, token, path):
    """Start opening ``path`` in a fresh workspace of its own (without waiting for the page to load)."""
    page.goto(f"{url}/lab/workspaces/{secrets.token_hex(4)}/tree/{path}?reset&token={token}", wait_until="commit")


def wait_for_kernel(page):
    """Wait until the notebook's kernel is idle (before, "No Kernel | Initializing": Run All would ask for one)."""
    page.locator("#jp-main-statusbar").get_by_text("(ipykernel) | Idle").wait_for(timeout=90 * SECONDS)


def open_notebook(page, url, token, path):
    """Open ``path`` in a fresh workspace and wait until its kernel is idle."""
    start_opening(page, url, token, path)
    wait_for_kernel(page)


def start_running_all(page):
    """Run every cell, from the Run menu."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator("[data-command='runmenu:run-all']").click()


def wait_until_run(page, timeout=180):
    """Wait until each code cell has its execution number."""
    page.wait_for_function("""() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
                                   .every(prompt => /\\[\\d+\\]/.test(prompt.textContent))""",
                           timeout=timeout * SECONDS, polling=250)


def run_all(page):
    start_running_all(page)
    wait_until_run(page)


def is_modified(page):
    return page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() > 0


# 1. README command 1 serves the workbook's root -------------------------------------------------------

def test_readme_command_1_serves_the_root_so_the_file_browser_lists_the_exercises(page, jupyterlab):
    url, token = jupyterlab
    with urllib.request.urlopen(f"{url}/api/contents/?token={token}") as answer:
        listed = {item["name"] for item in json.load(answer)["content"]}
    assert {"lessons", "exercises"} <= listed
    page.goto(f"{url}/lab/workspaces/files/tree/?reset&token={token}")
    listing = page.locator(".jp-DirListing-content")
    listing.get_by_text("exercises", exact=True).wait_for(timeout=60 * SECONDS)
    assert listing.get_by_text("lessons", exact=True).count() == 1


# 2. Every lesson: clean, still pictures, runs, explorers by keyboard ---------------------------------------

def still_pictures(page):
    """The explorers' and dashboards' still pictures a notebook shows before it runs."""
    return page.locator(".jp-OutputArea-output img").evaluate_all(
        "images => images.map(image => ({natural: image.naturalWidth, shown: image.width}))")


def controls(explorer):
    """The explorer's keyboard stops, in order: slider handles and toggle buttons."""
    return explorer.locator(".noUi-handle, button.widget-toggle-button")


def press_and_time(page, image, key):
    """Press ``key`` on the focused control; return the milliseconds until ``image`` shows a new picture."""
    page.evaluate("""image => { window.latency = new Promise(resolve => {
        let pressed = null;
        document.addEventListener('keydown', () => { pressed = performance.now(); }, {capture: true, once: true});
        new MutationObserver((changes, observer) => { observer.disconnect(); resolve(performance.now() - pressed); })
            .observe(image, {attributes: true, attributeFilter: ['src']});
    }); }""", image.element_handle())
    page.keyboard.press(key)
    return page.evaluate("Promise.race([window.latency, new Promise(r => setTimeout(() => r(null), 15000))])")


def operate_by_keyboard(page, explorer):
    """Reach every control of ``explorer`` with Tab from the first, move each with the keyboard, and check
    that the picture changes each time; returns the latencies."""
    image = explorer.locator("img.widget-image")
    stops = controls(explorer)
    latencies = []
    stops.first.focus()
    for index in range(stops.count()):
        stop = stops.nth(index)
        for _ in range(4):  # a slider's editable readout is a stop of its own
            if stop.evaluate("stop => stop === document.activeElement"):
                break
            page.keyboard.press("Tab")
        assert stop.evaluate("stop => stop === document.activeElement"), f"Tab does not reach control {index}"
        tag = stop.evaluate("stop => stop.tagName")
        if tag == "BUTTON":
            if "mod-active" in (stop.get_attribute("class") or ""):
                continue  # the selected button: Tab on to the next one, which selects another mode
            key = "Space"
        else:
            at_end = stop.get_attribute("aria-valuenow") == stop.get_attribute("aria-valuemax")
            key = "ArrowLeft" if at_end else "ArrowRight"
        latency = press_and_time(page, image, key)
        assert latency is not None, f"control {index} ({tag}) did not change the picture"
        latencies.append(latency)
    return latencies


RAW_DOLLARS = """cells => cells.filter(cell => {
    const copy = cell.cloneNode(true); copy.querySelectorAll('code, pre, mjx-container').forEach(n => n.remove());
    return copy.textContent.includes('$'); }).map(cell => cell.textContent.slice(0, 80))"""


def raw_dollars(page):
    """The start of each markdown cell that still shows a `$` outside code and typeset formulas."""
    return page.locator(".jp-MarkdownCell .jp-RenderedMarkdown").evaluate_all(RAW_DOLLARS)


def open_all(browser, url, token, lessons):
    """Open each of ``lessons`` in a page of its own, all at once, the longest first; return the pages and what
    each showed on opening (is it marked modified, its pictures, any raw widget repr)."""
    order = sorted(lessons, key=lambda lesson: not lesson.startswith("07_"))
    pages = {lesson: browser.new_page(viewport={"width": 1600, "height": 1000}) for lesson in order}
    for lesson, page in pages.items():
        start_opening(page, url, token, f"lessons/{lesson}")
    opened = {}
    for lesson, page in pages.items():
        wait_for_kernel(page)
        page.wait_for_timeout(300)
        opened[lesson] = dict(modified=is_modified(page), pictures=still_pictures(page),
                              reprs=page.get_by_text(re.compile(r"(Explorer|TrainingDashboard)\(children")).count())
    return pages, opened


@pytest.fixture(scope="module")
def lessons(browser, jupyterlab, made_pages):
    """Every lesson open in a page of its own, with what it showed on opening. Lessons 1-7 are opened and run
    all at once (while the progress and feedback pages are being made): their tests find them run. Lessons 8
    on are opened after (a dozen kernels starting at once on two busy cores took over 90 s)."""
    url, token = jupyterlab
    pages, opened = open_all(browser, url, token, RUN_HERE)
    for page in pages.values():
        start_running_all(page)
    for page in pages.values():
        wait_until_run(page)
    later_pages, later_opened = open_all(browser, url, token, OPENED_ONLY)
    pages, opened = {**pages, **later_pages}, {**opened, **later_opened}
    yield pages, opened
    ARTIFACTS.mkdir(exist_ok=True)
    for lesson, page in pages.items():
        page.screenshot(path=ARTIFACTS / f"browser_{Path(lesson).stem}.png")
        page.close()


def explorer_cells(lesson):
    """The code cells of ``lesson`` whose stored output is a widget: its explorers and training dashboards."""
    notebook = nbformat.read(ROOT / "lessons" / lesson, as_version=4)
    return [cell for cell in notebook.cells if cell.cell_type == "code" and any(
        "application/vnd.jupyter.widget-view+json" in output.get("data", {}) for output in cell.outputs)]


def assert_opened_clean(lessons, lesson):
    """Not marked modified, a still picture for every explorer and no raw repr before it ran, every formula
    typeset."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # installed: the browser fixture says so

    pages, opened = lessons
    before = opened[lesson]
    assert not before["modified"], "the notebook was marked modified right after opening"
    pictures = [picture for picture in before["pictures"] if picture["natural"] == 2 * picture["shown"]]
    assert len(pictures) >= len(explorer_cells(lesson)), "an explorer showed no still picture before it ran"
    assert before["reprs"] == 0, "an explorer showed its raw repr before it ran"
    page = pages[lesson]
    try:  # MathJax typesets after the cells render: give it time before reading what is left
        page.wait_for_function(f"() => ({RAW_DOLLARS})([...document.querySelectorAll("
                               "'.jp-MarkdownCell .jp-RenderedMarkdown')]).length === 0", timeout=30 * SECONDS)
    except PlaywrightTimeout:
        pass  # the assertion names the cells
    assert raw_dollars(page) == [], f"MathJax left raw $ in: {raw_dollars(page)}"


@pytest.mark.parametrize("lesson", OPENED_ONLY)
def test_a_later_lesson_opens_clean(lessons, lesson):
    assert_opened_clean(lessons, lesson)


@pytest.mark.parametrize("lesson", RUN_HERE)
def test_a_lesson_opens_clean_runs_and_each_explorer_answers_the_keyboard(lessons, lesson):
    assert_opened_clean(lessons, lesson)
    page = lessons[0][lesson]
    assert page.locator("[data-mime-type='application/vnd.jupyter.error']").count() == 0

    explorers = page.locator(".jp-OutputArea-output .widget-vbox:has(> .widget-image)")
    assert explorers.count() == len(explorer_cells(lesson))  # the training dashboards included
    for index in range(explorers.count()):
        explorer = explorers.nth(index)
        image = explorer.locator("img.widget-image")
        image.scroll_into_view_if_needed()
        page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=image.element_handle())
        assert len(image.get_attribute("title") or "") > 60, "a picture without a text alternative"
        size = image.evaluate("image => [image.naturalWidth, image.getBoundingClientRect().width]")
        assert size[0] == 2 * round(size[1]), f"picture {size[0]} px wide shown {size[1]} px wide"
        if controls(explorer).count():
            LATENCIES.extend(operate_by_keyboard(page, explorer))


def test_lessons_link_to_their_exercises_and_back(page, jupyterlab):
    url, token = jupyterlab
    open_notebook(page, url, token, "lessons/01_derivatives.ipynb")
    link = page.locator(".jp-RenderedMarkdown a", has_text="exercises/01_derivatives.ipynb")
    link.scroll_into_view_if_needed()
    link.click()
    back = page.locator(".jp-RenderedMarkdown a", has_text="lessons/01_derivatives.ipynb")
    back.wait_for(timeout=30 * SECONDS)  # the exercise is open: the link back is in its first cell
    assert page.url.split("?")[0].endswith("/tree/exercises/01_derivatives.ipynb")
    back.click()
    page.wait_for_url(re.compile(r"/tree/lessons/01_derivatives\.ipynb"), timeout=30 * SECONDS)


# 3. An exercise: a wrong card, a right card, help in steps --------------------------------------------------

def replace_cell(page, index, source):
    """Put ``source`` in code cell ``index`` (counted over every cell) and run it."""
    cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(source)  # no auto-indent or closing brackets: the text as written
    page.keyboard.press("Shift+Enter")


def test_exercise_1_shows_a_wrong_card_a_right_card_and_help_in_steps(page, jupyterlab):
    url, token = jupyterlab
    notebook = nbformat.read(ROOT / "exercises" / "01_derivatives.ipynb", as_version=4)
    answer = next(index for index, cell in enumerate(notebook.cells)
                  if cell.metadata.get("nbtools", {}).get("role") == "answer")
    open_notebook(page, url, token, "exercises/01_derivatives.ipynb")
    run_all(page)
    card = page.locator(".jp-Cell").nth(answer + 1).locator(".jp-OutputArea-output")
    assert "not attempted yet" in card.inner_text()

    replace_cell(page, answer, "def difference_quotient(f, x, h):\n    return (f(x) - f(x + h)) / h")
    page.keyboard.press("Shift+Enter")  # the check cell
    card.get_by_text("✘ difference_quotient: 0 of 4 cases passed.").wait_for(timeout=30 * SECONDS)
    assert "You subtracted in the wrong order" in card.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    card.screenshot(path=ARTIFACTS / "browser_wrong_card.png")

    replace_cell(page, answer + 1, 'check.hint("difference_quotient")')
    card.get_by_text("Step 1 of").wait_for(timeout=30 * SECONDS)
    card.screenshot(path=ARTIFACTS / "browser_hint.png")

    replace_cell(page, answer, "def difference_quotient(f, x, h):\n    return (f(x + h) - f(x)) / h")
    replace_cell(page, answer + 1, "check.difference_quotient(difference_quotient)")
    card.get_by_text("✔ difference_quotient: passed all 4 cases.").wait_for(timeout=30 * SECONDS)


# 4. The grading feedback page and the progress page ------------------------------------------------------

@pytest.fixture(scope="module")
def half_done(tmp_path_factory):
    """A workbook with exercise 1 half done (question 1 right, question 2 wrong), and nothing else."""
    return half_done_workbook(tmp_path_factory.mktemp("half-done"))


def nbtools(*arguments, cwd):
    """Start the ``nbtools`` command installed beside this Python, as a person would run it."""
    return subprocess.Popen([Path(sys.executable).with_name("nbtools"), *arguments], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def made_pages(half_done, tmp_path_factory):
    """The progress page and a grading feedback page of the half-done exercise, made in the background."""
    grades = tmp_path_factory.mktemp("grades")
    (grades / "submissions").mkdir()
    shutil.copy(half_done / "exercises" / "01_derivatives.ipynb", grades / "submissions" / "alice.ipynb")
    running = {"progress": nbtools("progress", "--out", "progress.html", cwd=half_done),
               "grade": nbtools("grade", "submissions", "--source", half_done / "instructor" / "01_derivatives.ipynb",
                                "--out", "grades", "--no-sandbox", "--workers", "1", cwd=grades)}
    yield {"progress": (running["progress"], half_done / "progress.html"),
           "grade": (running["grade"], grades / "grades" / "feedback")}
    for process in running.values():
        if process.poll() is None:
            process.kill()
            process.wait()


def made(made_pages, which):
    """Wait for one of ``made_pages`` and return where it was written."""
    process, path = made_pages[which]
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output.decode()
    return path


def test_the_progress_page_renders_its_picture_and_table(page, made_pages):
    page.goto(made(made_pages, "progress").as_uri())
    picture = page.get_by_role("img", name=re.compile("Exercise 1: derivatives: 1 of 12 passed, 1 failed"))
    picture.wait_for()
    assert picture.evaluate("image => image.complete && image.naturalWidth == 2 * image.width")
    assert page.locator("td[title='quotient_of_P: failed']").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "browser_progress.png", full_page=True)


def test_the_grading_feedback_page_renders(page, made_pages):
    [feedback] = made(made_pages, "grade").glob("alice*.html")
    page.goto(feedback.as_uri())
    page.get_by_text("✔ difference_quotient: passed all 4 cases.").wait_for()
    assert page.get_by_text("✘ quotient_of_P: not yet right.").is_visible()


def test_key_press_to_picture_latency_is_recorded():
    """Runs after the lessons: the latencies measured there, summarised for the report."""
    if not LATENCIES:
        pytest.skip("no explorer was operated (run the lesson tests)")
    summary = (f"{len(LATENCIES)} key presses: median {statistics.median(LATENCIES):.0f} ms, "
               f"90th percentile {statistics.quantiles(LATENCIES, n=10)[-1]:.0f} ms, max {max(LATENCIES):.0f} ms")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "latency.txt").write_text(summary + "\n")
    print(summary)
    assert statistics.median(LATENCIES) < 250
