"""The deployment files (docker-compose.yml, Dockerfile, deploy/nginx.conf) agree with the code.

No Docker engine runs in CI, so these files are checked by reading them: every make target, manage.py
command, bind-mounted file and environment variable they name must exist where they say it does.
"""

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
WEB_SERVICES = ("web1", "web2")
SHELL_OPERATORS = {"&&", "||", ";", "|", ">", ">>", "<", "2>", "&"}


# --- docker-compose.yml -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose: dict) -> dict:
    return compose["services"]


def environment_of(service: dict) -> dict[str, str | None]:
    """The service's environment as a mapping, whichever of compose's two syntaxes it uses."""
    environment = service.get("environment") or {}
    if isinstance(environment, dict):
        return {name: None if value is None else str(value) for name, value in environment.items()}
    pairs = (item.partition("=") for item in environment)
    return {name: value if sep else None for name, sep, value in pairs}


def words_of(command: str | list[str] | None) -> list[str]:
    """A command as argv; a `sh -c "..."` script is split into its own words too."""
    if not command:
        return []
    words = shlex.split(command) if isinstance(command, str) else [str(word) for word in command]
    if len(words) >= 3 and Path(words[0]).name in {"sh", "bash"} and words[1] == "-c":
        return words[:2] + shlex.split(words[2])
    return words


def make_targets_in(words: list[str]) -> list[str]:
    """The goals of every `make` in a command line (variable assignments and options left out)."""
    targets: list[str] = []
    in_make = False
    for word in words:
        if word in SHELL_OPERATORS:
            in_make = False
        elif Path(word).name == "make":
            in_make = True
        elif in_make and not word.startswith("-") and "=" not in word:
            targets.append(word)
    return targets


def manage_py_subcommands_in(words: list[str]) -> list[str]:
    subcommands = []
    for index, word in enumerate(words):
        if Path(word).name == "manage.py":
            following = [w for w in words[index + 1 :] if not w.startswith("-")]
            if following and following[0] not in SHELL_OPERATORS:
                subcommands.append(following[0])
    return subcommands


def compose_commands(services: dict) -> dict[str, list[str]]:
    return {name: words_of(service.get("command")) for name, service in services.items()}


def documented_commands() -> list[list[str]]:
    """Lines of the ```sh blocks in docs/operations.md: the commands an operator will type."""
    text = (ROOT / "docs" / "operations.md").read_text()
    lines = []
    for block in re.findall(r"^```(?:sh|console)\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ")
            if line and not line.startswith("#"):
                lines.append(shlex.split(line, comments=True))
    return lines


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    targets: set[str] = set()
    # "name other: prerequisites", not "NAME := value"; recipe lines start with a tab.
    for names in re.findall(r"^([A-Za-z0-9][\w.-]*(?:[ \t]+[A-Za-z0-9][\w.-]*)*)[ \t]*:(?!=)", text, re.M):
        targets.update(names.split())
    return targets


def test_compose_defines_the_production_services(services):
    assert {"postgres", "redis", "migrate", "web1", "web2", "nginx"} <= set(services)


def test_postgres_is_version_15_and_redis_version_7(services):
    assert re.fullmatch(r"postgres:15([.-].*)?", services["postgres"]["image"])
    assert re.fullmatch(r"redis:7([.-].*)?", services["redis"]["image"])


def test_redis_keeps_nothing_on_disk(services):
    words = words_of(services["redis"]["command"])
    assert words[words.index("--save") + 1] == ""
    assert words[words.index("--appendonly") + 1] == "no"


def host_of(url: str | None) -> str | None:
    """The host of a URL as the container sees it, after compose fills in ${VARIABLE...}."""
    return urlsplit(re.sub(r"\$\{[^}]*\}", "x", url or "")).hostname


def test_both_web_services_share_one_redis_and_one_database(services):
    environments = [environment_of(services[name]) for name in WEB_SERVICES]
    for environment in environments:
        assert environment.get("REDIS_URL"), "without REDIS_URL each daphne gets its own in-memory layer"
        assert environment.get("DATABASE_URL")
        assert host_of(environment["REDIS_URL"]) == "redis"
        assert host_of(environment["DATABASE_URL"]) == "postgres"
    assert environments[0]["REDIS_URL"] == environments[1]["REDIS_URL"]
    assert environments[0]["DATABASE_URL"] == environments[1]["DATABASE_URL"]


