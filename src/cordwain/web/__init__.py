"""Server-rendered pages (Jinja2 + htmx, charts as inline SVG) over the same services as the API.

One router per area in :mod:`cordwain.web.pages`; templates in ``templates/``; static files
(htmx vendored, no CDN) in ``static/``. The app itself is built by
:func:`cordwain.api.create_app`.
"""
