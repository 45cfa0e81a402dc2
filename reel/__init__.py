"""Reels: scanned sources read frame by frame. No Qt here."""
from .base import Reel
from .errors import FrameError, PasswordRequired, ReelError
from .opening import open_reel

__all__ = ["Reel", "ReelError", "PasswordRequired", "FrameError", "open_reel"]