def test_web_services_require_a_secret_key_from_the_operator(services):
    for name in WEB_SERVICES:
        secret = environment_of(services[name])["SECRET_KEY"]
        # ${VAR:?message} makes compose refuse to start when the operator did not set it.
        assert secret is not None and re.fullmatch(r"\$\{SECRET_KEY:\?[^}]*\}", secret)


def test_every_variable_compose_passes_to_the_app_is_read_by_the_settings(services):
    settings_source = (ROOT / "config" / "settings" / "base.py").read_text()
    read = set(re.findall(r"""env\.\w+\(\s*["']([A-Z0-9_]+)["']""", settings_source))
    for name in ("migrate", *WEB_SERVICES):
        unknown = set(environment_of(services[name])) - read
        assert not unknown, f"{name} sets variables the settings never read: {sorted(unknown)}"


def test_operations_doc_describes_every_variable_the_settings_read():
    settings_source = (ROOT / "config" / "settings" / "base.py").read_text()
    read = set(re.findall(r"""env\.\w+\(\s*["']([A-Z0-9_]+)["']""", settings_source))
    doc = (ROOT / "docs" / "operations.md").read_text()
    assert read, "no env.<type>(...) reads found in config/settings/base.py"
    missing = {name for name in read if f"`{name}`" not in doc}
    assert not missing, f"docs/operations.md does not describe {sorted(missing)}"


