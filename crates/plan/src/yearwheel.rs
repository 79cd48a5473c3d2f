//! The programme's year wheel (*årshjul*, issue 14): the deadlines of a programme year,
//! the board's and council's decisions on the plans, and the communication plan's
//! activities, as dated events.
//!
//! Pure: the stored dates, the plans and the language come in, events go out. It never
//! reads the clock, a file or the database; the calendar feed and the pages render
//! what [`year_events`] returns.

use crate::handlingsplan::model::Plan;
use crate::{Date, Language};

/// A recurring deadline of the programme year. The defaults follow the year of a
/// programme: the approved plan is put to work in January/February, followed up in
/// May/June, the programme status review (PSV) is in October, the board treats next
/// year's plan in November/December, the kommunestyre approves it and the kommune applies
/// to the county for next year's money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Deadline {
    PlanStart,
    FollowUp,
    StatusReview,
    BoardNextPlan,
    CouncilNextPlan,
    CountyApplication,
}

impl Deadline {
    /// Every deadline, in the order of the year.
    pub const ALL: [Deadline; 6] = [
        Deadline::PlanStart,
        Deadline::FollowUp,
        Deadline::StatusReview,
        Deadline::BoardNextPlan,
        Deadline::CouncilNextPlan,
        Deadline::CountyApplication,
    ];

    /// The stored and URL name (`plan-start`, `psv` …); never changes once data exists.
    pub fn key(self) -> &'static str {
        match self {
            Deadline::PlanStart => "plan-start",
            Deadline::FollowUp => "follow-up",
            Deadline::StatusReview => "psv",
            Deadline::BoardNextPlan => "board-next-plan",
            Deadline::CouncilNextPlan => "council-next-plan",
            Deadline::CountyApplication => "county-application",
        }
    }

    /// Parses [`Deadline::key`].
    pub fn parse(key: &str) -> Option<Deadline> {
        Deadline::ALL.into_iter().find(|d| d.key() == key)
    }

    /// The date of the deadline in `year` when the programme has not set one.
    pub fn default_date(self, year: i32) -> Option<Date> {
        let (month, day) = match self {
            Deadline::PlanStart => (2, 1),
            Deadline::FollowUp => (6, 1),
            Deadline::StatusReview => (10, 15),
            Deadline::BoardNextPlan => (11, 30),
            Deadline::CouncilNextPlan => (12, 15),
            Deadline::CountyApplication => (12, 31),
        };
        Date::new(year, month, day)
    }

    /// Whether the board treats something at this deadline (its members are reminded).
    pub fn is_board_step(self) -> bool {
        self == Deadline::BoardNextPlan
    }

    /// The deadline's name in `language`, for `year` (next year's plan is named).
    pub fn title(self, language: Language, year: i32) -> String {
        let next = year + 1;
        match self {
            Deadline::PlanStart => language
                .pick(
                    "Handlingsplanen tas i bruk",
                    "Handlingsplanen blir teken i bruk",
                )
                .to_owned(),
            Deadline::FollowUp => language
                .pick(
                    "Oppfølging av handlingsplanen",
                    "Oppfølging av handlingsplanen",
                )
                .to_owned(),
            Deadline::StatusReview => language
                .pick(
                    "Programstatusvurdering (PSV)",
                    "Programstatusvurdering (PSV)",
                )
                .to_owned(),
            Deadline::BoardNextPlan => format!(
                "{} {next}",
                language.pick(
                    "Styret behandler handlingsplanen for",
                    "Styret handsamar handlingsplanen for"
                )
            ),
            Deadline::CouncilNextPlan => format!(
                "{} {next}",
                language.pick(
                    "Kommunestyret vedtar handlingsplanen for",
                    "Kommunestyret vedtek handlingsplanen for"
                )
            ),
            Deadline::CountyApplication => format!(
                "{} {next}",
                language.pick(
                    "Søknad til fylkeskommunen om midler for",
                    "Søknad til fylkeskommunen om midlar for"
                )
            ),
        }
    }
}

