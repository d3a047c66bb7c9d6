"""Opening a page of the app under AppTest as a shared link would."""


def open_page(app, page: str, **params):
    """Run /<page>?params: the first run registers the pages, then the link's params apply."""
    app.run()
    app.query_params.update(params)
    app.switch_page(f"app_pages/{page}.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app
