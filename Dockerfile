# syntax=docker/dockerfile:1
# The JOMCase image: the web app (gunicorn), the Celery worker and Celery beat all run from it
# (see docker-compose.yml). Static files are built and collected here, so a container only
# needs its environment.

# GOV.UK Frontend and MOJ Frontend, compiled with dart-sass.
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY assets/ assets/
RUN npm run build

FROM python:3.11-slim
# The code runs from /app, where templates and static files sit beside the packages.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    WEB_CONCURRENCY=3

RUN groupadd --system jomcase \
    && useradd --system --gid jomcase --create-home --home-dir /home/jomcase jomcase

WORKDIR /app

# Dependencies first, in their own layer, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY manage.py ./
COPY jomcase/ jomcase/
COPY claimants/ claimants/
COPY dea_support/ dea_support/
COPY conferences/ conferences/
COPY partnerships/ partnerships/
COPY qas/ qas/
COPY reports/ reports/
COPY templates/ templates/
COPY --from=assets /build/static/build/ static/build/
RUN pip install --no-deps .

# Settings need a key and URLs to load; these are for collectstatic only and connect nowhere.
RUN DJANGO_DEBUG=false \
    DJANGO_SECRET_KEY=collectstatic-only-never-used-by-a-running-container-0123456789 \
    DATABASE_URL=postgres://collectstatic@127.0.0.1:1/none \
    CELERY_BROKER_URL=redis://127.0.0.1:1/0 \
    python manage.py collectstatic --no-input

USER jomcase
EXPOSE 8000
CMD ["gunicorn", "jomcase.wsgi", "--bind=0.0.0.0:8000", "--access-logfile=-"]
