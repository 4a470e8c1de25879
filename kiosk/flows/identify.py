"""Identity: ID card, a scanned code, or the number typed on the keypad; then confirmation.

"我是帮别人办" (帮办代办) asks for two people: first the helper, then the applicant, whose
on-screen consent is required before the helper may go on (the consent is written to the
audit log when the draft is created; see :mod:`kiosk.flows.guide`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kiosk.domain.contact import mask_person_name
from kiosk.domain.forms import IdentityFacts
from kiosk.domain.identity import check_id_number, mask_id_number
from kiosk.flows.outcome import Outcome, ScreenName, sentence
from kiosk.flows.session import Purpose, Session
from kiosk.i18n import tr

ID_LENGTH = 18
KEY_DELETE = "删除"  # i18n: keep
KEY_CLEAR = "清空"  # i18n: keep
DIGIT_KEYS = tuple("0123456789")


class Stage(StrEnum):
    ENTER = "enter"
    CONFIRM = "confirm"


class Role(StrEnum):
    APPLICANT = "applicant"
    HELPER = "helper"


@dataclass(frozen=True)
class IdentifyView:
    stage: Stage
    role: Role
    proxy: bool
    heading: str
    hint: str
    typed: str
    """The typed digits grouped 6-8-4 for reading back."""
    name: str | None
    masked_id: str
    error: str
    prompt: str
    prompt_public: str | None
    """When set, ``prompt`` holds personal data and this is what an open speaker may say."""
    needs_consent: bool
    can_choose_proxy: bool
    helper: str = ""
    """On the applicant's consent page: who will act for them (masked), so they know whom
    they agree to."""


def group_id_digits(text: str) -> str:
    """``110105 19400506 0313``: the groups printed on the card, easier to check."""
    parts = [text[:6], text[6:14], text[14:]]
    return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class CardIdentity:
    """What an ID-card reader or an identity code yields (device records are adapted to this)."""

    id_number: str
    name: str | None = None
    address: str | None = None


class IdentifyFlow:
    def __init__(
        self,
        session: Session,
        *,
        today: Callable[[], date],
        proxy_allowed: Callable[[], bool] = lambda: True,
    ) -> None:
        """``proxy_allowed`` asks the chosen service whether it may be done for someone else
        (帮办代办); it is asked each time, since the service is chosen after this is built."""
        self._session = session
        self._today = today
        self._proxy_allowed = proxy_allowed
        self.reset()

    def reset(self) -> None:
        """Back to a blank entry page (a new visit, or 重新输入 from the start)."""
        self._stage = Stage.ENTER
        wants_helper = self._session.proxy_requested or self._session.purpose is Purpose.CASES
        helper_pending = wants_helper and self._session.proxy is None
        self._role = Role.HELPER if helper_pending else Role.APPLICANT
        self._typed = ""
        self._pending: IdentityFacts | None = None
        self._error = ""

    def begin(self) -> Outcome:
        """Entering the step: someone already identified in this visit is not asked again."""
        self.reset()
        session = self._session
        known = session.proxy if session.purpose is Purpose.CASES else session.applicant
        if known is not None:
            return Outcome(screen=self._target())
        return Outcome()

    def _target(self) -> ScreenName:
        return {
            Purpose.APPLY: ScreenName.GUIDE,
            Purpose.PROGRESS: ScreenName.PROGRESS,
            Purpose.RESUME: ScreenName.RESUME,
            Purpose.CASES: ScreenName.CASES,
        }[self._session.purpose]

    @property
    def view(self) -> IdentifyView:
        proxy = self._session.proxy_requested
        if self._stage is Stage.ENTER:
            if self._role is Role.HELPER and self._session.purpose is Purpose.CASES:
                heading = tr("请核验您（帮办员）的身份")
            elif self._role is Role.HELPER:
                heading = tr("请先核验您（代办人）的身份")
            elif proxy:
                heading = tr("请核验申请人（您帮办的人）的身份")
            else:
                heading = tr("请核验您的身份")
            if proxy and self._role is Role.APPLICANT:
                hint = tr("把申请人的身份证放在读卡区，或扫描二维码，或用数字键输入身份证号码。")
            else:
                hint = tr("把您的身份证放在读卡区，或扫描二维码，或用数字键输入身份证号码。")
            if self._session.purpose is Purpose.PROGRESS:
                hint = tr(
                    "把回执上的二维码对准摄像头，或把身份证放在读卡区，或用数字键输入身份证号码。"
                )
            prompt = (
                sentence(self._error, heading, hint) if self._error else sentence(heading, hint)
            )
            return IdentifyView(
                stage=self._stage,
                role=self._role,
                proxy=proxy,
                heading=heading,
                hint=hint,
                typed=group_id_digits(self._typed),
                name=None,
                masked_id="",
                error=self._error,
                prompt=prompt,
                prompt_public=None,
                needs_consent=False,
                can_choose_proxy=(
                    self._session.purpose is Purpose.APPLY
                    and self._proxy_allowed()
                    and (self._role is Role.HELPER or not proxy)
                ),
            )
        facts = self._pending
        assert facts is not None
        masked = mask_id_number(facts.id_number)
        needs_consent = proxy and self._role is Role.APPLICANT
        if self._role is Role.HELPER:
            heading = tr("请核对代办人的信息")
        else:
            heading = tr("请核对申请人的信息") if proxy else tr("请核对您的信息")
        hint = tr("没有问题请点“确认”；不对请点“重新输入”。")
        if needs_consent:
            hint = tr("请申请人确认同意由代办人帮忙办理，然后点“确认”。")
        name_part = tr("姓名{name}").format(name=facts.name) if facts.name else tr("姓名稍后填写")
        return IdentifyView(
            stage=self._stage,
            role=self._role,
            proxy=proxy,
            heading=heading,
            hint=hint,
            typed="",
            name=facts.name,
            masked_id=masked,
            error=self._error,
            prompt=sentence(
                self._error,
                heading,
                name_part,
                tr("身份证号码尾号{digits}").format(digits=facts.id_number[-4:]),
                hint,
            ),
            prompt_public=sentence(self._error, heading, hint),
            needs_consent=needs_consent,
            can_choose_proxy=False,
            helper=self._helper_masked() if needs_consent else "",
        )

    def _helper_masked(self) -> str:
        helper = self._session.proxy
        if helper is None:
            return ""
        if helper.name:
            return mask_person_name(helper.name)
        return mask_id_number(helper.id_number)

    # -- entry --------------------------------------------------------------------------

    def set_proxy(self, on: bool) -> IdentifyView:
        """我是帮别人办: the first identity becomes the helper's."""
        if on and not self._proxy_allowed():
            self._error = tr("这项服务需要本人办理，不能代办。")
            return self.view
        self._session.proxy_requested = on
        self._session.proxy = None
        self._session.proxy_consent = False
        self.reset()
        return self.view

    def key(self, key: str) -> IdentifyView:
        """One keypad press: a digit, X (only as the 18th character), 删除 or 清空."""
        self._error = ""
        if key == KEY_DELETE:
            self._typed = self._typed[:-1]
        elif key == KEY_CLEAR:
            self._typed = ""
        elif key in DIGIT_KEYS and len(self._typed) < ID_LENGTH:
            self._typed += key
        elif key.upper() == "X":
            if len(self._typed) == ID_LENGTH - 1:
                self._typed += "X"
            else:
                self._error = tr("X 只能是第18位。")
        return self.view

    def submit_typed(self) -> Outcome:
        check = check_id_number(self._typed, today=self._today())
        if not check.valid:
            self._error = tr("身份证号码不正确：{reason}").format(reason=tr(check.reason))
            return Outcome(message=self._error, speak=self._error)
        assert check.normalized is not None
        facts = IdentityFacts(
            id_number=check.normalized,
            sex=check.sex,
            birth_date=check.birth_date,
            region_code=check.region_code,
        )
        return self._to_confirm(facts)

    def card_read(self, card: CardIdentity) -> Outcome:
        """An ID card (or an identity code) was read."""
        check = check_id_number(card.id_number, today=self._today())
        if not check.valid:
            self._error = tr("证件信息读取有误，请重新放好身份证，或用数字键输入。")
            return Outcome(message=self._error, speak=self._error)
        assert check.normalized is not None
        facts = IdentityFacts(
            id_number=check.normalized,
            name=card.name,
            sex=check.sex,
            birth_date=check.birth_date,
            region_code=check.region_code,
            address=card.address,
        )
        return self._to_confirm(facts)

    def scanned(self, text: str) -> Outcome:
        """A code was scanned on the identity page: accepted when it carries an ID number."""
        candidate = "".join(text.split())
        if check_id_number(candidate, today=self._today()).valid:
            return self.card_read(CardIdentity(id_number=candidate))
        self._error = tr("这个码不是身份证件码，请放身份证，或用数字键输入。")
        return Outcome(message=self._error, speak=self._error)

    def device_failed(self, message: str) -> Outcome:
        """The reader or scanner reported a problem; its message is already plain Chinese."""
        self._error = message
        return Outcome(message=message, speak=message)

    def _to_confirm(self, facts: IdentityFacts) -> Outcome:
        helper = self._session.proxy
        if self._role is Role.APPLICANT and helper and helper.id_number == facts.id_number:
            self._error = tr("申请人和代办人不能是同一个人，请核验申请人的身份。")
            self._typed = ""
            return Outcome(message=self._error, speak=self._error)
        self._pending = facts
        self._stage = Stage.CONFIRM
        self._typed = ""
        self._error = ""
        return Outcome(speak=self.view.prompt_public or "")

    # -- confirmation -------------------------------------------------------------------

    def retry(self) -> IdentifyView:
        """重新输入: the same person's entry page again."""
        self._pending = None
        self._stage = Stage.ENTER
        self._typed = ""
        self._error = ""
        return self.view

    def confirm(self, *, consent: bool = False) -> Outcome:
        facts = self._pending
        if self._stage is not Stage.CONFIRM or facts is None:
            return Outcome(message=tr("请先核验身份。"))
        if self._role is Role.HELPER:
            self._session.proxy = facts
            if self._session.purpose is Purpose.CASES:  # the volunteer's own case list
                self._session.volunteer = True
                self._session.proxy_requested = True  # what they apply for is for others
                self._pending = None
                return Outcome(screen=ScreenName.CASES)
            self._role = Role.APPLICANT
            self._stage = Stage.ENTER
            self._pending = None
            return Outcome(speak=self.view.prompt)
        if self._session.proxy_requested and not consent:
            self._error = tr("请申请人确认同意由代办人帮忙办理。")
            return Outcome(message=self._error, speak=self._error)
        self._session.applicant = facts
        self._session.proxy_consent = self._session.proxy_requested and consent
        self._pending = None
        return Outcome(screen=self._target())

    def back(self) -> Outcome:
        """返回: from confirmation to entry; from entry to the page before identity."""
        if self._stage is Stage.CONFIRM:
            self.retry()
            return Outcome()
        if self._role is Role.APPLICANT and self._session.volunteer:
            return Outcome(screen=ScreenName.CASES)  # the volunteer stays identified
        if self._role is Role.APPLICANT and self._session.proxy is not None:
            self._session.proxy = None
            self.reset()
            return Outcome()
        return Outcome(screen=ScreenName.HOME)
