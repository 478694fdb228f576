import socket, subprocess, sys, threading
cases = [
 ("query-a-norec", "+norec www.example. A"),
 ("query-mx-noedns", "+noedns example. MX"),
 ("query-cname-dnssec-nsid-cookie", "+dnssec +nsid +cookie=0102030405060708 alias.example. A"),
 ("query-nxdomain", "nonexistent.example. A"),
 ("query-badvers", "+edns=1 +noednsneg www.example. A"),
 ("query-referral", "+norec foo.sub.example. TXT"),
 ("query-txt", "+norec txt.example. TXT"),
]
# Relays each dig query to named on 127.0.0.1:53541 and stores query and response as hex.
listen = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); listen.bind(("127.0.0.1", 0))
port = listen.getsockname()[1]
up = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); up.settimeout(2)
for name, args in cases:
    def serve():
        q, addr = listen.recvfrom(65535)
        up.sendto(q, ("127.0.0.1", 53541))
        r, _ = up.recvfrom(65535)
        listen.sendto(r, addr)
        open(f"{name}.query.hex", "w").write(q.hex() + "\n")
        open(f"{name}.response.hex", "w").write(r.hex() + "\n")
    t = threading.Thread(target=serve); t.start()
    out = subprocess.run(["dig", "@127.0.0.1", "-p", str(port), "+tries=1"] + args.split(), capture_output=True, text=True).stdout
    t.join()
    open(f"{name}.dig.txt", "w").write(out)
