"""Frame selections as users type them: "2-5,9", "7-", "all"."""


def parse_frames(spec: str | None, count: int) -> list[int]:
    """Return the 1-based frame numbers SPEC names, in order, without repeats.

    Raises ValueError with a message a user can act on.
    """
    if spec is None or spec.strip() in ("", "all"):
        return list(range(1, count + 1))
    chosen: list[int] = []
    seen = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            if "-" in part:
                a, b = part.split("-", 1)
                lo = int(a) if a.strip() else 1
                hi = int(b) if b.strip() else count
            else:
                lo = hi = int(part)
        except ValueError:
            raise ValueError(f"'{part}' is not a frame range: write frames like 2-5,9") from None
        if lo < 1 or hi > count or lo > hi:
            raise ValueError(f"frames {part} are outside this reel, which has frames 1-{count}")
        for n in range(lo, hi + 1):
            if n not in seen:
                seen.add(n)
                chosen.append(n)
    if not chosen:
        raise ValueError(f"'{spec}' names no frames: write frames like 2-5,9")
    return chosen
