"""What analysis finds on a frame: regions with a kind and a box in 300-dpi frame pixels."""
from __future__ import annotations

from dataclasses import asdict, dataclass

KINDS = ("redaction", "stamp", "checkbox", "classification", "deletion", "insertion", "xout")


@dataclass
class Region:
    kind: str
    bbox: list[int]
    text: str | None = None
    checked: bool | None = None      # check boxes
    struck: bool | None = None       # classification markings
    score: float = 1.0

    def to_json(self) -> dict:
        d = {k: v for k, v in asdict(self).items() if v is not None}
        d.pop("score", None)
        # plain numbers for the cache's JSON: a detector's box may hold numpy integers
        d["bbox"] = [int(v) for v in self.bbox]
        for k in ("checked", "struck"):
            if k in d:
                d[k] = bool(d[k])
        return d


@dataclass
class FrameAnalysis:
    index: int
    kind: str                        # document | target | title | finding_aid
    width: int
    height: int
    regions: list[Region]

    def to_json(self) -> dict:
        return {"index": self.index, "kind": self.kind, "width": self.width, "height": self.height,
                "regions": [r.to_json() for r in self.regions]}

    @classmethod
    def from_json(cls, d: dict) -> "FrameAnalysis":
        return cls(d["index"], d["kind"], d["width"], d["height"], [Region(**r) for r in d["regions"]])
