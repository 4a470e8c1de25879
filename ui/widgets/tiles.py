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
        """``tiles``: (key, title, note); ``on_click`` gets the key."""
        self._layout.clear()
        self.tiles = {}
        for key, title, note in tiles:
            tile = TileButton(title, note, checkable=self._checkable)
            tile.clicked.connect(lambda _=False, k=key: on_click(k))
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
