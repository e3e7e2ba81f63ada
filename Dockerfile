# syntax=docker/dockerfile:1
# memberbase container image: a static Go binary on distroless, running as the
# distroless "nonroot" user (65532) with its data on the /pb_data volume.
#
#   docker build --build-arg VERSION=$(git describe --tags --always) -t memberbase .
#   docker run -d -p 8090:8090 -v memberbase-data:/pb_data --env-file prod.env memberbase
#
# No secret is baked in: every MEMBERBASE_* secret comes from the environment
# or a mounted file (NAME_FILE) at run time. See docs/deployment.md.

FROM golang:1.27 AS build
WORKDIR /src
# GOTOOLCHAIN=local: the image's Go builds; never download another toolchain.
ENV CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=readonly
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/memberbase . \
    && mkdir -p /out/pb_data /out/ledger

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/memberbase /memberbase
# A new named volume starts as a copy of this directory, so it belongs to
# nonroot too; a bind mount must be chowned to 65532 on the host.
COPY --from=build --chown=65532:65532 /out/pb_data /pb_data
# The restore-safety ledger lives outside the data dir (and its backups), on
# a volume of its own (docs/backups.md).
COPY --from=build --chown=65532:65532 /out/ledger /ledger
# WORKDIR / makes PocketBase's default ./pb_data the volume, so one-off
# commands (superuser upsert, members import) need no --dir.
WORKDIR /
ENV MEMBERBASE_ENV=production \
    MEMBERBASE_LEDGER_PATH=/ledger/memberbase-ledger.jsonl
USER 65532:65532
VOLUME ["/pb_data", "/ledger"]
EXPOSE 8090
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/memberbase", "healthcheck"]
ENTRYPOINT ["/memberbase"]
CMD ["serve", "--http", "0.0.0.0:8090", "--dir", "/pb_data"]
