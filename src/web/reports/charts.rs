//! Server-rendered SVG charts, drawn with `plotters` (its SVG backend writes
//! presentation attributes only, which the CSP allows, and it does the scales,
//! ticks and label placement). We then make the root element accessible and
//! fluid: `role="img"`, a `<title>` and `<desc>`, no fixed width or height.
//!
//! Every chart is shown beside a table of the same numbers, and the `desc`
//! text also appears on the page, so nothing depends on seeing the picture.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::AppError;
use crate::i18n::{Lang, render, text};

const NHS_BLUE: RGBColor = RGBColor(0, 94, 184);
const NHS_DARK_BLUE: RGBColor = RGBColor(0, 48, 135);
const NHS_RED: RGBColor = RGBColor(213, 40, 27);
const TEXT: RGBColor = RGBColor(33, 43, 50);
const GRID: RGBColor = RGBColor(216, 221, 224);
/// Drawn small (about phone width) and scaled up by CSS: 15px labels stay
/// readable on a 360px-wide screen and print crisply.
const WIDTH: u32 = 480;
const FONT: &str = "sans-serif";
/// plotters writes font-size as this / 1.24: 20 gives 16 units, about 12px
/// on a phone and 18px on a desktop.
const LABEL: u32 = 20;

fn draw_err<E: std::fmt::Display>(e: E) -> AppError {
    AppError::internal(anyhow::anyhow!("chart drawing failed: {e}"))
}

/// Replaces plotters' fixed-size root tag with an accessible, fluid one.
fn finish(svg: String, id: &str, title: &str, desc: &str) -> String {
    let Some(start) = svg.find("<svg") else {
        return svg;
    };
    let Some(end) = svg[start..].find('>') else {
        return svg;
    };
    let head = &svg[start..start + end];
    let view_box = head
        .split("viewBox=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("0 0 480 300");
    format!(
        "<svg viewBox=\"{view_box}\" class=\"app-chart\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" focusable=\"false\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{}</title>\
         <desc id=\"{id}-desc\">{}</desc>{}",
        escape(title),
        escape(desc),
        &svg[start + end + 1..]
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The top of an axis: the first of 1, 2, 2.5, 5 or 10 × a power of ten at
/// or above `v` (and `floor`), capped at `cap` (100 for a percentage: a rate
/// cannot pass it, so the axis stops there).
fn nice_max(v: f64, floor: f64, cap: Option<f64>) -> f64 {
    let v = v.max(floor);
    let pow = 10f64.powf(v.log10().floor());
    let top = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * pow)
        .find(|t| *t >= v - 1e-9)
        .unwrap_or(10.0 * pow)
        .max(floor);
    match cap {
        Some(c) if top > c => c,
        _ => top,
    }
}

/// A line over time. `points` are (label, value); a missing value breaks the
/// line. `reference` draws a red horizontal line (the target).
pub fn line(
    id: &str,
    title: &str,
    desc: &str,
    y_desc: &str,
    points: &[(String, Option<f64>)],
    (y_floor, y_cap): (f64, Option<f64>),
    reference: Option<(f64, &str)>,
) -> Result<String, AppError> {
    let height = 300;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let n = points.len().max(1);
        let top = points
            .iter()
            .filter_map(|p| p.1)
            .chain(reference.map(|r| r.0))
            .fold(0.0, f64::max);
        let y_max = nice_max(top * 1.1, y_floor, y_cap);
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(52)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..y_max)
            .map_err(draw_err)?;
        let labels: Vec<String> = points.iter().map(|p| p.0.clone()).collect();
        let every = n.div_ceil(6).max(1);
        let fmt = |x: &f64| {
            let i = x.round() as usize;
            if (x - x.round()).abs() < 1e-6 && i < labels.len() && i.is_multiple_of(every) {
                labels[i].clone()
            } else {
                String::new()
            }
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(GRID)
            .light_line_style(WHITE)
            .axis_style(TEXT)
            .x_labels(n.min(60))
            .y_labels(5)
            .x_label_formatter(&fmt)
            .y_label_formatter(&|y| format!("{y:.0}"))
            .y_desc(y_desc)
            .label_style((FONT, LABEL).into_font().color(&TEXT))
            .axis_desc_style((FONT, LABEL).into_font().color(&TEXT))
            .draw()
            .map_err(draw_err)?;
        if let Some((v, label)) = reference {
            chart
                .draw_series(LineSeries::new(
                    [(-0.5, v), (n as f64 - 0.5, v)],
                    NHS_RED.stroke_width(2),
                ))
                .map_err(draw_err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    label.to_string(),
                    (n as f64 - 0.5, v),
                    (FONT, LABEL)
                        .into_font()
                        .color(&NHS_RED)
                        .pos(Pos::new(HPos::Right, VPos::Bottom)),
                )))
                .map_err(draw_err)?;
        }
        // One segment per run of known values.
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut runs = Vec::new();
        for (i, (_, v)) in points.iter().enumerate() {
            match v {
                Some(v) => run.push((i as f64, *v)),
                None => runs.push(std::mem::take(&mut run)),
            }
        }
        runs.push(run);
        for r in runs.into_iter().filter(|r| !r.is_empty()) {
            chart
                .draw_series(LineSeries::new(r.clone(), NHS_BLUE.stroke_width(3)))
                .map_err(draw_err)?;
            chart
                .draw_series(
                    r.into_iter()
                        .map(|p| Circle::new(p, 4, NHS_DARK_BLUE.filled())),
                )
                .map_err(draw_err)?;
        }
        root.present().map_err(draw_err)?;
    }
    Ok(finish(buf, id, title, desc))
}

