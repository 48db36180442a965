from opencqi.accounts import permissions
from opencqi.site.navigation import menus_for


def roles(request):
    """The signed-in user's role and the navigation they may follow, for every page."""
    user = request.user
    role = permissions.primary_role(user)
    return {
        "primary_role": role.label if role else None,
        "navigation": menus_for(user),
    }
