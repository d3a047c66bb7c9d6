"""The bundled Chinese font every exported file is set in, and the lock its renderers share.

Noto Sans SC (SIL OFL 1.1) from the pinned PyPI package `pylopdf-fonts-zh-cn`: no export depends on
fonts installed on the machine. Nothing here touches Streamlit.
"""

import functools
import threading
from pathlib import Path

import pylopdf_fonts_zh_cn

FONT_FAMILY = "Noto Sans SC"
RENDER_LOCK = threading.Lock()  # matplotlib's font cache and vl-convert's worker are shared


def font_path() -> Path:
    """The bundled Noto Sans SC file every export is set in."""
    return pylopdf_fonts_zh_cn.sans_path()


@functools.cache
def _measuring_font(size: float):
    from PIL import ImageFont

    return ImageFont.truetype(str(font_path()), size)


def text_width(text: str, size: float = 12, bold: bool = False) -> float:
    """Width in CSS pixels of `text` set at `size` px in the bundled font (close to what chromium
    draws with the CJK fonts the charts ask for; bold text is about 5 % wider)."""
    return _measuring_font(size).getlength(text or "") * (1.05 if bold else 1.0)
