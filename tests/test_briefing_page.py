"""The briefing basket in the app: "Add to briefing" keeps the view with what it drew, the
briefing page edits it, the deck holds its charts, and a briefing link restores it elsewhere."""

import io

from pptx import Presentation

from components import briefing, briefing_views

from share_helpers import run_page


def _basket(app) -> list:
    return list(app.session_state[briefing.BASKET_KEY]) if briefing.BASKET_KEY in app.session_state else []


def _add(app):
    app.button(key=briefing.ADD_KEY).click().run()
    assert not app.exception, [e.value for e in app.exception]


def test_add_keeps_the_view_its_choices_and_what_it_drew(app):
    run_page(app, "rankings", lang="en", measure="rank_gap", tier=["leading", "pioneer"])
    _add(app)
    (item,) = _basket(app)
    assert item.page == "rankings" and item.language == "en"
    assert item.params["measure"] == ["rank_gap"] and item.params["tier"] == ["leading", "pioneer"]
    capture = item.capture
    assert capture.page_title == "City rankings"
    assert "places higher for smartness" in capture.takeaway, "the data-driven takeaway comes along"
    assert capture.maps and capture.charts
    assert any("000:L" in source and "Basis" in source for source in capture.sources)
    # The basket survives reruns and page changes within the session.
    app.switch_page("app_pages/overview.py").run()
    _add(app)
    assert [item.page for item in _basket(app)] == ["rankings", "overview"]


def test_briefing_page_orders_titles_and_builds_the_deck(app):
    run_page(app, "overview", lang="en")
    _add(app)
    app.switch_page("app_pages/pilots.py").run()
    _add(app)
    app.switch_page("app_pages/briefing.py").run()
    assert not app.exception, [e.value for e in app.exception]
    _, second = _basket(app)
    app.button(key=f"briefing-up-{second.id}").click().run()
    assert [item.page for item in _basket(app)] == ["pilots", "overview"]
    app.text_input(key=f"briefing-title-{second.id}").input("Pilots at a glance").run()
    app.text_area(key=f"briefing-note-{second.id}").input("Mention the 15 + 15 pilots.").run()
    assert _basket(app)[0].title == "Pilots at a glance"
    assert {button.proto.id.rsplit("-", 1)[-1] for button in app.get("download_button")} >= {"pptx", "pdf"}
    reports = briefing_views.report_titles(_basket(app))
    assert {"001", "002"} <= set(reports), "the reports the two views cite, for the sources slide"
    model = briefing_views.build(_basket(app), "Test", "en", "http://atlas.test", reports)
    deck = Presentation(io.BytesIO(briefing_views.pptx_bytes(model)))
    slides = list(deck.slides)
    assert len(slides) == 4
    assert slides[1].shapes[0].text_frame.text == "Pilots at a glance"
    assert any(shape.has_chart for shape in slides[1].shapes), "the pilots chart is a native chart"
    notes = slides[1].notes_slide.notes_text_frame.text
    assert "Mention the 15 + 15 pilots." in notes and "http://atlas.test/pilots" in notes and "002:L" in notes


def test_a_briefing_link_restores_the_basket_in_another_session(app):
    from streamlit.testing.v1 import AppTest

    run_page(app, "rankings", lang="en", measure="innovation_score")
    _add(app)
    app.switch_page("app_pages/briefing.py").run()
    (item,) = _basket(app)
    app.text_input(key=f"briefing-title-{item.id}").input("Innovation").run()
    code = briefing.encode(_basket(app))
    assert app.query_params["b"] == [code] or app.query_params["b"] == code

    other = AppTest.from_file(str(briefing_views.__file__).replace("components/briefing_views.py", "app.py"))
    other.default_timeout = 60
    run_page(other, "briefing", b=code, lang="en")
    (restored,) = _basket(other)
    assert restored.page == "rankings" and restored.title == "Innovation"
    assert restored.params["measure"] == ["innovation_score"] and restored.capture is None
    other.button(key="briefing-collect").click().run()  # draws each view once, then comes back
    assert not other.exception, [e.value for e in other.exception]
    (restored,) = _basket(other)
    assert restored.capture is not None and restored.capture.charts


def test_a_mistyped_briefing_code_is_ignored_with_a_notice(app):
    run_page(app, "briefing", b="not-a-briefing", lang="en")
    assert _basket(app) == []
    assert any("b=not" in warning.value for warning in app.warning)
