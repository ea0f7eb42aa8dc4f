"""The Flask upstream of the gateway tests (Debian python3-flask): python3 app.py PORT.

Orders live in the SQLite file named by $ORDERS_DB, the app's own storage that the tests read back.
"""
import json
import os
import sqlite3
import sys
import time

from flask import Flask, Response, jsonify, request

app = Flask(__name__)


def db():
    connection = sqlite3.connect(os.environ["ORDERS_DB"], timeout=5)
    connection.execute(
        "CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, item TEXT NOT NULL, "
        "idempotency_key TEXT UNIQUE, replay TEXT, forwarded_for TEXT)"
    )
    return connection


@app.get("/")
def home():
    return "<!doctype html><h1>Orders</h1><p>served by flask</p>\n", 200, {"Content-Type": "text/html; charset=utf-8"}


@app.get("/api/orders")
def orders():
    with db() as connection:
        rows = connection.execute("SELECT id, item, idempotency_key, replay FROM orders ORDER BY id").fetchall()
    return jsonify(orders=[{"id": r[0], "item": r[1], "key": r[2], "replay": r[3]} for r in rows])


@app.post("/api/orders")
def add_order():
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("item"), str):
        return jsonify(error="the body must be JSON with an item"), 400
    key = request.headers.get("Idempotency-Key")
    with db() as connection:
        if key is not None:
            row = connection.execute("SELECT id FROM orders WHERE idempotency_key = ?", (key,)).fetchone()
            if row is not None:
                return jsonify(id=row[0], duplicate=True), 200
        cursor = connection.execute(
            "INSERT INTO orders (item, idempotency_key, replay, forwarded_for) VALUES (?, ?, ?, ?)",
            (body["item"], key, request.headers.get("X-Maintenance4j-Replay"), request.headers.get("X-Forwarded-For")),
        )
        return jsonify(id=cursor.lastrowid), 201


@app.get("/api/stream")
def stream():
    def ticks():
        for i in range(1, 6):
            yield f"data: tick {i}\n\n"
            time.sleep(0.2)

    return Response(ticks(), mimetype="text/event-stream", headers={"Cache-Control": "no-store"})


@app.get("/slow")
def slow():
    ms = int(request.args.get("ms", "1000"))
    time.sleep(ms / 1000)
    return jsonify(slept=ms)


@app.route("/headers", methods=["GET", "POST"])
def headers():
    return jsonify({name.lower(): value for name, value in request.headers.items()})


@app.post("/api/echo")
def echo():
    return Response(
        request.get_data(),
        content_type=request.headers.get("Content-Type", "application/octet-stream"),
        headers={"X-Upstream": "flask"},
    )


@app.route("/status/<int:code>")
def status(code):
    return jsonify(status=code), code


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]), threaded=True)
