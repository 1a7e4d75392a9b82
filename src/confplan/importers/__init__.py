"""Importing published schedules as confplan catalogues.

frab/Pentabarf XML (FOSDEM, the CCC congresses, pretalx) is read by
`frab_xml`; `detect` tells the formats apart by content, never by file name.
Nothing here imports Textual.
"""
