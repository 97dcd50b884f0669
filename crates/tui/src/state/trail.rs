//! Where a pivot came from: the breadcrumbs. A pivot (`:alerts …`, the actor card, a
//! list of an actor's sessions) puts the place it leaves on the trail; `Esc` goes back
//! to the last one, as k9s does, and the top line shows the way taken.

use super::{ActorCard, Pane, View};

/// The most places the trail keeps; the oldest go first.
pub const TRAIL_MAX: usize = 20;

/// A place the analyst was at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A list: which one, the filter in force there, the row selected (by key) and the
    /// pane that had the focus.
    List {
        view: View,
        filter: String,
        selected: Option<String>,
        focus: Pane,
    },
    /// The actor card, as it was.
    Actor(Box<ActorCard>),
}

impl Place {
    /// Its breadcrumb: "alerts state:open", "actor ava@example.com".
    pub fn label(&self) -> String {
        match self {
            Place::List { view, filter, .. } if filter.trim().is_empty() => view.name().to_string(),
            Place::List { view, filter, .. } => format!("{} {}", view.name(), filter.trim()),
            Place::Actor(card) => format!("actor {}", card.label()),
        }
    }
}

/// A value for a filter's `field:value`: bare when it can be, in double quotes when it
/// holds spaces or the filter's own characters; `None` when it holds a double quote,
/// which the filter language cannot carry.
pub fn filter_value(value: &str) -> Option<String> {
    if value.is_empty() || value.contains('"') {
        return None;
    }
    let bare = value
        .chars()
        .all(|c| !c.is_whitespace() && !matches!(c, ',' | '|' | ':' | '(' | ')' | '!' | '~'));
    Some(if bare {
        value.to_string()
    } else {
        format!("\"{value}\"")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_values_are_bare_quoted_or_refused() {
        assert_eq!(
            filter_value("ava@example.com").as_deref(),
            Some("ava@example.com")
        );
        assert_eq!(filter_value("Ava Smith").as_deref(), Some("\"Ava Smith\""));
        assert_eq!(filter_value("a,b").as_deref(), Some("\"a,b\""));
        assert_eq!(filter_value("say \"hi\""), None);
        assert_eq!(filter_value(""), None);
    }

    #[test]
    fn quoted_values_parse_back_to_themselves() {
        let now = chrono::Utc::now();
        for name in ["ava@example.com", "Ava Smith", "x|y", "a:b", "o'neil@x.com"] {
            let text = format!("actor:{}", filter_value(name).unwrap());
            let query = crate::filter::parse(&text, now).unwrap();
            assert!(format!("{query:?}").contains(name), "{text} → {query:?}");
        }
    }
}
