"""The web app's settings: ``queries.settings``, re-exported under the name the app uses."""

from queries.settings import ENV_PREFIX, SettingError, Settings, load_settings

__all__ = ["ENV_PREFIX", "SettingError", "Settings", "load_settings"]
