"""The running instance's side of the hand-over: a QLocalServer on desktop.instance's socket.

A second launch (desktop.instance.hand_over) sends one JSON line; the handler, given by
the window manager, answers with one JSON line. The handler only schedules work (opening
a reel goes on in the background), so a reply never waits on the GUI.
"""
from __future__ import annotations

import json
import os
from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from desktop.instance import MAX_MESSAGE, PROTOCOL, request, socket_path

Handler = Callable[[dict], dict]


class SingleInstance(QObject):
    def __init__(self, handler: Handler, parent=None):
        super().__init__(parent)
        self._handler = handler
        # No socket options: the socket's folder is private to the user already, and with
        # them Qt binds elsewhere and renames into place, silently replacing a live socket.
        self._server = QLocalServer(self)
        self._server.newConnection.connect(self._accept)
        self.path = socket_path()

    def listen(self) -> bool:
        """Become the instance. False when another live instance already is (hand over to
        it) or there is no private place for the socket (run on alone)."""
        if self.path is None:
            return False
        if self._server.listen(str(self.path)):
            return True
        if self._server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
            return False
        if request({"action": "ping"}, timeout=3.0) is not None:
            return False   # someone answers: that is the instance
        QLocalServer.removeServer(str(self.path))   # left behind by a crash
        return self._server.listen(str(self.path))

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            conn = self._server.nextPendingConnection()
            conn.setParent(self)
            buffer = bytearray()
            conn.readyRead.connect(lambda conn=conn, buffer=buffer: self._read(conn, buffer))
            conn.disconnected.connect(conn.deleteLater)

    def _read(self, conn: QLocalSocket, buffer: bytearray) -> None:
        buffer += bytes(conn.readAll().data())
        if len(buffer) > MAX_MESSAGE:
            return self._reply(conn, {"ok": False, "error": "message too long"})
        if not buffer.endswith(b"\n"):
            return
        data = bytes(buffer)
        buffer.clear()
        try:
            message = json.loads(data.decode("utf-8"))
            if not isinstance(message, dict):
                raise ValueError("not a JSON object")
        except ValueError as exc:
            return self._reply(conn, {"ok": False, "error": f"not a request: {exc}"})
        if message.get("protocol") != PROTOCOL:
            return self._reply(conn, {"ok": False, "error": "a different version of Reel Reader runs"})
        if message.get("action") == "ping":
            return self._reply(conn, {"ok": True, "pid": os.getpid()})
        try:
            reply = self._handler(message)
        except Exception as exc:  # our fault; the other side must still hear back
            import traceback
            traceback.print_exc()
            reply = {"ok": False, "error": f"internal error: {exc}"}
        self._reply(conn, reply)

    @staticmethod
    def _reply(conn: QLocalSocket, reply: dict) -> None:
        conn.write(json.dumps(reply).encode("utf-8") + b"\n")
        conn.flush()
        conn.disconnectFromServer()
