from django import template
from django.urls import reverse

from opencqi.cycles.forms import PreferenceForm
from opencqi.cycles.models import Preference

register = template.Library()


@register.inclusion_tag("cycles/_preferences.html", takes_context=True)
def cycle_preferences(context):
    """The reminder choice and the private calendar feed addresses, for the account page."""
    request = context["request"]
    preference = Preference.of(request.user)
    feed = reverse("user_feed", kwargs={"token": preference.feed_token})
    return {
        "form": PreferenceForm(instance=preference),
        "feed_url": request.build_absolute_uri(feed),
        "csrf_token": context.get("csrf_token"),
    }
