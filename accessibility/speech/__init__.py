"""Speech: everything on screen is spoken.

``base`` — the :class:`Speaker` protocol and a recorder for tests; ``speaker`` — the real one
(:class:`VoiceSpeaker`); ``spoken`` — how values are read aloud (pure functions);
``pronounce`` — what espeak-ng is given; ``synth`` — pyttsx3 + espeak-ng to WAV; ``worker`` —
the speech thread; ``cache`` — voice packs and the prompt cache; ``player`` — QtMultimedia
playback; ``voice`` — speed and volume settings.
"""
