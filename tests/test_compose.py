"""deploy/compose.yaml against the code: every variable it sets is one the settings read, the URLs point
at the services and ports that serve them, and every command line parses with the real CLI. Running
the file needs Docker, which this suite does not assume."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
COMPOSE = REPO / "deploy" / "compose.yaml"
_SUBSTITUTION = re.compile(r"\$\{([A-Z0-9_]+)(?::?([-?])([^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def _environment(service: dict) -> dict[str, str]:
    return {k: str(v) for k, v in (service.get("environment") or {}).items()}


def _plain(value: str, **given: str) -> str:
    """A compose value as Docker would substitute it: ${VAR} from `given`, else its `:-default`, else the
    variable's name in lower case (a stand-in for a value the operator must set)."""
    def substitute(m: re.Match) -> str:
        if m.group(1) in given:
            return given[m.group(1)]
        return m.group(3) if m.group(2) == "-" else m.group(1).lower()

    return _SUBSTITUTION.sub(substitute, value)


def test_services_are_the_team_components(compose):
    assert set(compose["services"]) == {"postgres", "chroma", "serve", "worker", "proxy"}
    assert compose["services"]["postgres"]["image"].startswith("postgres:15")  # the version tests/team runs
    for name in ("serve", "worker"):
        assert compose["services"][name]["deploy"]["replicas"]


def test_every_touyan_variable_is_a_setting(compose):
    from touyan.settings import Settings

    fields = {f"TOUYAN_{name.upper()}" for name in Settings.model_fields}
    aliases = {"OPENAI_API_KEY", "OPENAI_BASE_URL"}  # read through validation aliases (touyan/settings.py)
    for name in ("serve", "worker"):
        env = _environment(compose["services"][name])
        assert {"TOUYAN_CATALOG_URL", "TOUYAN_CHROMA_URL", "TOUYAN_HOME"} <= set(env)
        unknown = {k for k in env if k.startswith("TOUYAN_")} - fields
        assert not unknown, f"{name}: the code reads no {unknown}"
        assert {k for k in env if not k.startswith("TOUYAN_")} <= aliases


def test_urls_point_at_the_services_that_serve_them(compose):
    services = compose["services"]
    env = _environment(services["worker"])
    catalog = urlsplit(_plain(env["TOUYAN_CATALOG_URL"], POSTGRES_PASSWORD="pw"))
    db = _environment(services["postgres"])
    assert (catalog.scheme, catalog.hostname, catalog.port) == ("postgresql", "postgres", 5432)
    assert catalog.username == db["POSTGRES_USER"] and catalog.path == f"/{db['POSTGRES_DB']}"
    assert "POSTGRES_PASSWORD" in env["TOUYAN_CATALOG_URL"] and "POSTGRES_PASSWORD" in db["POSTGRES_PASSWORD"]
    chroma = urlsplit(env["TOUYAN_CHROMA_URL"])
    command = services["chroma"]["command"]
    assert command[:2] == ["chroma", "run"] and chroma.hostname == "chroma"
    assert str(chroma.port) == command[command.index("--port") + 1]
    assert command[command.index("--host") + 1] == "0.0.0.0"  # reachable from the other containers


def test_the_settings_accept_the_compose_environment(compose, monkeypatch, tmp_path):
    from touyan.settings import Settings

    for key, value in _environment(compose["services"]["worker"]).items():
        monkeypatch.setenv(key, _plain(value, POSTGRES_PASSWORD="pw", TOUYAN_EMBEDDING="use"))
    monkeypatch.setenv("TOUYAN_HOME", str(tmp_path))
    settings = Settings()
    assert settings.postgres_dsn == "postgresql://touyan:pw@postgres:5432/touyan"
    assert settings.chroma_url == "http://chroma:8000" and settings.worker_heartbeat_s == 10


@pytest.mark.parametrize("service", ["serve", "worker"])
def test_commands_parse_with_the_real_cli(compose, service):
    import typer.main

    from touyan.cli import app

    argv = [_plain(a) for a in compose["services"][service]["command"]]
    assert argv[0] == "touyan"
    group = typer.main.get_command(app)
    command = group.get_command(None, argv[1])
    assert command is not None, f"touyan has no command {argv[1]}"
    command.make_context(argv[1], argv[2:])  # raises on an unknown option or a bad value


def test_serve_replicas_bind_beyond_loopback_with_auth_behind_the_one_trusted_proxy(compose, monkeypatch, tmp_path):
    import ipaddress

    from touyan.commands.serve import is_loopback
    from touyan.settings import Settings
    from touyan.web.proxy import trusted_networks

    serve, proxy = compose["services"]["serve"], compose["services"]["proxy"]
    for key, value in _environment(serve).items():
        monkeypatch.setenv(key, _plain(value, POSTGRES_PASSWORD="pw", TOUYAN_EMBEDDING="use"))
    monkeypatch.setenv("TOUYAN_HOME", str(tmp_path))
    settings = Settings()
    bind = serve["command"][serve["command"].index("--host") + 1]
    assert not is_loopback(bind) and settings.auth  # else `touyan serve` refuses to start
    assert settings.root_path == "" and settings.cookie_secure == "auto"
    assert "ports" not in serve and "ports" not in compose["services"]["worker"]  # reached through the proxy only
    proxy_ip = ipaddress.ip_address(proxy["networks"]["team"]["ipv4_address"])
    assert trusted_networks(settings.trusted_proxies) == [ipaddress.ip_network(proxy_ip)]
    subnet = ipaddress.ip_network(compose["networks"]["team"]["ipam"]["config"][0]["subnet"])
    assert proxy_ip in subnet
    assert {"postgres", "chroma", "serve", "worker"} <= {n for n, s in compose["services"].items() if "team" in s["networks"]}


def test_the_proxy_config_forwards_what_serve_reads(compose):
    serve, proxy = compose["services"]["serve"], compose["services"]["proxy"]
    source, target = proxy["volumes"][0].split(":")[:2]
    conf = (COMPOSE.parent / source).read_text(encoding="utf-8")
    assert target.startswith("/etc/nginx/")
    port = serve["command"][serve["command"].index("--port") + 1]
    assert re.search(rf"server serve:{port};", conf)
    for header in ("X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-For"):
        assert re.search(rf"proxy_set_header {header} \$", conf), header
    assert "proxy_buffering off" in conf  # answers stream as server-sent events
