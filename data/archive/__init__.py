"""The KubeCon archive build: every edition of 2021-2026 in the catalogue format.

`data/build_programmes.py` runs it; each module here does one part (editions, speakers,
kinds, recordings, themes, the EU 2026 schedule, lengths) and `build.py` puts them
together. The installed confplan never imports this package.
"""
