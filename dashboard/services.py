from accounts.models import User

DEMO_EMAIL = "demo@leaseline.local"
DEMO_PASSWORD = "leaseline-demo"


def demo_load():
    """Create (or refresh) the demo manager; safe to run again. Returns (user, password)."""
    user = User.objects.filter(email__iexact=DEMO_EMAIL).first() or User(email=DEMO_EMAIL)
    user.name = "Dana Demo"
    user.timezone = "America/Chicago"
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user, DEMO_PASSWORD
