from django.urls import path

from . import sharing

app_name = "editorial"

urlpatterns = [
    path("share/<str:token>/", sharing.shared_preview, name="shared-preview"),
]