def test_web_services_start_after_migrations_and_redis(services):
    for name in WEB_SERVICES:
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully"
        assert depends_on["redis"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_web_healthcheck_is_valid_python_that_requests_healthz(services):
    for name in WEB_SERVICES:
        test = services[name]["healthcheck"]["test"]
        assert test[0] == "CMD"
        assert test[test.index("-c") - 1].endswith("python")
        script = test[test.index("-c") + 1]
        compile(script, f"{name} healthcheck", "exec")
        assert "http://127.0.0.1:8000/healthz" in script


def test_make_targets_named_by_compose_commands_exist_in_the_makefile(services):
    targets = makefile_targets()
    used = {
        (service, target)
        for service, words in compose_commands(services).items()
        if words and Path(words[0]).name == "make"
        for target in make_targets_in(words)
    }
    assert {("migrate", "migrate"), ("web1", "serve"), ("web2", "serve")} <= used
    missing = sorted((service, target) for service, target in used if target not in targets)
    assert not missing, f"targets not in the Makefile: {missing}"


def test_make_targets_in_the_operations_doc_exist_in_the_makefile():
    targets = makefile_targets()
    used = {target for words in documented_commands() for target in make_targets_in(words)}
    assert "check-deploy" in used
    assert not used - targets, f"targets not in the Makefile: {sorted(used - targets)}"


def test_manage_py_commands_in_compose_and_docs_exist(services):
    commands = [*compose_commands(services).values(), *documented_commands()]
    used = {subcommand for words in commands for subcommand in manage_py_subcommands_in(words)}
    assert "createsuperuser" in used
    available = get_commands()
    assert not used - set(available), f"unknown manage.py commands: {sorted(used - set(available))}"


def bind_mounts(services: dict) -> list[tuple[str, str, str]]:
    """(service, host path, container path) of every bind mount, in short or long syntax."""
    mounts = []
    for name, service in services.items():
        for volume in service.get("volumes", []):
            if isinstance(volume, dict):
                if volume.get("type") == "bind":
                    mounts.append((name, volume["source"], volume["target"]))
            else:
                source, _, rest = volume.partition(":")
                if source.startswith((".", "/", "~")):
                    mounts.append((name, source, rest.split(":")[0]))
    return mounts


def named_volumes(service: dict) -> dict[str, str]:
    """Named volume -> container path for one service (short syntax)."""
    mounts = {}
    for volume in service.get("volumes", []):
        source, _, rest = volume.partition(":")
        if not source.startswith((".", "/", "~")):
            mounts[source] = rest.split(":")[0]
    return mounts


def test_files_bind_mounted_from_the_repository_exist(services):
    mounts = bind_mounts(services)
    assert ("nginx", "./deploy/nginx.conf", "/etc/nginx/conf.d/default.conf") in mounts
    for service, source, _ in mounts:
        assert source.startswith("./"), f"{service} mounts {source} from outside the repository"
        assert (ROOT / source).is_file(), f"{service} mounts {source}, which does not exist"


def test_named_volumes_are_declared(compose, services):
    declared = set(compose.get("volumes") or {})
    for name, service in services.items():
        undeclared = set(named_volumes(service)) - declared
        assert not undeclared, f"{name} uses undeclared volumes {sorted(undeclared)}"


def test_uploads_written_by_web_are_the_files_nginx_serves(services):
    nginx_volumes = named_volumes(services["nginx"])
    for name in WEB_SERVICES:
        media_root = environment_of(services[name])["MEDIA_ROOT"]
        web_volumes = {path: volume for volume, path in named_volumes(services[name]).items()}
        assert media_root in web_volumes, f"{name} keeps uploads outside any shared volume"
        assert web_volumes[media_root] in nginx_volumes


def test_static_service_copies_collected_files_into_the_volume_nginx_serves(services):
    words = words_of(services["static"]["command"])
    source, destination = words[-2], words[-1]
    assert source.rstrip("/.") == "/app/staticfiles"  # STATIC_ROOT in the image
    static_volume = {path: volume for volume, path in named_volumes(services["static"]).items()}
    assert destination.rstrip("/") in static_volume
    assert static_volume[destination.rstrip("/")] in named_volumes(services["nginx"])
    assert services["nginx"]["depends_on"]["static"]["condition"] == "service_completed_successfully"


# --- Dockerfile ---------------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = (ROOT / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    instructions = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, arguments = line.strip().partition(" ")
            instructions.append((keyword.upper(), " ".join(arguments.split())))
    return instructions


def test_image_installs_exactly_the_locked_hashed_dependencies():
    instructions = dockerfile_instructions()
    assert any(kw == "COPY" and "requirements.lock" in args.split() for kw, args in instructions)
    installs = [args for kw, args in instructions if kw == "RUN" and "pip install" in args]
    assert installs
    for install in installs:
        assert "--require-hashes" in install
        assert "--no-deps" in install
        assert "-r requirements.lock" in install


def test_image_builds_on_python_311_slim_and_runs_as_a_non_root_user():
    instructions = dockerfile_instructions()
    assert instructions[0][0] == "FROM"
    assert instructions[0][1].startswith("python:3.11-slim")
    users = [args for kw, args in instructions if kw == "USER"]
    assert users and users[-1] not in {"root", "0", "0:0"}


def test_image_bakes_in_no_secret():
    for keyword, arguments in dockerfile_instructions():
        if keyword in {"ENV", "ARG"}:
            for secret in ("SECRET_KEY", "DATABASE_URL", "POSTGRES_PASSWORD", "EMAIL_URL"):
                assert secret not in arguments, f"{keyword} {arguments} would be kept in the image"


def test_image_collects_static_files_where_the_static_service_copies_from(services):
    builds = [args for kw, args in dockerfile_instructions() if kw == "RUN" and "make" in args.split()]
    assert any("static" in make_targets_in(shlex.split(args)) for args in builds)
    assert any(word.startswith("/app/staticfiles") for word in words_of(services["static"]["command"]))


# --- deploy/nginx.conf --------------------------------------------------------------------------


@dataclass
class Directive:
    name: str
    args: list[str]
    children: list["Directive"] = field(default_factory=list)

    def find(self, name: str, *args: str) -> list["Directive"]:
        return [d for d in self.children if d.name == name and d.args[: len(args)] == list(args)]

    def walk(self) -> Iterator["Directive"]:
        for child in self.children:
            yield child
            yield from child.walk()


NGINX_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)|"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>(?:[^'\\]|\\.)*)'"""
    r"""|(?P<punct>[{};])|(?P<word>[^\s{};"'#]+)"""
)


def parse_nginx(text: str) -> Directive:
    """A small nginx config parser: directives and blocks, comments dropped, quotes removed."""
    root = Directive("root", [])
    stack = [root]
    words: list[str] = []
    for match in NGINX_TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "comment":
            continue
        if kind == "punct":
            token = match.group("punct")
            if token == "{":
                block = Directive(words[0], words[1:])
                stack[-1].children.append(block)
                stack.append(block)
            elif token == ";":
                stack[-1].children.append(Directive(words[0], words[1:]))
            else:
                stack.pop()
            words = []
        elif kind is not None:
            words.append(match.group(kind))
    assert len(stack) == 1 and not words, "unbalanced braces or a missing semicolon"
    return root


