# Multi-stage build: compile in the official Rust image, run in a slim Debian with a
# non-root user. Configuration comes from the environment (see README.md).
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin chatorder \
 && strip target/release/chatorder

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin chatorder \
 && mkdir -p /app/data \
 && chown chatorder /app/data
WORKDIR /app
COPY --from=build /src/target/release/chatorder /usr/local/bin/chatorder
# The shop's files: mount your own over these to edit them without rebuilding
# (the server reloads them on change).
COPY menu /app/menu
COPY intents /app/intents
USER chatorder
ENV CHATORDER_ADDR=0.0.0.0:8080 \
    DATABASE_URL=sqlite:///app/data/chatorder.db \
    CHATORDER_MENU=/app/menu \
    CHATORDER_INTENTS=/app/intents \
    RUST_LOG=info
VOLUME ["/app/data"]
EXPOSE 8080
CMD ["chatorder", "serve"]
