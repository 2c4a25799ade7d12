"""Who finds a hazard, with what probability (MODEL.md §3)."""

from __future__ import annotations

import math


def inspection_detection(major: bool, professional: bool, expert: bool, announced: bool,
                         pro_general: float, pro_major: float, non_general: float, non_major: float,
                         expert_general: float, expert_major: float, announced_factor: float) -> float:
    """Probability that one government check finds one latent hazard."""
    if expert:
        p = expert_major if major else expert_general
    elif professional:
        p = pro_major if major else pro_general
    else:
        p = non_major if major else non_general
    if announced and not major:
        p *= announced_factor
    return p


def self_detection(major: bool, quality: float, d_general: float, d_major: float) -> float:
    """Probability that a self-inspection finds one latent hazard: d_self q."""
    return (d_major if major else d_general) * quality


def report_self(quality: float, base: float, slope: float) -> float:
    """Probability that a self-found major hazard is reported to the authority."""
    return min(1.0, max(0.0, base + slope * quality))


def report_propensity(reward: float, no_reward: float, scale: float) -> float:
    """g(reward) = g0 + (1 - g0)(1 - exp(-reward / scale)): 1 at saturation, g0 with no reward."""
    return no_reward + (1.0 - no_reward) * (1.0 - math.exp(-reward / scale))


def hazard_report_rate(workers: float, reference_workers: float, base: float, exponent: float,
                       propensity: float) -> float:
    """Reports per day of one latent hazard: r_0 (w / w_ref)^α_r g."""
    return base * (workers / reference_workers) ** exponent * propensity
