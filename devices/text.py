"""Marks the Chinese messages devices give residents, for the translation extractor.

``devices`` imports no other project package, so it cannot translate: the UI translates a
device's message where it shows it (``tr(error.message)``, ``tr(hint.text)``). ``N_`` only
marks the text (``python -m tools.translations`` finds it); it returns it unchanged.
"""


def N_(text: str) -> str:
    return text
