"""Open311 GeoReport v2 for the 12345 hotline (/open311/v2/), and the citizen status page.

Other systems (a city app, a WeChat mini program, a grid platform) file tickets with an
`api_key` (an ApiClient, created by `zhongshu hotline_apikey create NAME`); everything goes
through intake.receive, so validation, numbering, clocks and the audit trail are those of the
agents' form. See views.py for the endpoints and status.py for the citizen page.
"""
