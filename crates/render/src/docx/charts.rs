//! The document's figures as native Word charts: one `c:chartSpace` part per figure.
//!
//! Word and LibreOffice draw a chart from the values cached in its part (`c:strCache`,
//! `c:numCache`), so the part needs no embedded workbook to be shown, printed or
//! converted. The charts follow the SVG ones in `crate::chart`: the same colours
//! (Okabe–Ito, readable for colour-blind readers), the job targets stacked by focus
//! area with each year's sum above and the plan's year marked, target against
//! achieved per earlier year, and the *årshjul* as a ring of twelve months, starting
//! at the top and going clockwise, with the months that have activities filled.
//!
//! Every text from the plan (area names) is escaped; formulas (`c:f`) are fixed
//! references made here, never plan text.

use std::fmt::Write as _;

use plan::Language;

use super::{NS_A, NS_C, NS_R, XML_HEAD, Xml};
use crate::document::{Figure, FigureKind, ResultBar};

/// Okabe–Ito, as the SVG charts.
const PALETTE: [&str; 7] = [
    "0072B2", "E69F00", "009E73", "CC79A7", "56B4E9", "D55E00", "8C6D1F",
];
const INK: &str = "1E2B3C";
const GRID: &str = "D0D5DB";
const TARGET: &str = "9AA3AE";
const BUSY: &str = "B9D6EE";
const QUIET: &str = "F3F4F6";

/// One chart part and the height it wants, in thousandths of its width.
pub(super) struct ChartPart {
    pub xml: String,
    pub height_per_mille: u32,
}

/// The chart of a figure.
pub(super) fn chart_space(figure: &Figure, language: Language) -> ChartPart {
    let mut x = Xml(String::with_capacity(8 * 1024));
    x.raw(XML_HEAD);
    let _ = write!(
        x.0,
        "<c:chartSpace xmlns:c=\"{NS_C}\" xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\"><c:lang val=\"{}\"/><c:roundedCorners val=\"0\"/><c:chart><c:autoTitleDeleted val=\"1\"/><c:plotArea><c:layout/>",
        language.tag()
    );
    let height_per_mille = match &figure.kind {
        FigureKind::JobTargets {
            year,
            years,
            areas,
            per_year,
        } => {
            jobs(&mut x, language, *year, years, areas, per_year);
            560
        }
        FigureKind::Results { years } => {
            results(&mut x, language, years);
            480
        }
        FigureKind::YearWheel {
            months,
            month_names,
            ..
        } => {
            wheel(&mut x, language, months, month_names);
            620
        }
    };
    x.raw("<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>");
    // No border around the chart; text in the document's face and ink.
    let _ = write!(
        x.0,
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"900\"><a:solidFill><a:srgbClr val=\"{INK}\"/></a:solidFill><a:latin typeface=\"Calibri\"/><a:cs typeface=\"Calibri\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"{}\"/></a:p></c:txPr></c:chartSpace>",
        language.tag()
    );
    ChartPart {
        xml: x.0,
        height_per_mille,
    }
}

/// Excel's column letter of a 0-based column (`A`, …, `Z`, `AA`, …).
fn column(index: usize) -> String {
    rust_xlsxwriter::utility::column_number_to_name(u16::try_from(index).unwrap_or(u16::MAX))
}

/// `<c:tx>`: the series name, cached from the header cell of its column.
fn series_name(x: &mut Xml, col: usize, name: &str) {
    let _ = write!(
        x.0,
        "<c:tx><c:strRef><c:f>Ark1!${}$1</c:f><c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>",
        column(col)
    );
    x.text(name);
    x.raw("</c:v></c:pt></c:strCache></c:strRef></c:tx>");
}

/// `<c:cat>`: the categories, cached from column A.
fn categories(x: &mut Xml, labels: &[String]) {
    let _ = write!(
        x.0,
        "<c:cat><c:strRef><c:f>Ark1!$A$2:$A${}</c:f><c:strCache><c:ptCount val=\"{}\"/>",
        labels.len() + 1,
        labels.len()
    );
    for (i, label) in labels.iter().enumerate() {
        let _ = write!(x.0, "<c:pt idx=\"{i}\"><c:v>");
        x.text(label);
        x.raw("</c:v></c:pt>");
    }
    x.raw("</c:strCache></c:strRef></c:cat>");
}

