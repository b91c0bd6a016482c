"""A TCP proxy in front of PostgreSQL that counts client round trips.

Each client message that makes the server answer and wait for the client again is one
round trip: `Sync` ('S', the end of an extended-protocol exchange, as asyncpg sends for
every statement) and `Query` ('Q', the simple protocol, used for BEGIN/COMMIT and the
like). Transaction control is therefore counted like any other statement.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from dataclasses import dataclass, field

_ROUND_TRIP_MESSAGES = (b"S", b"Q")


@dataclass
class RoundTripCounter:
    round_trips: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def reset(self) -> None:
        self.round_trips = 0
        self.by_kind.clear()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    writer.close()


_SSL_REQUEST = 80877103


async def _client_to_server(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    client_writer: asyncio.StreamWriter,
    counter: RoundTripCounter,
) -> None:
    """Forward the client's messages, counting the ones that end a round trip."""
    with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError):
        # The start-up message (and an SSL request before it) carry no type byte.
        while True:
            header = await reader.readexactly(8)
            length, code = struct.unpack("!ii", header)
            body = await reader.readexactly(length - 8)
            if code == _SSL_REQUEST:
                # Refuse TLS so that the messages stay readable; the client goes on in clear.
                client_writer.write(b"N")
                await client_writer.drain()
                continue
            writer.write(header + body)
            await writer.drain()
            break
        while True:
            kind = await reader.readexactly(1)
            (length,) = struct.unpack("!i", await reader.readexactly(4))
            body = await reader.readexactly(length - 4)
            if kind in _ROUND_TRIP_MESSAGES:
                counter.round_trips += 1
                label = "sync" if kind == b"S" else "query"
                counter.by_kind[label] = counter.by_kind.get(label, 0) + 1
            writer.write(kind + struct.pack("!i", length) + body)
            await writer.drain()
    writer.close()


async def start_proxy(
    counter: RoundTripCounter, *, upstream_host: str, upstream_port: int, unix_socket: str | None = None
) -> asyncio.Server:
    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        if unix_socket is not None:
            server_reader, server_writer = await asyncio.open_unix_connection(unix_socket)
        else:
            server_reader, server_writer = await asyncio.open_connection(upstream_host, upstream_port)
        await asyncio.gather(
            _client_to_server(client_reader, server_writer, client_writer, counter),
            _pipe(server_reader, client_writer),
        )

    return await asyncio.start_server(handle, "127.0.0.1", 0)
