"""gunicorn's settings for Veta, read from the project directory (gunicorn loads ./gunicorn.conf.py).

Whether a request came over HTTPS is decided by Veta's own `TRUST_X_FORWARDED_PROTO`
setting and nothing else. Left to itself, gunicorn believes `X-Forwarded-Proto: https`
from loopback (`forwarded_allow_ips` defaults to 127.0.0.1,::1) and marks such a request
secure before Django sees it: a plain request sent from the host itself then got HSTS
and secure-only behaviour although Veta was told not to trust that header. So:

- `TRUST_X_FORWARDED_PROTO` off (the default): gunicorn trusts the forwarded headers of no
  peer at all, and reads no scheme header even on a Unix socket (where gunicorn would
  otherwise trust every peer);
- on: of any peer, as Django does (`SECURE_PROXY_SSL_HEADER`); only set it when a proxy
  that always sets the header stands between every client and Veta.

Options given on gunicorn's command line still override this file.
"""

from core.env import env_bool

TRUST_X_FORWARDED_PROTO = env_bool("TRUST_X_FORWARDED_PROTO", default=False)

if TRUST_X_FORWARDED_PROTO:
    forwarded_allow_ips = "*"
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
