"""English pages read as English: every page, in the normal, embedded and presenting views, shows
no Chinese punctuation (，；：、（）“”…) and no label that is Chinese only. Chinese pages keep Chinese
punctuation.

What is exempt is what the reports print, shown verbatim on purpose: the "As printed" and
"Source text" columns, and notes that quote the report (they are English sentences around the
Chinese they quote). A place's first tooltip line names it in both languages ("深圳市 Shenzhen").
The language switch names Chinese as 中文 on purpose.
"""

import pytest
from english_text import CJK_PUNCTUATION, HAN, LATIN, page_texts

from share_helpers import run_page, view_pages

PAGES = view_pages()
VERBATIM_COLUMNS = {"As printed", "Source text", "Evidence", "Quote", "Note"}
ALLOWED = {"中文"}  # the language switch


def _problems(app) -> list[str]:
    problems = []
    for where, text in page_texts(app, VERBATIM_COLUMNS):
        if text in ALLOWED or ("tooltip" in where and text.split(": ", 1)[0] in VERBATIM_COLUMNS):
            continue
        if CJK_PUNCTUATION.search(text):
            problems.append(f"{where}: Chinese punctuation in {text[:120]!r}")
        elif HAN.search(text) and not LATIN.search(text):
            problems.append(f"{where}: Chinese-only {text[:120]!r}")
    return sorted(set(problems))


def _params(page: str) -> dict:
    # Several tiers, so lists are joined; the city page shows a city with every section.
    params = {"lang": "en", "tier": ["leading", "pioneer", "exploring"]}
    return {**params, "city": "310000"} if page == "city" else params


@pytest.mark.parametrize("page", PAGES)
def test_english_page_has_no_chinese_punctuation_or_chinese_only_labels(app, page):
    run_page(app, page, **_params(page))
    assert _problems(app) == []


@pytest.mark.parametrize("page", PAGES)
def test_english_embedded_page_including_its_embed_line(app, page):
    app.context = {"is_embedded": True, "url": "http://atlas.intranet:8501"}
    run_page(app, page, **_params(page))
    line = app.caption[0].value
    assert "2022 tier: Leading, Pioneer, Exploring" in line.replace("\\", ""), line
    assert _problems(app) == []


@pytest.mark.parametrize("page", ["overview", "rankings", "pilots", "carbon", "scenarios", "city"])
def test_english_presentation_lead(app, page):
    run_page(app, page, present="1", **_params(page))
    assert _problems(app) == []


@pytest.mark.parametrize("page", ["rankings", "carbon", "overview"])
def test_chinese_pages_keep_chinese_punctuation(app, page):
    run_page(app, page, tier=["leading", "pioneer", "exploring"])
    captions = " ".join(caption.value for caption in app.caption)
    assert "来源：" in captions and "依据：" in captions
    assert "，" in captions or "、" in captions or "；" in captions
