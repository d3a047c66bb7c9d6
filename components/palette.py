"""Colours shared by every map and chart.

2022 tiers use three Okabe–Ito colours (distinguishable with the common colour-vision
deficiencies, and legible on light and dark backgrounds); cities without a tier are grey.
The 2018 innovation 梯队 are a different classification, so they get a purple ramp that can never
be mistaken for a 2022 tier.
"""

TIERS = ("leading", "pioneer", "exploring", "unclassified")

TIER_HEX = {
    "leading": "#0072B2",
    "pioneer": "#E69F00",
    "exploring": "#009E73",
    "unclassified": "#5F5F5F",
}

INNOVATION_GROUP_HEX = {
    "第一梯队": "#542788",
    "第二梯队": "#8073AC",
    "第三梯队": "#B2ABD2",
}

# The rank gap's sign on the rankings map (ColorBrewer RdBu ends, distinguishable with the common
# colour-vision deficiencies): blue = smarter than rich, red = richer than smart.
GAP_HEX = {"positive": "#2166AC", "negative": "#B2182B", "zero": "#8C8C8C"}

PROVINCE_FILL = [214, 220, 228, 255]
PROVINCE_LINE = [120, 128, 140, 255]
LABEL_COLOR = [70, 76, 86, 255]


def hex_to_rgba(hex_colour: str, alpha: int = 255) -> list[int]:
    value = hex_colour.lstrip("#")
    return [int(value[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def tier_rgba(tier: str, alpha: int = 230) -> list[int]:
    return hex_to_rgba(TIER_HEX.get(tier, TIER_HEX["unclassified"]), alpha)
