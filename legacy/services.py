"""The few writes only the existing frontend makes: an agent's variables and functions, and a
rental's contact text. Every rule is the model's (`full_clean`); the owner comes from the user."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agents.models import AgentFunction, AgentVariable

from .models import RentalContact

TAKEN = {
    AgentVariable: ("variable_id", "This agent has a variable with this id already."),
    AgentFunction: ("function_id", "This agent has a function with this id already."),
}


def _agent_part_create(model, *, user, agent, fields):
    part = model(user=user, agent=agent, **fields)
    part.full_clean()
    key, message = TAKEN[model]
    try:
        with transaction.atomic():
            part.save()
    except IntegrityError:
        # Two requests with one id racing past the check.
        raise ValidationError({key: [message]}) from None
    return part


def agent_variable_create(*, user, agent, **fields):
    """A variable of the user's agent; raises ValidationError."""
    return _agent_part_create(AgentVariable, user=user, agent=agent, fields=fields)


def agent_function_create(*, user, agent, **fields):
    """A function of the user's agent (its URL is stored, never called); raises ValidationError."""
    return _agent_part_create(AgentFunction, user=user, agent=agent, fields=fields)


def rental_contact_set(*, user, rental, contact_info):
    """The rental's contact text; blank removes it. Raises ValidationError."""
    contact = RentalContact.objects.for_user(user).filter(rental=rental).first()
    if not contact_info:
        if contact is not None:
            contact.delete()
        return None
    contact = contact or RentalContact(user=user, rental=rental)
    contact.contact_info = contact_info
    contact.full_clean()
    contact.save()
    return contact
