"""Speech: everything on screen is spoken (see :mod:`accessibility.speech.base`)."""
