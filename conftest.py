"""Loaded by pytest before anything else: the environment the settings are read in.

DEBUG is off unless set (config/settings.py), and with it off the settings refuse the
development secret and keys, so the tests set it on here, before pytest-django loads the
settings (DJANGO_SETTINGS_MODULE is set here rather than in pyproject.toml for that reason).
pytest-django still runs every test with settings.DEBUG False, as in production.
"""

import os

import django

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# tests/conftest.py imports the models, which need the app registry.
django.setup()
