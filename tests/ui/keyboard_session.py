"""One kiosk session typing with the real Qt Virtual Keyboard (run by test_virtual_keyboard.py).

``python -m tests.ui.keyboard_session --out DIR`` under Xvfb with ``QT_QPA_PLATFORM=xcb``:
the demo window full screen, the tour up to the 现住址 question, a tap on the field, then
"nihao" tapped on the keyboard's keys and the 你好 candidate tapped. Writes ``DIR/result.json``
(what the input method composed and committed, where the field, the action bar and the
keyboard were) and ``DIR/keyboard.png`` (the window with the keyboard drawn over it where
the screen shows it). Everything goes through Qt's real input-method plumbing: the plugin's
InputContext and Pinyin InputEngine, mouse events on the keyboard's own window.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

WAIT_S = 60.0
"""Longest wait for Qt to show what a tap started (condition polled, not a fixed sleep)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pinyin", default="nihao", help="the letters tapped")
    parser.add_argument(
        "--pick", action="append", help="the candidates tapped, in turn (default 你好)"
    )
    parser.add_argument(
        "--next-session",
        action="store_true",
        help="then end the session and type the same into the next one's 搜索 field",
    )
    parser.add_argument(
        "--allow-learning",
        action="store_true",
        help="the control: the fields lose ImhSensitiveData, so the engine may learn",
    )
    args = parser.parse_args(argv)
    picks = args.pick or ["你好"]
    args.out.mkdir(parents=True, exist_ok=True)

    from ui.virtual_keyboard import use_pinyin_keyboard

    use_pinyin_keyboard()
    from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer
    from PySide6.QtGui import QGuiApplication, QPainter
    from PySide6.QtQuick import QQuickView
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from accessibility.speech.base import RecordingSpeaker
    from kiosk.app import build_window, open_kiosk
    from ui.tour import TourClock, tour
    from ui.virtual_keyboard import keyboard_user_data

    app = QApplication(["kiosk-keyboard"])
    method = QGuiApplication.inputMethod()

    def wait_for(what: str, check: Callable[[], object]) -> object:
        deadline = time.monotonic() + WAIT_S
        while True:
            app.processEvents()
            value = check()
            if value:
                return value
            if time.monotonic() > deadline:
                raise SystemExit(f"timed out waiting for {what}")

    def rect(r) -> list[int]:
        return [r.x(), r.y(), r.width(), r.height()]

    result: dict = {"platform": app.platformName(), "im_module": os.environ.get("QT_IM_MODULE")}
    with open_kiosk(args.out / "data") as kiosk:
        clock = TourClock()
        window = build_window(
            kiosk,
            demo=True,
            today=lambda: date(2026, 11, 22),
            speaker=RecordingSpeaker(),
            immediate=True,
            monotonic=clock,
        )
        # No window manager under Xvfb: the size full screen means is given, as start_kiosk does.
        window.setGeometry(QGuiApplication.primaryScreen().geometry())
        window.showFullScreen()
        window.activateWindow()
        wait_for("the window to be active", window.isActiveWindow)
        for screen, state, _ in tour(window, clock=clock):
            if (screen, state) == ("wizard", "residence_address"):
                break
        else:
            raise SystemExit("the tour never asked 现住址")
        edit = window.current.control.edit
        edit.clear()
        if args.allow_learning:
            edit.setInputMethodHints(Qt.InputMethodHint.ImhNone)

        composed: list[str] = []

        class Composing(QObject):
            def eventFilter(self, watched, event) -> bool:
                if event.type() == QEvent.Type.InputMethod and event.preeditString():
                    composed.append(event.preeditString())
                return False

        spy = Composing()
        edit.installEventFilter(spy)
        window.screen_visible(edit)
        # A tap brings the keyboard up (on a text box's viewport: it takes the box's mouse).
        tapped = edit.viewport() if hasattr(edit, "viewport") else edit
        QTest.mouseClick(tapped, Qt.MouseButton.LeftButton)
        wait_for("the keyboard", method.isVisible)
        views = [
            w
            for w in QGuiApplication.topLevelWindows()
            if w.metaObject().className() == "QtVirtualKeyboard::InputView"
        ]
        if len(views) != 1 or not isinstance(views[0], QQuickView):
            raise SystemExit(f"no Qt Virtual Keyboard panel among {views}")
        view = views[0]

        def items() -> Iterator:
            stack = [view.contentItem()]
            while stack:
                item = stack.pop()
                yield item
                stack.extend(item.childItems())

        def shown(item) -> bool:
            while item is not None:
                if not item.isVisible() or item.opacity() == 0:
                    return False
                item = item.parentItem()
            return True

        def tap(item) -> None:
            centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2)).toPoint()
            QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), centre)
            app.processEvents()

        def key(text: str):
            return next(
                (
                    i
                    for i in items()
                    if i.metaObject().className().startswith("Key_")
                    and i.property("text") == text
                    and shown(i)
                ),
                None,
            )

        def candidate(text: str):
            return next(
                (
                    i
                    for i in items()
                    if i.metaObject().className().startswith("QQuickText")
                    and i.property("text") == text
                    and shown(i)
                ),
                None,
            )

        def first_candidate() -> str:
            """The suggestion the keyboard offers first (leftmost in its candidate list)."""
            shown_items = [
                i
                for i in items()
                if i.metaObject().className().startswith("QQuickText")
                and i.parentItem() is not None
                and i.parentItem().metaObject().className().startswith("SelectionListItem")
                and shown(i)
            ]
            return min(shown_items, key=lambda i: i.mapToScene(QPointF(0, 0)).x()).property("text")

        def type_letters() -> str:
            wait_for("the keys", lambda: key(args.pinyin[0]))
            for letter in args.pinyin:
                tap(key(letter))
            wait_for(f"the candidate {picks[0]}", lambda: candidate(picks[0]))
            return first_candidate()

        def pick_rest() -> None:
            for text in picks[1:]:
                tap(wait_for(f"the candidate {text}", lambda text=text: candidate(text)))

        result["first_candidate"] = type_letters()
        word = candidate(picks[0])
        app.processEvents()
        keys = method.keyboardRectangle().toAlignedRect()
        origin = window.mapToGlobal(window.rect().topLeft())

        def in_window(widget) -> list[int]:
            return rect(widget.rect().translated(widget.mapToGlobal(QPoint(0, 0)) - origin))

        field = in_window(edit)
        button = window.current.next_button
        result.update(
            heading=in_window(window.current.heading),
            heading_text=window.current.heading.text(),
            viewport=in_window(window.current.scroll.viewport()),
            topbar_shown=window.topbar.isVisible(),
        )
        shot = window.grab().toImage()
        painter = QPainter(shot)
        painter.drawImage(view.position() - window.pos(), view.grabWindow())
        painter.end()
        shot.save(str(args.out / "keyboard.png"))
        tap(word)
        pick_rest()
        wait_for("the committed text", lambda: edit.text())
        result.update(
            locale=method.locale().name(),
            composed=composed,
            committed=edit.text(),
            window=[window.width(), window.height()],
            keyboard=rect(keys),
            field=field,
            next_button=in_window(button),
            screenshot=str(args.out / "keyboard.png"),
        )
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # 继续, above the keyboard
        app.processEvents()
        # The keyboard went down with the focus: what gave way to it is back.
        wait_for("the keyboard to go down", lambda: not method.isVisible())
        result["topbar_shown_after"] = window.topbar.isVisible()
        result["hint_shown_after"] = window.current.hint.isVisible() == bool(
            window.current.hint.text()
        )
        session = window.ui.visit.draft.draft
        saved = window.ui.flows.applications.drafts.answers(session.draft.draft_id)
        result["saved"] = saved.get("residence_address")  # on disk, as the next page shows
        result["next_question"] = window.ui.visit.draft.page.question.id
        if args.next_session:
            # The resident leaves; the next one searches by typing the same letters.
            window.end_session("finished")
            app.processEvents()
            data = keyboard_user_data()
            result["user_data_after_session"] = sorted(
                str(p.relative_to(data)) for p in data.rglob("*") if p.is_file()
            )
            QTest.mouseClick(window.current.search_button, Qt.MouseButton.LeftButton)
            app.processEvents()
            edit = window.current.query
            if args.allow_learning:
                edit.setInputMethodHints(Qt.InputMethodHint.ImhNone)
            QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
            wait_for("the keyboard in the next session", method.isVisible)
            result["next_first_candidate"] = type_letters()
            tap(candidate(picks[0]))
            pick_rest()
            wait_for("the text committed in the next session", lambda: edit.text())
            result["next_committed"] = edit.text()
        # Closed from the event loop, the keyboard's view is torn down with the last window;
        # left to interpreter exit, it outlives the QApplication and Qt aborts.
        QTimer.singleShot(0, window.close)
        app.exec()
    (args.out / "result.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
