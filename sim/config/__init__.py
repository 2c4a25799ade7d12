"""Configuration: schema, validation and loading of scenarios."""

from sim.config.errors import ConfigError
from sim.config.loader import available_scenarios, compose_config, load_config, to_config
from sim.config.schema import Config

__all__ = ["Config", "ConfigError", "available_scenarios", "compose_config", "load_config", "to_config"]
