"""A local SMTP server for the SMTP adapter's tests (Debian's python3-aiosmtpd).

Listens on 127.0.0.1 on a free port and writes every message it accepts into FOLDER as
<n>.eml (the message as received) and <n>.json (the envelope: mail_from, rcpt_tos), before
it answers 250, so a client whose send returned can read its message straight away.
AUTH (PLAIN, LOGIN; allowed without TLS on loopback) accepts only the test account
interviewbooking / interviewbooking-test; sending without AUTH is allowed too.

Usage: smtp-sink.py FOLDER READY_FILE [OWNER_PID]
  READY_FILE gets the port once the server listens. With OWNER_PID the server stops when
  that process has ended (checked once a second); without it, it runs until killed.
"""
import asyncio
import itertools
import json
import os
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

TEST_USER = b"interviewbooking"
TEST_PASSWORD = b"interviewbooking-test"


class FolderHandler:
    def __init__(self, folder):
        self.folder = folder
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(self.folder, f"{os.getpid()}-{next(self.counter):06d}")
        envelope_json = {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos)}
        # Write, then rename: a reader never sees half a file.
        for suffix, data in ((".eml", envelope.original_content),
                             (".json", json.dumps(envelope_json).encode("utf-8"))):
            with open(name + suffix + ".tmp", "wb") as f:
                f.write(data)
            os.replace(name + suffix + ".tmp", name + suffix)
        return "250 Message accepted for delivery"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == TEST_USER and auth_data.password == TEST_PASSWORD
    return AuthResult(success=ok, handled=False)


async def main(folder, ready_file, owner_pid):
    handler = FolderHandler(folder)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="interviewbooking-test-smtp", authenticator=authenticate, auth_require_tls=False),
        host="127.0.0.1", port=0)
    port = server.sockets[0].getsockname()[1]
    with open(ready_file + ".tmp", "w") as f:
        f.write(str(port))
    os.replace(ready_file + ".tmp", ready_file)
    while True:
        await asyncio.sleep(1)
        if owner_pid:
            try:
                os.kill(owner_pid, 0)
            except ProcessLookupError:
                server.close()
                return


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    os.makedirs(sys.argv[1], exist_ok=True)
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) == 4 else None))
