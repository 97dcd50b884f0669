//! What a user can ask for: each `Action` with its keymap name and whether it changes
//! the tenant (the one source for hints, help and `--read-only`).

/// Something a user can ask for by key; names match the keymap TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    MoveDown,
    MoveUp,
    PageDown,
    PageUp,
    Home,
    End,
    NextPane,
    PrevPane,
    Open,
    Filter,
    CycleSort,
    FlipSort,
    ToggleMark,
    MarkRange,
    MarkAll,
    ClearMarks,
    Resolve,
    Reopen,
    MarkPending,
    MarkInProgress,
    EditNote,
    CreateCase,
    AddToCase,
    Refresh,
    Export,
    Copy,
    Journal,
    Help,
    Redraw,
    Zoom,
    SwitchView,
    CloseTruePositive,
    CloseFalsePositive,
    CloseBenign,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::Quit,
        Action::MoveDown,
        Action::MoveUp,
        Action::PageDown,
        Action::PageUp,
        Action::Home,
        Action::End,
        Action::NextPane,
        Action::PrevPane,
        Action::Open,
        Action::Filter,
        Action::CycleSort,
        Action::FlipSort,
        Action::ToggleMark,
        Action::MarkRange,
        Action::MarkAll,
        Action::ClearMarks,
        Action::Resolve,
        Action::Reopen,
        Action::MarkPending,
        Action::MarkInProgress,
        Action::EditNote,
        Action::CreateCase,
        Action::AddToCase,
        Action::Refresh,
        Action::Export,
        Action::Copy,
        Action::Journal,
        Action::Help,
        Action::Redraw,
        Action::Zoom,
        Action::SwitchView,
        Action::CloseTruePositive,
        Action::CloseFalsePositive,
        Action::CloseBenign,
    ];

    /// The name used in keymap files.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::MoveDown => "move_down",
            Action::MoveUp => "move_up",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::Home => "home",
            Action::End => "end",
            Action::NextPane => "next_pane",
            Action::PrevPane => "prev_pane",
            Action::Open => "open",
            Action::Filter => "filter",
            Action::CycleSort => "cycle_sort",
            Action::FlipSort => "flip_sort",
            Action::ToggleMark => "toggle_mark",
            Action::MarkRange => "mark_range",
            Action::MarkAll => "mark_all",
            Action::ClearMarks => "clear_marks",
            Action::Resolve => "resolve",
            Action::Reopen => "reopen",
            Action::MarkPending => "mark_pending",
            Action::MarkInProgress => "mark_in_progress",
            Action::EditNote => "edit_note",
            Action::CreateCase => "create_case",
            Action::AddToCase => "add_to_case",
            Action::Refresh => "refresh",
            Action::Export => "export",
            Action::Copy => "copy",
            Action::Journal => "journal",
            Action::Help => "help",
            Action::Redraw => "redraw",
            Action::Zoom => "zoom",
            Action::SwitchView => "switch_view",
            Action::CloseTruePositive => "close_true_positive",
            Action::CloseFalsePositive => "close_false_positive",
            Action::CloseBenign => "close_benign",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// Mutating actions change the tenant; `--read-only` removes them.
    pub fn is_mutating(self) -> bool {
        matches!(
            self,
            Action::Resolve
                | Action::Reopen
                | Action::MarkPending
                | Action::MarkInProgress
                | Action::EditNote
                | Action::CreateCase
                | Action::AddToCase
                | Action::CloseTruePositive
                | Action::CloseFalsePositive
                | Action::CloseBenign
        )
    }
}
