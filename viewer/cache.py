"""A least-recently-used cache that holds at most a byte budget (no Qt in here)."""
from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Hashable


class ByteBudgetCache:
    def __init__(self, budget: int, size_of: Callable[[object], int]):
        self.budget = budget
        self._size_of = size_of
        self._items: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self.used = 0

    def get(self, key):
        item = self._items.get(key)
        if item is None:
            return None
        self._items.move_to_end(key)
        return item[0]

    def __contains__(self, key) -> bool:
        return key in self._items

    def put(self, key, value) -> None:
        self.discard(key)
        size = self._size_of(value)
        self._items[key] = (value, size)
        self.used += size
        while self.used > self.budget and len(self._items) > 1:
            _, (_, old) = self._items.popitem(last=False)
            self.used -= old

    def discard(self, key) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self.used -= item[1]

    def keys(self):
        return list(self._items)

    def clear(self) -> None:
        self._items.clear()
        self.used = 0

    def __len__(self) -> int:
        return len(self._items)
