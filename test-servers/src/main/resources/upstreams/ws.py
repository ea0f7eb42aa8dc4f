"""The WebSocket upstream of the gateway tests (Debian python3-websockets): python3 ws.py PORT.

/ws/echo greets with what the handshake brought (the client address the gateway forwarded, the chosen
sub-protocol, a cookie), then echoes every message, text as text and binary as binary.
/ws/bye closes at once with 4001. /ws/forbidden refuses the handshake with 403. Other paths answer 404.
"""
import asyncio
import http
import sys

import websockets


async def refuse(path, headers):
    if path.startswith("/ws/forbidden"):
        return http.HTTPStatus.FORBIDDEN, [], b"no\n"
    if not path.startswith("/ws/"):
        return http.HTTPStatus.NOT_FOUND, [], b"not a WebSocket route\n"
    return None


async def handler(websocket, path):
    if path.startswith("/ws/bye"):
        await websocket.close(4001, "bye")
        return
    headers = websocket.request_headers
    await websocket.send(
        "hello for=%s protocol=%s cookie=%s"
        % (headers.get("X-Forwarded-For", "-"), websocket.subprotocol or "-", headers.get("Cookie", "-"))
    )
    async for message in websocket:
        await websocket.send(message)


async def main(port):
    async with websockets.serve(
        handler, "127.0.0.1", port, subprotocols=["chat"], process_request=refuse, max_size=None, compression=None
    ):
        await asyncio.Future()


asyncio.run(main(int(sys.argv[1])))
