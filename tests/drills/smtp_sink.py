"""An SMTP server process for the drills: every message it accepts is written to a folder.

    python -m tests.drills.smtp_sink --port 2525 --folder var/drills/mail

One file per accepted message (``<n>-<pid>.eml``, the raw bytes as received, with an
``X-Drill-Rcpt`` header per envelope recipient). The drills count messages per
``Message-ID`` and recipient, so an e-mail sent twice is seen. The server is aiosmtpd
(requirements/dev.in); stopping the process is an SMTP outage (connections refused).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import signal
import threading
from pathlib import Path

from aiosmtpd.controller import Controller


class FolderHandler:
    def __init__(self, folder: Path, delay: float = 0.0):
        self.folder = folder
        self.delay = delay
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:  # a slow server: the sender waits for its answer
            await asyncio.sleep(self.delay)
        with self.lock:
            number = next(self.counter)
        headers = "".join(f"X-Drill-Rcpt: {rcpt}\r\n" for rcpt in envelope.rcpt_tos).encode()
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode()
        path = self.folder / f"{number:06d}-{os.getpid()}.eml"
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(headers + content)
        tmp.rename(path)  # readers never see half a message
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds before accepting each message")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(FolderHandler(args.folder, args.delay), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"smtp sink on 127.0.0.1:{args.port} -> {args.folder}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
