//! The demo tenant's watchlists as it holds them: each list's type, title and who is on
//! it (actors included or excluded one by one, departments included whole). The
//! seeded lists have fixed ids, so the alerts can name the lists their rules watch.

use chrono::{DateTime, Utc};

/// The seeded departing-employee list; the "Departing Employee" rules' alerts name it.
pub const DEPARTING_WATCHLIST: &str = "cab1cde0-3764-4a49-a2e4-4841ff486828";
/// The seeded high-impact-employee list; the "High Risk Employee" rules' alerts name it.
pub const HIGH_IMPACT_WATCHLIST: &str = "4f110eeb-25a1-4793-8314-e2e47e744d70";
pub const FLIGHT_RISK_WATCHLIST: &str = "192f11c3-1b35-4eeb-836c-73259a211e8b";
pub const NEW_EMPLOYEE_WATCHLIST: &str = "8c2c43fc-60df-4e73-bfc9-9b51fdd9271b";
pub const CONTRACT_WATCHLIST: &str = "327ece7a-e671-4a0e-8f13-1a4e4c67b31d";
/// The seeded custom list (source code access).
pub const CUSTOM_WATCHLIST: &str = "d7fa8390-aeb3-410d-9901-37932251eaf7";

/// The types a watchlist may have, as the service spells them (`CUSTOM` lists also have
/// a title; of every other type a tenant has at most one list).
pub const WATCHLIST_TYPES: &[&str] = &[
    "CONTRACT_EMPLOYEE",
    "DEPARTING_EMPLOYEE",
    "ELEVATED_ACCESS_PRIVILEGES",
    "FLIGHT_RISK",
    "HIGH_IMPACT_EMPLOYEE",
    "NEW_EMPLOYEE",
    "PERFORMANCE_CONCERNS",
    "POOR_SECURITY_PRACTICES",
    "SUSPICIOUS_SYSTEM_ACTIVITY",
    "CUSTOM",
];

/// Something put on a list (an actor by its actors-service id, or a department by
/// name) and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub key: String,
    pub added: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watchlist {
    pub id: String,
    pub list_type: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub included_actors: Vec<Listed>,
    pub excluded_actors: Vec<Listed>,
    pub included_departments: Vec<Listed>,
}

impl Watchlist {
    pub fn new(id: &str, list_type: &str) -> Watchlist {
        Watchlist {
            id: id.to_string(),
            list_type: list_type.to_string(),
            title: None,
            description: None,
            included_actors: Vec::new(),
            excluded_actors: Vec::new(),
            included_departments: Vec::new(),
        }
    }
}

/// Puts `key` on `list` at `at`, unless it is there already (it keeps its first time).
pub fn put(list: &mut Vec<Listed>, key: &str, at: DateTime<Utc>) {
    if !list.iter().any(|l| l.key == key) {
        list.push(Listed {
            key: key.to_string(),
            added: at,
        });
    }
}
