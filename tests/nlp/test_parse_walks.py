"""Walks over the parse end: tokens are compared by position, never by identity.

spaCy makes a fresh ``Token`` on every access, so ``tok.head is tok`` is never true, even at the root; a
``while cur.head is not cur`` walk then never ends. These tests keep that class of bug out of ``nlp/``.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import dronewatch.nlp

NLP_SOURCES = sorted(Path(dronewatch.nlp.__file__).parent.rglob("*.py"))


def _identity_comparisons(path: Path) -> list[str]:
    """Every ``a is b`` / ``a is not b`` in a module where neither side is a literal (None, True, False)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Compare):
            continue
        left = node.left
        for op, right in zip(node.ops, node.comparators):
            if isinstance(op, ast.Is | ast.IsNot) and not (
                isinstance(left, ast.Constant) or isinstance(right, ast.Constant)
            ):
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
            left = right
    return found


def test_no_identity_comparison_between_objects_in_the_extractors() -> None:
    """Tokens and spans are views: `is` between two of them is always False, so the nlp package uses none."""
    offenders = [line for path in NLP_SOURCES for line in _identity_comparisons(path)]
    assert offenders == [], "compare positions (tok.i, span.start), not identity:\n" + "\n".join(offenders)


@pytest.mark.model
def test_date_under_a_noun_root_does_not_hang_extraction() -> None:
    """A headline whose root is a noun ("…, curfew on Tuesday") once looped forever while dating the strike."""
    script = (
        "from datetime import date\n"
        "from dronewatch.ingest.document import Document\n"
        "from dronewatch.nlp import extract_documents, load_pipeline\n"
        "text = 'Russian drone strike on Odesa: three dead, curfew on Tuesday.'\n"
        "[r] = extract_documents([Document(source='t.txt', text=text, published=date(2025, 3, 14))], "
        "load_pipeline())\n"
        "print([(e.type, str(e.date.earliest)) for e in r.events])\n"
    )
    from spacy.util import is_package

    from dronewatch.config import settings

    if not is_package(settings.spacy_model):
        pytest.skip(f"spaCy model {settings.spacy_model!r} is not installed")
    # A child process, so that a regression fails the test instead of hanging the suite.
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert "('drone_strike', '2025-03-11')" in out.stdout
