//! The sort of the alert list: a column the server can sort by and a direction.

/// Columns the server can sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    Created,
    Severity,
    State,
    RuleName,
    Actor,
    Id,
}

impl SortColumn {
    pub const CYCLE: [SortColumn; 6] = [
        SortColumn::Created,
        SortColumn::Severity,
        SortColumn::State,
        SortColumn::RuleName,
        SortColumn::Actor,
        SortColumn::Id,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SortColumn::Created => "created",
            SortColumn::Severity => "severity",
            SortColumn::State => "state",
            SortColumn::RuleName => "rule",
            SortColumn::Actor => "actor",
            SortColumn::Id => "id",
        }
    }

    pub fn next(self) -> SortColumn {
        Self::CYCLE
            .iter()
            .cycle()
            .skip_while(|c| **c != self)
            .nth(1)
            .copied()
            .unwrap_or(SortColumn::Created)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortSpec {
    pub column: SortColumn,
    pub descending: bool,
}

impl Default for SortSpec {
    fn default() -> Self {
        SortSpec {
            column: SortColumn::Created,
            descending: true,
        }
    }
}
