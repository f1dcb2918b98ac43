"""The message catalogue: both languages for every key, and every key the site uses exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

from webapp.shared.messages import MESSAGES

WEBAPP = Path(__file__).resolve().parents[1] / "webapp"
USED = re.compile(r"""\bt\(\s*['"]([\w-]+)['"]""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_with_the_same_fields():
    chinese_allowed = {"search_placeholder", "example_railway_express"}  # they quote 中欧班列
    for key, entry in MESSAGES.items():
        assert set(entry) == {"zh", "en"}, key
        assert entry["zh"].strip() and entry["en"].strip(), key  # ": " strips to ":"
        assert _fields(entry["zh"]) == _fields(entry["en"]), key
        assert key in chinese_allowed or not re.search(r"[\u4e00-\u9fff]", entry["en"]), key


def test_every_key_used_by_the_site_exists():
    sources = list(WEBAPP.rglob("*.py")) + list((WEBAPP / "templates").glob("*.html"))
    used = {key for path in sources for key in USED.findall(path.read_text(encoding="utf-8"))}
    dynamic = {k for k in MESSAGES if k.startswith(("count_", "facet_", "dl_group_", "error_"))}
    assert used, "no t() calls found"
    prefixes = {k for k in used if k.endswith("_")}  # t('count_' ~ kind) in templates
    assert used - prefixes - set(MESSAGES) == set()
    text = "".join(path.read_text(encoding="utf-8") for path in sources)
    named = {k for k in MESSAGES if f'"{k}"' in text or f"'{k}'" in text}  # keys held as data
    assert set(MESSAGES) - used - dynamic - named == set()
