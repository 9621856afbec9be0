"""A real SMTP server on loopback for the tests that read the e-mails the site sends,
and the worker's loop as the tests run it."""

import email
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from django.test import TestCase
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.network import free_port


@dataclass
class Received:
    """What the server accepted: each message with the envelope's recipients."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class MailServer:
    """An SMTP server on a free loopback port; stop() and start() take it down and up."""

    def __init__(self):
        self.port = free_port()
        self.received = Received()
        self.controller = None

    def start(self) -> None:
        self.controller = Controller(self.received, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [message for recipients, message in self.received.messages
                if address in recipients]

    @property
    def count(self) -> int:
        return len(self.received.messages)


def subject_of(message: EmailMessage) -> str:
    """The subject as a mail reader shows it (without the folding of a long header)."""
    return str(message["Subject"]).strip()


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def worker(worker_id: str = "test-worker") -> Worker:
    return Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id=worker_id, excluded_queue_names=[],
    )


def run_worker() -> int:
    """Run every task now due as db_worker does (claimed, run, its result recorded), in
    the test's own transaction; how many ran. A task that failed fails the test."""
    runner = worker()
    ran = 0
    while (task := DBTaskResult.objects.ready().get_locked()) is not None:
        task.claim(runner.worker_id)
        # What a task leaves for after its commit (a retry) happens, as in the worker.
        with TestCase.captureOnCommitCallbacks(execute=True):
            runner.run_task(task)
        ran += 1
    failed = DBTaskResult.objects.failed()
    assert not failed.exists(), [result.task_result.errors for result in failed]
    return ran
