"""The network: partner organisations and the movement's volunteers."""

from network.models.partners import Partner
from network.models.volunteers import TimeEntry, Volunteer, VolunteerStep

__all__ = ["Partner", "TimeEntry", "Volunteer", "VolunteerStep"]
