"""Choices drawn as pills or segmented buttons in a column wrap onto another row: Streamlit keeps
them on one scrolling row there, which cut 'By tier' on Scenarios and the programme names on Pilots."""

import pytest

from share_helpers import run_page, view_pages


@pytest.mark.parametrize("page", view_pages())
@pytest.mark.parametrize("language", ["zh", "en"])
def test_button_groups_in_columns_wrap(app, page, language):
    run_page(app, page, lang=language, **({"city": "310000"} if page == "city" else {}))
    scrolling = [group.label for column in app.columns for group in column.get("button_group") if not group.proto.wrap]
    assert scrolling == []
