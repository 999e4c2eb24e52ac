from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "ascassure.apps.metrics"
    label = "metrics"
    verbose_name = "Measures and benchmarks"
