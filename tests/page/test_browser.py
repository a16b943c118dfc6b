"""The page in a real browser (headless Chromium, `pytest -m browser`): for every kind, the page
opened from disk shows the interpreter's values at tick 0, 1, a middle tick and the last, after
stepping back and across a fast-forward jump; its controls and keys move it; the tick is kept in
the address; a 10^6-tick run gives a page under 5 MB that opens in under 2 s. Each kind's page is
saved as a screenshot (in $RNNPROG_PAGE_SHOTS, or a temporary folder)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import rnnprog
from rnnprog import kinds
from rnnprog.page import render
from tests.cases_table import CASES, PROGRAMS
from tests.page.test_timeline import fields, final_facts

pytestmark = pytest.mark.browser

#: Each kind's page: a program and inputs that show its parts (a register program with jumps);
#: a kind not listed here is shown with its first case in the case table, or its simplest program.
EXAMPLES = {"rm": ("mul.rm", {"a": 9, "b": 8}), "tm": ("bb4.tm", ""), "seq": ("parity.seq", "1101"),
            "iir": ("biquad-lowpass.iir", "1 0 0 0 0 0 0 0 0 0 0 0 1 1 1 1 1 1 1 1 1 1 1 1")}
#: The longest a page may take to open, and its largest size, at 10^6 ticks.
OPEN_SECONDS, MOST_BYTES = 2.0, 5_000_000


def example(kind) -> tuple[str | None, object]:
    """(file under programs/, inputs); no file: the kind's `simplest` program, with no inputs."""
    if kind.name in EXAMPLES:
        return EXAMPLES[kind.name]
    case = next((c for c in CASES if c.kind == kind.extension[1:]), None)
    return (case.program, case.inputs) if case else (None, None)


class Page:
    """One page open in the browser, read and driven the way a person would."""

    def __init__(self, driver, path: Path, timeline, fragment: str = ""):
        self.driver, self.timeline = driver, timeline
        driver.get(path.as_uri() + fragment)
        self.wait("return !!window.rnnprogPage")

    def wait(self, script: str, seconds: float = 5.0):
        end = time.monotonic() + seconds
        while not self.driver.execute_script(script):
            assert time.monotonic() < end, f"the page never said: {script}"
            time.sleep(0.02)

    def tick(self) -> int:
        return int(self.driver.find_element("id", "tick").text.replace(",", ""))

    def rows(self) -> list[list[str]]:
        return self.driver.execute_script(
            "return [...document.querySelectorAll('#state tbody tr')].map(r => [r.dataset.field, "
            "r.querySelector('.net').textContent, r.querySelector('.ref').textContent, "
            "r.querySelector('.same').textContent])")

    def lines(self) -> list[int]:
        return self.driver.execute_script(
            "return [...document.querySelectorAll('#source .now, #source .loop')].map(e => +e.id.slice(5))")

    def click(self, button: str) -> None:
        self.driver.find_element("id", button).click()

    def key(self, key: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.driver).send_keys(key).perform()

    def go(self, tick: int) -> None:
        from selenium.webdriver.common.keys import Keys

        box = self.driver.find_element("id", "goto-tick")
        box.clear()
        box.send_keys(str(tick), Keys.ENTER)

    def shows(self, moment) -> None:
        """The page shows `moment`: its tick, its source lines, the network's and the
        interpreter's values side by side, and a mark on exactly the fields that differ."""
        assert self.tick() == moment.tick
        rows = self.rows()
        assert [r[0] for r in rows] == list(self.timeline.fields)
        assert tuple(r[2] for r in rows) == moment.interpreter
        assert tuple(r[1] for r in rows) == moment.network
        marks = ["\u2260" if k in moment.differs else "\u2713" for k in range(len(rows))]
        assert [r[3] for r in rows] == marks
        assert self.lines() == [span.line for span in moment.where]


@pytest.fixture(scope="module", params=[k.name for k in kinds.all_kinds()])
def made(request, tmp_path_factory):
    """(kind, timeline, page path) of each registered kind's example."""
    kind = kinds.get(request.param)
    name, inputs = example(kind)
    program = rnnprog.load(PROGRAMS / name) if name else rnnprog.parse(kind.simplest, kind=kind.name)
    _, compiled, timeline = render.record(program, inputs)
    path = tmp_path_factory.mktemp(f"page-{kind.name}") / "run.html"
    title = name or f"simplest{kind.extension}"
    path.write_text(render.page(timeline, kind.network(compiled), title=title, kind=kind.title))
    return kind, timeline, path


