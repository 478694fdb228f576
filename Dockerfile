# One image for every role: the command selects it (primary, secondary, zone tools).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/DnsSuite.Cli -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
RUN apt-get update && apt-get install -y --no-install-recommends librdkafka1 && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 5353 --home /var/lib/dnssuite dnssuite && mkdir -p /var/lib/dnssuite && chown dnssuite /var/lib/dnssuite
WORKDIR /app
COPY --from=build /app .
COPY conf /etc/dnssuite
USER dnssuite
# DNS over UDP and TCP; a non-privileged port so the container needs no extra capability.
EXPOSE 5353/udp 5353/tcp
ENTRYPOINT ["dotnet", "/app/dnssuite.dll"]
CMD ["primary", "--config", "/etc/dnssuite/dnssuite.json", "--zones", "/etc/dnssuite/zones", "--listen", "0.0.0.0:5353"]
