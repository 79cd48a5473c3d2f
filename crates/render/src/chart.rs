//! The plan's charts as SVG, made by hand: the job targets per year stacked by
//! focus area ([`jobs_svg`]), target against achieved for earlier years
//! ([`results_svg`]) and the *årshjul* of communication activities ([`wheel_svg`]).
//!
//! Each chart is drawn from its figure's own data ([`FigureKind`]), never from a
//! plan, so every kind of document draws the same charts the same way.
//!
//! Each chart comes with a text alternative ([`Chart::alt`]) that states its
//! data, for `alt` attributes, PDF figure alt text and screen readers. The same
//! SVG is inlined in HTML, embedded by Typst in the PDF and rasterised to PNG for
//! DOCX ([`png`]). Every text from the plan is escaped for XML; the SVG holds no
//! script, no external reference and no id that depends on plan text.
//!
//! Pure: no I/O. Fonts for rasterising are compiled in (Noto Sans, OFL).

use std::fmt::Write;

use plan::Language;

use crate::document::{Figure, FigureKind, ResultBar};
use plan::norwegian::{self, MONTHS};

/// One chart: the SVG document and its text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// A stable name (`jobs`, `results`, `wheel`), used for file names and ids.
    pub name: &'static str,
    /// The chart's short title in the plan's language.
    pub title: String,
    /// A complete SVG document (`<svg …>…</svg>`), sized in CSS pixels.
    pub svg: String,
    /// A text alternative stating the chart's data in the plan's language.
    pub alt: String,
    /// Width and height in CSS pixels.
    pub width: u32,
    pub height: u32,
}

/// Colours for focus areas (Okabe–Ito, readable for colour-blind readers).
const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D1F",
];
const INK: &str = "#1E2B3C";
const GRID: &str = "#D0D5DB";
const FONT: &str = "Noto Sans, sans-serif";

/// The chart for one of the document's figures (`Block::Figure`), by its kind.
/// `None` when the figure has nothing to draw (its text alternative still says so).
pub fn for_figure(figure: &Figure, language: Language) -> Option<Chart> {
    match &figure.kind {
        FigureKind::JobTargets {
            year,
            years,
            areas,
            per_year,
        } => jobs_svg(
            language,
            &JobsData {
                this_year: *year,
                years,
                areas,
                per_year,
            },
        ),
        FigureKind::Results { years } => results_svg(language, years),
        FigureKind::YearWheel { year, months, .. } => wheel_svg(language, *year, months),
    }
}

/// The data of the job-target chart.
#[derive(Debug, Clone, Copy)]
pub struct JobsData<'a> {
    /// The year marked as this year (a yearly plan's year).
    pub this_year: Option<i32>,
    pub years: &'a [i32],
    /// `(area name, target per year)`, following `years`.
    pub areas: &'a [(String, Vec<i64>)],
    /// Column sums.
    pub per_year: &'a [i64],
}

