"""Reads an iCalendar feed (file named by the first argument) with Python's `icalendar`
and prints its events as JSON: uid, summary, description, url, start and end
(YYYY-MM-DD) and whether each is all-day. Used by tests/calendar.rs."""
import datetime
import json
import sys

import icalendar

with open(sys.argv[1], "rb") as f:
    calendar = icalendar.Calendar.from_ical(f.read())
events = []
for event in calendar.walk("VEVENT"):
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND")
    all_day = not isinstance(start, datetime.datetime) and not isinstance(end, datetime.datetime)
    events.append({
        "uid": str(event["UID"]),
        "summary": str(event["SUMMARY"]),
        "description": str(event["DESCRIPTION"]),
        "url": str(event.get("URL")),
        "stamp": event.decoded("DTSTAMP").isoformat() if "DTSTAMP" in event else None,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "all_day": all_day,
    })
print(json.dumps({"name": str(calendar.get("X-WR-CALNAME")), "events": events}))
