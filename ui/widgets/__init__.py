"""Reusable widgets of the kiosk: big text, big buttons, keypads, pages, overlays."""
