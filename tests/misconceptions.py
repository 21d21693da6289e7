"""What the tests of every exercise's checks share: a correct answer passes, a known mistake gets its hint,
an untouched template is "not attempted yet", and each ``Misconception`` a check defines has a test.

For the last one: a check builds its misconceptions inside its own body, so the only way to list them is to run it: each check
is called once on the untouched template ``...`` while ``check_value`` and ``check_function`` are replaced, in
the check's module, by recorders that note the misconceptions they are handed.
"""

import html
import inspect

from nbtools import check
from nbtools.checks.render import text_to_html
from nbtools.checks.engine import NOT_ATTEMPTED


def assert_passes(name, answer, judge=check):
    """The check ``name`` passes ``answer`` on every case, and its card says only that (``judge``: how the check
    is called, by default afresh)."""
    result = judge(name, answer)
    assert result.ok and result.passed == result.total, str(result)
    assert result.messages == [result.headline()]


def assert_fails_with_hint(name, answer, hint):
    """The check fails ``answer`` and its hint contains ``hint``, in the plain text and on the HTML card."""
    result = check(name, answer)
    assert result.status == "failed", str(result)
    assert hint in result.hint, str(result)
    assert hint in str(result)
    assert text_to_html(hint) in result._repr_html_()


def assert_not_attempted(name, template):
    """The check reads the untouched ``template`` (a function that raises, or ``...``) as not attempted yet."""
    result = check(name, template)
    assert result.status == NOT_ATTEMPTED
    assert NOT_ATTEMPTED in str(result)


def misconceptions_defined(monkeypatch, module, names):
    """``[(check name, hint), ...]`` for every Misconception the checks ``names`` of ``module`` hand to the engine."""
    defined, current = [], None

    def recording(real):
        def run(*args, **keywords):
            misconceptions = inspect.signature(real).bind(*args, **keywords).arguments.get("misconceptions", ())
            defined.extend((current, misconception.hint) for misconception in misconceptions)
            return real(*args, **keywords)
        return run

    for engine_function in ("check_value", "check_function"):
        monkeypatch.setattr(module, engine_function, recording(getattr(module, engine_function)))
    for current in names:
        check(current, ...)
    return defined


def assert_every_misconception_tested(defined, tested):
    """Both ways: each hint in ``defined`` (check name, hint) contains the phrase of one entry of ``tested`` (check
    name, answer, phrase) for its check, and each tested phrase is in a hint its check still defines."""
    tested = [entry.values if hasattr(entry, "values") else entry for entry in tested]  # pytest.param entries
    for name, hint in defined:
        assert any(n == name and phrase in hint for n, _, phrase in tested), f"{name}: no test expects {hint!r}"
    for name, _, phrase in tested:
        assert any(n == name and phrase in hint for n, hint in defined), f"{name}: no misconception says {phrase!r}"


def assert_table_expects_every_misconception(defined, table):
    """Each hint in ``defined`` (check name, hint) is the hint some wrong answer of the mutation ``table`` expects
    for its check (and tests/test_mutations.py checks that it gets it): no misconception is left that no
    plausible answer reaches."""
    assert defined
    unreached = [f"{name}: {hint}" for name, hint in defined
                 if not any(wrong.hint and wrong.hint in hint for wrong in table[name][0])]
    assert not unreached, "no wrong answer of the table expects these hints:\n" + "\n".join(unreached)
