//! The list the panes show: alerts, sessions or cases. A saved view (`saved_views.rs`) opens
//! one of these with its own query and sort.

/// Which queue the panes show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum View {
    #[default]
    Alerts,
    Sessions,
    Cases,
}

impl View {
    /// The built-in views, by the name `--view` and profiles use.
    pub const BUILT_IN: [View; 3] = [View::Alerts, View::Sessions, View::Cases];

    pub fn name(self) -> &'static str {
        match self {
            View::Alerts => "alerts",
            View::Sessions => "sessions",
            View::Cases => "cases",
        }
    }

    /// A built-in view by name (any case); the error lists the valid names.
    pub fn from_name(name: &str) -> Result<View, String> {
        let wanted = name.trim().to_ascii_lowercase();
        View::BUILT_IN
            .iter()
            .copied()
            .find(|v| v.name() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = View::BUILT_IN.iter().map(|v| v.name()).collect();
                format!(
                    "unknown view {:?}; the views are {}",
                    crate::sanitize::one_line(name),
                    names.join(", ")
                )
            })
    }

    /// What its items are called: ("alert", "alerts").
    pub fn nouns(self) -> (&'static str, &'static str) {
        match self {
            View::Alerts => ("alert", "alerts"),
            View::Sessions => ("session", "sessions"),
            View::Cases => ("case", "cases"),
        }
    }

    pub fn other(self) -> View {
        match self {
            View::Alerts => View::Sessions,
            View::Sessions | View::Cases => View::Alerts,
        }
    }
}
