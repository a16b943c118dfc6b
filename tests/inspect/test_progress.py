"""The progress line: drawn on a terminal only, silent when piped."""

import io

from rnnprog import progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_silent_when_piped(monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    stream = io.StringIO()
    with progress.Progress(100, stream=stream) as bar:
        bar(50, 0, 1)
    assert stream.getvalue() == ""


def test_draws_steps_rate_and_halted_rows_on_a_terminal(monkeypatch):
    monkeypatch.setattr(progress, "DELAY", 0.0)
    stream = Terminal()
    with progress.Progress(1000, stream=stream) as bar:
        bar(500, 3, 8)
    text = stream.getvalue()
    assert "500 of at most 1,000 steps" in text and "3/8 rows halted" in text and "steps/s" in text
