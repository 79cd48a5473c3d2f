"""A real SMTP server for the e-mail tests (crates/cli/tests/mail.rs): aiosmtpd (PyPI,
.ci/install.d/56-mail.sh) on 127.0.0.1 and a free port, which it prints on its first
line. Each message it accepts is parsed with Python's `email` package and written, as
JSON {"to", "from", "subject", "text", "html", "multipart"}, to a file of its own in DIR
(written aside and renamed, so a reader never sees half a file). With FAIL_FIRST > 0 it
answers the first FAIL_FIRST messages `451 4.3.0` (try again later) and writes one
`refused-N` file for each.

    python3 smtp_sink.py DIR [FAIL_FIRST]
"""

import asyncio
import email
import email.policy
import json
import os
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, out, fail_first):
        self.out = out
        self.fail_first = fail_first
        self.accepted = 0
        self.refused = 0

    def write(self, name, body):
        path = os.path.join(self.out, name)
        with open(path + ".part", "w", encoding="utf-8") as f:
            f.write(body)
        os.rename(path + ".part", path)

    async def handle_DATA(self, server, session, envelope):
        if self.refused < self.fail_first:
            self.refused += 1
            self.write(f"refused-{self.refused}", "")
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        self.accepted += 1
        self.write(
            f"mail-{self.accepted:04d}.json",
            json.dumps(
                {
                    "to": envelope.rcpt_tos,
                    "from": envelope.mail_from,
                    "subject": str(message["subject"]),
                    "multipart": message.get_content_type(),
                    "text": text.get_content() if text is not None else None,
                    "html": html.get_content() if html is not None else None,
                },
                ensure_ascii=False,
            ),
        )
        return "250 OK"


async def main():
    out = sys.argv[1]
    fail_first = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    sink = Sink(out, fail_first)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(sink, hostname="sink.test"), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


asyncio.run(main())
