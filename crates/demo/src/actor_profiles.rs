//! The directory details of the demo tenant's people (title, department, manager,
//! dates, notes…), drawn once at seeding from each actor's id; the actors service
//! (`actors.rs`) serves and changes them.

use super::store::{Actor, ActorProfile};

const TITLES: &[&str] = &[
    "Software Engineer",
    "Senior Analyst",
    "Account Executive",
    "Product Manager",
    "Designer",
    "Director",
    "Specialist",
    "Consultant",
];
const DIVISIONS: &[&str] = &["Operations", "Commercial", "Research", "Corporate"];
const PLACES: &[(&str, &str, &str)] = &[
    ("US", "Minnesota", "Minneapolis"),
    ("US", "California", "San Francisco"),
    ("US", "New York", "New York"),
    ("GB", "England", "London"),
    ("DE", "Berlin", "Berlin"),
    ("US", "Texas", "Austin"),
];

/// A number drawn from the actor's seeded id and a salt: the same tenant seed always
/// gives the same profiles, without touching the seed's random sequence.
fn draw(actor: &Actor, salt: u64) -> u64 {
    actor
        .id
        .bytes()
        .chain(salt.to_le_bytes())
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
}

fn pick<T: Copy + Default>(items: &[T], n: u64) -> T {
    let len = u64::try_from(items.len()).unwrap_or(1).max(1);
    usize::try_from(n.checked_rem(len).unwrap_or(0))
        .ok()
        .and_then(|i| items.get(i).copied())
        .unwrap_or_default()
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The directory details of every actor, derived from the seeded actors.
pub fn profiles(actors: &[Actor]) -> Vec<ActorProfile> {
    actors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let h = draw(a, 1);
            let local = a.email.split('@').next().unwrap_or_default();
            let mut parts = local.splitn(2, '.');
            let first = capitalized(parts.next().unwrap_or_default());
            let last = capitalized(
                parts
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches(|c: char| c.is_ascii_digit()),
            );
            // The directory knows a person by the id their alerts, sessions and file
            // events carry, as a tenant's services share one actor id.
            let actor_id = a.id.clone();
            // The first six lead; everyone else reports to one of them, and the leads
            // after the first report to the first.
            let manager = match i {
                0 => None,
                1..=5 => Some(0),
                _ => Some(i.checked_rem(5).unwrap_or(0).saturating_add(1)),
            };
            let employee_type = match h.checked_rem(10).unwrap_or(0) {
                0 | 1 => "contractor",
                2 => "part-time",
                _ => "full-time",
            };
            let (country, region, locality) = pick(PLACES, h >> 8);
            let days = (h >> 16).checked_rem(2500).unwrap_or(0);
            let start = chrono::NaiveDate::from_ymd_opt(2018, 1, 8)
                .and_then(|d| d.checked_add_days(chrono::Days::new(days)));
            let departing = i.checked_rem(9) == Some(4);
            let end = departing
                .then(|| chrono::NaiveDate::from_ymd_opt(2026, 12, 31))
                .flatten()
                .and_then(|d| {
                    d.checked_sub_days(chrono::Days::new((h >> 24).checked_rem(40).unwrap_or(0)))
                });
            ActorProfile {
                actor_id,
                first_name: first,
                last_name: last,
                title: pick(TITLES, h >> 32).to_string(),
                division: pick(DIVISIONS, h >> 40).to_string(),
                employee_type: employee_type.to_string(),
                country: country.to_string(),
                region: region.to_string(),
                locality: locality.to_string(),
                manager,
                start_date: start.map(|d| d.format("%Y-%m-%d").to_string()),
                end_date: end.map(|d| d.format("%Y-%m-%d").to_string()),
                notes: departing.then(|| "Departing: resignation received.".to_string()),
                active: i.checked_rem(17) != Some(16),
                alternate_names: vec![a.email.replace("@example.com", "@corp.example.com")],
            }
        })
        .collect()
}