/// A histogram of time to handover: `bins` are (lower, upper) minutes with a
/// count, the last open-ended; a red line marks the target.
pub fn histogram(
    lang: Lang,
    id: &str,
    title: &str,
    desc: &str,
    bins: &[(i64, Option<i64>, i64)],
    target_minutes: i64,
) -> Result<String, AppError> {
    let height = 300;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        // Hours on the x axis, so plotters' ticks fall on whole hours.
        let last = bins.last().map(|b| b.0).unwrap_or(480) as f64 / 60.0;
        let x_max = last + 0.5;
        let top = bins.iter().map(|b| b.2).max().unwrap_or(0) as f64;
        let y_max = nice_max(top * 1.1, 5.0, None);
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(48)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..x_max, 0f64..y_max)
            .map_err(draw_err)?;
        let fmt = |x: &f64| {
            if (x - x.round()).abs() > 1e-6 {
                String::new()
            } else if *x >= last {
                render(
                    lang,
                    &crate::msg!("report-chart-hours-tick-last", n = format!("{x:.0}")),
                )
            } else {
                render(
                    lang,
                    &crate::msg!("report-chart-hours-tick", n = format!("{x:.0}")),
                )
            }
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(GRID)
            .light_line_style(WHITE)
            .axis_style(TEXT)
            .x_labels(x_max as usize + 1)
            .y_labels(5)
            .x_label_formatter(&fmt)
            .y_label_formatter(&|y| format!("{y:.0}"))
            .x_desc(text(lang, "report-chart-histogram-x"))
            .y_desc(text(lang, "report-col-handovers"))
            .label_style((FONT, LABEL).into_font().color(&TEXT))
            .axis_desc_style((FONT, LABEL).into_font().color(&TEXT))
            .draw()
            .map_err(draw_err)?;
        chart
            .draw_series(bins.iter().map(|(lower, upper, count)| {
                let lo = *lower as f64 / 60.0;
                let hi = upper.map(|u| u as f64 / 60.0).unwrap_or(x_max);
                let colour = if *lower >= target_minutes {
                    NHS_RED
                } else {
                    NHS_BLUE
                };
                Rectangle::new(
                    [(lo + 0.02, 0.0), (hi - 0.02, *count as f64)],
                    colour.filled(),
                )
            }))
            .map_err(draw_err)?;
        let t = target_minutes as f64 / 60.0;
        chart
            .draw_series(LineSeries::new(
                [(t, 0.0), (t, y_max)],
                TEXT.stroke_width(2),
            ))
            .map_err(draw_err)?;
        chart
            .draw_series(std::iter::once(Text::new(
                format!(
                    " {}",
                    render(
                        lang,
                        &crate::msg!("report-chart-target-minutes", minutes = target_minutes)
                    )
                ),
                (t, y_max),
                (FONT, LABEL)
                    .into_font()
                    .color(&TEXT)
                    .pos(Pos::new(HPos::Left, VPos::Top)),
            )))
            .map_err(draw_err)?;
        root.present().map_err(draw_err)?;
    }
    Ok(finish(buf, id, title, desc))
}

