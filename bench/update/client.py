"""UPDATE round trips over UDP: sends one unsigned RFC 2136 message at a time and waits for its answer.

Usage: client.py PORT ZONE KIND COUNT
KIND: applied (adds a new A record each time), noop (adds a record the zone has), prereq (a "name is in use"
prerequisite on a name that does not exist: NXDOMAIN). Prints the first round trip and the median, p90 and p99 of
the others, in microseconds, as one line of key=value pairs; fails if an answer has another RCODE than expected.
"""
import socket, struct, sys, time


def name(text):
    out = b""
    for label in text.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def message(ident, zone, kind, i):
    prereqs, updates = [], []
    if kind == "applied":
        updates.append(name(f"u{i}.{zone}") + struct.pack("!HHIH", 1, 1, 300, 4) + bytes([10, (i >> 16) & 255, (i >> 8) & 255, i & 255]))
    elif kind == "noop":
        updates.append(name(f"ns1.{zone}") + struct.pack("!HHIH", 1, 1, 3600, 4) + bytes([192, 0, 2, 1]))
    else:
        prereqs.append(name(f"absent.{zone}") + struct.pack("!HHIH", 255, 255, 0, 0))
        updates.append(name(f"u{i}.{zone}") + struct.pack("!HHIH", 1, 1, 300, 4) + bytes([10, 0, 0, 1]))
    header = struct.pack("!HHHHHH", ident, 5 << 11, 1, len(prereqs), len(updates), 0)
    return header + name(zone) + struct.pack("!HH", 6, 1) + b"".join(prereqs) + b"".join(updates)


def main():
    port, zone, kind, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    expected = 3 if kind == "prereq" else 0
    offset = int(time.time() * 1000) % 1000000  # distinct names across runs against one server
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(10)
    sock.connect(("127.0.0.1", port))
    times = []
    for n in range(count):
        ident = n & 0xFFFF
        wire = message(ident, zone, kind, offset + n)
        start = time.perf_counter_ns()
        sock.send(wire)
        while True:
            answer = sock.recv(4096)
            if struct.unpack("!H", answer[:2])[0] == ident:
                break
        times.append((time.perf_counter_ns() - start) / 1000)
        rcode = answer[3] & 15
        if rcode != expected:
            sys.exit(f"{kind} update {n}: RCODE {rcode}, expected {expected}")
    first, rest = times[0], sorted(times[1:])
    if not rest:
        print(f"first={first:.0f}")
        return
    pick = lambda q: rest[min(len(rest) - 1, int(q * len(rest)))]
    print(f"first={first:.0f} median={pick(0.5):.0f} p90={pick(0.9):.0f} p99={pick(0.99):.0f}")


main()