/// What an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// A deadline of the year wheel.
    Deadline(Deadline),
    /// The board's decision on a plan, as recorded in the plan.
    BoardDecision,
    /// The council's decision on a plan, as recorded in the plan.
    CouncilDecision,
    /// An activity of the communication plan (it spans its month).
    Activity,
}

/// One dated event of the year wheel: all-day, from `start` to `end` inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable within the programme: the same event has the same key in every answer
    /// (`2027-psv`, `board-2028`, `2027-activity-3`), so a calendar updates it.
    pub key: String,
    pub kind: EventKind,
    pub start: Date,
    pub end: Date,
    pub title: String,
    pub description: String,
}

/// The dates a programme set for one year; the rest take [`Deadline::default_date`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetDates {
    pub dates: Vec<(Deadline, Date)>,
}

impl SetDates {
    /// The date of `deadline` in `year`: the one set, else the default.
    pub fn date(&self, deadline: Deadline, year: i32) -> Option<Date> {
        self.dates
            .iter()
            .find(|(d, _)| *d == deadline)
            .map(|(_, date)| *date)
            .or_else(|| deadline.default_date(year))
    }

    /// Whether the programme set the date itself.
    pub fn is_set(&self, deadline: Deadline) -> bool {
        self.dates.iter().any(|(d, _)| *d == deadline)
    }
}

/// What the year's events are computed from.
#[derive(Debug, Clone, Copy)]
pub struct YearInput<'a> {
    pub year: i32,
    /// The deadlines' dates; `None` for a year outside the programme period, which has
    /// no deadlines (only the decisions that fall in it).
    pub set: Option<&'a SetDates>,
    /// The plan for `year`: its communication activities.
    pub plan: Option<&'a Plan>,
    /// Every plan of the programme: their board and council dates show when they fall
    /// in `year`, whichever year the plan is for (a plan is often decided the year
    /// before, sometimes earlier or late).
    pub decided: &'a [&'a Plan],
}

