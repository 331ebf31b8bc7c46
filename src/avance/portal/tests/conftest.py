"""The network cast of networks/tests, for the open-data tests."""

from avance.networks.tests.conftest import red  # noqa: F401