/// Splits `s` into lines of at most `width` characters at spaces (a single
/// longer word gets a line of its own): bar labels are written whole.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in s.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + word.chars().count() <= width => {
                l.push(' ');
                l.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// Characters per line of a bar label: about the chart's width in 16-unit text.
const LABEL_CHARS: usize = 44;

/// Horizontal bars, one per (label, value), top to bottom. Each label is
/// written whole above its bar (wrapped, never cut) and each bar ends in its
/// value, so a long site name stays readable on a phone.
pub fn bars(
    id: &str,
    title: &str,
    desc: &str,
    x_desc: &str,
    rows: &[(String, i64)],
) -> Result<String, AppError> {
    let n = rows.len().max(1);
    let labels: Vec<Vec<String>> = rows.iter().map(|r| wrap(&r.0, LABEL_CHARS)).collect();
    let lines = labels.iter().map(Vec::len).max().unwrap_or(1) as u32;
    // Pixels per row: the label's lines, then the bar.
    let line_px = 20u32;
    let bar_px = 18u32;
    let row_px = lines * line_px + bar_px + 10;
    let height = 70 + row_px * n as u32;
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let top = rows.iter().map(|r| r.1).max().unwrap_or(0) as f64;
        // Room after the longest bar for its value.
        let x_max = nice_max(top * 1.15, 5.0, None);
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(4)
            .build_cartesian_2d(0f64..x_max, (n as f64 - 0.5)..-0.5f64)
            .map_err(draw_err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .bold_line_style(GRID)
            .light_line_style(WHITE)
            .axis_style(TEXT)
            .y_labels(0)
            .x_labels(5)
            .x_label_formatter(&|x| format!("{x:.0}"))
            .x_desc(x_desc)
            .label_style((FONT, LABEL).into_font().color(&TEXT))
            .axis_desc_style((FONT, LABEL).into_font().color(&TEXT))
            .draw()
            .map_err(draw_err)?;
        // Row i spans i−0.5 (top) to i+0.5 in data units.
        let unit = |px: u32| px as f64 / row_px as f64;
        let font = (FONT, LABEL).into_font().color(&TEXT);
        for (i, ((_, v), label)) in rows.iter().zip(&labels).enumerate() {
            let top = i as f64 - 0.5;
            for (k, line) in label.iter().enumerate() {
                chart
                    .draw_series(std::iter::once(Text::new(
                        line.clone(),
                        (x_max * 0.005, top + unit(4 + k as u32 * line_px)),
                        font.clone().pos(Pos::new(HPos::Left, VPos::Top)),
                    )))
                    .map_err(draw_err)?;
            }
            let bar_top = top + unit(lines * line_px + 6);
            let bar_bottom = bar_top + unit(bar_px);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, bar_top), (*v as f64, bar_bottom)],
                    NHS_RED.filled(),
                )))
                .map_err(draw_err)?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!(" {v}"),
                    (*v as f64, (bar_top + bar_bottom) / 2.0),
                    font.clone().pos(Pos::new(HPos::Left, VPos::Center)),
                )))
                .map_err(draw_err)?;
        }
        root.present().map_err(draw_err)?;
    }
    Ok(finish(buf, id, title, desc))
}