/// The years in which the plans' board and council decisions fall.
pub fn decision_years<'a>(plans: impl IntoIterator<Item = &'a Plan>) -> Vec<i32> {
    let mut years: Vec<i32> = plans
        .into_iter()
        .flat_map(|plan| [plan.approval.board, plan.approval.council])
        .flatten()
        .map(|date| date.year())
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// The events of one programme year in date order (deadlines before other events on
/// the same day), with texts in `language`.
pub fn year_events(input: YearInput<'_>, language: Language) -> Vec<Event> {
    let year = input.year;
    let mut events = Vec::new();
    let deadlines = match input.set {
        Some(set) => Deadline::ALL
            .into_iter()
            .filter_map(|deadline| set.date(deadline, year).map(|date| (deadline, date)))
            .collect(),
        None => Vec::new(),
    };
    for (deadline, date) in deadlines {
        events.push(Event {
            key: format!("{year}-{}", deadline.key()),
            kind: EventKind::Deadline(deadline),
            start: date,
            end: date,
            title: deadline.title(language, year),
            description: language
                .pick(
                    "Frist i årshjulet til omstillingsprogrammet.",
                    "Frist i årshjulet til omstillingsprogrammet.",
                )
                .to_owned(),
        });
    }
    for plan in input.decided {
        let steps = [
            (
                plan.approval.board,
                EventKind::BoardDecision,
                "board",
                language.pick(
                    "Styret behandlet handlingsplanen for",
                    "Styret handsama handlingsplanen for",
                ),
            ),
            (
                plan.approval.council,
                EventKind::CouncilDecision,
                "council",
                language.pick(
                    "Kommunestyret vedtok handlingsplanen for",
                    "Kommunestyret vedtok handlingsplanen for",
                ),
            ),
        ];
        for (date, kind, step, text) in steps {
            // A decision shows in the year it was made, so it is one event in a feed of
            // several years.
            if let Some(date) = date.filter(|d| d.year() == year) {
                events.push(Event {
                    key: format!("{step}-{}", plan.year),
                    kind,
                    start: date,
                    end: date,
                    title: format!("{text} {}", plan.year),
                    description: language
                        .pick(
                            "Vedtaksdato ført i handlingsplanen.",
                            "Vedtaksdato ført i handlingsplanen.",
                        )
                        .to_owned(),
                });
            }
        }
    }
    if let Some(plan) = input.plan {
        for (index, activity) in plan.activities().iter().enumerate() {
            let Ok(month) = u32::try_from(activity.month) else {
                continue;
            };
            let (Some(start), Some(end)) = (
                Date::new(year, month, 1),
                Date::new(year, month, 31)
                    .or_else(|| Date::new(year, month, 30))
                    .or_else(|| Date::new(year, month, 29))
                    .or_else(|| Date::new(year, month, 28)),
            ) else {
                continue;
            };
            let mut description = language
                .pick(
                    "Aktivitet i kommunikasjonsplanen.",
                    "Aktivitet i kommunikasjonsplanen.",
                )
                .to_owned();
            for (label, value) in [
                (language.pick("Målgruppe", "Målgruppe"), &activity.audience),
                (language.pick("Kanal", "Kanal"), &activity.channel),
                (
                    language.pick("Ansvarlig", "Ansvarleg"),
                    &activity.responsible,
                ),
            ] {
                if let Some(value) = value.as_deref().filter(|v| !v.trim().is_empty()) {
                    description.push_str(&format!(" {label}: {}.", value.trim()));
                }
            }
            events.push(Event {
                key: format!("{year}-activity-{}", index + 1),
                kind: EventKind::Activity,
                start,
                end,
                title: activity.title.clone(),
                description,
            });
        }
    }
    events.sort_by_key(|event| {
        (
            event.start,
            !matches!(event.kind, EventKind::Deadline(_)),
            event.end,
        )
    });
    events
}

/// The titles of the events in each month 1–12 (an event in the month it starts), for
/// the year wheel figure (`render::chart::wheel_svg`).
pub fn months(events: &[Event], language: Language) -> Vec<Vec<String>> {
    let mut months = vec![Vec::new(); 12];
    for event in events {
        let index = (event.start.month() - 1) as usize;
        let title = match event.kind {
            EventKind::Activity => event.title.clone(),
            _ => format!(
                "{} ({})",
                event.title,
                crate::norwegian::date(event.start, language)
            ),
        };
        months[index].push(title);
    }
    months
}

/// A deadline reminder due on a day (issue 14's e-mail reminders).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueReminder {
    pub deadline: Deadline,
    /// The programme year the deadline belongs to.
    pub year: i32,
    pub date: Date,
    /// Which reminder it is: one of the days-before the caller asked for.
    pub days_before: u32,
    /// Days from `today` to the deadline (0 on the day itself).
    pub days_left: i64,
}

