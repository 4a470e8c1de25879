"""The screen tour: the real screens driven through every state of the demo journey.

:func:`tour` clicks and types through a :class:`~ui.window.KioskWindow` as the two demo
residents would, and stops at every state worth looking at, yielding
``(screen_name, state_name, widget)``:

* ``screen_name`` is the registry name (``home``, ``wizard`` ...) or, for a dialog drawn over
  a screen, the dialog's name (``idle``, ``help``, ``end``);
* ``state_name`` says which state (``attract``, ``applicant_phone:error``, ``warning`` ...);
  the pair is unique within one tour;
* ``widget`` is the window itself, laid out and showing that state; what it says aloud is
  :func:`spoken_prompt` of it.

Between two stops the consumer may restyle or resize the window (the headless demo takes a
screenshot at each font scale; ``kiosk audit`` checks every scale, theme and size) as long as
it puts nothing else on screen. The journey (synthetic people only):

1. 首页, 搜索 "GLJT", a mistyped ID number, then an 86-year-old's ID card; 高龄津贴's 办事指南,
   the PIN set twice; every question (a phone number refused once, 返回 once), his 户口簿
   deferred (容缺) and his bank card photographed; 请核对 refused without consent and
   signature, then submitted offline; the receipt printed; 结束 confirmed.
2. A young mother applies for 城乡居民养老保险 (her 户口簿 photographed), then 办理其他事项:
   新生儿出生一件事, where the 户口簿 is offered again (材料复用); she walks away, the idle
   warning comes and the session ends with the draft kept; she comes back, 继续上次的申请 with
   her PIN, finishes, and rates the service.
3. ``between()`` runs (the demo puts the sync stage there), then the progress query by ID;
   a volunteer (帮办代办) opens their empty case list, starts 临时救助 for the elder (his
   consent on screen), ends the session half-way, finds the case on the list and continues
   it with the elder present (his card, his consent, the PIN); then the staff screen behind
   its PIN.

The window must be built with a :class:`TourClock` as its idle clock, the immediate task
runner, a camera (a :class:`~devices.camera.FileCamera` of document photos) and a printer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kiosk.domain.catalog import FieldType
from kiosk.domain.forms import IdentityFacts
from kiosk.domain.identity import Sex, check_id_number, compose_id_number
from kiosk.flows.identify import CardIdentity
from kiosk.flows.outcome import ScreenName
from ui.widgets.answers import ChoiceAnswer, DateAnswer, DigitsAnswer, RegionAnswer, TextAnswer
from ui.window import KioskWindow

Stop = tuple[str, str, QWidget]
MAX_PAGES = 80
SIGNATURE_STROKES = (
    ((0.1, 0.6), (0.2, 0.3), (0.3, 0.65), (0.4, 0.35)),
    ((0.5, 0.55), (0.6, 0.3), (0.7, 0.6), (0.85, 0.4)),
)


class TourClock:
    """The window's idle clock, moved on by the tour instead of waiting two minutes."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@dataclass
class TourResident:
    facts: IdentityFacts
    phone: str
    pin: str
    answers: dict[str, object] = field(default_factory=dict)
    """Scripted answers where the generic ones would be wrong (the baby's name ...)."""
    later: frozenset[str] = frozenset()
    """Material questions answered 以后补交."""


def _facts(region: str, born: date, sequence: int, name: str) -> IdentityFacts:
    number = compose_id_number(region, birth_date=born, sequence=sequence)
    check = check_id_number(number)
    return IdentityFacts(
        id_number=number,
        name=name,
        sex=check.sex,
        birth_date=check.birth_date,
        region_code=region,
        # In the ID number's 110105 (朝阳区): the kiosk reads 户口所在地 off it. Short, as
        # the 现住址 line must fit the tablet at 特大 (kiosk audit); a real card's begins at
        # the province (read_address takes both).
        address="朝阳区示例街道示例社区",
    )


