"""The answer controls of the wizard, one per field type, all big and touch-first.

Each control shows a value (the saved answer, the prefilled fact, or the rejected input) and
gives back the raw answer for the flow to check: text typed with the virtual keyboard, digits
from the on-screen keypad, a choice tapped, a date as 年/月/日, a region picked level by level.
No control validates; :mod:`kiosk.domain.answers` does, and the screen shows its message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from kiosk.domain.catalog import FieldType, FormField
from kiosk.domain.identity import mask_id_number
from kiosk.domain.regions import COUNTY, RegionTable
from kiosk.i18n import N_, tr
from ui.virtual_keyboard import type_privately
from ui.widgets.buttons import ActionButton, TileButton
from ui.widgets.keypad import KEY_CLEAR, KEY_DELETE, Keypad, digit_keypad, id_keypad
from ui.widgets.layouts import WrapLayout
from ui.widgets.text import TextLabel
from ui.widgets.textbox import WrappingTextBox
from ui.widgets.tiles import TileGrid


class AnswerControl(QWidget):
    changed = Signal()

    def __init__(self, form_field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = form_field
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_value(self, value: object) -> None:
        raise NotImplementedError

    def value(self) -> object:
        raise NotImplementedError

    def set_spacing(self, gap: int) -> None:
        self.box.setSpacing(gap)


class TextAnswer(AnswerControl):
    """Free text (addresses, an employer's name): the Pinyin virtual keyboard types into it,
    and the box wraps so the whole answer stays in view (:mod:`ui.widgets.textbox`)."""

    def __init__(self, form_field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(form_field, parent)
        self.edit = WrappingTextBox()
        self.edit.setAccessibleName(form_field.title or form_field.label)
        if form_field.max_length:
            self.edit.setMaxLength(form_field.max_length)
        self.edit.textChanged.connect(self.changed.emit)
        self.box.addWidget(self.edit)

    def set_value(self, value: object) -> None:
        self.edit.setText("" if value is None else str(value))

    def value(self) -> object:
        return self.edit.text()


class DigitsAnswer(AnswerControl):
    """Numbers typed on the big keypad: ID numbers (with X), phones, accounts, amounts."""

    GROUPS: ClassVar[dict[FieldType, tuple[int, ...]]] = {
        FieldType.PHONE: (3, 4, 4),
        FieldType.ID_NUMBER: (6, 8, 4),
        FieldType.BANK_ACCOUNT: (4,) * 7,  # as printed on the card; and it can wrap
    }

    def __init__(self, form_field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(form_field, parent)
        kind = form_field.type
        self._text = ""
        self._masked = False
        self.display = TextLabel("", role="display")
        self.display.setAccessibleName(
            tr("已输入的{field}").format(field=form_field.title or form_field.label)
        )
        decimal = kind == FieldType.MONEY or bool(form_field.decimals)
        self.keypad: Keypad = (
            id_keypad() if kind == FieldType.ID_NUMBER else digit_keypad(decimal=decimal)
        )
        self.keypad.pressed.connect(self._key)
        self.box.addWidget(self.display)
        self.box.addWidget(self.keypad)
        self._render()

    def _key(self, key: str) -> None:
        if self._masked:  # a prefilled ID shown masked: typing replaces it
            self._text, self._masked = "", False
        if key == KEY_DELETE:
            self._text = self._text[:-1]
        elif key == KEY_CLEAR:
            self._text = ""
        elif len(self._text) < 30:
            self._text += key
        self._render()
        self.changed.emit()

    def _render(self) -> None:
        if not self._text:
            self.display.set_role("hint")
            self.display.setText(tr("（请用下面的数字键输入）"))
            return
        self.display.set_role("display")
        if self._masked:
            # In its 6-8-4 groups, so the big display can wrap on a narrow screen at 特大.
            masked = mask_id_number(self._text)
            self.display.setText(f"{masked[:6]} {masked[6:14]} {masked[14:]}")
            return
        groups = self.GROUPS.get(self.field.type)
        text = self._text
        if groups:
            parts, start = [], 0
            for size in groups:
                parts.append(text[start : start + size])
                start += size
            parts.append(text[start:])
            text = " ".join(p for p in parts if p)
        if self.field.type == FieldType.MONEY:
            text += tr(" 元")
        self.display.setText(text)

    def set_value(self, value: object) -> None:
        self._text = "" if value is None else str(value)
        # An ID number already known is shown masked: people behind may be reading.
        self._masked = self.field.type == FieldType.ID_NUMBER and len(self._text) == 18
        self._render()

    def value(self) -> object:
        return self._text


class ChoiceAnswer(AnswerControl):
    """Options as big buttons; one (single choice) or several (multiple) can be on."""

    def __init__(self, form_field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(form_field, parent)
        self.multiple = form_field.type == FieldType.MULTI_CHOICE
        self._chosen: list[str] = []
        self.grid = TileGrid(
            min_chars=6, max_columns=3, checkable=True, name=form_field.title or form_field.label
        )
        options = form_field.options or ()
        self.grid.set_tiles([(o.value, o.label, "") for o in options], self._tap)
        if self.multiple:
            self.box.addWidget(TextLabel(tr("可以选多项。"), role="hint"))
        self.box.addWidget(self.grid)

    def set_spacing(self, gap: int) -> None:
        super().set_spacing(gap)
        self.grid.set_spacing(gap)

    def _tap(self, value: str) -> None:
        if self.multiple:
            if value in self._chosen:
                self._chosen.remove(value)
            else:
                self._chosen.append(value)
        else:
            self._chosen = [value]
        self.grid.set_checked(set(self._chosen))
        self.changed.emit()

    def set_value(self, value: object) -> None:
        if isinstance(value, list):
            self._chosen = [str(v) for v in value]
        else:
            self._chosen = [] if value is None else [str(value)]
        self.grid.set_checked(set(self._chosen))

    def value(self) -> object:
        if self.multiple:
            return list(self._chosen)
        return self._chosen[0] if self._chosen else None


class DateAnswer(AnswerControl):
    """年 / 月 / 日 as three boxes filled from the keypad: tap a box to change it. (Elderly users
    find typing 1940 easier than scrolling a wheel through 86 years.)"""

    PARTS = (("year", N_("年"), 4), ("month", N_("月"), 2), ("day", N_("日"), 2))

    def __init__(self, form_field: FormField, parent: QWidget | None = None) -> None:
        super().__init__(form_field, parent)
        self._parts = {"year": "", "month": "", "day": ""}
        self._active = "year"
        row = QWidget()
        self.row = WrapLayout(row)
        self.boxes: dict[str, ActionButton] = {}
        for key, unit, _ in self.PARTS:
            button = ActionButton("", name=unit)
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, k=key: self._select(k))
            self.row.add(button)
            self.boxes[key] = button
        self.keypad = digit_keypad()
        self.keypad.pressed.connect(self._key)
        self.box.addWidget(row)
        self.box.addWidget(self.keypad)
        self._render()

    def _select(self, key: str) -> None:
        self._active = key
        self._parts[key] = ""
        self._render()

    def _key(self, key: str) -> None:
        part = self._active
        size = dict((k, n) for k, _, n in self.PARTS)[part]
        if key == KEY_DELETE:
            self._parts[part] = self._parts[part][:-1]
        elif key == KEY_CLEAR:
            self._parts[part] = ""
        elif key.isdigit() and len(self._parts[part]) < size:
            self._parts[part] += key
            if len(self._parts[part]) == size:
                order = [k for k, _, _ in self.PARTS]
                index = order.index(part)
                if index + 1 < len(order):
                    self._active = order[index + 1]
                    self._parts[self._active] = ""
        self._render()
        self.changed.emit()

    def _render(self) -> None:
        for key, unit, size in self.PARTS:
            text = self._parts[key] or "＿" * size
            button = self.boxes[key]
            unit = tr(unit)
            state = self._parts[key] or tr("未填")
            button.set_label(
                f"{text} {unit}", name=tr("{unit}：{value}").format(unit=unit, value=state)
            )
            button.setChecked(key == self._active)

    def set_value(self, value: object) -> None:
        self._parts = {"year": "", "month": "", "day": ""}
        if isinstance(value, str) and len(value.split("-")) == 3:
            year, month, day = value.split("-")
            self._parts = {"year": year, "month": month.lstrip("0"), "day": day.lstrip("0")}
            self._active = "day"
        else:
            self._active = "year"
        self._render()

    def value(self) -> object:
        year, month, day = (self._parts[k] for k in ("year", "month", "day"))
        if not (year or month or day):
            return None
        if not (year and month and day):
            return f"{year}-{month}-{day}"  # refused by the rules with a plain message
        return f"{year}-{int(month):02d}-{int(day):02d}"


class RegionAnswer(AnswerControl):
    """省 → 市 → 县 picked level by level, then 乡镇（街道）和村（社区） where asked.

    The 乡镇 and 村 read from the ID card's address (the prefilled value) are offered as one
    tile to confirm: nothing to type, so a keypad or a resident who cannot type finishes.
    Typing is the last resort (地址不对，自己填写, or no address on the card).
    """

    def __init__(
        self, form_field: FormField, *, regions: RegionTable, parent: QWidget | None = None
    ) -> None:
        super().__init__(form_field, parent)
        self.regions = regions
        self._code: str | None = None
        self.path = TextLabel("", role="value")
        self.restart = ActionButton(tr("重新选择地区"))
        self.restart.clicked.connect(lambda: self._chose(None))
        self.up = ActionButton(tr("返回上一级"))
        self.up.clicked.connect(self._up)
        self.grid = TileGrid(min_chars=5, max_columns=4, name=tr("选择地区"))
        self.detail_label = TextLabel(tr("乡镇（街道）和村（社区）："), role="value")
        self._offer = ""
        self._offer_code: str | None = None
        self.offer = TileButton("", tr("身份证上的地址，对的话选这一项"), checkable=True)
        self.offer.setProperty("personal", True)  # the keypad says it only into a headset
        self.offer.setProperty("masked_name", tr("身份证上的乡镇和村"))
        self.offer.toggled.connect(lambda _: self.changed.emit())
        self.type_instead = ActionButton(tr("地址不对，自己填写"))
        self.type_instead.clicked.connect(self._type_instead)
        self.detail = QLineEdit()
        type_privately(self.detail)
        self.detail.setAccessibleName(tr("乡镇（街道）和村（社区）"))
        self.detail.setAccessibleDescription(tr("不方便打字的，请按“帮助”请工作人员帮忙。"))
        self.detail.textChanged.connect(lambda _: self.changed.emit())
        self._typing = False
        self.needs_detail = (form_field.region_depth or 3) > COUNTY
        actions = QWidget()
        row = WrapLayout(actions)
        row.add(self.up)
        row.add(self.restart)
        for widget in (
            self.path,
            actions,
            self.grid,
            self.detail_label,
            self.offer,
            self.type_instead,
            self.detail,
        ):
            self.box.addWidget(widget)
        self._pick(None)

    def set_spacing(self, gap: int) -> None:
        super().set_spacing(gap)
        self.grid.set_spacing(gap)

    def _pick(self, code: str | None) -> None:
        self._code = code
        children = self.regions.children(code)
        region = self.regions.get(code) if code else None
        done = region is not None and (region.level >= COUNTY or not children)
        self.path.setText(
            tr("已选：{place}").format(place=self.regions.full_name(code))
            if code
            else tr("请选择省（自治区、直辖市）")
        )
        self.grid.set_tiles([] if done else [(r.code, r.name, "") for r in children], self._chose)
        self.grid.setVisible(not done)
        self.up.setVisible(code is not None)
        self.restart.setVisible(code is not None)
        self._done = done
        self._show_detail()
        self.changed.emit()

    def _show_detail(self) -> None:
        asked = self._done and self.needs_detail
        # The card's 乡镇/村 belong to the card's county: not offered under another one.
        offered = asked and bool(self._offer) and not self._typing
        offered = offered and self._code == self._offer_code
        self.detail_label.setVisible(asked)
        self.offer.setVisible(offered)
        self.type_instead.setVisible(offered)
        self.detail.setVisible(asked and not offered)

    def _type_instead(self) -> None:
        self._typing = True
        self.detail.setText(self._offer)
        self._show_detail()
        self.setProperty("status", self.path.text())
        self.detail.setFocus()
        self.changed.emit()

    def _up(self) -> None:
        region = self.regions.get(self._code) if self._code else None
        self._chose(region.parent if region else None)

    def _chose(self, code: str | None) -> None:
        """A tile, 返回上一级 or 重新选择地区 pressed: the chosen tile is gone with its level,
        so focus goes to what comes next (the next level's first tile, else the 乡镇/村), and
        ``status`` says where the resident is (the keypad says it with the new focus)."""
        self._pick(code)
        if self.grid.isVisible() and self.grid.tiles:
            target = next(iter(self.grid.tiles.values()))
            step = tr("请选择下一级") if code else ""
        else:
            target = self.offer if self.offer.isVisibleTo(self) else self.detail
            step = ""
        if not target.isVisibleTo(self):
            target = self.restart
        path = self.path.text()
        self.setProperty("status", "，".join(p for p in (path, step) if p))
        target.setFocus()

    def set_value(self, value: object) -> None:
        code = value.get("code") if isinstance(value, dict) else value
        detail = value.get("detail", "") if isinstance(value, dict) else ""
        # A 乡镇/村 that came with the value (from the card, or saved) is offered to confirm.
        self._offer = detail if isinstance(detail, str) else ""
        self._offer_code = code if isinstance(code, str) else None
        self._typing = False
        self.offer.set_title(self._offer)
        self.offer.setChecked(bool(self._offer))
        # The card's words go in the field only when the resident asks to edit them.
        self.detail.setText("" if self._offer else (detail or ""))
        if isinstance(code, str) and self.regions.get(code) is not None:
            self._pick(code)
        else:
            self._pick(None)

    def value(self) -> object:
        if self._code is None:
            return None
        value: dict[str, str] = {"code": self._code}
        if self.offer.isVisibleTo(self) and self.offer.isChecked():
            value["detail"] = self._offer
        elif self.detail.isVisibleTo(self) and self.detail.text().strip():
            value["detail"] = self.detail.text()
        return value


def control_for(form_field: FormField, *, regions: RegionTable) -> AnswerControl:
    kind = form_field.type
    if kind in (FieldType.SINGLE_CHOICE, FieldType.MULTI_CHOICE):
        return ChoiceAnswer(form_field)
    if kind == FieldType.DATE:
        return DateAnswer(form_field)
    if kind == FieldType.REGION:
        return RegionAnswer(form_field, regions=regions)
    if kind in (
        FieldType.ID_NUMBER,
        FieldType.PHONE,
        FieldType.BANK_ACCOUNT,
        FieldType.NUMBER,
        FieldType.MONEY,
    ):
        return DigitsAnswer(form_field)
    return TextAnswer(form_field)


ControlFactory = Callable[[FormField], AnswerControl]
