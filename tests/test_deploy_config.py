"""deploy/nginx.conf.example keeps what docs/deploy.md promises: TLS, the
metrics closed, /media/ behind authentication, rate limits on the login's
websocket, no framing, the client address passed for the throttle."""

import re
from pathlib import Path

CONF = (
    Path(__file__).resolve().parent.parent / "deploy" / "nginx.conf.example"
).read_text()


def location(path: str) -> str:
    match = re.search(
        r"location\s+(?:=\s+)?" + re.escape(path) + r"\s*\{(.*?)\n    \}", CONF, re.S
    )
    assert match, path
    return match.group(1)


def test_tls_and_no_framing():
    assert "listen 443 ssl" in CONF and "return 301 https://" in CONF
    assert (
        "add_header Content-Security-Policy \"frame-ancestors 'none'\" always;" in CONF
    )


def test_metrics_closed_and_media_authenticated():
    assert "return 404" in location("/_stcore/metrics")
    media = location("/media/")
    assert "auth_basic_user_file" in media
    assert not re.search(r"^\s*add_header", media, re.M)  # drops the server's


def test_login_and_websocket_rate_limited_and_client_address_passed():
    stream = location("/_stcore/stream")
    assert "limit_req  zone=childplan_login" in stream
    assert "limit_conn" in stream
    assert "proxy_set_header X-Real-IP $remote_addr;" in stream
    assert "limit_req zone=childplan_pages" in location("/")