/// The job targets per year, stacked by focus area, with this year marked.
/// `None` when no focus area has job targets.
pub fn jobs_svg(language: Language, jobs: &JobsData<'_>) -> Option<Chart> {
    if jobs.areas.is_empty() || jobs.years.is_empty() {
        return None;
    }
    let title = language
        .pick("Arbeidsplassmål per år", "Arbeidsplassmål per år")
        .to_string();
    let sums: Vec<i64> = (0..jobs.years.len())
        .map(|i| jobs.areas.iter().map(|a| positive(a.1.get(i))).sum())
        .collect();
    let max = sums.iter().copied().max().unwrap_or(0);
    let scale = Scale::new(max);

    let legend = Legend::new(jobs.areas.iter().map(|a| a.0.as_str()));
    let width = 640u32;
    let plot = Plot {
        left: 56.0,
        top: 36.0,
        width: 560.0,
        height: 240.0,
    };
    let height = (plot.top + plot.height + 44.0 + legend.height()).ceil() as u32;

    let alt = jobs_alt(language, jobs);
    let mut svg = open_svg("jobs", width, height, &title, &alt);
    axis(
        &mut svg,
        &plot,
        &scale,
        language.pick("Arbeidsplasser", "Arbeidsplassar"),
    );

    let slot = plot.width / jobs.years.len() as f64;
    let bar = (slot * 0.6).min(56.0);
    for (i, year) in jobs.years.iter().enumerate() {
        let x = plot.left + slot * i as f64 + (slot - bar) / 2.0;
        let mut base = 0i64;
        for (a, area) in jobs.areas.iter().enumerate() {
            let value = positive(area.1.get(i));
            if value == 0 {
                continue;
            }
            let y0 = plot.y(&scale, base);
            let y1 = plot.y(&scale, base + value);
            let _ = write!(
                svg,
                r##"<rect x="{x:.1}" y="{y1:.1}" width="{bar:.1}" height="{h:.1}" fill="{c}" stroke="#FFFFFF" stroke-width="1"/>"##,
                h = (y0 - y1).max(0.0),
                c = PALETTE[a % PALETTE.len()],
            );
            base += value;
        }
        let this_year = jobs.this_year == Some(*year);
        let top = plot.y(&scale, sums[i]);
        if this_year {
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="none" stroke="{INK}" stroke-width="2.5"/>"#,
                x = x - 3.0,
                y = top - 3.0,
                w = bar + 6.0,
                h = plot.top + plot.height - top + 3.0,
            );
        }
        let weight = if this_year { "700" } else { "400" };
        text(
            &mut svg,
            x + bar / 2.0,
            top - 8.0,
            "middle",
            12.0,
            weight,
            &norwegian::integer(sums[i]),
        );
        text(
            &mut svg,
            x + bar / 2.0,
            plot.top + plot.height + 18.0,
            "middle",
            12.0,
            weight,
            &year.to_string(),
        );
        if this_year {
            text(
                &mut svg,
                x + bar / 2.0,
                plot.top + plot.height + 34.0,
                "middle",
                11.0,
                "700",
                language.pick("I år", "I år"),
            );
        }
    }
    legend.draw(&mut svg, plot.left, plot.top + plot.height + 48.0);
    svg.push_str("</svg>");
    Some(Chart {
        name: "jobs",
        title,
        svg,
        alt,
        width,
        height,
    })
}

fn jobs_alt(language: Language, jobs: &JobsData<'_>) -> String {
    let mut alt = String::from(language.pick(
        "Stolpediagram over arbeidsplassmål per år, fordelt på innsatsområde.",
        "Stolpediagram over arbeidsplassmål per år, fordelt på innsatsområde.",
    ));
    for (i, year) in jobs.years.iter().enumerate() {
        let parts: Vec<String> = jobs
            .areas
            .iter()
            .map(|a| {
                format!(
                    "{} {}",
                    a.0,
                    norwegian::integer(a.1.get(i).copied().unwrap_or(0))
                )
            })
            .collect();
        let marker = if jobs.this_year == Some(*year) {
            language.pick(" (i år)", " (i år)")
        } else {
            ""
        };
        let _ = write!(
            alt,
            " {year}{marker}: {} ({}).",
            norwegian::integer(jobs.per_year.get(i).copied().unwrap_or(0)),
            parts.join(", ")
        );
    }
    let _ = write!(
        alt,
        " {} {}.",
        language.pick("Sum for perioden:", "Sum for perioden:"),
        norwegian::integer(
            jobs.per_year
                .iter()
                .fold(0, |sum, n| sum.saturating_add(*n))
        )
    );
    alt
}

