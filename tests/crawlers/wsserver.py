"""A local Jetstream stand-in: a websocket server on 127.0.0.1 that replays scripted events.

    python tests/crawlers/wsserver.py EVENTS.json   ->  prints "READY ws://127.0.0.1:PORT"

EVENTS.json is a list of events (objects are sent as JSON, strings as-is so tests can send
malformed frames). Like Jetstream, `?cursor=T` skips events with time_us <= T,
`?maxMessageSizeBytes=N` (N > 0) leaves out the events longer than N bytes (unless the
server is started with `--old`, as a server that does not know the parameter), and
`wantedCollections` must be given. Every connection's query string is appended to
EVENTS.json.log, one per line.
"""

from __future__ import annotations

import asyncio
import json
import sys
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import ServerConnection, serve


async def main(path: str, old: bool = False) -> None:
    with open(path, encoding="utf-8") as fh:
        events = json.load(fh)

    async def handler(ws: ServerConnection) -> None:
        query = urlsplit(ws.request.path).query
        with open(path + ".log", "a", encoding="utf-8") as log:
            log.write(query + "\n")
        params = parse_qs(query)
        if "wantedCollections" not in params:
            await ws.close(1008, "wantedCollections required")
            return
        cursor = int(params.get("cursor", ["0"])[-1])
        limit = 0 if old else int(params.get("maxMessageSizeBytes", ["0"])[-1])
        for event in events:
            if isinstance(event, dict) and event.get("time_us", 0) <= cursor:
                continue
            frame = event if isinstance(event, str) else json.dumps(event)
            if limit > 0 and len(frame.encode()) > limit:
                continue
            await ws.send(frame)
        await ws.wait_closed()

    async with serve(handler, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        print(f"READY ws://127.0.0.1:{port}/subscribe", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], "--old" in sys.argv[2:]))
