"""Evidence files: the one typed reader and writer shared by measurements, the cost engine, reports and the dashboard."""

from evidence._metrics import MIN_FACES, CountMetric, GroupGap, LatencyMetric, Metric, SurvivalGapMetric

__all__ = ["MIN_FACES", "CountMetric", "GroupGap", "LatencyMetric", "Metric", "SurvivalGapMetric"]
