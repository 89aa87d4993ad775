//! Measures: a figure with a unit of length, mass or speed, in SI.
//!
//! In: a piece of text (a replaced run of an aligned pair). Out: each
//! measure written in it, as a dimension and an amount in metres,
//! kilograms or metres per second, so that "200ft" and "60 metres", or
//! "15 miles" and "24km", are seen as one distance: outlets convert units
//! for their readers, and a conversion is a variant, not a conflict.

use crate::patterns::MEASURE;

/// What a measure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dimension {
    Length,
    Mass,
    Speed,
}

/// One measure, in SI units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Measure {
    pub dimension: Dimension,
    pub amount: f64,
}

/// Two measures this close (relative) are one, rounded differently:
/// "200 feet" is 61 metres, written "60 metres".
const ROUNDING: f64 = 0.06;

/// Every measure in `text`. A figure after a currency sign is money
/// ("$2.6m"), not metres.
pub(crate) fn measures(text: &str) -> Vec<Measure> {
    MEASURE
        .captures_iter(text)
        .filter(|c| {
            let start = c.get(0).map_or(0, |m| m.start());
            !text[..start].trim_end().ends_with(['$', '£', '€', '¥'])
        })
        .filter_map(|c| {
            let amount: f64 = c["n"].replace(',', "").parse().ok()?;
            let name: String = c["unit"].to_lowercase().split_whitespace().collect();
            let (dimension, per_unit) = unit(&name)?;
            Some(Measure { dimension, amount: amount * per_unit })
        })
        .collect()
}

/// Whether some measure of `a` and some of `b` are one quantity in two units.
pub(crate) fn one_measure(a: &[Measure], b: &[Measure]) -> bool {
    a.iter().any(|x| {
        b.iter().any(|y| {
            x.dimension == y.dimension
                && x.amount > 0.0
                && ((x.amount - y.amount).abs() / x.amount.max(y.amount)) <= ROUNDING
        })
    })
}

/// A unit's dimension and its size in SI units.
fn unit(name: &str) -> Option<(Dimension, f64)> {
    use Dimension::*;
    Some(match name {
        "feet" | "foot" | "ft" => (Length, 0.3048),
        "metres" | "meters" | "metre" | "meter" | "m" => (Length, 1.0),
        "kilometres" | "kilometers" | "kilometre" | "kilometer" | "km" => (Length, 1000.0),
        "miles" | "mile" | "mi" => (Length, 1609.344),
        "yards" | "yard" | "yd" => (Length, 0.9144),
        "inches" | "inch" => (Length, 0.0254),
        "centimetres" | "centimeters" | "cm" => (Length, 0.01),
        "kilograms" | "kilogram" | "kg" | "kilos" => (Mass, 1.0),
        "pounds" | "pound" | "lbs" | "lb" => (Mass, 0.453_592),
        "tonnes" | "tons" => (Mass, 1000.0),
        "mph" => (Speed, 0.44704),
        "km/h" | "kph" => (Speed, 1.0 / 3.6),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_converted_distance_is_one_measure() {
        assert!(one_measure(&measures("about 200ft from a ridge"), &measures("60 metres (200 feet)")));
        assert!(one_measure(&measures("15 miles north"), &measures("24km north")));
        assert!(one_measure(&measures("1,500 lbs"), &measures("680 kg")));
    }

    #[test]
    fn different_distances_and_money_are_not() {
        assert!(!one_measure(&measures("50 miles north"), &measures("15 miles north")));
        assert!(!one_measure(&measures("200 feet"), &measures("200 kg")));
        assert!(measures("a $2.6m haul").is_empty());
        assert!(measures("at 5 a.m.").is_empty());
    }
}
