#!/usr/bin/env python3
"""Hostile traffic against one DNS server on loopback (bench/robust/run.sh runs it per server).

    attacks.py --port P --pid PID --zone bench.test. TEST...     TEST: udpfuzz tcpidle tcpslow xfrstall rrl idletimeout

Prints one JSON object per test. Every loop is bounded in count and time; traffic goes to 127.0.0.1 only, from
127.0.0.1 (normal clients) and 127.0.1.x (attackers; the whole of 127/8 is loopback on Linux).
"""
import argparse, json, os, random, select, socket, struct, sys, time

# tcpi_state: 1 ESTABLISHED, 2 SYN_SENT (a connect still under way).
OPEN_STATES = (1, 2)


def name_wire(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def query(name, qtype=1, qid=None, edns=None, flags=0x0000):
    qid = random.randrange(65536) if qid is None else qid
    header = struct.pack(">HHHHHH", qid, flags, 1, 0, 0, 1 if edns else 0)
    body = name_wire(name) + struct.pack(">HH", qtype, 1)
    if edns:
        body += b"\0" + struct.pack(">HHIH", 41, edns, 0, 0)
    return header + body


def fds(pid):
    total = 0
    for p in tree(pid):
        try:
            total += len(os.listdir(f"/proc/{p}/fd"))
        except OSError:
            pass
    return total


def rss_kib(pid):
    total = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def tree(pid):
    pids = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                for child in f.read().split():
                    pids += tree(int(child))
    except OSError:
        pass
    return pids


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def tcp_query(port, name, timeout=2.0, source="127.0.0.1", qtype=1):
    """One query over a fresh TCP connection; True when an answer with the same ID came back in time."""
    message = query(name, qtype)
    deadline = time.monotonic() + timeout
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.bind((source, 0))
            s.connect(("127.0.0.1", port))
            s.sendall(struct.pack(">H", len(message)) + message)
            data = b""
            while len(data) < 2 or len(data) < 2 + struct.unpack(">H", data[:2])[0]:
                s.settimeout(max(0.01, deadline - time.monotonic()))
                chunk = s.recv(65536)
                if not chunk:
                    return False
                data += chunk
            return data[2:4] == message[:2]
    except OSError:
        return False


class Attackers:
    """Connections from 127.0.1.x that the attack keeps open: closed ones are opened again at each refresh."""

    def __init__(self, port, count, payload=b"", per_address=10):
        self.port, self.count, self.payload, self.per_address = port, count, payload, per_address
        self.sockets = [None] * count
        self.reopened = 0

    def refresh(self, budget=0.5):
        end = time.monotonic() + budget
        for i in range(self.count):
            s = self.sockets[i]
            if s is not None and not closed(s):
                continue
            if s is not None:
                s.close()
                self.reopened += 1
            if time.monotonic() > end:
                self.sockets[i] = None
                continue
            self.sockets[i] = self.open(i)

    def open(self, i):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.bind((f"127.0.1.{1 + i // self.per_address}", 0))
            s.connect_ex(("127.0.0.1", self.port))
            if self.payload:
                select.select([], [s], [], 0.05)
                s.send(self.payload)
        except OSError:
            pass
        return s

    def open_count(self):
        return sum(1 for s in self.sockets if s is not None and not closed(s))

    def close(self):
        for s in self.sockets:
            if s is not None:
                s.close()


def closed(s):
    try:
        info = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
        return info[0] not in OPEN_STATES
    except OSError:
        return True


def normal_queries_during(port, zone, attackers, queries=36, seconds=12.0):
    answered = 0
    interval = seconds / queries
    for i in range(queries):
        started = time.monotonic()
        attackers.refresh(budget=interval / 2)
        if tcp_query(port, f"host{i}.{zone}"):
            answered += 1
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
    return answered


def tcp_attack(args, payload):
    before = (fds(args.pid), rss_kib(args.pid))
    attackers = Attackers(args.port, 1000, payload)
    attackers.refresh(budget=5.0)
    time.sleep(0.5)
    held = attackers.open_count()
    during = (fds(args.pid), rss_kib(args.pid))
    answered = normal_queries_during(args.port, args.zone, attackers)
    during = (max(during[0], fds(args.pid)), max(during[1], rss_kib(args.pid)))
    attackers.close()
    time.sleep(2.0)
    after = (fds(args.pid), rss_kib(args.pid))
    udp_ok = udp_answers(args.port, args.zone, 20)
    return {"answered": answered, "of": 36, "attack_held": held, "reopened": attackers.reopened,
            "fd": [before[0], during[0], after[0]], "rss_kib": [before[1], during[1], after[1]],
            "udp_answered": udp_ok, "udp_of": 20, "alive": alive(args.pid)}


def udp_answers(port, zone, count):
    answered = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(1.0)
        for i in range(count):
            message = query(f"host{i}.{zone}")
            s.sendto(message, ("127.0.0.1", port))
            try:
                while True:
                    data, _ = s.recvfrom(65535)
                    if data[:2] == message[:2]:
                        answered += 1
                        break
            except OSError:
                pass
    return answered


def question_type(packet):
    """The QTYPE of the first question, or 0 when the packet has none that can be read."""
    at = 12
    while at < len(packet) and 0 < packet[at] < 64:
        at += 1 + packet[at]
    return struct.unpack(">H", packet[at + 1:at + 3])[0] if at + 3 <= len(packet) and packet[at] == 0 else 0


def mutate(rng, seeds):
    packet = bytearray(rng.choice(seeds))
    for _ in range(rng.randrange(1, 6)):
        kind = rng.randrange(6)
        if kind == 0 and len(packet) > 2:
            packet[rng.randrange(2, len(packet))] = rng.randrange(256)
        elif kind == 1 and len(packet) > 12:
            del packet[rng.randrange(12, len(packet)):]
        elif kind == 2:
            packet += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))
        elif kind == 3 and len(packet) >= 12:
            struct.pack_into(">H", packet, 4 + 2 * rng.randrange(4), rng.choice([0, 1, 2, 255, 65535]))
        elif kind == 4 and len(packet) > 14:
            # A compression pointer somewhere, often pointing at itself or forward.
            at = rng.randrange(12, len(packet) - 1)
            struct.pack_into(">H", packet, at, 0xC000 | rng.randrange(len(packet) + 4))
        elif kind == 5 and len(packet) > 3:
            packet[2] = rng.randrange(256)
    return packet


