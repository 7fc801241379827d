#!/usr/bin/env python3
"""Where a start spends its time, step by step (bean creations, configuration classes, the web server).

Start the desk with -Dmokadesk.startup-steps=true and a flight recording, stop it once it answers, then:
    JAVA_OPTS="-Dmokadesk.startup-steps=true -XX:StartFlightRecording=filename=start.jfr" scripts/run.sh
    scripts/startup-steps.py start.jfr [how many, default 25]
Prints the steps with the most time of their own (their duration less that of the steps inside them). The
recording itself slows the start (about twice as long), so compare steps with each other, not with a plain
start. Needs the JDK's `jfr` tool (JFR=/path/to/jfr if it is not on the PATH).
"""
import json
import os
import re
import subprocess
import sys


def seconds(duration):
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", duration)
    if not match:
        return 0.0
    hours, minutes, secs = (float(g) if g else 0.0 for g in match.groups())
    return hours * 3600 + minutes * 60 + secs


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    shown = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    printed = subprocess.run(
        [os.environ.get("JFR", "jfr"), "print", "--json", "--events",
         "org.springframework.core.metrics.jfr.FlightRecorderStartupEvent", sys.argv[1]],
        capture_output=True, text=True, check=True).stdout
    steps = [e["values"] for e in json.loads(printed)["recording"]["events"]]
    if not steps:
        sys.exit("no start-up steps in the recording: was the desk started with -Dmokadesk.startup-steps=true?")
    inside = {}
    for step in steps:
        inside[step["parentId"]] = inside.get(step["parentId"], 0.0) + seconds(step["duration"])
    timed = []
    for step in steps:
        total = seconds(step["duration"])
        timed.append((total - inside.get(step["eventId"], 0.0), total, step))
    timed.sort(key=lambda t: t[0], reverse=True)
    for own, total, step in timed[:shown]:
        print(f"{own * 1000:6.0f} ms own {total * 1000:7.0f} ms in all  {step['name']}  {(step.get('tags') or '')[:100]}")


if __name__ == "__main__":
    main()
