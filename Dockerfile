# One image for every role: the command selects it (primary, secondary, probe, zone tools, log inspect).
# Configuration: the image's defaults (DNSSUITE_DEFAULT__ variables below), then /etc/dnssuite/dnssuite.json (mount
# your own /etc/dnssuite), DNSSUITE__Section__Key variables, then flags. State (embedded log, secondary zones):
# /var/lib/dnssuite, a volume.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
COPY . .
# For this architecture only: its builds of the Kafka client's native library go beside the executable (docs/kafka.md),
# not those of every other platform the package ships; librdkafka/ holds the package's Windows builds (19 MB), which
# it adds to every output whatever the platform.
RUN dotnet publish src/DnsSuite.Cli -c Release -r "linux-$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64)" --self-contained false -o /app \
    && rm -rf /app/librdkafka

# .NET 10's default ASP.NET image (Ubuntu 24.04): the HTTP endpoint runs on Kestrel, and the shell is needed once, to
# give the executable its capability (a chiseled image has none; COPY does not carry file capabilities reliably).
FROM mcr.microsoft.com/dotnet/aspnet:10.0
COPY --from=build /app /app
# Port 53 without root and without net.ipv4.ip_unprivileged_port_start=0 (a runtime's choice, not every one's): the
# executable gets CAP_NET_BIND_SERVICE as a file capability (libcap2-bin only for the setcap call).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcap2-bin \
    && setcap cap_net_bind_service=+ep /app/dnssuite \
    && apt-get purge -y libcap2-bin \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 5353 --home-dir /var/lib/dnssuite --shell /usr/sbin/nologin dnssuite \
    && mkdir -p /var/lib/dnssuite \
    && chown dnssuite /var/lib/dnssuite
COPY conf/container /etc/dnssuite
ENV PATH="/app:${PATH}"
# The image's defaults, below a mounted dnssuite.json (docs/configuration.md): DNS and HTTP on every address of the
# container, state in the volume, JSON logs.
ENV DNSSUITE_DEFAULT__Server__Listen__0=0.0.0.0:53 \
    DNSSUITE_DEFAULT__Http__Listen=0.0.0.0:8053 \
    DNSSUITE_DEFAULT__ChangeLog__DataDirectory=/var/lib/dnssuite \
    DNSSUITE_DEFAULT__Secondary__DataDirectory=/var/lib/dnssuite \
    DNSSUITE_DEFAULT__Logging__Format=Json
# The collector's gen0 budget, 128 MiB rather than the ~52 MiB a concurrent collector picks from the cache size: a
# primary ingesting a backlog collects a third as often, pauses a third less and spends ~15 % less CPU per change
# (docs/configuration.md, "The .NET runtime"). Only an environment variable sets it.
ENV DOTNET_GCgen0size=0x8000000
WORKDIR /var/lib/dnssuite
VOLUME /var/lib/dnssuite
USER dnssuite
# DNS over UDP and TCP, and the HTTP endpoint: /metrics, /healthz, /readyz, /zones.
EXPOSE 53/udp 53/tcp 8053/tcp
HEALTHCHECK --interval=10s --timeout=6s --start-period=60s --retries=3 CMD ["dnssuite", "health", "--http", "127.0.0.1:8053"]
ENTRYPOINT ["dnssuite"]
CMD ["primary", "--config", "/etc/dnssuite/dnssuite.json", "--zones", "/etc/dnssuite/zones"]
