"""Every change to the network: partners (partners.py) and volunteers (volunteers.py)."""

from network.actions.partners import (
    PARTNER_FIELDS,
    PLAIN_PARTNER_FIELDS,
    create_partner,
    update_partner,
)
from network.actions.volunteers import (
    SIGN_UP_FIELDS,
    VOLUNTEER_FIELDS,
    confirm_volunteer_email,
    forget_unconfirmed_applications,
    log_time,
    move_volunteer,
    sign_up_volunteer,
    update_volunteer,
)

__all__ = [
    "PARTNER_FIELDS",
    "PLAIN_PARTNER_FIELDS",
    "SIGN_UP_FIELDS",
    "VOLUNTEER_FIELDS",
    "confirm_volunteer_email",
    "create_partner",
    "forget_unconfirmed_applications",
    "log_time",
    "move_volunteer",
    "sign_up_volunteer",
    "update_partner",
    "update_volunteer",
]
