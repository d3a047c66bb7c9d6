"""Every user-visible string exists in Chinese and English, and every key the code asks for exists."""

import re
from pathlib import Path

import pytest

from texts.catalogue import LANGUAGES, catalog

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "components").glob("*.py")])
# t("literal.key") — keys built at run time (f-strings) are checked through the catalogues' parity.
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_][a-z0-9_.]*)["']""")
PLACEHOLDER = re.compile(r"{(\w*)}")


def test_both_languages_have_the_same_keys():
    zh, en = catalog("zh"), catalog("en")
    assert sorted(zh.keys() - en.keys()) == [], "keys only in Chinese"
    assert sorted(en.keys() - zh.keys()) == [], "keys only in English"


def test_translations_take_the_same_placeholders():
    zh, en = catalog("zh"), catalog("en")
    different = [key for key in zh if set(PLACEHOLDER.findall(zh[key])) != set(PLACEHOLDER.findall(en[key]))]
    assert different == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_every_literal_key_the_code_uses_exists(path):
    keys = set(LITERAL_KEY.findall(path.read_text(encoding="utf-8")))
    for language in LANGUAGES:
        missing = sorted(key for key in keys if key not in catalog(language))
        assert missing == [], f"{path.name} asks for keys missing in {language}: {missing}"


def test_chinese_is_the_default_and_english_reads_as_english():
    zh, en = catalog("zh"), catalog("en")
    assert zh["nav.overview"] == "总览" and en["nav.overview"] == "Overview"
    han = re.compile(r"[\u4e00-\u9fff]")
    # English strings may quote Chinese terms (标准地图, 领军) but must not be untranslated Chinese.
    untranslated = [key for key, text in en.items() if han.search(text) and not re.search(r"[A-Za-z]{3}", text)]
    allowed = {"sidebar.language"}  # the language switch is labelled in both languages on purpose
    assert sorted(set(untranslated) - allowed) == []
