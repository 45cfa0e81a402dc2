"""Desktop integration, Qt-free: the desktop entry, the MIME type, icons, the
single-instance socket's address and client, and an Xvfb session driver for end-to-end
tests and screenshots.

    from desktop import install, uninstall, APP_ID, REEL_MIME_TYPE
    install(prefix=None) -> Report        # into $XDG_DATA_HOME (~/.local/share) by default
    uninstall(prefix=None) -> Report
"""
from .files import APP_ID
from .install import DesktopError, Report, default_prefix, install, uninstall

REEL_MIME_TYPE = "application/x-reel-reader-reel"   # *.reel: a ZIP of page images

__all__ = ["APP_ID", "REEL_MIME_TYPE", "DesktopError", "Report", "default_prefix", "install",
           "uninstall"]
