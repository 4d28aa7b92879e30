"""Runs one command and records its wall time and memory as JSON (standard library only).

    python3 bench/peers/measure.py OUT.json LOG [--mark NAME=REGEX ...] -- COMMAND [ARGS...]

Writes OUT.json with: wall_seconds; max_rss_mb (the largest single process, from getrusage of the waited-for
children, as /usr/bin/time -v reports it); tree_peak_rss_mb (the peak of the summed RSS of the command's whole
process tree, sampled from /proc every 100 ms: for `mpirun -np 2 ...` this is mpirun plus both ranks);
exit_status; the 1-minute load average before and after (the machine may be shared); and for each --mark,
every output line matching REGEX as [seconds since start, first group or the line] (lines are timed as they
arrive through a pipe: a program that buffers its output is seen late). The command's output goes to LOG.
Exits with the command's status, so a failing step fails the caller.
"""
import json
import os
import re
import resource
import subprocess
import sys
import threading
import time


def tree_rss_kb(root):
    """Summed VmRSS of `root` and all its descendants (processes that vanish mid-walk are skipped)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def main():
    args = sys.argv[1:]
    if "--" not in args or args.index("--") < 2:
        sys.exit("usage: measure.py OUT.json LOG [--mark NAME=REGEX ...] -- COMMAND [ARGS...]")
    split = args.index("--")
    out, log, options, command = args[0], args[1], args[2:split], args[split + 1:]
    patterns = {}
    while options:
        if options[0] != "--mark" or len(options) < 2 or "=" not in options[1]:
            sys.exit(f"measure.py: unexpected {options[0]} (expected --mark NAME=REGEX)")
        name, regex = options[1].split("=", 1)
        patterns[name] = re.compile(regex)
        options = options[2:]
    marks = {name: [] for name in patterns}
    load_before = os.getloadavg()[0]
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kb(process.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with open(log, "wb") as log_file:
        for raw in process.stdout:
            at = time.monotonic() - start
            log_file.write(raw)
            line = raw.decode(errors="replace")
            for name, pattern in patterns.items():
                found = pattern.search(line)
                if found:
                    marks[name].append([at, found.group(1) if pattern.groups else line.strip()])
    status = process.wait()
    done.set()
    sampler.join()
    wall = time.monotonic() - start
    record = {"command": command, "wall_seconds": wall, "exit_status": status,
              "max_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0,
              "tree_peak_rss_mb": peak[0] / 1024.0,
              "load_average_1min": {"before": load_before, "after": os.getloadavg()[0]},
              "marks": marks}
    with open(out, "w") as f:
        json.dump(record, f, indent=2)
    if status != 0:
        print(f"measure.py: {' '.join(command)} failed with status {status}; see {log}", file=sys.stderr)
    sys.exit(status if status > 0 else 1 if status else 0)


if __name__ == "__main__":
    main()