/// `<c:val>`: the values, cached from column `col`.
fn values(x: &mut Xml, col: usize, values: &[i64]) {
    let letter = column(col);
    let _ = write!(
        x.0,
        "<c:val><c:numRef><c:f>Ark1!${letter}$2:${letter}${}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"{}\"/>",
        values.len() + 1,
        values.len()
    );
    for (i, value) in values.iter().enumerate() {
        let _ = write!(x.0, "<c:pt idx=\"{i}\"><c:v>{value}</c:v></c:pt>");
    }
    x.raw("</c:numCache></c:numRef></c:val>");
}

fn solid(x: &mut Xml, color: &str) {
    let _ = write!(
        x.0,
        "<c:spPr><a:solidFill><a:srgbClr val=\"{color}\"/></a:solidFill><a:ln w=\"9525\"><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill></a:ln></c:spPr>"
    );
}

/// Data labels with the values; zero values show nothing.
fn value_labels(x: &mut Xml, position: &str, bold: bool, color: &str) {
    let b = if bold { " b=\"1\"" } else { "" };
    let _ = write!(
        x.0,
        "<c:dLbls><c:numFmt formatCode=\"#,##0;-#,##0;;\" sourceLinked=\"0\"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"900\"{b}><a:solidFill><a:srgbClr val=\"{color}\"/></a:solidFill></a:defRPr></a:pPr><a:endParaRPr lang=\"nb-NO\"/></a:p></c:txPr><c:dLblPos val=\"{position}\"/><c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/><c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>"
    );
}

/// The category and value axes of a column chart.
fn axes(x: &mut Xml, title: &str) {
    let _ = write!(
        x.0,
        "<c:catAx><c:axId val=\"10\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"b\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/><c:spPr><a:ln w=\"12700\"><a:solidFill><a:srgbClr val=\"{INK}\"/></a:solidFill></a:ln></c:spPr><c:crossAx val=\"20\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>"
    );
    let _ = write!(
        x.0,
        "<c:valAx><c:axId val=\"20\"/><c:scaling><c:orientation val=\"minMax\"/><c:min val=\"0\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"l\"/><c:majorGridlines><c:spPr><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"{GRID}\"/></a:solidFill></a:ln></c:spPr></c:majorGridlines><c:title><c:tx><c:rich><a:bodyPr rot=\"-5400000\" vert=\"horz\"/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"900\" b=\"0\"/></a:pPr><a:r><a:rPr lang=\"nb-NO\" sz=\"900\" b=\"0\"/><a:t>"
    );
    x.text(title);
    x.raw("</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title><c:numFmt formatCode=\"#,##0\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/><c:spPr><a:ln><a:noFill/></a:ln></c:spPr><c:crossAx val=\"10\"/><c:crosses val=\"autoZero\"/><c:crossBetween val=\"between\"/></c:valAx>");
}

fn legend(x: &mut Xml, hidden_entry: Option<usize>) {
    x.raw("<c:legend><c:legendPos val=\"b\"/>");
    if let Some(idx) = hidden_entry {
        let _ = write!(
            x.0,
            "<c:legendEntry><c:idx val=\"{idx}\"/><c:delete val=\"1\"/></c:legendEntry>"
        );
    }
    x.raw("<c:overlay val=\"0\"/></c:legend>");
}

/// Job targets per year, stacked by focus area, with each year's sum above its column
/// (an invisible line series carrying the labels) and the plan's year marked `(i år)`.
fn jobs(
    x: &mut Xml,
    language: Language,
    year: Option<i32>,
    years: &[i32],
    areas: &[(String, Vec<i64>)],
    per_year: &[i64],
) {
    let this_year = language.pick("i år", "i år");
    let labels: Vec<String> = years
        .iter()
        .map(|y| {
            if Some(*y) == year {
                format!("{y} ({this_year})")
            } else {
                y.to_string()
            }
        })
        .collect();
    x.raw(
        "<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"stacked\"/><c:varyColors val=\"0\"/>",
    );
    for (k, (name, per)) in areas.iter().enumerate() {
        let _ = write!(x.0, "<c:ser><c:idx val=\"{k}\"/><c:order val=\"{k}\"/>");
        series_name(x, k + 1, name);
        solid(x, PALETTE[k % PALETTE.len()]);
        x.raw("<c:invertIfNegative val=\"0\"/>");
        value_labels(x, "ctr", false, "FFFFFF");
        categories(x, &labels);
        values(x, k + 1, per);
        x.raw("</c:ser>");
    }
    x.raw("<c:gapWidth val=\"70\"/><c:overlap val=\"100\"/><c:axId val=\"10\"/><c:axId val=\"20\"/></c:barChart>");
    // The sums: a line series with neither line nor markers, labelled above each column.
    let sum = areas.len();
    let _ = write!(
        x.0,
        "<c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/><c:ser><c:idx val=\"{sum}\"/><c:order val=\"{sum}\"/>"
    );
    series_name(x, sum + 1, language.pick("Sum", "Sum"));
    x.raw("<c:spPr><a:ln><a:noFill/></a:ln></c:spPr><c:marker><c:symbol val=\"none\"/></c:marker>");
    value_labels(x, "t", true, INK);
    categories(x, &labels);
    values(x, sum + 1, per_year);
    x.raw("<c:smooth val=\"0\"/></c:ser><c:marker val=\"1\"/><c:axId val=\"10\"/><c:axId val=\"20\"/></c:lineChart>");
    axes(x, language.pick("Arbeidsplasser", "Arbeidsplassar"));
    x.raw("</c:plotArea>");
    legend(x, Some(sum));
}

