"""Tier colours: the same on every chart and map, and told apart with colour-vision deficiencies."""

import itertools
import json

import numpy as np
import pytest

from components.palette import TIER_HEX, TIERS, hex_to_rgba

from share_helpers import deck_jsons, full_specs, run_page, view_pages

# Machado, Oliveira & Fernandes (2009) simulation matrices at full severity (linear RGB).
CVD = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
MIN_DELTA_E = 15  # CIE76; distinct at a glance on a map marker or a bar


def _linear(hex_colour: str) -> np.ndarray:
    rgb = np.array(hex_to_rgba(hex_colour)[:3]) / 255
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear_rgb
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _closest_pair(tiers, matrix) -> tuple[float, str, str]:
    seen = {tier: _lab(np.clip(np.array(matrix) @ _linear(TIER_HEX[tier]), 0, 1)) for tier in tiers}
    return min((float(np.linalg.norm(seen[a] - seen[b])), a, b) for a, b in itertools.combinations(tiers, 2))


@pytest.mark.parametrize("deficiency", sorted(CVD))
def test_the_three_tiers_stay_distinct_with_colour_vision_deficiencies(deficiency):
    distance, a, b = _closest_pair(TIERS[:3], CVD[deficiency])
    assert distance >= MIN_DELTA_E, f"{a} and {b} look alike with {deficiency} (ΔE {distance:.1f})"


def test_unclassified_grey_stays_distinct_from_every_tier():
    for matrix in CVD.values():
        assert _closest_pair(TIERS, matrix)[0] >= MIN_DELTA_E


def _tier_scales(spec: dict):
    """Colour scales keyed on tier labels anywhere in a Vega-Lite spec."""
    if isinstance(spec, dict):
        color = spec.get("color")
        if isinstance(color, dict) and isinstance(color.get("scale"), dict) and "range" in color["scale"]:
            yield color["scale"]
        for value in spec.values():
            yield from _tier_scales(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from _tier_scales(value)


@pytest.mark.parametrize("page", view_pages())
@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_chart_and_map_uses_the_tier_palette(app, page, language):
    run_page(app, page, lang=language)
    from texts.catalogue import catalog

    labels = {catalog(language)[f"tier.{tier}"]: TIER_HEX[tier] for tier in TIERS}
    for spec in full_specs(app):
        for scale in _tier_scales(spec):
            domain = scale.get("domain") or []
            if any(label in labels for label in domain):
                for label, colour in zip(domain, scale["range"]):
                    if label in labels:
                        assert colour.upper() == labels[label].upper(), f"{label} drawn {colour} on {page}"
    if page not in TIER_MAPS:
        return
    tier_rgb = {tuple(hex_to_rgba(colour)[:3]) for colour in TIER_HEX.values()}
    for deck in deck_jsons(app):
        for layer in json.loads(deck)["layers"]:
            if layer.get("id") == "cities":
                for marker in layer["data"]:
                    assert tuple(marker["fill"][:3]) in tier_rgb


TIER_MAPS = {"overview", "rankings"}  # maps whose markers are coloured by tier (others encode other things)
