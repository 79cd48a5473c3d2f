"""A real SMTP server for the e-mail tests (crates/cli/tests/mail.rs): aiosmtpd (PyPI,
.ci/install.d/56-mail.sh) on 127.0.0.1 and a free port, which it prints on its first
line. Each message it accepts is parsed with Python's `email` package and written, as
JSON {"to", "from", "subject", "text", "html", "multipart"}, to a file of its own in DIR
(written aside and renamed, so a reader never sees half a file). With FAIL_FIRST > 0 it
answers the first FAIL_FIRST messages `451 4.3.0` (try again later) and writes one
`refused-N` file for each. With --tls it makes a test CA and a certificate for
127.0.0.1/localhost with the `openssl` command (DIR/tls/ca.pem is the CA to trust) and
requires STARTTLS; with --auth USER:PASSWORD it requires that login (after STARTTLS).
Each message's JSON says whether its session was encrypted and logged in.

    python3 smtp_sink.py DIR [FAIL_FIRST] [--tls] [--auth USER:PASSWORD]
"""

import argparse
import asyncio
import email
import email.policy
import json
import logging
import os
import ssl
import subprocess

from aiosmtpd.smtp import SMTP, AuthResult

# aiosmtpd 1.4 logs a warning about its own use of a deprecated attribute after a login.
logging.getLogger("mail.log").setLevel(logging.ERROR)


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
                    "tls": session.ssl is not None,
                    "authenticated": bool(session.authenticated),
                },
                ensure_ascii=False,
            ),
        )
        return "250 OK"


def make_certificate(out):
    """A CA and a server certificate signed by it (a self-signed leaf is refused by rustls)."""
    tls = os.path.join(out, "tls")
    os.makedirs(tls, exist_ok=True)
    run = lambda *args: subprocess.run(args, cwd=tls, check=True, capture_output=True)
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
        "-out", "ca.pem", "-days", "2", "-subj", "/CN=omstilling test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key",
        "-out", "server.csr", "-subj", "/CN=localhost")
    with open(os.path.join(tls, "server.ext"), "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                "extendedKeyUsage=serverAuth\n")
    run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(os.path.join(tls, "server.pem"), os.path.join(tls, "server.key"))
    return context


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("fail_first", nargs="?", type=int, default=0)
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--auth")
    args = parser.parse_args()
    sink = Sink(args.dir, args.fail_first)
    options = {"hostname": "sink.test"}
    if args.tls:
        options.update(tls_context=make_certificate(args.dir), require_starttls=True)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == user.encode() and auth_data.password == password.encode()
            return AuthResult(success=ok)

        options.update(authenticator=authenticator, auth_required=True)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(sink, **options), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


asyncio.run(main())