/// Target against achieved (new plus secured jobs) for each earlier year with
/// results. `None` when the plan has no result records.
pub fn results_svg(language: Language, results: &[ResultBar]) -> Option<Chart> {
    if results.is_empty() {
        return None;
    }
    let title = language
        .pick(
            "Mål og oppnådde arbeidsplasser",
            "Mål og oppnådde arbeidsplassar",
        )
        .to_string();
    let target_label = language.pick("Mål", "Mål");
    let achieved_label = language.pick("Oppnådd", "Oppnådd");
    let max = results
        .iter()
        .flat_map(|r| [r.target.max(0), r.achieved.max(0)])
        .max()
        .unwrap_or(0);
    let scale = Scale::new(max);
    let legend = Legend::new([target_label, achieved_label]);
    let width = 640u32;
    let plot = Plot {
        left: 56.0,
        top: 36.0,
        width: 560.0,
        height: 220.0,
    };
    let height = (plot.top + plot.height + 32.0 + legend.height()).ceil() as u32;
    let alt = results_alt(language, results);
    let mut svg = open_svg("results", width, height, &title, &alt);
    axis(
        &mut svg,
        &plot,
        &scale,
        language.pick("Arbeidsplasser", "Arbeidsplassar"),
    );

    let slot = plot.width / results.len() as f64;
    let bar = (slot * 0.32).min(48.0);
    for (i, year) in results.iter().enumerate() {
        let centre = plot.left + slot * i as f64 + slot / 2.0;
        let values = [year.target.max(0), year.achieved.max(0)];
        for (k, value) in values.into_iter().enumerate() {
            let x = centre - bar - 2.0 + k as f64 * (bar + 4.0);
            let y = plot.y(&scale, value);
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bar:.1}" height="{h:.1}" fill="{c}"/>"#,
                h = (plot.top + plot.height - y).max(0.0),
                c = PALETTE[k],
            );
            text(
                &mut svg,
                x + bar / 2.0,
                y - 6.0,
                "middle",
                12.0,
                "400",
                &norwegian::integer(value),
            );
        }
        text(
            &mut svg,
            centre,
            plot.top + plot.height + 18.0,
            "middle",
            12.0,
            "400",
            &year.year.to_string(),
        );
    }
    legend.draw(&mut svg, plot.left, plot.top + plot.height + 34.0);
    svg.push_str("</svg>");
    Some(Chart {
        name: "results",
        title,
        svg,
        alt,
        width,
        height,
    })
}

fn results_alt(language: Language, results: &[ResultBar]) -> String {
    let mut alt = String::from(language.pick(
        "Stolpediagram over mål og oppnådde arbeidsplasser (nye og sikrede) for tidligere år.",
        "Stolpediagram over mål og oppnådde arbeidsplassar (nye og sikra) for tidlegare år.",
    ));
    for year in results {
        let target = year.target;
        let achieved = year.achieved;
        let _ = write!(
            alt,
            " {}: {} {}, {} {}",
            year.year,
            language.pick("mål", "mål"),
            norwegian::integer(target),
            language.pick("oppnådd", "oppnådd"),
            norwegian::integer(achieved),
        );
        if let Some(percent) = norwegian::ratio_percent(achieved, target) {
            let _ = write!(alt, " ({percent})");
        }
        alt.push('.');
    }
    alt
}