def demo_residents() -> tuple[TourResident, TourResident]:
    """The elder and the young mother of the demo (synthetic: nobody's real data)."""
    elder = TourResident(
        facts=_facts("110105", date(1940, 5, 6), 31, "张秀英"),
        phone="13800000001",
        pin="2580",
        later=frozenset({"material_hukou_booklet"}),
    )
    mother = TourResident(
        facts=_facts("110105", date(1996, 8, 9), 42, "李娜"),
        phone="13800000002",
        pin="1397",
    )
    born = date(2026, 11, 10)
    mother.answers = {
        "guardian_relation": "mother",
        "mother_name": mother.facts.name,
        "mother_id_number": mother.facts.id_number,
        "father_name": "王强",
        "father_id_number": compose_id_number("110105", birth_date=date(1994, 3, 2), sequence=17),
        "baby_name": "王小满",
        "baby_sex": Sex.FEMALE.value,
        "baby_birth_date": born.isoformat(),
        "baby_id_number": compose_id_number("110105", birth_date=born, sequence=24),
        "settle_with": "mother",
        "beneficiary": "newborn",
    }
    return elder, mother


def volunteer_resident() -> TourResident:
    """The community volunteer (帮办代办) of the demo (synthetic)."""
    return TourResident(
        facts=_facts("110105", date(1978, 3, 8), 57, "赵志强"), phone="13800000003", pin="3691"
    )


def spoken_prompt(window: KioskWindow) -> str:
    """What the window says for the state it shows (an open dialog's text, else the screen's)."""
    dialog = window.open_dialog()
    if dialog is not None:
        return dialog.heading.text() + "。" + dialog.text.text()
    screen = window.current
    if screen is None:
        return ""
    speech = screen.speech()
    return speech.masked if speech.masked is not None else speech.text


def commit_text(widget: QWidget, text: str) -> None:
    """Types ``text`` the way the Pinyin virtual keyboard does: an input-method commit.

    (QTest.keyClicks handles ASCII only; Chinese arrives from an input method, not as keys.)
    """
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def settle() -> None:
    """Lets Qt finish what a click started: layouts, polish, and widgets left to delete."""
    QApplication.sendPostedEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


class TourError(RuntimeError):
    """The scripted journey could not go on (a screen did not show what the script expects)."""


