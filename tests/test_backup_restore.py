"""The backup procedure of docs/operations.md, run for real: pg_dump in PostgreSQL's custom format,
pg_restore into a fresh database, and the uploads as a gzip tar; then every table's row count and a
checksum of its rows, and every uploaded file's digest, are the same on both sides."""

import hashlib
import io
import shutil
import subprocess
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from messaging import services as messaging_services
from tests.factories import (
    MembershipFactory,
    NetworkMembershipFactory,
    PostFactory,
    PracticeFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _conninfo(name: str) -> str:
    db = connection.settings_dict
    parts = [f"dbname={name}", f"host={db['HOST'] or '127.0.0.1'}", f"port={db['PORT'] or 5432}"]
    parts += [f"user={db['USER']}"] if db["USER"] else []
    parts += [f"password={db['PASSWORD']}"] if db["PASSWORD"] else []
    return " ".join(parts)


def _client_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {"PGHOST": db["HOST"] or "127.0.0.1", "PGPORT": str(db["PORT"] or 5432)}
    if db["USER"]:
        env["PGUSER"] = db["USER"]
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _fingerprint(conninfo: str) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of every table of every installed model."""
    tables = sorted({model._meta.db_table for model in apps.get_models(include_auto_created=True)})
    found = {}
    with psycopg.connect(conninfo) as conn:
        for table in tables:
            rows = "string_agg(t::text, '|' ORDER BY t::text)"
            query = f"SELECT count(*), md5(coalesce({rows}, '')) FROM \"{table}\" t"  # noqa: S608 - model tables
            count, digest = conn.execute(query).fetchone()
            found[table] = (count, digest)
    return found


def _some_of_everything(media: Path) -> None:
    member = MembershipFactory().user
    topic = TopicFactory(author=member, title="Respaldo: ¿cómo guardar los datos?")
    PostFactory(topic=topic, author=member, body="Copias **diarias**, fuera del servidor.")
    NetworkMembershipFactory(user=member)
    PracticeFactory(author=member, title="Formación en respaldos para cooperativas")
    other = MembershipFactory(organisation=member.memberships.first().organisation).user
    direct = messaging_services.direct_open(user=member, other=other)
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (12, 90, 200)).save(out, format="PNG")
    messaging_services.message_send(
        conversation=direct,
        author=member,
        body="La foto del registro",
        client_id=uuid.uuid4(),
        files=[SimpleUploadedFile("registro.png", out.getvalue(), content_type="image/png")],
    )
    assert any(media.rglob("*")), "the upload should be on disk"


def _digests(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore back up PostgreSQL only"
)
def test_dump_and_restore_give_the_same_rows_and_files(tmp_path):
    pg_dump, pg_restore = shutil.which("pg_dump"), shutil.which("pg_restore")
    if not (pg_dump and pg_restore):
        pytest.fail("pg_dump and pg_restore are needed (Debian's postgresql-client)")
    media = Path(settings.MEDIA_ROOT)
    _some_of_everything(media)
    source = connection.settings_dict["NAME"]
    restored = f"minga_restore_{uuid.uuid4().hex[:10]}"
    dump = tmp_path / "minga.dump"
    env = _client_env()

    subprocess.run(  # noqa: S603 - fixed arguments
        [pg_dump, "--format=custom", f"--file={dump}", source], check=True, env=env, timeout=120
    )
    with tarfile.open(tmp_path / "media.tar.gz", "w:gz") as archive:
        archive.add(media, arcname=".")

    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(  # noqa: S603 - fixed arguments
            [pg_restore, "--no-owner", f"--dbname={restored}", str(dump)], check=True, env=env, timeout=120
        )
        target_media = tmp_path / "restored-media"
        with tarfile.open(tmp_path / "media.tar.gz", "r:gz") as archive:
            archive.extractall(target_media, filter="data")

        original, copy = _fingerprint(_conninfo(source)), _fingerprint(_conninfo(restored))
        assert original["messaging_message"][0] == 1 and original["forums_post"][0] >= 2
        assert copy == original
        assert _digests(target_media) == _digests(media) != {}
    finally:
        with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