/// The reminders due on `today` for the deadlines of `year`: for each deadline not yet
/// past and at most the largest of `days_before` away, the reminder with the fewest days
/// that has been reached (10 days ahead with 14 and 3: the 14-day one; 2 days ahead: the
/// 3-day one). Asked every day, it gives each reminder once from its day on; asked late
/// (a server that was down), the one that fits now, never an out-of-date one.
pub fn due_reminders(
    year: i32,
    set: &SetDates,
    today: Date,
    days_before: &[u32],
) -> Vec<DueReminder> {
    let mut out = Vec::new();
    for deadline in Deadline::ALL {
        let Some(date) = set.date(deadline, year) else {
            continue;
        };
        let days_left = today.days_until(date);
        if days_left < 0 {
            continue;
        }
        let reached = days_before
            .iter()
            .copied()
            .filter(|days| i64::from(*days) >= days_left)
            .min();
        if let Some(days_before) = reached {
            out.push(DueReminder {
                deadline,
                year,
                date,
                days_before,
                days_left,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handlingsplan::model::{Activity, Communication};

    fn plan(year: i32) -> Plan {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/fixtures/fjordvik-2027.json"
        ))
        .expect("fixture");
        let mut plan = crate::handlingsplan::file::read(&text, crate::Syntax::Json).expect("reads");
        plan.year = year;
        plan
    }

    fn date(text: &str) -> Date {
        Date::parse_iso(text).expect("date")
    }

    #[test]
    fn defaults_fill_every_deadline_and_set_dates_replace_them() {
        let set = SetDates {
            dates: vec![(Deadline::StatusReview, date("2027-10-03"))],
        };
        let events = year_events(
            YearInput {
                year: 2027,
                set: Some(&set),
                plan: None,
                decided: &[],
            },
            Language::Bokmal,
        );
        let found: Vec<(&str, String)> = events
            .iter()
            .map(|e| (e.key.as_str(), e.start.to_string()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("2027-plan-start", "2027-02-01".to_owned()),
                ("2027-follow-up", "2027-06-01".to_owned()),
                ("2027-psv", "2027-10-03".to_owned()),
                ("2027-board-next-plan", "2027-11-30".to_owned()),
                ("2027-council-next-plan", "2027-12-15".to_owned()),
                ("2027-county-application", "2027-12-31".to_owned()),
            ]
        );
        assert_eq!(events[3].title, "Styret behandler handlingsplanen for 2028");
        let nynorsk = year_events(
            YearInput {
                year: 2027,
                set: Some(&set),
                plan: None,
                decided: &[],
            },
            Language::Nynorsk,
        );
        assert_eq!(
            nynorsk[3].title,
            "Styret handsamar handlingsplanen for 2028"
        );
    }

    #[test]
    fn activities_span_their_month_and_decisions_of_both_plans_show() {
        let mut this = plan(2028);
        this.approval.board = Some(date("2027-11-20"));
        this.approval.council = Some(date("2028-01-10"));
        this.communication = Some(Communication {
            activities: vec![
                Activity {
                    month: 2,
                    title: "Nyhetsbrev".to_owned(),
                    audience: Some("Næringslivet".to_owned()),
                    channel: None,
                    responsible: None,
                },
                Activity {
                    month: 13,
                    title: "Ugyldig".to_owned(),
                    audience: None,
                    channel: None,
                    responsible: None,
                },
            ],
        });
        let mut next = plan(2029);
        next.approval.board = Some(date("2028-11-25"));
        next.approval.council = None;
        let set = SetDates::default();
        let events = year_events(
            YearInput {
                year: 2028,
                set: Some(&set),
                plan: Some(&this),
                decided: &[&this, &next],
            },
            Language::Bokmal,
        );
        let activity = events
            .iter()
            .find(|e| e.key == "2028-activity-1")
            .expect("activity");
        assert_eq!(activity.start, date("2028-02-01"));
        assert_eq!(activity.end, date("2028-02-29"), "2028 is a leap year");
        assert!(activity.description.contains("Målgruppe: Næringslivet."));
        assert!(
            events.iter().all(|e| e.title != "Ugyldig"),
            "month 13 left out"
        );
        assert!(
            !events.iter().any(|e| e.key == "board-2028"),
            "made in 2027, so in 2027's wheel"
        );
        let council = events
            .iter()
            .find(|e| e.key == "council-2028")
            .expect("this plan's council, made in 2028");
        assert_eq!(council.start, date("2028-01-10"));
        let next_board = events
            .iter()
            .find(|e| e.key == "board-2029")
            .expect("next plan's board");
        assert_eq!(next_board.start, date("2028-11-25"));
        assert!(!events.iter().any(|e| e.key == "council-2029"));
        let mut sorted = events.clone();
        sorted.sort_by_key(|e| e.start);
        assert_eq!(
            sorted.iter().map(|e| &e.key).collect::<Vec<_>>(),
            events.iter().map(|e| &e.key).collect::<Vec<_>>()
        );
        let months = months(&events, Language::Bokmal);
        assert!(months[1].contains(&"Nyhetsbrev".to_owned()));
        assert!(months[9].contains(&"Programstatusvurdering (PSV) (15. oktober 2028)".to_owned()));
    }

    #[test]
    fn decisions_show_in_the_year_they_fall_in_whichever_plan_they_are_of() {
        let mut early = plan(2025);
        early.approval.board = Some(date("2023-06-01"));
        early.approval.council = Some(date("2024-12-12"));
        let mut late = plan(2029);
        late.approval.board = Some(date("2029-03-01"));
        late.approval.council = Some(date("2030-01-20"));
        let decided = [&early, &late];
        let keys = |year: i32, set: Option<&SetDates>| -> Vec<(String, String)> {
            year_events(
                YearInput {
                    year,
                    set,
                    plan: None,
                    decided: &decided,
                },
                Language::Nynorsk,
            )
            .into_iter()
            .map(|e| (e.key, e.start.to_string()))
            .collect()
        };
        // Outside the period: the decisions only.
        assert_eq!(
            keys(2023, None),
            vec![("board-2025".to_owned(), "2023-06-01".to_owned())]
        );
        assert_eq!(
            keys(2024, None),
            vec![("council-2025".to_owned(), "2024-12-12".to_owned())]
        );
        // In the period: the deadlines and the decision a year after its plan.
        let in_2030 = keys(2030, Some(&SetDates::default()));
        assert_eq!(in_2030.len(), 7, "{in_2030:?}");
        assert_eq!(
            in_2030[0],
            ("council-2029".to_owned(), "2030-01-20".to_owned())
        );
        assert!(
            keys(2026, Some(&SetDates::default()))
                .iter()
                .all(|(k, _)| k.starts_with("2026-"))
        );
        assert_eq!(decision_years(decided), vec![2023, 2024, 2029, 2030]);
        assert_eq!(decision_years(Vec::<&Plan>::new()), Vec::<i32>::new());
    }

    #[test]
    fn keys_parse_back() {
        for deadline in Deadline::ALL {
            assert_eq!(Deadline::parse(deadline.key()), Some(deadline));
        }
        assert_eq!(Deadline::parse("nope"), None);
    }

    #[test]
    fn reminders_are_due_from_their_day_and_the_nearest_one_wins() {
        let set = SetDates {
            dates: vec![(Deadline::StatusReview, Date::new(2027, 10, 20).unwrap())],
        };
        let due = |m, d| {
            due_reminders(2027, &set, Date::new(2027, m, d).unwrap(), &[14, 3])
                .into_iter()
                .map(|r| (r.deadline, r.days_before, r.days_left))
                .collect::<Vec<_>>()
        };
        assert_eq!(due(10, 5), vec![]);
        assert_eq!(due(10, 6), vec![(Deadline::StatusReview, 14, 14)]);
        assert_eq!(due(10, 16), vec![(Deadline::StatusReview, 14, 4)]);
        assert_eq!(due(10, 17), vec![(Deadline::StatusReview, 3, 3)]);
        assert_eq!(due(10, 20), vec![(Deadline::StatusReview, 3, 0)]);
        assert_eq!(due(10, 21), vec![]);
        // The default date of the board's deadline, 30 November, across the month.
        let board = due_reminders(2027, &set, Date::new(2027, 11, 16).unwrap(), &[14, 3]);
        assert_eq!(board.len(), 1);
        assert_eq!(
            (board[0].deadline, board[0].days_left),
            (Deadline::BoardNextPlan, 14)
        );
    }

    #[test]
    fn days_until_counts_across_months_years_and_leap_days() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        assert_eq!(d(2027, 12, 31).days_until(d(2028, 1, 1)), 1);
        assert_eq!(d(2028, 2, 28).days_until(d(2028, 3, 1)), 2);
        assert_eq!(d(2027, 2, 28).days_until(d(2027, 3, 1)), 1);
        assert_eq!(d(1970, 1, 1).days_until(d(2026, 12, 4)), 20_791);
        assert_eq!(d(2026, 12, 4).days_until(d(2026, 11, 20)), -14);
    }
}