/// The *årshjul*: the twelve months as a wheel, each communication activity as a
/// numbered mark in its month, listed beside the wheel. `None` without activities.
pub fn wheel_svg(language: Language, year: i32, months: &[Vec<String>]) -> Option<Chart> {
    // Activities in month order, numbered 1, 2, 3 … as the list beside the wheel.
    let ordered: Vec<Activity<'_>> = months
        .iter()
        .take(12)
        .enumerate()
        .flat_map(|(index, titles)| {
            titles.iter().map(move |title| Activity {
                month: index as i64 + 1,
                title,
            })
        })
        .collect();
    if ordered.is_empty() {
        return None;
    }
    let title = format!("{} {year}", language.pick("Årshjul", "Årshjul"));

    let (cx, cy, outer, inner) = (200.0, 200.0, 180.0, 70.0);
    let list_x = 410.0;
    let line = 20.0;
    let list_height = 40.0 + line * ordered.len() as f64;
    let width = 820u32;
    let height = (400.0f64).max(list_height + 20.0).ceil() as u32;
    let alt = wheel_alt(language, year, &ordered);
    let mut svg = open_svg("wheel", width, height, &title, &alt);

    for month in 1..=12i64 {
        let start = angle(month - 1);
        let end = angle(month);
        let busy = ordered.iter().any(|a| a.month == month);
        let fill = if busy { "#DCEBF7" } else { "#F3F4F6" };
        let _ = write!(
            svg,
            r##"<path d="{}" fill="{fill}" stroke="#FFFFFF" stroke-width="2"/>"##,
            sector(cx, cy, inner, outer, start, end)
        );
        // Month name along the outer part of the sector.
        let middle = (start + end) / 2.0;
        let (tx, ty) = polar(cx, cy, outer - 22.0, middle);
        let name = MONTHS[(month - 1) as usize];
        text(
            &mut svg,
            tx,
            ty + 4.0,
            "middle",
            11.0,
            if busy { "700" } else { "400" },
            &name[..name.char_indices().nth(3).map_or(name.len(), |(i, _)| i)],
        );
        // Numbered marks for the month's activities, stacked towards the centre.
        let here: Vec<usize> = ordered
            .iter()
            .enumerate()
            .filter(|(_, a)| a.month == month)
            .map(|(number, _)| number + 1)
            .collect();
        let room = outer - 62.0 - (inner + 12.0);
        let step = if here.len() > 1 {
            (room / (here.len() - 1) as f64).min(22.0)
        } else {
            0.0
        };
        for (k, number) in here.iter().enumerate() {
            let (mx, my) = polar(cx, cy, outer - 62.0 - step * k as f64, middle);
            let _ = write!(
                svg,
                r#"<circle cx="{mx:.1}" cy="{my:.1}" r="9" fill="{}"/>"#,
                PALETTE[0]
            );
            let _ = write!(
                svg,
                r##"<text x="{mx:.1}" y="{y:.1}" text-anchor="middle" font-family="{FONT}" font-size="10" font-weight="700" fill="#FFFFFF">{number}</text>"##,
                y = my + 3.5
            );
        }
    }
    let _ = write!(
        svg,
        r##"<circle cx="{cx}" cy="{cy}" r="{r}" fill="#FFFFFF" stroke="{GRID}"/>"##,
        r = inner - 2.0
    );
    text(
        &mut svg,
        cx,
        cy + 6.0,
        "middle",
        18.0,
        "700",
        &year.to_string(),
    );

    text(
        &mut svg,
        list_x,
        28.0,
        "start",
        13.0,
        "700",
        language.pick("Aktiviteter", "Aktivitetar"),
    );
    for (number, activity) in ordered.iter().enumerate() {
        let y = 40.0 + line * (number as f64 + 1.0) - 6.0;
        let _ = write!(
            svg,
            r#"<circle cx="{x:.1}" cy="{cy:.1}" r="8" fill="{}"/>"#,
            PALETTE[0],
            x = list_x + 8.0,
            cy = y - 4.0
        );
        let _ = write!(
            svg,
            r##"<text x="{x:.1}" y="{ty:.1}" text-anchor="middle" font-family="{FONT}" font-size="9" font-weight="700" fill="#FFFFFF">{n}</text>"##,
            x = list_x + 8.0,
            ty = y - 1.0,
            n = number + 1
        );
        let month = MONTHS[(activity.month - 1) as usize];
        let label = format!("{}: {}", capitalised(month), activity.title);
        text(
            &mut svg,
            list_x + 22.0,
            y,
            "start",
            12.0,
            "400",
            &truncate(&label, 60),
        );
    }
    svg.push_str("</svg>");
    Some(Chart {
        name: "wheel",
        title,
        svg,
        alt,
        width,
        height,
    })
}

/// One activity in the wheel: its month (1 to 12) and title.
struct Activity<'a> {
    month: i64,
    title: &'a str,
}

fn wheel_alt(language: Language, year: i32, ordered: &[Activity<'_>]) -> String {
    let mut alt = format!(
        "{} {}.",
        language.pick(
            "Årshjul med kommunikasjonsaktivitetene i",
            "Årshjul med kommunikasjonsaktivitetane i"
        ),
        year
    );
    for month in 1..=12i64 {
        let titles: Vec<&str> = ordered
            .iter()
            .filter(|a| a.month == month)
            .map(|a| a.title)
            .collect();
        if !titles.is_empty() {
            let _ = write!(
                alt,
                " {}: {}.",
                capitalised(MONTHS[(month - 1) as usize]),
                titles.join("; ")
            );
        }
    }
    alt
}

/// Rasterises a chart's SVG to PNG at `scale` times its CSS size (2.0 for print),
/// with the chart fonts compiled in. For DOCX, which cannot show SVG everywhere.
pub fn png(chart: &Chart, scale: f32) -> Result<Vec<u8>, ChartError> {
    raster::png(&chart.svg, scale)
}

/// Why a chart could not be rasterised.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    #[error("chart SVG could not be read: {0}")]
    Svg(String),
    #[error("chart too large to rasterise: {0}×{1} px")]
    TooLarge(u32, u32),
    #[error("PNG encoding failed: {0}")]
    Png(String),
}