def flood_socket():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.setblocking(False)
    return s


def read_until(s, until, response):
    """Hands every datagram there is to `response`, waiting for more until the monotonic time `until`."""
    while True:
        try:
            data = s.recv(65535)
        except BlockingIOError:
            if time.monotonic() >= until:
                return
            select.select([s], [], [], max(0.0, until - time.monotonic()))
            continue
        response(data)


def udpfuzz(args):
    rng = random.Random(1)
    zone = args.zone
    seeds = [query(f"host{i}.{zone}", t, edns=e) for i, t, e in
             [(1, 1, None), (2, 28, 1232), (3, 255, 4096), (4, 16, 4096), (5, 6, None), (6, 2, 1232), (7, 252, None), (8, 251, None)]]
    seeds.append(query(f"nonexistent.{zone}", 1, edns=4096))
    seeds.append(query(zone, 255, edns=65535))
    sent = {}  # ID -> (length, query type) of the last packet sent with it
    qr_ids, control_ids = set(), set()
    stats = {"responses": 0, "controls": 0, "controls_answered": 0, "qr_answered": 0, "amp": 0.0, "amp_type": 0}
    s = flood_socket()

    def response(data):
        stats["responses"] += 1
        rid = struct.unpack(">H", data[:2])[0] if len(data) >= 2 else -1
        if rid in control_ids:
            stats["controls_answered"] += 1
            control_ids.discard(rid)
        if rid in qr_ids:
            stats["qr_answered"] += 1
        if rid in sent and sent[rid][0] > 0 and len(data) / sent[rid][0] > stats["amp"]:
            stats["amp"], stats["amp_type"] = len(data) / sent[rid][0], sent[rid][1]

    def drain(until):
        read_until(s, until, response)

    interval = 1.0 / args.rate
    start = time.monotonic()
    for n in range(args.packets):
        if n % 1000 == 0:
            qid = 0x8000 + (n // 1000) % 0x7000
            packet = query(f"host{n % 10000}.{zone}", 1, qid=qid)
            control_ids.add(qid)
            stats["controls"] += 1
        else:
            packet = mutate(rng, seeds)
            qid = 0xF000 + n % 0x1000 if len(packet) >= 3 and packet[2] & 0x80 else n % 0x8000
            if qid >= 0xF000:
                qr_ids.add(qid)
            if len(packet) >= 2:
                struct.pack_into(">H", packet, 0, qid)
        sent[qid] = (len(packet), question_type(packet))
        try:
            s.sendto(bytes(packet), ("127.0.0.1", args.port))
        except OSError:
            pass
        drain(start + (n + 1) * interval)
    drain(time.monotonic() + 1.0)
    s.close()
    return {"packets": args.packets, "seconds": round(time.monotonic() - start, 1), "responses": stats["responses"],
            "controls": stats["controls"], "controls_answered": stats["controls_answered"], "qr_answered": stats["qr_answered"],
            "max_amplification": round(stats["amp"], 1), "max_amplification_qtype": stats["amp_type"], "alive": alive(args.pid)}


def idletimeout(args):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.connect(("127.0.0.1", args.port))
        started = time.monotonic()
        s.settimeout(args.cap)
        try:
            s.recv(1)
            return {"idle_timeout_s": round(time.monotonic() - started, 1)}
        except socket.timeout:
            return {"idle_timeout_s": f">{args.cap:.0f}"}
        except OSError:
            return {"idle_timeout_s": round(time.monotonic() - started, 1)}


def axfr(port, zone, timeout=10.0, rcvbuf=None, read=True):
    message = query(zone, 252)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(timeout)
    s.connect(("127.0.0.1", port))
    s.sendall(struct.pack(">H", len(message)) + message)
    if not read:
        return s
    soas, rcode = 0, None
    data = b""
    deadline = time.monotonic() + timeout
    try:
        while soas < 2 and time.monotonic() < deadline:
            while len(data) < 2 or len(data) < 2 + struct.unpack(">H", data[:2])[0]:
                chunk = s.recv(1 << 16)
                if not chunk:
                    return rcode or "closed"
                data += chunk
            length = struct.unpack(">H", data[:2])[0]
            message_bytes, data = data[2:2 + length], data[2 + length:]
            rcode = message_bytes[3] & 0x0F
            if rcode != 0:
                return {5: "REFUSED", 2: "SERVFAIL", 9: "NOTAUTH"}.get(rcode, f"rcode {rcode}")
            # Count SOA records by a cheap scan: the first and last records of an AXFR are the SOA.
            soas += message_bytes.count(b"\x00\x06\x00\x01")
        return "complete" if soas >= 2 else "timeout"
    except OSError:
        return "timeout"
    finally:
        s.close()


def xfrstall(args):
    stalled = []
    for _ in range(20):
        try:
            stalled.append(axfr(args.port, args.zone, rcvbuf=4096, read=False))
        except OSError:
            pass
    time.sleep(1.0)
    outcomes = {}
    for _ in range(10):
        result = axfr(args.port, args.zone, timeout=5.0)
        outcomes[result] = outcomes.get(result, 0) + 1
    tcp_ok = sum(1 for i in range(5) if tcp_query(args.port, f"host{i}.{args.zone}"))
    deadline = time.monotonic() + 15.0
    while time.monotonic() < deadline and not all(closed(s) for s in stalled):
        time.sleep(0.25)
    cut = sum(1 for s in stalled if closed(s))
    for s in stalled:
        s.close()
    after = axfr(args.port, args.zone, timeout=10.0)
    return {"during_stall": outcomes, "tcp_answered": tcp_ok, "tcp_of": 5, "stalled_cut_within_16s": cut,
            "stalled": len(stalled), "axfr_after": after}


def rrl(args):
    counts = {"answered": 0, "truncated": 0, "bytes_in": 0}
    message = query(f"host1.{args.zone}", 255, qid=1, edns=4096)
    s = flood_socket()

    def response(data):
        counts["answered"] += 1
        counts["bytes_in"] += len(data)
        counts["truncated"] += 1 if len(data) > 3 and data[2] & 0x02 else 0

    def drain(until):
        read_until(s, until, response)

    start = time.monotonic()
    interval = 1.0 / args.rrl_rate
    sent = int(args.rrl_rate * args.rrl_seconds)
    for n in range(sent):
        s.sendto(message, ("127.0.0.1", args.port))
        drain(start + (n + 1) * interval)
    drain(time.monotonic() + 0.5)
    s.close()
    return {"queries": sent, "answered": counts["answered"], "truncated": counts["truncated"],
            "full_answers": counts["answered"] - counts["truncated"],
            "bytes_ratio": round(counts["bytes_in"] / max(1, sent * len(message)), 2),
            "control_udp": udp_answers(args.port, args.zone, 10)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--zone", default="bench.test.")
    parser.add_argument("--packets", type=int, default=100000)
    parser.add_argument("--rate", type=int, default=10000)
    parser.add_argument("--cap", type=float, default=12.0)
    parser.add_argument("--rrl-rate", type=int, default=5000)
    parser.add_argument("--rrl-seconds", type=float, default=4.0)
    parser.add_argument("tests", nargs="+")
    args = parser.parse_args()
    tests = {"udpfuzz": udpfuzz, "tcpidle": lambda a: tcp_attack(a, b""), "tcpslow": lambda a: tcp_attack(a, b"\x00"),
             "xfrstall": xfrstall, "rrl": rrl, "idletimeout": idletimeout}
    for test in args.tests:
        result = tests[test](args)
        print(json.dumps({"test": test, **result}), flush=True)


if __name__ == "__main__":
    main()
