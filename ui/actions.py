"""Every user action, by name, with its text and shortcut; and the menus that hold them.

Kept outside the main window (as Picard does) so panels and tests can look actions up
by name and the Help > Keyboard Shortcuts list is generated from one table.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QStyle

K = QKeySequence.StandardKey

# name: (menu text, shortcuts, status tip)
ACTIONS: dict[str, tuple[str, tuple, str]] = {
    "open": ("&Open Reel…", (K.Open,), "Open a PDF, TIFF, image, folder or ZIP reel"),
    "open_folder": ("Open &Folder of Images…", ("Ctrl+Shift+O",), "Open a folder of page images as a reel"),
    "close": ("&Close", (K.Close,), "Close this window"),
    "quit": ("&Quit", (K.Quit, "Ctrl+Q"), "Quit Reel Reader"),   # Ctrl+Q where the platform has none
    "zoom_in": ("Zoom &In", (K.ZoomIn, "Ctrl+="), "Enlarge the scan"),
    "zoom_out": ("Zoom &Out", (K.ZoomOut,), "Shrink the scan"),
    "fit_width": ("Fit &Width", ("Ctrl+2",), "Fit the frame's width to the window"),
    "fit_frame": ("Fit &Frame", ("Ctrl+3",), "Show the whole frame"),
    "actual_size": ("&Actual Size", ("Ctrl+0", "Ctrl+1"), "Show the page at its real size"),
    "rotate_left": ("Rotate &Left", ("Ctrl+L",), "Rotate the scan 90° anticlockwise"),
    "rotate_right": ("Rotate &Right", ("Ctrl+R",), "Rotate the scan 90° clockwise"),
    "toggle_thumbnails": ("&Thumbnails", ("F9",), "Show or hide the strip of thumbnails"),
    "full_screen": ("F&ull Screen", (K.FullScreen,), "Use the whole screen for this window"),
    "first_frame": ("&First Frame", (K.MoveToStartOfDocument,), "Go to frame 1"),
    "previous_frame": ("&Previous Frame", (K.MoveToPreviousPage, "Alt+Left"), "Go to the previous frame"),
    "next_frame": ("&Next Frame", (K.MoveToNextPage, "Alt+Right"), "Go to the next frame"),
    "last_frame": ("&Last Frame", (K.MoveToEndOfDocument,), "Go to the last frame"),
    "go_to_frame": ("&Go to Frame…", ("Ctrl+G",), "Go to a frame by number"),
    "shortcuts": ("&Keyboard Shortcuts", (K.HelpContents,), "List every shortcut"),
    "about": ("&About Reel Reader", (), "Version and credits"),
}

MENUS: list[tuple[str, list[str | None]]] = [
    ("&File", ["open", "open_folder", None, "close", "quit"]),
    ("&Edit", ["undo", "redo"]),
    ("&View", ["zoom_in", "zoom_out", None, "fit_width", "fit_frame", "actual_size", None,
               "rotate_left", "rotate_right", None, "toggle_thumbnails", "full_screen"]),
    ("&Go", ["first_frame", "previous_frame", "next_frame", "last_frame", None, "go_to_frame"]),
    ("&Tools", []),
    ("&Help", ["shortcuts", None, "about"]),
]


# Short labels and standard icons for the toolbar (menus show the full text).
TOOLBAR_LOOK: dict[str, tuple[str, object]] = {
    "open": ("Open", QStyle.StandardPixmap.SP_DialogOpenButton),
    "zoom_out": ("−", None),
    "zoom_in": ("+", None),
    "fit_width": ("Fit width", None),
    "fit_frame": ("Fit frame", None),
    "actual_size": ("100%", None),
    "rotate_left": ("⟲", None),
    "rotate_right": ("⟳", None),
    "first_frame": ("", QStyle.StandardPixmap.SP_MediaSkipBackward),
    "previous_frame": ("", QStyle.StandardPixmap.SP_ArrowLeft),
    "next_frame": ("", QStyle.StandardPixmap.SP_ArrowRight),
    "last_frame": ("", QStyle.StandardPixmap.SP_MediaSkipForward),
}


def create_actions(parent) -> dict[str, QAction]:
    actions = {}
    style = QApplication.style()
    for name, (text, keys, tip) in ACTIONS.items():
        action = QAction(text, parent)
        short, icon = TOOLBAR_LOOK.get(name, ("", None))
        if short:
            action.setIconText(short)
        if icon is not None:
            action.setIcon(style.standardIcon(icon))
        action.setObjectName(name)
        shortcuts = []
        for key in keys:
            for seq in QKeySequence.keyBindings(key) if isinstance(key, K) else [QKeySequence(key)]:
                if seq not in shortcuts:   # a fallback the platform's standard key already has
                    shortcuts.append(seq)
        action.setShortcuts(shortcuts)
        action.setStatusTip(tip)
        action.setToolTip(f"{text.replace('&', '').rstrip('…')}"
                          + (f" ({shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText)})" if shortcuts else ""))
        parent.addAction(action)  # shortcuts work even when a menu is hidden
        actions[name] = action
    actions["toggle_thumbnails"].setCheckable(True)
    actions["toggle_thumbnails"].setChecked(True)
    actions["full_screen"].setCheckable(True)
    return actions


def build_menus(menubar, actions: dict[str, QAction]) -> dict[str, object]:
    menus = {}
    for title, names in MENUS:
        menu = menubar.addMenu(title)
        menus[title.replace("&", "")] = menu
        for name in names:
            if name is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[name])
    return menus


MOUSE_AND_KEYS: list[tuple[str, str]] = [
    ("Zoom the scan", "Ctrl+Wheel"),
    ("Pan the scan", "Drag"),
    ("Scroll the scan", "Wheel, Shift+Wheel sideways"),
    ("Open a reel", "Drop a file or folder on the window"),
    ("Move between scan, transcript and panels", "Tab, Shift+Tab"),
    ("Cut, copy, paste, select all in a text", "Ctrl+X, Ctrl+C, Ctrl+V, Ctrl+A"),
]


def typeable(seq: QKeySequence) -> bool:
    """False for a dedicated hardware key (Open, Undo, Zoom In, Help on some keyboards) that
    the platform adds to a standard shortcut: listing those only clutters the list."""
    if seq.count() != 1:
        return True
    combo = seq[0]
    return combo.keyboardModifiers() != Qt.KeyboardModifier.NoModifier or combo.key().value < Qt.Key.Key_Help.value


def _keys(action: QAction) -> str:
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
                     if typeable(k))


def shortcut_sections(menubar, actions=()) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every shortcut, grouped by the menu that holds its action (submenus under their
    menu), in menu order; ACTIONS outside every menu come last under "Other"."""
    sections: list[tuple[str, list[tuple[str, str]]]] = []
    seen: set[int] = set()

    def walk(menu, rows):
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), rows)
            elif not action.isSeparator():
                seen.add(id(action))
                if _keys(action):
                    rows.append((action.text().replace("&&", "\0").replace("&", "").replace("\0", "&"),
                                 _keys(action)))

    for top in menubar.actions():
        if top.menu() is not None:
            rows: list[tuple[str, str]] = []
            walk(top.menu(), rows)
            if rows:
                sections.append((top.text().replace("&", ""), rows))
    other = [(a.text().replace("&", ""), _keys(a)) for a in actions if id(a) not in seen and _keys(a)]
    if other:
        sections.append(("Other", other))
    sections.append(("Mouse and keys", list(MOUSE_AND_KEYS)))
    return sections
