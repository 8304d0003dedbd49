# Multi-stage build: compile in the official Rust image, run in a slim Debian with a
# non-root user. Configuration comes from the environment (see README.md).
#
#   docker build -t chatorder .
#   docker run -p 8080:8080 -e JWT_SECRET=$(openssl rand -hex 32) -v chatorder-data:/app/data chatorder
FROM rust:1-bookworm AS build
WORKDIR /src
# Dependencies first, in a layer of their own: it is rebuilt only when Cargo.toml or
# Cargo.lock change, not on every edit of the sources. Empty targets stand in for ours.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src benches \
 && echo 'fn main() {}' > src/main.rs \
 && touch src/lib.rs \
 && echo 'fn main() {}' > benches/engine.rs \
 && cargo build --release --locked --bin chatorder \
 && rm -rf src benches
COPY . .
# The stand-ins' build outputs are older than the real sources: touch them so cargo
# rebuilds our crate (and only it).
RUN touch src/main.rs src/lib.rs \
 && cargo build --release --locked --bin chatorder \
 && strip target/release/chatorder

FROM debian:bookworm-slim
# curl answers the HEALTHCHECK.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin chatorder \
 && mkdir -p /app/data \
 && chown chatorder /app/data \
 && chmod 700 /app/data
WORKDIR /app
COPY --from=build /src/target/release/chatorder /usr/local/bin/chatorder
# The shop's files: mount your own over these to edit them without rebuilding
# (the server reloads them on change).
COPY menu /app/menu
COPY intents /app/intents
USER chatorder
# Production by default: the server refuses to start without JWT_SECRET and says how to
# set one. For a quick local try, `-e CHATORDER_ENV=development` keeps a generated
# secret in the data volume (JWT_SECRET_FILE), whatever the database.
ENV CHATORDER_ENV=production \
    CHATORDER_ADDR=0.0.0.0:8080 \
    DATABASE_URL=sqlite:///app/data/chatorder.db \
    JWT_SECRET_FILE=/app/data/jwt-secret \
    CHATORDER_DRAIN_TIMEOUT=8 \
    CHATORDER_MENU=/app/menu \
    CHATORDER_INTENTS=/app/intents \
    RUST_LOG=info
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/api/health || exit 1
# The server exits within CHATORDER_DRAIN_TIMEOUT of SIGTERM: 8 s here, inside
# docker's default 10 s before SIGKILL.
STOPSIGNAL SIGTERM
CMD ["chatorder", "serve"]
