"""The accessibility audit: given a rendered screen, the violations a resident would meet.

``audit_screen(widget, theme=..., prompt=...)`` (in :mod:`accessibility.audit.engine`) runs
every check of :mod:`accessibility.audit.checks` on one screen as it is laid out and painted
now; ``kiosk audit`` runs it over every screen of the journey at every font scale, theme and
window size.
"""

from accessibility.audit.engine import CHECKS, audit_screen
from accessibility.audit.model import Rules, Violation

__all__ = ["CHECKS", "Rules", "Violation", "audit_screen"]
