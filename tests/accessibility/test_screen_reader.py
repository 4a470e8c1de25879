"""What a screen reader sees, read in process through Qt's accessibility interfaces."""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QPushButton

from accessibility.announce import Announcer
from accessibility.keypad import accessible_name
from tests.accessibility.test_keypad import Page, show_active

INTERACTIVE = {
    QAccessible.Role.Button,
    QAccessible.Role.CheckBox,
    QAccessible.Role.EditableText,
}


def walk(interface):
    yield interface
    for index in range(interface.childCount()):
        child = interface.child(index)
        if child is not None:
            yield from walk(child)


def test_every_interactive_widget_has_a_name_in_the_accessibility_tree(qtbot):
    page = Page()
    qtbot.addWidget(page)
    show_active(qtbot, page)
    root = QAccessible.queryAccessibleInterface(page)
    found = {
        node.text(QAccessible.Text.Name): node.role()
        for node in walk(root)
        if node.role() in INTERACTIVE and not node.state().invisible
    }
    assert found == {
        "身份证号码": QAccessible.Role.EditableText,
        "同意": QAccessible.Role.CheckBox,
        "下一步": QAccessible.Role.Button,
        "打印": QAccessible.Role.Button,
        "1": QAccessible.Role.Button,
        "删除一位": QAccessible.Role.Button,
    }
    field = QAccessible.queryAccessibleInterface(page.field)
    assert field.text(QAccessible.Text.Description) == "18位，最后一位可能是X。"
    assert QAccessible.queryAccessibleInterface(page.disabled).state().disabled


def test_an_icon_button_without_text_has_no_name_until_given_one(qtbot):
    button = QPushButton()
    qtbot.addWidget(button)
    assert accessible_name(button) == ""
    button.setAccessibleName("再听一遍")
    assert accessible_name(button) == "再听一遍"


def test_announcements_carry_message_and_politeness(qtbot):
    page = Page()
    qtbot.addWidget(page)
    announcer = Announcer()
    heard = []
    announcer.announced.connect(lambda message, assertive: heard.append((message, assertive)))
    QAccessible.setActive(True)  # as when Orca or NVDA is listening
    try:
        announcer.announce(page.next, "已保存。")
        announcer.announce(page.field, "身份证号码有误：位数不对。", assertive=True)
        announcer.announce(page.field, "   ")
    finally:
        QAccessible.setActive(False)
    assert heard == [("已保存。", False), ("身份证号码有误：位数不对。", True)]
