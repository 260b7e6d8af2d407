import statistics
from dataclasses import dataclass, field


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Measure:
    name: str
    seconds: list = field(default_factory=list)
    queries: int | None = None
    note: str = ""
    unit: str = "ms"

    @property
    def p50_ms(self):
        return statistics.median(self.seconds) * 1000

    @property
    def p99_ms(self):
        return percentile(self.seconds, 0.99) * 1000


@dataclass
class Rate:
    name: str
    per_second: float
    note: str = ""
