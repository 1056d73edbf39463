"""What lies between the client and a store, on 127.0.0.1: a proxy that records
every byte it is sent, a TLS store with the certificate a test chooses (good, or
bad in one way), and the certificates themselves (made with trustme).

Every server runs in a thread, accepts with a short timeout so that it stops
when told, and is joined with a bound.
"""

from __future__ import annotations

import datetime
import select
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import trustme

from tests.hostile_support import serving

#: A name no resolver knows (RFC 2606): reached only through a proxy on 127.0.0.1.
FAR_STORE_HOST = "shop.invalid"
#: What the TLS store answers every request with: the credentials are good.
_AUTHENTICATED = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 23\r\nConnection: close\r\n\r\n{\"authenticated\": true}")
_IO_SECONDS = 5


@dataclass
class Recorded:
    """Every byte a server was sent, one item a connection, and its address."""

    url: str
    received: list[bytes] = field(default_factory=list)

    @property
    def everything(self) -> bytes:
        return b"".join(self.received)


def _request_head(conn: socket.socket, seen: list[bytes]) -> bytes:
    """Read up to the end of a request's head (or the connection's end), recording it."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
    seen.append(data)
    return data


@contextmanager
def recording_proxy(status: int | None = None,
                    tunnel_to: int | None = None) -> Iterator[Recorded]:
    """An http proxy on 127.0.0.1 that keeps every byte it is sent. A `CONNECT` is
    answered with `status` (then closed), or tunnelled to port `tunnel_to` on
    127.0.0.1 whatever host it names; any other request gets a 502."""
    recorded = Recorded(url="")

    def handle(conn: socket.socket) -> None:
        head = _request_head(conn, recorded.received)
        if not head.startswith(b"CONNECT ") or tunnel_to is None:
            code = status if head.startswith(b"CONNECT ") and status else 502
            conn.sendall(f"HTTP/1.1 {code} No\r\nContent-Length: 0\r\nConnection: close"
                         f"\r\n\r\n".encode())
            return
        with socket.create_connection(("127.0.0.1", tunnel_to), timeout=_IO_SECONDS) as far:
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            _pipe(conn, far, recorded.received)

    with serving(handle) as port:
        recorded.url = f"http://127.0.0.1:{port}"
        yield recorded


def _pipe(near: socket.socket, far: socket.socket, seen: list[bytes]) -> None:
    """Copy bytes both ways until either side closes (or nothing moves for a while),
    keeping what the near side sent."""
    while True:
        ready, _, _ = select.select([near, far], [], [], _IO_SECONDS)
        if not ready:
            return
        for sock in ready:
            chunk = sock.recv(65536)
            if not chunk:
                return
            if sock is near:
                seen.append(chunk)
                far.sendall(chunk)
            else:
                near.sendall(chunk)


@dataclass(frozen=True)
class Certificates:
    """A CA this machine does not trust (its bundle in `ca_file`, for SSL_CERT_FILE)
    and the files a TLS store serves: `chain` and `key`, PEM."""

    ca_file: Path
    chain: Path
    key: Path


def make_certificates(folder: Path, kind: str, host: str = "127.0.0.1") -> Certificates:
    """A store's certificate for `host` of `kind`: "good" (signed by the CA),
    "expired", "other-name" (for shop.example.net), "self-signed" (the CA's own,
    served as the store's)."""
    ca = trustme.CA()
    now = datetime.datetime.now(datetime.UTC)
    if kind == "expired":
        leaf = ca.issue_cert(host, not_before=now - datetime.timedelta(days=30),
                             not_after=now - datetime.timedelta(days=1))
    elif kind == "other-name":
        leaf = ca.issue_cert("shop.example.net")
    else:
        leaf = ca.issue_cert(host)
    folder.mkdir(parents=True, exist_ok=True)
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    if kind == "self-signed":
        ca.cert_pem.write_to_path(str(folder / "chain.pem"))
        ca.private_key_pem.write_to_path(str(folder / "key.pem"))
    else:
        (folder / "chain.pem").write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
        leaf.private_key_pem.write_to_path(str(folder / "key.pem"))
    return Certificates(folder / "ca.pem", folder / "chain.pem", folder / "key.pem")


@contextmanager
def tls_store(certificates: Certificates) -> Iterator[Recorded]:
    """A store on 127.0.0.1 over TLS with `certificates`, which answers every request
    that gets through the handshake with `{"authenticated": true}`; keeps what it
    was sent after the handshake."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificates.chain, certificates.key)
    recorded = Recorded(url="")

    def handle(conn: socket.socket) -> None:
        with context.wrap_socket(conn, server_side=True) as secure:
            _request_head(secure, recorded.received)
            secure.sendall(_AUTHENTICATED)

    with serving(handle) as port:
        recorded.url = f"https://127.0.0.1:{port}"
        yield recorded


@pytest.fixture
def only_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Name look-ups in this process answer for this machine only: a test whose
    client wrongly went past its proxy fails here, and sends nothing further."""
    look_up = socket.getaddrinfo

    def loopback_only(host: object, *args: object, **kwargs: object) -> object:
        if host not in ("127.0.0.1", "localhost", "::1", b"127.0.0.1", None):
            raise socket.gaierror(socket.EAI_NONAME, f"not looked up in a test: {host!r}")
        return look_up(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
