def login_username(request, credentials=None):
    """The address someone tried to log in with, as django-axes counts failures for it.

    The login forms post it as "username" while the user model logs in by e-mail, so read both and
    ignore case: "Jan@Gent.be" and "jan@gent.be" are one account.
    """
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email") or request.POST.get("username", "")
    return value.strip().lower() or None