class _Driver:
    def __init__(self, window: KioskWindow, clock: TourClock) -> None:
        self.window = window
        self.clock = clock
        self.seen: set[tuple[str, str]] = set()
        self.receipts: list[str] = []

    # -- basics ---------------------------------------------------------------------------------

    @property
    def screen(self):
        screen = self.window.current
        if screen is None:
            raise TourError("no screen is showing")
        return screen

    def expect(self, name: ScreenName) -> None:
        if self.screen.name is not name:
            banner = self.window.banner.text
            raise TourError(f"expected {name}, showing {self.screen.name} ({banner})")

    def click(self, button: QAbstractButton) -> None:
        if not button.isVisible() or not button.isEnabled():
            raise TourError(f"button {button.accessibleName()!r} is not available")
        self.window.screen_visible(button)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        settle()

    def stop(self, state: str, screen: str | None = None) -> Stop:
        name = screen or str(self.screen.name)
        key = (name, state)
        if key in self.seen:  # the same state again (a second resident): name it apart
            index = 2
            while (name, f"{state}#{index}") in self.seen:
                index += 1
            key = (name, f"{state}#{index}")
        self.seen.add(key)
        settle()
        return key[0], key[1], self.window

    # -- steps ----------------------------------------------------------------------------------

    def type_keys(self, keypad, text: str) -> None:
        for char in text:
            self.click(keypad.keys[char])

    def identify_by_card(self, resident: TourResident) -> None:
        self.expect(ScreenName.IDENTIFY)
        facts = resident.facts
        self.screen.card_read(CardIdentity(facts.id_number, name=facts.name, address=facts.address))
        settle()

    def set_pin(self, pin: str) -> Iterator[Stop]:
        self.expect(ScreenName.PIN)
        yield self.stop("first")
        self.type_keys(self.screen.keypad, pin)
        self.click(self.screen.ok_button)
        yield self.stop("again")
        self.type_keys(self.screen.keypad, pin)
        self.click(self.screen.ok_button)

    def fill(
        self,
        resident: TourResident,
        *,
        refuse_once: str | None = None,
        back_after: str | None = None,
        stop_at: str | None = None,
    ) -> Iterator[Stop]:
        """Every question to the review page (or to ``stop_at``), stopping at each."""
        for _ in range(MAX_PAGES):
            screen = self.screen
            if screen.name is ScreenName.REVIEW:
                return
            page = self.window.ui.visit.draft.page
            qid = page.question.id
            if qid == stop_at:
                return
            if screen.name is ScreenName.MATERIALS:
                yield from self.material(resident, qid)
                continue
            self.expect(ScreenName.WIZARD)
            yield self.stop(qid)
            if qid == refuse_once:
                self.answer(page, "1380000")
                self.click(screen.next_button)
                yield self.stop(f"{qid}:error")
            self.answer(page, self.value_for(page, resident))
            self.click(screen.next_button)
            if self.screen.name is ScreenName.WIZARD and self.window.ui.visit.draft.page.errors:
                self.retry_choices(page)
            if qid == back_after:
                self.click(self.screen.back_button)
                if self.window.ui.visit.draft.page.question.id != qid:
                    raise TourError("返回 did not go back to the previous question")
                self.click(self.screen.next_button)
        raise TourError("the form never reached the review page")

    def retry_choices(self, page) -> None:
        """A choice refused by a cross-field rule: the next option, as a resident would."""
        options = [o.value for o in page.question.field.options or ()]
        for option in options[1:]:
            self.answer(page, option)
            self.click(self.screen.next_button)
            still = self.screen.name is ScreenName.WIZARD and self.window.ui.visit.draft.page
            if not still or still.question.id != page.question.id or not still.errors:
                return
        raise TourError(f"no option of {page.question.id} is accepted")

    def value_for(self, page, resident: TourResident) -> object:
        question = page.question
        kind = question.field.type
        facts = resident.facts
        if question.id in resident.answers:
            return resident.answers[question.id]
        if page.prefilled:
            if kind == FieldType.REGION and isinstance(page.value, dict):
                return {**page.value, "detail": "示例镇示例村"}
            return page.value
        if page.value not in (None, "", []):
            return page.value  # answered before (a resumed draft, or 返回)
        options = [o.value for o in question.field.options or ()]
        defaults: dict[FieldType, object] = {
            FieldType.SINGLE_CHOICE: options[0] if options else None,
            FieldType.MULTI_CHOICE: options[:1],
            FieldType.PHONE: resident.phone,
            FieldType.NAME: facts.name,
            FieldType.ID_NUMBER: facts.id_number,
            FieldType.DATE: facts.birth_date.isoformat() if facts.birth_date else "1950-01-01",
            FieldType.NUMBER: str(max(int(question.field.minimum or 1), 1)),
            FieldType.MONEY: "800.00",
            FieldType.REGION: {"code": facts.region_code, "detail": "示例镇示例村"},
            FieldType.BANK_ACCOUNT: "6217000010001234567",
            FieldType.TEXT: "示例县示例镇示例村1组",
        }
        return defaults[kind]

    def answer(self, page, value: object) -> None:
        """Puts ``value`` into the page's control the way fingers would."""
        control = self.screen.control
        if isinstance(control, TextAnswer):
            control.edit.clear()
            commit_text(control.edit, str(value))
        elif isinstance(control, DigitsAnswer):
            if control.value() == value:
                return
            for _ in range(len(str(control.value()))):
                self.click(control.keypad.keys["删除"])
            self.type_keys(control.keypad, str(value))
        elif isinstance(control, ChoiceAnswer):
            wanted = value if isinstance(value, list) else [value]
            current = control.value()
            current = current if isinstance(current, list) else [current]
            for option in [*current, *wanted]:
                if option is None:
                    continue
                if (option in current) != (option in wanted):
                    self.click(control.grid.tiles[option])
        elif isinstance(control, DateAnswer):
            if control.value() == value:
                return
            year, month, day = str(value).split("-")
            for part, digits in (
                ("year", year),
                ("month", str(int(month))),
                ("day", str(int(day))),
            ):
                self.click(control.boxes[part])
                self.type_keys(control.keypad, digits)
        elif isinstance(control, RegionAnswer):
            code = value.get("code") if isinstance(value, dict) else None
            if control.value() is None or control.value().get("code") != code:
                chain = []
                region = control.regions.get(code) if code else None
                while region is not None:
                    chain.append(region.code)
                    region = control.regions.get(region.parent) if region.parent else None
                if control.restart.isVisible():
                    self.click(control.restart)
                for step in reversed(chain):
                    self.click(control.grid.tiles[step])
            detail = value.get("detail", "") if isinstance(value, dict) else ""
            if control.detail.isVisible() and control.detail.text() != detail:
                control.detail.clear()
                commit_text(control.detail, detail)
        settle()

    def material(self, resident: TourResident, qid: str) -> Iterator[Stop]:
        screen = self.screen
        page = self.window.ui.visit.draft.page
        yield self.stop(qid)
        if page.reuse is not None:
            self.click(screen.reuse_button)
            return
        if qid in resident.later and screen.later_button.isVisible():
            self.click(screen.later_button)
            return
        if not screen.shoot_button.isVisible():
            raise TourError("the tour needs a camera to photograph materials")
        self.click(screen.shoot_button)
        if screen.captured is None:
            raise TourError(f"the photo of {qid} was refused: {screen.camera_hint.text()}")
        yield self.stop(f"{qid}:captured")
        self.click(screen.use_button)

    def review_and_submit(self, *, refuse_first: bool) -> Iterator[Stop]:
        self.expect(ScreenName.REVIEW)
        yield self.stop("answers")
        screen = self.screen
        if refuse_first:
            self.click(screen.submit_button)
            yield self.stop("missing-consent-and-signature")
        for tile in self.screen.consents.values():
            if not tile.isChecked():
                self.click(tile)
        self.screen.signature.draw(SIGNATURE_STROKES)
        settle()
        yield self.stop("signed")
        self.click(self.screen.submit_button)
        self.expect(ScreenName.RECEIPT)
        application = self.window.ui.visit.session.application
        if application is not None:
            self.receipts.append(application.receipt_no)

    def top(self, button: QAbstractButton) -> None:
        self.click(button)


