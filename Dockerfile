# One image for every role: the command selects it (primary, secondary, probe, zone tools, log inspect).
# Configuration: /etc/dnssuite/dnssuite.json (mount your own /etc/dnssuite), DNSSUITE__Section__Key environment
# variables, then flags. State (embedded log, secondary zones): /var/lib/dnssuite, a volume.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/DnsSuite.Cli -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# librdkafka from Debian: Confluent.Kafka loads librdkafka.so.1 from the OS (docs/kafka.md).
RUN apt-get update \
    && apt-get install -y --no-install-recommends librdkafka1 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 5353 --home-dir /var/lib/dnssuite --shell /usr/sbin/nologin dnssuite \
    && mkdir -p /var/lib/dnssuite \
    && chown dnssuite /var/lib/dnssuite
COPY --from=build /app /app
COPY conf/container /etc/dnssuite
ENV PATH="/app:${PATH}"
# The collector's gen0 budget, 128 MiB rather than the ~52 MiB a concurrent collector picks from the cache size: a
# primary ingesting a backlog collects a third as often, pauses a third less and spends ~15 % less CPU per change
# (docs/configuration.md, "The .NET runtime"). Only an environment variable sets it.
ENV DOTNET_GCgen0size=0x8000000
WORKDIR /var/lib/dnssuite
VOLUME /var/lib/dnssuite
USER dnssuite
# DNS over UDP and TCP (containers may bind ports below 1024 unprivileged: net.ipv4.ip_unprivileged_port_start=0
# is Docker's default), and the HTTP endpoint: /metrics, /healthz, /readyz, /zones.
EXPOSE 53/udp 53/tcp 8053/tcp
HEALTHCHECK --interval=10s --timeout=6s --start-period=60s --retries=3 CMD ["dnssuite", "health", "--http", "127.0.0.1:8053"]
ENTRYPOINT ["dnssuite"]
CMD ["primary", "--config", "/etc/dnssuite/dnssuite.json", "--zones", "/etc/dnssuite/zones"]
