// Reads an iCalendar feed (file named by the first argument) with ical.js, the parser
// Thunderbird uses, and prints its events as JSON: uid, summary, description, url,
// start and end (YYYY-MM-DD) and whether each is all-day. Used by crates/web/tests/calendar.rs.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

const text = readFileSync(process.argv[2], 'utf8');
const calendar = new ICAL.Component(ICAL.parse(text));
const events = calendar.getAllSubcomponents('vevent').map((component) => {
  const event = new ICAL.Event(component);
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    url: component.getFirstPropertyValue('url'),
    stamp: component.getFirstPropertyValue('dtstamp')?.toString() ?? null,
    start: event.startDate.toString(),
    end: event.endDate.toString(),
    all_day: event.startDate.isDate && event.endDate.isDate,
  };
});
process.stdout.write(JSON.stringify({
  name: calendar.getFirstPropertyValue('x-wr-calname'),
  events,
}));
