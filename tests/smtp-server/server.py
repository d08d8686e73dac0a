"""A real SMTP server for the notification tests (aiosmtpd from PyPI).

    python server.py PORT DIR

Listens on 127.0.0.1:PORT and writes each message it accepts to DIR as
<n>.eml, with the envelope's recipients on the first line ("RCPT: a, b").
Prints "listening" once it accepts connections. Runs until killed.
"""

import os
import sys
import time

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        tmp = os.path.join(self.directory, f".{self.count}.tmp")
        with open(tmp, "wb") as f:
            f.write(("RCPT: " + ", ".join(envelope.rcpt_tos) + "\n").encode())
            f.write(envelope.content)
        # Renamed when whole, so a reader never sees half a message.
        os.rename(tmp, os.path.join(self.directory, f"{self.count}.eml"))
        return "250 Message accepted for delivery"


def main():
    port, directory = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Store(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("listening", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