/// A small trend line for a headline tile: no axes or labels (the tile says
/// the figure and its change in words; the table holds every value). A
/// missing value breaks the line.
pub fn spark(
    id: &str,
    title: &str,
    desc: &str,
    values: &[Option<f64>],
) -> Result<String, AppError> {
    let (w, h) = (160u32, 40u32);
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let n = values.len().max(2);
        let known: Vec<f64> = values.iter().flatten().copied().collect();
        let lo = known.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = known.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = if known.is_empty() {
            (0.0, 1.0)
        } else if (hi - lo).abs() < 1e-9 {
            (lo - 1.0, hi + 1.0)
        } else {
            (lo, hi)
        };
        let mut chart = ChartBuilder::on(&root)
            .margin(5)
            .build_cartesian_2d(0f64..(n as f64 - 1.0), lo..hi)
            .map_err(draw_err)?;
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut runs = Vec::new();
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => run.push((i as f64, *v)),
                None => runs.push(std::mem::take(&mut run)),
            }
        }
        runs.push(run);
        for r in runs.into_iter().filter(|r| !r.is_empty()) {
            let last = r[r.len() - 1];
            chart
                .draw_series(LineSeries::new(r, NHS_BLUE.stroke_width(2)))
                .map_err(draw_err)?;
            chart
                .draw_series(std::iter::once(Circle::new(
                    last,
                    3,
                    NHS_DARK_BLUE.filled(),
                )))
                .map_err(draw_err)?;
        }
        root.present().map_err(draw_err)?;
    }
    Ok(finish(buf, id, title, desc).replacen("class=\"app-chart\"", "class=\"app-spark\"", 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_accessible_and_free_of_inline_styles() {
        let svg = line(
            "rate",
            "Breach rate by week",
            "From 10% to 20%",
            "Breach rate (%)",
            &[
                ("1 Nov".into(), Some(10.0)),
                ("8 Nov".into(), None),
                ("15 Nov".into(), Some(20.0)),
            ],
            (10.0, None),
            Some((60.0, "Target")),
        )
        .unwrap();
        assert!(svg.starts_with("<svg viewBox=\"0 0 480 300\" class=\"app-chart\" role=\"img\""));
        assert!(svg.contains("<title id=\"rate-title\">Breach rate by week</title>"));
        assert!(svg.contains("<desc id=\"rate-desc\">From 10% to 20%</desc>"));
        assert!(!svg.contains("style="), "the CSP forbids inline styles");
        let root = &svg[..svg.find('>').unwrap()];
        assert!(!root.contains("width="), "the chart is fluid: {root}");
        let h = histogram(
            Lang::En,
            "h",
            "t",
            "d",
            &[(0, Some(30), 3), (30, Some(60), 0), (60, None, 2)],
            60,
        )
        .unwrap();
        assert!(h.contains("60 min target") && !h.contains("style="));
        let b = bars(
            "b",
            "t",
            "<d & e>",
            "Breaches",
            &[("A very long site name indeed".into(), 4)],
        )
        .unwrap();
        assert!(b.contains("&lt;d &amp; e&gt;") && b.contains("A very long site name indeed"));
    }

    /// The y labels plotters wrote: the text of every `<text>` element.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| t.split_once('>').and_then(|(_, r)| r.split_once("</text>")))
            .map(|(t, _)| t.trim().to_string())
            .collect()
    }

    #[test]
    fn a_rate_axis_stops_at_100_percent() {
        // Defect: a highest value of 100% drew an axis up to 200%.
        let pts = [("a".into(), Some(50.0)), ("b".into(), Some(100.0))];
        let svg = line(
            "r",
            "t",
            "d",
            "Breach rate (%)",
            &pts,
            (10.0, Some(100.0)),
            None,
        )
        .unwrap();
        let labels = texts(&svg);
        assert!(labels.iter().any(|t| t == "100"), "{labels:?}");
        assert!(
            !labels.iter().any(|t| t == "200" || t == "150"),
            "{labels:?}"
        );
        assert_eq!(nice_max(110.0, 10.0, Some(100.0)), 100.0);
        assert_eq!(nice_max(110.0, 10.0, None), 200.0);
        assert_eq!(nice_max(33.0, 10.0, Some(100.0)), 50.0);
        assert_eq!(nice_max(22.0, 10.0, None), 25.0);
        assert_eq!(nice_max(3.0, 10.0, None), 10.0);
    }

    #[test]
    fn bar_labels_are_whole_and_wrapped() {
        let name = "City Hospital emergency department and urgent care centre";
        let b = bars(
            "b",
            "t",
            "d",
            "Breaches",
            &[(name.into(), 7), ("Oak".into(), 2)],
        )
        .unwrap();
        let labels = texts(&b);
        assert!(!b.contains('…'));
        // Whole (every word, in order) and wrapped (over more than one line).
        let joined = labels.join(" ");
        assert!(joined.contains(name), "{labels:?}");
        let lines = labels
            .iter()
            .filter(|t| t.len() > 3 && name.contains(t.as_str()));
        assert!(lines.count() >= 2, "wrapped: {labels:?}");
        assert!(
            labels.iter().any(|t| t == "7"),
            "values are written: {labels:?}"
        );
        assert_eq!(wrap("a b", 44), vec!["a b"]);
        assert_eq!(wrap("", 44), vec![""]);
    }
}
