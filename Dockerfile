# syntax=docker/dockerfile:1
# Build stage: build the wheel of the bot and of everything it depends on.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

# Run stage: only the installed wheels, a non-root user and a volume for the SQLite default.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 followup && mkdir /data && chown followup /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER followup
WORKDIR /data
# WEB_LISTEN: the web server (/healthz, /metrics, the webhook) must answer from outside the
# container; publish WEB_PORT only where it is needed (a reverse proxy for the webhook).
ENV DATABASE_URL=sqlite+aiosqlite:////data/followup.sqlite3 \
    WEB_LISTEN=0.0.0.0 \
    WEB_PORT=8080 \
    PYTHONUNBUFFERED=1
EXPOSE 8080
VOLUME ["/data"]
# The slim image has no curl: Python's own urllib asks /healthz; any error or non-2xx fails.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('WEB_PORT', '8080') + '/healthz', timeout=4)"]
CMD ["followup", "run"]
