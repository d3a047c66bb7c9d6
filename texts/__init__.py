"""Words for people, below every other floor: the message catalogue and the ingest problem texts.

Nothing here imports Streamlit, `components` or `queries`: the app (through `components.i18n.t`,
which reads the page's language) and the command-line tools (which name their language) both
read the same catalogue. Catalogues: texts/locales/<language>/<area>.toml.
"""
