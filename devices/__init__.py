"""Hardware at the edge: camera, code decoding, card reader, capture, printer.

Each device kind is an interface whose protocol logic lives in its base class, a real backend
and a file-backed or simulated backend that runs the same code paths. This package imports no
other project package; every error it raises is a :class:`devices.errors.DeviceError`.
"""