/// Target against achieved jobs per earlier year.
fn results(x: &mut Xml, language: Language, years: &[ResultBar]) {
    let labels: Vec<String> = years.iter().map(|y| y.year.to_string()).collect();
    x.raw("<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"clustered\"/><c:varyColors val=\"0\"/>");
    let series: [(&str, &str, Vec<i64>); 2] = [
        (
            language.pick("Mål", "Mål"),
            TARGET,
            years.iter().map(|y| y.target).collect(),
        ),
        (
            language.pick("Oppnådd", "Oppnådd"),
            PALETTE[2],
            years.iter().map(|y| y.achieved).collect(),
        ),
    ];
    for (k, (name, color, data)) in series.iter().enumerate() {
        let _ = write!(x.0, "<c:ser><c:idx val=\"{k}\"/><c:order val=\"{k}\"/>");
        series_name(x, k + 1, name);
        solid(x, color);
        x.raw("<c:invertIfNegative val=\"0\"/>");
        value_labels(x, "outEnd", false, INK);
        categories(x, &labels);
        values(x, k + 1, data);
        x.raw("</c:ser>");
    }
    x.raw("<c:gapWidth val=\"80\"/><c:overlap val=\"-10\"/><c:axId val=\"10\"/><c:axId val=\"20\"/></c:barChart>");
    axes(x, language.pick("Arbeidsplasser", "Arbeidsplassar"));
    x.raw("</c:plotArea>");
    legend(x, None);
}

/// The *årshjul*: twelve equal parts of a ring, January at the top, clockwise; a
/// month with activities is filled and labelled with its number of activities.
fn wheel(x: &mut Xml, language: Language, months: &[Vec<String>], month_names: &[String]) {
    let labels: Vec<String> = month_names
        .iter()
        .zip(months)
        .map(|(name, titles)| {
            let short: String = name.chars().take(3).collect();
            if titles.is_empty() {
                short
            } else {
                format!("{short} ({})", titles.len())
            }
        })
        .collect();
    x.raw(
        "<c:doughnutChart><c:varyColors val=\"1\"/><c:ser><c:idx val=\"0\"/><c:order val=\"0\"/>",
    );
    series_name(x, 1, language.pick("Aktiviteter", "Aktivitetar"));
    for (i, titles) in months.iter().enumerate() {
        let fill = if titles.is_empty() { QUIET } else { BUSY };
        let _ = write!(
            x.0,
            "<c:dPt><c:idx val=\"{i}\"/><c:bubble3D val=\"0\"/><c:spPr><a:solidFill><a:srgbClr val=\"{fill}\"/></a:solidFill><a:ln w=\"19050\"><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill></a:ln></c:spPr></c:dPt>"
        );
    }
    x.raw("<c:dLbls><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"900\" b=\"1\"/></a:pPr><a:endParaRPr lang=\"nb-NO\"/></a:p></c:txPr><c:showLegendKey val=\"0\"/><c:showVal val=\"0\"/><c:showCatName val=\"1\"/><c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/><c:showLeaderLines val=\"0\"/></c:dLbls>");
    categories(x, &labels);
    values(x, 1, &vec![1; months.len()]);
    x.raw("</c:ser><c:firstSliceAng val=\"0\"/><c:holeSize val=\"45\"/></c:doughnutChart></c:plotArea>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column(0), "A");
        assert_eq!(column(25), "Z");
        assert_eq!(column(26), "AA");
        assert_eq!(column(27), "AB");
        assert_eq!(column(701), "ZZ");
        assert_eq!(column(702), "AAA");
    }
}
