"""Show a ``CheckResult`` as a small HTML card in the notebook (the plain-text form is ``str(result)``)."""

import re
from html import escape

COLOURS = {"passed": "#2e7d32", "failed": "#c62828"}
NEUTRAL = "#757575"
ROWS = [("Input", "case"), ("Expected", "expected"), ("Received", "received"), ("Problem", "problem"), ("Hint", "hint")]


def text_to_html(text):
    """Escape ``text`` for HTML and show its `backticked` spans as code, as Markdown would."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))


def result_to_html(result):
    """A coloured card: the headline, then one row for each detail the result carries."""
    colour = COLOURS.get(result.status, NEUTRAL)
    rows = "".join(
        f'<tr><th style="text-align:left;padding-right:1em;vertical-align:top">{label}</th>'
        f'<td style="text-align:left;white-space:pre-wrap">{text_to_html(getattr(result, name))}</td></tr>'
        for label, name in ROWS if getattr(result, name))
    table = f'<table style="margin-top:0.3em">{rows}</table>' if rows else ""
    return (f'<div style="border-left:4px solid {colour};padding:0.3em 0.8em">'
            f'<strong style="color:{colour}">{escape(result.headline())}</strong>{table}</div>')
