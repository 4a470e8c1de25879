"""工作人员管理: behind the staff PIN (with lock-out): devices, the queue, the last sync, the
catalogue version, the log tail (never personal data) and 退出自助模式."""

from __future__ import annotations

from kiosk.flows.outcome import ScreenName
from kiosk.i18n import tr
from ui.screens.base import Screen, Speech
from ui.widgets.keypad import digit_keypad
from ui.widgets.text import TextLabel


class AdminScreen(Screen):
    name = ScreenName.ADMIN

    def build(self) -> None:
        self.dots = TextLabel("", role="display")
        self.dots.setAccessibleName(tr("已输入的密码位数"))
        self.keypad = digit_keypad()
        self.keypad.pressed.connect(self._key)
        self.status = TextLabel("")
        self.log_title = TextLabel(tr("最近的日志"), role="value")
        self.log = TextLabel("", role="hint")
        for widget in (self.dots, self.keypad, self.status, self.log_title, self.log):
            self.body.addWidget(widget)
        self.home_button = self.nav_button(tr("返回首页"), lambda: self.ui.admin.back())
        self.quit_button = self.nav_button(
            tr("退出自助模式"), lambda: self.ui.admin.leave_kiosk_mode()
        )
        self.ok_button = self.nav_button(
            tr("确定"), lambda: self.ui.admin.submit(), primary=True, background=True
        )

    def enter(self):
        self.ui.admin.lock()
        self.render()
        return None

    def leave(self) -> None:
        self.ui.admin.lock()

    def _key(self, key: str) -> None:
        self.ui.admin.key(key)
        self.render()

    def render(self) -> None:
        view = self.ui.admin.view
        unlocked = view.unlocked
        self.set_texts(view.heading, "" if unlocked else tr("请输入管理密码。"))
        self.errors.show_errors([view.error] if view.error else [])
        self.dots.setText(view.dots or tr("（请输入）"))
        for widget in (self.dots, self.keypad, self.ok_button):
            widget.setVisible(not unlocked)
        for widget in (self.status, self.log_title, self.log, self.quit_button):
            widget.setVisible(unlocked)
        if not unlocked:
            return
        self.scroll.verticalScrollBar().setValue(0)
        lines = [tr("{name}：{state}").format(name=d.name, state=d.state) for d in view.devices]
        lines.append(tr("待提交的申请：{n}件").format(n=view.pending))
        sync = view.sync
        if sync is None:
            lines.append(tr("同步：未配置服务器"))
        else:
            lines.append(tr("网络：已连接") if sync.online else tr("网络：未连接"))
            lines.append(tr("上次同步成功：{when}").format(when=sync.last_success or tr("还没有")))
            if sync.next_attempt:
                lines.append(tr("下次尝试：{when}").format(when=sync.next_attempt))
            if sync.parked:
                lines.append(tr("被退回待处理：{n}件").format(n=sync.parked))
        lines.append(tr("事项目录版本：{version}").format(version=view.catalog_version))
        self.status.setText("\n".join(lines))
        self.log.setText("\n".join(view.log_tail) or tr("（没有日志）"))

    def speech(self) -> Speech:
        return Speech(self.ui.admin.view.prompt)