mod raster {
    //! SVG → PNG with resvg (the same renderer Typst uses), fonts from memory only.

    use std::sync::{Arc, LazyLock};

    use super::ChartError;

    /// Noto Sans (SIL OFL 1.1, `fonts/OFL.txt`): regular, bold, italic, bold italic.
    pub const FONTS: [&[u8]; 4] = [
        include_bytes!("../fonts/NotoSans-Regular.ttf"),
        include_bytes!("../fonts/NotoSans-Bold.ttf"),
        include_bytes!("../fonts/NotoSans-Italic.ttf"),
        include_bytes!("../fonts/NotoSans-BoldItalic.ttf"),
    ];

    static OPTIONS: LazyLock<resvg::usvg::Options<'static>> = LazyLock::new(|| {
        let mut database = resvg::usvg::fontdb::Database::new();
        for font in &FONTS[..2] {
            database.load_font_data(font.to_vec());
        }
        database.set_sans_serif_family("Noto Sans");
        resvg::usvg::Options {
            font_family: "Noto Sans".to_string(),
            fontdb: Arc::new(database),
            // Never fetch or read anything an SVG might point at.
            resources_dir: None,
            ..resvg::usvg::Options::default()
        }
    });

    pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, ChartError> {
        let tree = resvg::usvg::Tree::from_str(svg, &OPTIONS)
            .map_err(|error| ChartError::Svg(error.to_string()))?;
        let size = tree
            .size()
            .to_int_size()
            .scale_by(scale)
            .ok_or(ChartError::TooLarge(0, 0))?;
        let (width, height) = (size.width(), size.height());
        if u64::from(width) * u64::from(height) > 40_000_000 {
            return Err(ChartError::TooLarge(width, height));
        }
        let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)
            .ok_or(ChartError::TooLarge(width, height))?;
        pixmap.fill(resvg::tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        pixmap
            .encode_png()
            .map_err(|error| ChartError::Png(error.to_string()))
    }
}

/// The document's sans face, Noto Sans (SIL OFL 1.1, `crates/render/fonts/OFL.txt`):
/// regular, bold, italic, bold italic. The charts use it; so does the PDF.
pub const FONTS: [&[u8]; 4] = raster::FONTS;

// ---- drawing helpers ------------------------------------------------------

/// The plot area of a bar chart, in SVG user units.
struct Plot {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

impl Plot {
    fn y(&self, scale: &Scale, value: i64) -> f64 {
        self.top + self.height - self.height * (value as f64 / scale.max as f64)
    }
}

/// A value axis from 0 to a round maximum with 4–5 ticks.
struct Scale {
    max: i64,
    step: i64,
}

impl Scale {
    fn new(max: i64) -> Scale {
        let max = max.max(1);
        let rough = max as f64 / 5.0;
        let magnitude = 10f64.powf(rough.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .into_iter()
            .map(|f| f * magnitude)
            .find(|s| *s >= rough)
            .unwrap_or(10.0 * magnitude)
            .max(1.0)
            .round() as i64;
        let top = ((max + step - 1) / step) * step;
        Scale { max: top, step }
    }
}

fn axis(svg: &mut String, plot: &Plot, scale: &Scale, label: &str) {
    let mut value = 0;
    while value <= scale.max {
        let y = plot.y(scale, value);
        let _ = write!(
            svg,
            r#"<line x1="{x1:.1}" y1="{y:.1}" x2="{x2:.1}" y2="{y:.1}" stroke="{c}" stroke-width="1"/>"#,
            x1 = plot.left,
            x2 = plot.left + plot.width,
            c = if value == 0 { INK } else { GRID },
        );
        text(
            svg,
            plot.left - 8.0,
            y + 4.0,
            "end",
            11.0,
            "400",
            &norwegian::integer(value),
        );
        value += scale.step;
    }
    text(
        svg,
        plot.left - 48.0,
        plot.top - 16.0,
        "start",
        11.0,
        "400",
        label,
    );
}

/// A legend of coloured squares and names, wrapped into rows.
struct Legend {
    entries: Vec<String>,
}

impl Legend {
    const ROW: f64 = 20.0;
    const PER_ROW: usize = 3;

    fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Legend {
        Legend {
            entries: names.into_iter().map(|n| truncate(n, 27)).collect(),
        }
    }

    fn height(&self) -> f64 {
        Self::ROW * self.entries.len().div_ceil(Self::PER_ROW) as f64
    }

    fn draw(&self, svg: &mut String, left: f64, top: f64) {
        for (i, name) in self.entries.iter().enumerate() {
            let x = left + 200.0 * (i % Self::PER_ROW) as f64;
            let y = top + Self::ROW * (i / Self::PER_ROW) as f64;
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{y:.1}" width="12" height="12" fill="{}"/>"#,
                PALETTE[i % PALETTE.len()]
            );
            text(svg, x + 18.0, y + 10.5, "start", 12.0, "400", name);
        }
    }
}

fn open_svg(name: &str, width: u32, height: u32, title: &str, alt: &str) -> String {
    let mut svg = String::with_capacity(8 * 1024);
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-{name}-title chart-{name}-desc" font-family="{FONT}"><title id="chart-{name}-title">{}</title><desc id="chart-{name}-desc">{}</desc><rect width="{width}" height="{height}" fill="#FFFFFF"/>"##,
        xml(title),
        xml(alt),
    );
    svg
}

fn text(svg: &mut String, x: f64, y: f64, anchor: &str, size: f64, weight: &str, content: &str) {
    let _ = write!(
        svg,
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" font-family="{FONT}" font-size="{size}" font-weight="{weight}" fill="{INK}">{}</text>"#,
        xml(content)
    );
}

/// Escapes text for XML content and attribute values.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(max - 1).collect();
        short.push('…');
        short
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn positive(value: Option<&i64>) -> i64 {
    value.copied().unwrap_or(0).max(0)
}

/// Angle in radians of the start of month `index` (0 = January at twelve o'clock).
fn angle(index: i64) -> f64 {
    std::f64::consts::TAU * index as f64 / 12.0 - std::f64::consts::FRAC_PI_2
}

fn polar(cx: f64, cy: f64, radius: f64, angle: f64) -> (f64, f64) {
    (cx + radius * angle.cos(), cy + radius * angle.sin())
}

