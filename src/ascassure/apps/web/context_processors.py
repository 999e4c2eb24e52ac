from django.conf import settings
from django.http import HttpRequest


def product(request: HttpRequest) -> dict[str, object]:
    return {"PRODUCT_NAME": "ascassure", "DEMO_MODE": settings.DEMO_MODE}