def _volunteer(
    d: _Driver, window: KioskWindow, volunteer: TourResident, elder: TourResident
) -> Iterator[Stop]:
    """A volunteer's case list: empty; a case opened for the elder (临时救助, half filled, the
    session ended); the list again; the draft continued with the elder present."""
    d.click(d.screen.cases_button)
    d.expect(ScreenName.IDENTIFY)
    yield d.stop("volunteer")
    d.identify_by_card(volunteer)
    d.click(d.screen.ok_button)
    d.expect(ScreenName.CASES)
    yield d.stop("empty")
    d.click(d.screen.new_button)
    d.expect(ScreenName.HOME)
    d.click(d.screen.categories.tiles["民政救助"])
    d.click(d.screen.tiles.tiles["DEMO-MZ-003"])
    d.identify_by_card(elder)
    yield d.stop("applicant-consent")
    d.click(d.screen.consent)
    d.click(d.screen.ok_button)
    d.expect(ScreenName.GUIDE)
    d.click(d.screen.start_button)
    for _ in d.set_pin(elder.pin):
        pass
    for _ in d.fill(elder, stop_at="hardship_type"):
        pass
    d.click(window.topbar.end_button)
    d.click(window.end_dialog.confirm_button)
    d.click(d.screen.cases_button)
    d.identify_by_card(volunteer)
    d.click(d.screen.ok_button)
    d.expect(ScreenName.CASES)
    yield d.stop("list")
    (button,) = d.screen.open_buttons.values()
    d.click(button)
    d.identify_by_card(elder)
    d.click(d.screen.consent)
    d.click(d.screen.ok_button)
    d.expect(ScreenName.RESUME)
    d.type_keys(d.screen.keypad, elder.pin)
    d.click(d.screen.ok_button)
    d.expect(ScreenName.WIZARD)
    yield d.stop("hardship_type")
    d.click(window.topbar.end_button)
    d.click(window.end_dialog.confirm_button)
    d.expect(ScreenName.HOME)


