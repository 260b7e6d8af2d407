from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as django_timezone

from .validators import validate_timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A property manager. Signs in with Clerk or with email and password."""

    email = models.EmailField(max_length=254, unique=True)
    # PostgreSQL text cannot hold NUL; the validator refuses it before the database does.
    clerk_user_id = models.CharField(
        max_length=64, unique=True, null=True, blank=True, validators=[ProhibitNullCharactersValidator()]
    )
    name = models.CharField(max_length=150, blank=True, validators=[ProhibitNullCharactersValidator()])
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=django_timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class ProcessedWebhook(models.Model):
    """A Clerk (Svix) message already applied; a replay of the same svix-id changes nothing."""

    svix_id = models.CharField(max_length=128, unique=True)
    event_type = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.event_type} {self.svix_id}"
