"""A TCP proxy process the drills stop to make a shared service unreachable (Elasticsearch).

    python -m tests.drills.tcp_proxy --listen 9201 --target 127.0.0.1:9200

The Elasticsearch-API server is shared with other test runs, so its outage is this proxy
being stopped: new connections are refused and open ones are cut, as when the engine dies.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal


async def pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


async def serve(port: int, host: str, target_port: int) -> None:
    async def handle(client_reader, client_writer):
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(host, target_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pump(client_reader, upstream_writer), pump(upstream_reader, client_writer))

    server = await asyncio.start_server(handle, "127.0.0.1", port, reuse_address=True)
    print(f"proxy 127.0.0.1:{port} -> {host}:{target_port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--target", required=True)
    args = parser.parse_args()
    host, _, port = args.target.rpartition(":")
    asyncio.run(serve(args.listen, host or "127.0.0.1", int(port)))


if __name__ == "__main__":
    main()
