#!/usr/bin/env python3
"""How the inbox answers while the desk is under load: one agent's first page, asked again and again.

One keep-alive connection asks GET /api/v1/conversations?limit=50 (the inbox's first page, newest first)
for DURATION seconds, one request at a time with PAUSE seconds between, and prints the count and the
p50/p95/p99/max latency. Run it next to a load generator (scripts/form-benchmark.sh does).

Usage: scripts/inbox-probe.py URL TOKEN [DURATION=30] [PAUSE=0.1]
"""
import http.client
import sys
import time
import urllib.parse

url, token = sys.argv[1], sys.argv[2]
duration = float(sys.argv[3]) if len(sys.argv) > 3 else 30.0
pause = float(sys.argv[4]) if len(sys.argv) > 4 else 0.1
target = urllib.parse.urlsplit(url)
headers = {"Authorization": "Bearer " + token}
latencies, failures = [], 0
connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
end = time.monotonic() + duration
while time.monotonic() < end:
    started = time.monotonic()
    try:
        connection.request("GET", "/api/v1/conversations?limit=50", headers=headers)
        answer = connection.getresponse()
        answer.read()
        if answer.status == 200:
            latencies.append((time.monotonic() - started) * 1000)
        else:
            failures += 1
    except (OSError, http.client.HTTPException):
        failures += 1
        connection.close()
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    time.sleep(pause)
if not latencies:
    print(f"inbox first page: no answer ({failures} failed)")
    sys.exit(1)
latencies.sort()


def at(share):
    return latencies[min(len(latencies) - 1, int(share * len(latencies)))]


print(f"inbox first page: {len(latencies)} requests, p50 {at(0.5):.1f} ms, p95 {at(0.95):.1f} ms,"
      f" p99 {at(0.99):.1f} ms, max {latencies[-1]:.1f} ms, {failures} failed")