def test_the_page_shows_the_interpreters_values_as_it_steps(browser, made, shots):
    kind, timeline, path = made
    moments = timeline.moments
    at = lambda i: moments[min(i, len(moments) - 1)]  # noqa: E731 - a run may be that short
    page = Page(browser, path, timeline)
    page.shows(moments[0])
    page.click("step")
    page.shows(at(1))
    page.key("\ue014")  # the right arrow
    page.shows(at(2))
    page.click("back")
    page.shows(at(1) if len(moments) > 2 else at(0))  # after stepping back
    middle = moments[len(moments) // 2]
    page.go(middle.tick)
    page.shows(middle)
    assert browser.execute_script("return location.hash") == f"#t={middle.tick}"
    shown = next((m for m in moments if m.jump), middle)  # a jump, where the run has one
    page.go(shown.tick)
    page.shows(shown)
    browser.save_screenshot(str(Path(shots) / f"page-{kind.name}.png"))
    page.key("\ue010")  # End
    page.shows(moments[-1])
    for name, want in final_facts(kind.name, _case_expectation(kind)).items():
        assert fields(timeline, moments[-1])[name] == want
    page.key("h")
    page.shows(moments[max(0, len(moments) - 2)])  # after stepping back from the end
    page.click("first")
    page.shows(moments[0])


def _case_expectation(kind) -> dict:
    """The case table's expected outputs where the example is one of its cases (else none)."""
    name, inputs = example(kind)
    case = next((c for c in CASES if c.program == name and c.inputs == inputs), None)
    return case.expected if case else {}


def test_the_address_names_a_moment(browser, made):
    _, timeline, path = made
    moment = timeline.moments[len(timeline.moments) * 2 // 3]
    page = Page(browser, path, timeline, f"#t={moment.tick}")
    page.shows(moment)


def test_run_pause_and_next_line(browser, made):
    _, timeline, path = made
    page = Page(browser, path, timeline)
    page.key("n")  # the next moment whose highlighted source (a line, or a rule in a line) differs
    here = page.tick()
    first = timeline.moments[0].where
    changed = (m.tick for m in timeline.moments if m.where and m.where != first)
    assert here == next(changed, timeline.moments[-1].tick)  # no source map: to the end
    page.key("\ue011")  # Home
    here = page.tick()
    page.key("+")
    assert page.driver.find_element("id", "speed-text").text == "20 ticks/s"
    for _ in range(4):
        page.key("-")
    assert page.driver.find_element("id", "speed-text").text == "1 ticks/s"  # a second to pause in
    page.click("play")
    page.wait(f"return window.rnnprogPage.now().tick > {here}", seconds=3)
    page.click("play")  # pause
    stopped = page.tick()
    time.sleep(1.2)
    assert page.tick() == stopped and stopped > here


def test_a_jump_is_one_step_that_opens_to_its_first_iterations(browser, tmp_path):
    program = rnnprog.load(PROGRAMS / "mul.rm")
    kind, compiled, timeline = render.record(program, {"a": 9, "b": 8})
    path = tmp_path / "mul.html"
    path.write_text(render.page(timeline, kind.network(compiled), title="mul.rm", kind=kind.title))
    at = next(i for i, m in enumerate(timeline.moments) if m.jump)
    before, jumped = timeline.moments[at - 1], timeline.moments[at]
    page = Page(browser, path, timeline)
    page.go(before.tick)
    page.shows(before)
    page.click("step")  # across the jump: one step
    page.shows(jumped)
    box = browser.find_element("id", "jump").text
    assert f"\u00d7 {jumped.jump.blocks:,} iterations of {jumped.jump.where}" in box
    page.key("o")  # open it: its first ticks, one by one
    for inner in jumped.jump.first[:3]:
        page.shows(inner)
        assert "inside a jump" in browser.find_element("id", "jump").text
        page.key("l")
    page.key("o")  # close it: back on the jump's end
    page.shows(jumped)
    page.key("h")
    page.shows(before)


@pytest.mark.parametrize("accelerate", [True, False], ids=["jumps", "every-tick"])
def test_a_million_ticks_make_a_small_page_that_opens_fast(browser, tmp_path, accelerate):
    """collatz from 27 for 10^6 steps (the default budget): its 705 jumps and the ticks between
    them, or, without jumps, 5,000 ticks, 2,000 samples and the last 500."""
    program = rnnprog.load(PROGRAMS / "collatz.rm")
    kind, compiled, timeline = render.record(program, {"n": 27}, accelerate=accelerate)
    assert timeline.ticks == 1_000_000 and timeline.agrees
    path = tmp_path / "collatz.html"
    path.write_text(render.page(timeline, kind.network(compiled), title="collatz.rm", kind=kind.title))
    size = path.stat().st_size
    page = Page(browser, path, timeline)
    opened = browser.execute_script("return window.rnnprogPage.ready / 1000")  # since navigation began
    print(f"\n10^6 ticks ({'jumps' if accelerate else 'every tick'}): {size:,} bytes, "
          f"{len(timeline.moments):,} moments, opened in {opened:.3f} s")
    assert size < MOST_BYTES and opened < OPEN_SECONDS
    page.key("\ue010")
    page.shows(timeline.moments[-1])
