"""Delivering the outbox through the configured sender: the log in development, SMTP in production."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from marketplace.core.money import Money
from marketplace.core.pricing import Duration, TrialEnd, flat_plan, try_first_plan
from marketplace.extensions import db
from marketplace.ledger.due import run_due
from marketplace.notifications import senders
from marketplace.notifications.models import Notification
from marketplace.notifications.senders import LogSender, SmtpSender, sender_from_config
from marketplace.notifications.services import deliver_outbox

NOW = datetime(2027, 3, 25, 1, 0, tzinfo=UTC)


class Recorder:
    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[list[str], str, str]] = []
        self.fail = fail

    def send(self, to, subject, body) -> None:
        if self.fail:
            raise OSError("mail server down")
        self.sent.append((list(to), subject, body))


def _trial(take):
    return take(try_first_plan(Duration.days(90), Money.zero(), TrialEnd.EXPIRE,
                               flat_plan(Money("60000.00"), Duration.years(3))))


def test_a_reminder_is_mailed_to_the_enterprises_users_once(app, take):
    _trial(take)
    with app.app_context():
        run_due(date(2027, 3, 25))
        recorder = Recorder()
        assert deliver_outbox(NOW, recorder) == 1
        (to, subject, body), = recorder.sent
        assert len(to) == 1 and "@" in to[0]  # the enterprise's one active user
        assert subject and "2027-03-31" in body
        assert deliver_outbox(NOW, recorder) == 0  # sent already
        assert db.session.scalar(select(Notification.sent_at)) is not None


def test_a_failed_delivery_stays_in_the_outbox(app, take):
    _trial(take)
    with app.app_context():
        run_due(date(2027, 3, 25))
        assert deliver_outbox(NOW, Recorder(fail=True)) == 0
        assert db.session.scalar(select(Notification.sent_at)) is None
        assert deliver_outbox(NOW, Recorder()) == 1


def test_the_sender_comes_from_the_configuration():
    assert isinstance(sender_from_config({"NOTIFICATION_SENDER": "log"}), LogSender)
    smtp = sender_from_config({"NOTIFICATION_SENDER": "smtp", "SMTP_HOST": "mail.example.cn", "SMTP_PORT": 25,
                               "MAIL_FROM": "noreply@example.cn", "SMTP_STARTTLS": False})
    assert isinstance(smtp, SmtpSender) and smtp.host == "mail.example.cn"
    with pytest.raises(ValueError, match="NOTIFICATION_SENDER"):
        sender_from_config({"NOTIFICATION_SENDER": "pigeon"})


def test_the_smtp_sender_sends_one_mail(monkeypatch):
    calls = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            calls.append(("connect", host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            calls.append(("starttls",))

        def login(self, user, password):
            calls.append(("login", user))

        def send_message(self, message):
            calls.append(("send", message["To"], message["Subject"], message.get_content().strip()))

    monkeypatch.setattr(senders.smtplib, "SMTP", FakeSMTP)
    SmtpSender("mail.example.cn", 587, "noreply@example.cn", "bot", "secret").send(
        ["a@example.cn", "b@example.cn"], "试用即将结束", "许可 OL2027 的试用期将于 2027-03-31 结束。")
    assert calls == [("connect", "mail.example.cn", 587), ("starttls",), ("login", "bot"),
                     ("send", "a@example.cn, b@example.cn", "试用即将结束",
                      "许可 OL2027 的试用期将于 2027-03-31 结束。")]
    SmtpSender("mail.example.cn", 587, "noreply@example.cn").send([], "x", "y")  # no address: nothing sent
    assert len(calls) == 4
