"""An event as an iCalendar file (RFC 5545), for "Add to calendar".

One VEVENT per file. Its UID stays the same for the event in one language, however often it is
downloaded or changed, so a calendar that imports it again updates the entry instead of adding a
second one. Times are written in UTC; the description is plain text: the summary, then the
programme in the site's time zone, then the page's address.
"""

import datetime

import icalendar
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

PRODID = "-//Svoboda//Events//EN"


def uid(event):
    return f"{event.group}-{event.language}@svoboda"


def _utc(moment):
    return moment.astimezone(datetime.UTC)


def _time(moment, with_date):
    local = timezone.localtime(moment)
    time = formats.time_format(local, "TIME_FORMAT")
    if with_date:
        return f"{formats.date_format(local, 'SHORT_DATE_FORMAT')} {time}"
    return time


def programme_days(event, programme):
    """The days (in the site's time zone) the event and its programme items start on."""
    return {_day(moment) for moment in [event.starts_at, *(item.starts_at for item in programme)]}


def programme_lines(event, programme):
    """The programme as lines of text: "10:00–10:30 Title — Speaker, Organisation"."""
    with_date = len(programme_days(event, programme)) > 1
    lines = []
    for item in programme:
        when = _time(item.starts_at, with_date)
        if item.ends_at:
            when += "–" + _time(item.ends_at, _day(item.ends_at) != _day(item.starts_at))
        line = f"{when} {item.title}"
        speaker = ", ".join(part for part in [item.speaker_name, item.speaker_organisation] if part)
        if speaker:
            line += f" — {speaker}"
        lines.append(line)
    return lines


def _day(moment):
    return timezone.localtime(moment).date()


def end_of(event, programme):
    """The event's end, or else the end of its programme; None when neither is known (RFC 5545
    then reads the event as lasting no time, which calendars show as a point in the day)."""
    if event.ends_at:
        return event.ends_at
    ends = [item.ends_at for item in programme if item.ends_at]
    return max(ends) if ends else None


def description(event, programme, url):
    parts = []
    if event.summary:
        parts.append(event.summary.strip())
    lines = programme_lines(event, programme)
    if lines:
        parts.append("\n".join([gettext("Programme:"), *lines]))
    parts.append(url)
    return "\n\n".join(parts)


def event_calendar(event, *, url):
    """The iCalendar file for one event, as bytes. `url` is the absolute address of its page."""
    programme = list(event.programme.all())
    with translation.override(event.language):
        text = description(event, programme, url)
    vevent = icalendar.Event()
    vevent.add("uid", uid(event))
    vevent.add("dtstamp", _utc(timezone.now()))
    vevent.add("last-modified", _utc(event.updated_at))
    vevent.add("dtstart", _utc(event.starts_at))
    ends_at = end_of(event, programme)
    if ends_at:
        vevent.add("dtend", _utc(ends_at))
    vevent.add("summary", event.title)
    vevent.add("location", ", ".join(part for part in [event.venue, event.address] if part))
    vevent.add("description", text)
    vevent.add("url", url)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add_component(vevent)
    return calendar.to_ical()