def tour(
    window: KioskWindow,
    *,
    clock: TourClock,
    residents: tuple[TourResident, TourResident] | None = None,
    admin_pin: str | None = None,
    between: Callable[[], None] | None = None,
    receipts: list[str] | None = None,
    large_font_elder: bool = False,
) -> Iterator[Stop]:
    """Drives ``window`` through the demo journey; see the module docstring.

    ``receipts`` (if given) collects the receipt numbers issued, in order. With
    ``large_font_elder`` the elder presses 大字 first (and the mother goes back to 标准), as
    in the headless demo; leave it off to keep the window's scale throughout (the audit).
    """
    elder, mother = residents or demo_residents()
    d = _Driver(window, clock)
    window.end_session("tour")
    d.expect(ScreenName.HOME)
    yield d.stop("attract")

    # -- 1. the elder, 高龄津贴 ------------------------------------------------------------------
    start_scale = window.scale
    if large_font_elder:
        d.click(window.topbar.scale_button)
    d.click(window.current.search_button)
    d.type_keys(d.screen.letters, "GLJT")
    yield d.stop("results")
    d.click(d.screen.results.tiles["DEMO-MZ-001"])
    d.expect(ScreenName.IDENTIFY)
    yield d.stop("enter")
    number = elder.facts.id_number
    d.type_keys(d.screen.keypad, number[:-1] + ("1" if number[-1] != "1" else "2"))
    d.click(d.screen.ok_button)
    yield d.stop("wrong-number")
    d.identify_by_card(elder)
    yield d.stop("confirm")
    d.click(d.screen.ok_button)
    d.expect(ScreenName.GUIDE)
    yield d.stop("overview")
    d.click(d.screen.start_button)
    yield from d.set_pin(elder.pin)
    yield from d.fill(elder, refuse_once="applicant_phone", back_after="applicant_birth_date")
    yield from d.review_and_submit(refuse_first=True)
    yield d.stop("offline")
    if window.ui.devices.printer is not None:
        d.click(d.screen.print_button)
        yield d.stop("printed")
    d.click(window.topbar.end_button)
    yield d.stop("confirm", screen="end")
    d.click(window.end_dialog.confirm_button)
    d.expect(ScreenName.HOME)
    if window.scale is not start_scale:
        window.set_scale(start_scale)

    # -- 2. the mother: a service, then a bundle with a reused material -----------------------
    d.click(d.screen.categories.tiles["养老"])
    yield d.stop("category")
    d.click(d.screen.tiles.tiles["DEMO-RS-001"])
    d.identify_by_card(mother)
    d.click(d.screen.ok_button)
    d.click(d.screen.start_button)
    for _ in d.set_pin(mother.pin):
        pass
    yield from d.fill(mother)
    yield from d.review_and_submit(refuse_first=False)
    d.click(d.screen.another_button)
    d.expect(ScreenName.HOME)
    d.click(d.screen.categories.tiles["一件事"])
    d.click(d.screen.tiles.tiles["DEMO-YJS-001"])
    d.expect(ScreenName.GUIDE)
    yield d.stop("bundle-with-material-on-file")
    d.click(d.screen.start_button)
    for _ in d.set_pin(mother.pin):
        pass
    yield from d.fill(mother, stop_at="baby_sex")
    # She walks away: the warning, then the session ends; the draft stays.
    settings = window.ui.flows.settings
    clock.advance(settings.idle_timeout_s)
    window.tick_idle()
    yield d.stop("warning", screen="idle")
    clock.advance(settings.idle_warning_s)
    window.tick_idle()
    d.expect(ScreenName.HOME)
    yield d.stop("after-timeout")
    # She comes back: 继续上次的申请, her ID card, her PIN.
    d.click(d.screen.resume_button)
    d.identify_by_card(mother)
    d.click(d.screen.ok_button)
    d.expect(ScreenName.RESUME)
    yield d.stop("pin")
    d.type_keys(d.screen.keypad, "0000")
    d.click(d.screen.ok_button)
    yield d.stop("wrong-pin")
    d.type_keys(d.screen.keypad, mother.pin)
    d.click(d.screen.ok_button)
    yield from d.fill(mother)
    yield from d.review_and_submit(refuse_first=False)
    d.click(d.screen.rate_button)
    d.expect(ScreenName.RATING)
    yield d.stop("levels")
    d.click(d.screen.levels.tiles["2"])
    d.click(d.screen.submit_button)
    yield d.stop("reason-needed")
    d.click(d.screen.levels.tiles["5"])
    d.click(d.screen.submit_button)
    yield d.stop("thanks")
    d.click(d.screen.finish_button)
    d.expect(ScreenName.HOME)

    # -- 3. later: the queue drains, progress by ID, the staff screen ---------------------------
    if between is not None:
        between()
    d.click(d.screen.progress_button)
    d.identify_by_card(mother)
    d.click(d.screen.ok_button)
    d.expect(ScreenName.PROGRESS)
    yield d.stop("by-id")
    d.click(d.screen.home_button)
    window.end_session("tour")
    yield from _volunteer(d, window, volunteer_resident(), elder)
    d.click(window.topbar.help_button)
    yield d.stop("dialog", screen="help")
    d.click(window.help_dialog.staff_button)
    d.expect(ScreenName.ADMIN)
    yield d.stop("locked")
    if admin_pin:
        d.type_keys(d.screen.keypad, admin_pin)
        d.click(d.screen.ok_button)
        yield d.stop("status")
    d.click(d.screen.home_button)
    d.expect(ScreenName.HOME)
    if receipts is not None:
        receipts.extend(d.receipts)
