"""A grid of tiles that reflows: as many columns as fit the width at the current font size."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.widgets.buttons import TileButton
from ui.widgets.layouts import WrapLayout


class TileGrid(QWidget):
    def __init__(
        self,
        *,
        min_chars: float = 9,
        max_columns: int = 3,
        checkable: bool = False,
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._layout = WrapLayout(self, min_item_chars=min_chars, max_columns=max_columns)
        self._checkable = checkable
        self.tiles: dict[str, TileButton] = {}
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        if name:
            self.setAccessibleName(name)

    def set_spacing(self, gap: int) -> None:
        self._layout.set_spacing(gap)

    def set_tiles(
        self,
        tiles: Sequence[tuple[str, str, str]],
        on_click: Callable[[str], None],
    ) -> None:
        """``tiles``: (key, title, note); ``on_click`` gets the key. The same tiles again
        (the home screen shown once more) are kept, not rebuilt: a screen change stays quick."""
        self._on_click = on_click
        spec = tuple(tiles)
        if spec == getattr(self, "_spec", None):
            return
        self._spec = spec
        self._layout.clear()
        self.tiles = {}
        for key, title, note in spec:
            tile = TileButton(title, note, checkable=self._checkable)
            tile.clicked.connect(lambda _=False, k=key: self._on_click(k))
            self._layout.add(tile)
            self.tiles[key] = tile
        self.updateGeometry()

    def set_checked(self, keys: set[str] | Sequence[str]) -> None:
        for key, tile in self.tiles.items():
            tile.setChecked(key in keys)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._layout.heightForWidth(width)
