"""Client side of synchronisation: the outbox worker, transport, connectivity, pulls, bundles.

Plain Python with its own worker thread and plain callbacks (not a QObject); it imports only
the core (``kiosk``). What the UI uses:

- :class:`sync.worker.SyncWorker` with ``start()``, ``stop()``, ``poke()``, ``snapshot()``;
- :class:`sync.worker.SyncSnapshot` (online, pending, bytes left, last success, next attempt,
  parked items with reasons, a Chinese message for staff);
- :func:`sync.factory.build_engine` to make the engine for a data directory.

The design (stages, error policy, backoff) is in ``docs/sync.md``.
"""