@pytest.fixture(scope="module")
def nginx() -> Directive:
    return parse_nginx((ROOT / "deploy" / "nginx.conf").read_text())


def location(nginx: Directive, path: str) -> Directive:
    (server,) = nginx.find("server")
    (block,) = server.find("location", path)
    return block


def headers_set(block: Directive) -> dict[str, str]:
    return {d.args[0].lower(): " ".join(d.args[1:]) for d in block.find("proxy_set_header")}


def test_nginx_balances_across_both_web_services(nginx, services):
    upstreams = {d.args[0]: d for d in nginx.find("upstream")}
    servers = [d.args[0] for upstream in upstreams.values() for d in upstream.find("server")]
    assert sorted(servers) == ["web1:8000", "web2:8000"]
    assert all(name in services for name in (s.split(":")[0] for s in servers))
    proxy_passes = [d.args[0] for d in nginx.walk() if d.name == "proxy_pass"]
    assert proxy_passes
    for target in proxy_passes:
        assert urlsplit(target).hostname in upstreams, f"{target} bypasses the upstream"


def test_nginx_passes_the_websocket_upgrade_on_ws(nginx):
    ws = location(nginx, "/ws/")
    assert ws.find("proxy_pass")
    assert ws.find("proxy_http_version", "1.1")
    headers = headers_set(ws)
    assert headers["upgrade"] == "$http_upgrade"
    connection = headers["connection"]
    if connection.startswith("$"):
        (upgrade_map,) = [m for m in nginx.find("map") if m.args[1] == connection]
        assert upgrade_map.args[0] == "$http_upgrade"
        assert upgrade_map.find("default", "upgrade")
    else:
        assert connection.lower() == "upgrade"


def test_nginx_tells_django_the_client_scheme_address_and_host_on_every_proxied_location(nginx):
    proxied = [d for d in nginx.walk() if d.name == "location" and d.find("proxy_pass")]
    assert {block.args[0] for block in proxied} >= {"/", "/ws/"}
    for block in proxied:
        headers = headers_set(block)
        for header in ("x-forwarded-proto", "x-forwarded-for", "host"):
            assert header in headers, f"location {block.args[0]} does not set {header}"
        # Replaced rather than appended: a client-chosen address must not reach the login lockout.
        assert headers["x-forwarded-for"] == "$remote_addr"


def test_nginx_serves_static_and_media_from_the_mounted_volumes(nginx, services):
    nginx_mounts = set(named_volumes(services["nginx"]).values())
    for path in ("/static/", "/media/"):
        (alias,) = location(nginx, path).find("alias")
        assert alias.args[0].rstrip("/") in nginx_mounts, f"{path} is served from an unmounted directory"


def map_value(nginx: Directive, variable: str, uri: str) -> str:
    """What an nginx `map $uri $variable` gives for one URI: exact strings first, then regexes in order."""
    (block,) = [m for m in nginx.find("map") if m.args == ["$uri", variable]]
    entries = [(entry.name, " ".join(entry.args)) for entry in block.children]
    exact = {source: value for source, value in entries if not source.startswith("~")}
    if uri in exact and uri != "default":
        return exact[uri]
    for source, value in entries:
        if source.startswith("~*") and re.search(source.removeprefix("~*"), uri, re.IGNORECASE):
            return value
        if source.startswith("~") and not source.startswith("~*") and re.search(source[1:], uri):
            return value
    return exact.get("default", "")


def test_media_are_nosniff_and_non_images_are_downloads(nginx):
    media = location(nginx, "/media/")
    added = {d.args[0].lower(): d.args[1] for d in media.find("add_header")}
    assert added["x-content-type-options"] == "nosniff"
    disposition = added["content-disposition"]
    assert disposition.startswith("$"), "a fixed value would also turn images into downloads"
    for image in ("/media/avatars/a1.jpg", "/media/logos/B2.PNG", "/media/x.webp"):
        assert map_value(nginx, disposition, image) == "", image
    for other in ("/media/x.html", "/media/x.svg", "/media/x.png.html", "/media/x"):
        assert map_value(nginx, disposition, other) == "attachment", other


def test_private_media_are_never_served_by_nginx():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    block = conf[conf.index("location /media/private/") :]
    block = block[: block.index("}")]
    assert "return 404" in block or "deny all" in block
