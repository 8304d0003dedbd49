#!/usr/bin/env python3
"""Many writers on one conversation: THREADS clients each send TURNS messages to the
same conversation, client k always through server k mod len(URLS), every message with
its own Idempotency-Key and resent on a 5xx or 409 until answered. Prints the answers
by status, the latency of answered turns, and checks the transcript holds every
answered message exactly once. Used by scripts/galera-bench.sh (setup `same`).

    galera-conflicts.py THREADS TURNS URL [URL...]
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid


def call(url, method="GET", body=None, token=None, key=None):
    req = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None)
    req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    if key:
        req.add_header("idempotency-key", key)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None
    except OSError:
        return 0, None


def main():
    threads, turns, urls = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    name = "conflict_" + uuid.uuid4().hex[:10]
    creds = {"username": name, "password": "password123"}
    assert call(urls[0] + "/api/register", "POST", creds)[0] == 201
    token = call(urls[0] + "/api/login", "POST", creds)[1]["token"]
    status, first = call(urls[0] + "/api/messages", "POST", {"text": "hi"}, token, uuid.uuid4().hex)
    assert status == 200, status
    conversation = first["conversation_id"]
    statuses, latencies, said = {}, [], ["hi"]
    lock = threading.Lock()

    def client(k):
        base = urls[k % len(urls)]
        for t in range(turns):
            text = f"what time do you close {k}-{t}"
            key = uuid.uuid4().hex
            while True:
                t0 = time.monotonic()
                status, _ = call(base + "/api/messages", "POST", {"text": text, "conversation_id": conversation}, token, key)
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                if status == 200:
                    with lock:
                        latencies.append(time.monotonic() - t0)
                        said.append(text)
                    break
                if status not in (0, 409) and status < 500:
                    raise SystemExit(f"turn refused: {status}")
                time.sleep(0.01)

    started = time.monotonic()
    workers = [threading.Thread(target=client, args=(k,)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.monotonic() - started
    status, transcript = call(f"{urls[0]}/api/conversations/{conversation}/messages", token=token)
    stored = [m["text"] for m in transcript if m["role"] == "user"]
    exact = sorted(stored) == sorted(said) and len(stored) == len(set(stored))
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * (len(latencies) - 1)))] * 1000
    print(
        f"writers={threads} servers={len(urls)} turns={len(latencies)} turns_per_s={len(latencies) / elapsed:.1f} "
        f"p50_ms={p(0.5):.1f} p99_ms={p(0.99):.1f} answers={json.dumps(statuses, sort_keys=True)} "
        f"transcript_exact={'yes' if exact else 'NO'}"
    )
    sys.exit(0 if exact else 1)


main()
