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
ENV DATABASE_URL=sqlite+aiosqlite:////data/followup.sqlite3 \
    PYTHONUNBUFFERED=1
VOLUME ["/data"]
CMD ["followup", "run"]
