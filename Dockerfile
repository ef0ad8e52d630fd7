# The Minga image: daphne serving config.asgi, translations compiled and static files collected
# at build time. Settings come from the environment at run time (docker-compose.yml); nothing
# secret is baked in.

FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# make is the entry point (Makefile targets); the slim image does not ship it.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 minga \
    && useradd --system --uid 10001 --gid minga --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin minga


# The build context may hold a developer's .venv, .git, local uploads or a .env file. Copying it
# whole into the final image would overwrite the image's own virtualenv with a foreign one, so the
# project is first copied here, cleaned, and only the clean tree goes into the final stage.
FROM base AS source
COPY . /src
RUN rm -rf /src/.venv /src/.git /src/staticfiles /src/media /src/.env /src/.env.* \
        /src/db.sqlite3 /src/db.sqlite3-* /src/.pytest_cache /src/.mypy_cache /src/.ruff_cache


FROM base
WORKDIR /app

# Dependencies first, so the layer is reused until the lock file changes. The venv sits where the
# Makefile looks for it (VENV ?= .venv, BIN := $(VENV)/bin).
COPY requirements.lock ./
RUN python -m venv /app/.venv \
    && /app/.venv/bin/python -m pip install --require-hashes --no-deps -r requirements.lock

COPY --from=source /src/ /app/

# .installed is touched after the last copy of requirements.lock, so make sees the venv as up to
# date and never tries to reinstall at run time (the runtime user cannot write to /app).
# collectstatic reads the settings, which refuse to start without SECRET_KEY whenever DATABASE_URL
# is set: a throwaway key is given to this one command only and is not kept in the image.
RUN touch /app/.venv/bin/.installed \
    && SECRET_KEY=build-only make messages static \
    && test -f /app/staticfiles/staticfiles.json

# Directories that named volumes are mounted on: an empty named volume takes the owner of the
# directory it is first mounted on, so these make the volumes writable by the runtime user.
# /app/media holds uploads (MEDIA_ROOT); /srv/static receives a copy of /app/staticfiles for nginx.
RUN mkdir -p /app/media /srv/static \
    && chown minga:minga /app/media /srv/static

USER minga
EXPOSE 8000
CMD ["make", "serve", "HOST=0.0.0.0", "PORT=8000"]
