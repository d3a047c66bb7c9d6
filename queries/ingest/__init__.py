"""Analyst uploads: read, map, match, validate (pipeline.prepare) and commit (commit.commit).

The app (components.ingest_views) and the command line (`python -m queries.ingest`) take the same
path; see docs/ingest.md.
"""
