"""Running several server processes of the tool behind nginx on one machine (issue 19).

* ``nginx_config``: writes the nginx configuration from the templates in this folder.
* ``launch``: starts N ``streamlit run`` processes and nginx, for trying it out, tests and the
  load test (``python -m deploy.launch --processes 2 --port 8080 --db data/readiness.db``).
* ``systemd/``: the units for a real server (see docs/deployment.md).
"""
