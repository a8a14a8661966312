# syntax=docker/dockerfile:1
# checkmail: static, CGO-free build (SQLite is modernc.org/sqlite, pure Go;
# Postgres through pgx). For Postgres and two replicas see compose.yaml.
# running as a non-root user in a distroless image.
#
#   docker build -t checkmail .
#   docker run --rm -e SLACK_BOT_TOKEN -e SLACK_APP_TOKEN \
#     -e CHECKMAIL_GEOIP_CITY=/geoip/GeoLite2-City.mmdb -e CHECKMAIL_GEOIP_ASN=/geoip/GeoLite2-ASN.mmdb \
#     -v checkmail-data:/data -v /srv/geoip:/geoip:ro checkmail

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/checkmail ./cmd/checkmail \
 && mkdir -p /out/data /out/geoip

FROM gcr.io/distroless/static:nonroot
COPY --from=build /out/checkmail /checkmail
# Volume mount points owned by the runtime user (65532), so SQLite can write
# /data even on a fresh named volume.
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build --chown=65532:65532 /out/geoip /geoip
ENV CHECKMAIL_DB=/data/checkmail.db
VOLUME ["/data", "/geoip"]
USER 65532:65532
# HTTP mode only (Socket Mode needs no inbound port).
EXPOSE 3000
ENTRYPOINT ["/checkmail"]
CMD ["serve"]
