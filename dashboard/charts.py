"""Server-rendered charts: the geometry is computed here, the template only draws it."""

from dataclasses import dataclass

from core import clock


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    is_last: bool
    title: str

    @property
    def center(self):
        return round(self.x + self.width / 2, 2)


def _nice_ceiling(value):
    """The smallest of 1, 2, 5, 10, 20, 50, ... at or above `value` (never 0)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def daily_bar_chart(days, *, width=640, height=200, gap=6, top=18, bottom=22):
    """Bars for [(date, count)], oldest first; the last one is today."""
    plot_height = height - top - bottom
    scale_max = _nice_ceiling(max((count for _, count in days), default=0) or 1)
    slot = width / max(len(days), 1)
    bars = []
    for index, (day, count) in enumerate(days):
        bar_height = plot_height * count / scale_max
        bars.append(
            Bar(
                x=round(index * slot + gap / 2, 2),
                y=round(top + plot_height - bar_height, 2),
                width=round(slot - gap, 2),
                height=round(bar_height, 2),
                label=str(day.day),
                value=count,
                is_last=index == len(days) - 1,
                title=f"{clock.date_words(day)}: {count} call{'' if count == 1 else 's'}",
            )
        )
    return {
        "width": width,
        "height": height,
        "baseline": top + plot_height,
        "label_y": height - 6,
        "bars": bars,
        "total": sum(count for _, count in days),
        "scale_max": scale_max,
    }