fn sector(cx: f64, cy: f64, inner: f64, outer: f64, start: f64, end: f64) -> String {
    let (x1, y1) = polar(cx, cy, outer, start);
    let (x2, y2) = polar(cx, cy, outer, end);
    let (x3, y3) = polar(cx, cy, inner, end);
    let (x4, y4) = polar(cx, cy, inner, start);
    format!(
        "M{x1:.2} {y1:.2} A{outer} {outer} 0 0 1 {x2:.2} {y2:.2} L{x3:.2} {y3:.2} A{inner} {inner} 0 0 0 {x4:.2} {y4:.2} Z"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use plan::handlingsplan::Plan;
    use plan::handlingsplan::compute::Totals;

    fn fixture(name: &str) -> Plan {
        let path = format!(
            "{}/../../../shared/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).expect("fixture readable");
        let syntax = plan::Syntax::from_path(&path).expect("known extension");
        plan::handlingsplan::file::read(&text, syntax).expect("fixture reads")
    }

    fn fjordvik() -> (Plan, Totals) {
        let plan = fixture("fjordvik-2027.json");
        let totals = plan::handlingsplan::evaluate(&plan).totals;
        (plan, totals)
    }

    /// The chart of the plan document's figure `name` (`jobs`, `results`, `wheel`).
    fn chart(plan: &Plan, name: &str) -> Option<Chart> {
        let evaluation = plan::handlingsplan::evaluate(plan);
        let doc = crate::handlingsplan::document(plan, &evaluation, &Default::default());
        doc.figures()
            .filter_map(|figure| for_figure(figure, plan.language))
            .find(|chart| chart.name == name)
    }

    fn jobs_chart(plan: &Plan) -> Option<Chart> {
        chart(plan, "jobs")
    }

    fn wheel_chart(plan: &Plan) -> Option<Chart> {
        chart(plan, "wheel")
    }

    #[test]
    fn jobs_chart_states_every_year_and_marks_this_year() {
        let (plan, totals) = fjordvik();
        let chart = jobs_chart(&plan).expect("fjordvik has job targets");
        for (i, year) in totals.jobs.years.iter().enumerate() {
            let sum = norwegian::integer(totals.jobs.per_year[i]);
            assert!(chart.alt.contains(&format!("{year}")), "{year} in alt");
            assert!(chart.svg.contains(&format!(">{sum}</text>")), "{sum} drawn");
        }
        assert!(chart.alt.contains(&format!("{} (i år)", plan.year)));
        assert!(chart.svg.contains(">I år</text>"));
        for area in &totals.jobs.areas {
            assert!(
                chart.svg.contains(&xml(&area.name)),
                "legend names {}",
                area.name
            );
        }
    }

    #[test]
    fn results_chart_states_target_and_achieved() {
        let (plan, _) = fjordvik();
        let results = plan::handlingsplan::compute::results_by_year(&plan);
        let chart = chart(&plan, "results").expect("fjordvik has results");
        for year in &results {
            let expected = format!(
                "{}: mål {}, oppnådd {}",
                year.year,
                year.total.target.unwrap_or(0),
                year.total.achieved()
            );
            assert!(chart.alt.contains(&expected), "{expected} in {}", chart.alt);
        }
    }

    #[test]
    fn wheel_puts_every_activity_in_its_month() {
        let (plan, _) = fjordvik();
        let chart = wheel_chart(&plan).expect("fjordvik has activities");
        for activity in plan.activities() {
            let month = capitalised(MONTHS[(activity.month - 1) as usize]);
            assert!(chart.alt.contains(&month), "{month} in alt");
            assert!(
                chart.alt.contains(&activity.title),
                "{} in alt",
                activity.title
            );
        }
    }

    #[test]
    fn charts_escape_plan_text_and_parse_as_svg() {
        let (mut plan, _) = fjordvik();
        let hostile = r#"<script>alert(1)</script> & "Ørsta" ]]>"#;
        plan.focus_areas[0].name = hostile.to_string();
        if let Some(communication) = plan.communication.as_mut() {
            communication.activities[0].title = hostile.to_string();
        }
        for chart in [jobs_chart(&plan), wheel_chart(&plan)]
            .into_iter()
            .flatten()
        {
            assert!(!chart.svg.contains("<script"), "{}", chart.name);
            assert!(chart.svg.contains("&lt;script&gt;"), "{}", chart.name);
            let png = png(&chart, 1.0).expect("escaped SVG parses and rasterises");
            assert!(png.starts_with(b"\x89PNG"));
        }
    }

    #[test]
    fn no_chart_without_data() {
        let (mut plan, _) = fjordvik();
        for area in &mut plan.focus_areas {
            area.job_targets = None;
        }
        plan.previous_results = None;
        plan.communication = None;
        assert!(jobs_chart(&plan).is_none());
        assert!(chart(&plan, "results").is_none());
        assert!(wheel_chart(&plan).is_none());
        // Nor from empty figure data.
        assert!(results_svg(plan.language, &[]).is_none());
        assert!(wheel_svg(plan.language, 2027, &vec![Vec::new(); 12]).is_none());
    }

    #[test]
    fn huge_values_still_draw_inside_the_plot() {
        let (mut plan, _) = fjordvik();
        if let Some(targets) = plan.focus_areas[0].job_targets.as_mut() {
            for value in targets.values_mut() {
                *value = 100_000;
            }
        }
        let chart = jobs_chart(&plan).expect("chart");
        assert!(!chart.svg.contains("NaN") && !chart.svg.contains("inf"));
        assert!(!chart.svg.contains("y=\"-"), "no bar above the canvas");
    }
}
