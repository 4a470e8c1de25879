"""The durable local store: SQLite (WAL, synchronous=FULL) plus content-addressed files.

``database.Store`` owns the connections; one repository module per table group
(``drafts_repo``, ``outbox_repo``, ``materials_repo``, ...). See ``docs/storage.md``.
"""
