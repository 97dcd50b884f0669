//! What a user can ask for: each `Action` with its keymap name, its description and
//! whether it changes the tenant — the one source for hints, help and `--read-only` —
//! and the `Layer`s (the panes, and each pop-up or line that takes keys) it is bound in.

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
    CopyLink,
    Journal,
    Help,
    Redraw,
    Zoom,
    Watch,
    /// Esc in the panes: the message goes, and the filter in force with it.
    Clear,
    PreviousFilter,
    OlderFilter,
    NewerFilter,
    // The filter line.
    ApplyFilter,
    LeaveFilter,
    // Yes/no questions: the confirmation of a change, "discard?", "quit?".
    Yes,
    No,
    // The note editor; `CancelEdit` in the case form too.
    SaveNote,
    CancelEdit,
    // The case form.
    NextField,
    PrevField,
    NextFieldOrCreate,
    SubmitCase,
    // The case picker.
    AddToPickedCase,
    // The export prompt.
    WriteExport,
    /// Closes the case picker, the export prompt or the journal.
    Close,
    // The journal.
    Undo,
    // The help.
    TypeHelpFilter,
    KeepHelpFilter,
    ClearHelpFilterOrClose,
    SwitchView,
    CloseTruePositive,
    CloseFalsePositive,
    CloseBenign,
    // The view picker.
    OpenView,
    SaveView,
    DeleteView,
    // The name of a view being saved.
    SaveViewNamed,
    /// `:`: the command line.
    CommandLine,
    /// The actor card of the selected alert's or session's actor.
    ActorCard,
    // The command line.
    RunCommandLine,
    Complete,
    // The actor card.
    PivotAlerts,
    PivotSessions,
    PivotFileEvents,
    AddToWatchlist,
    RemoveFromWatchlist,
    /// Cases: who the selected case is assigned to.
    Assign,
}

/// Where a key is looked up: the panes, or the pop-up or line that has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layer {
    Global,
    Filter,
    Confirm,
    Editor,
    CaseForm,
    CasePicker,
    ViewPicker,
    ViewName,
    Export,
    Journal,
    FileEvent,
    Command,
    ActorCard,
    Watchlists,
    CommandOutput,
    Help,
}

impl Layer {
    /// In the order help lists them.
    pub const ALL: &'static [Layer] = &[
        Layer::Global,
        Layer::Filter,
        Layer::Confirm,
        Layer::Editor,
        Layer::CaseForm,
        Layer::CasePicker,
        Layer::ViewPicker,
        Layer::ViewName,
        Layer::Export,
        Layer::Journal,
        Layer::FileEvent,
        Layer::Command,
        Layer::ActorCard,
        Layer::Watchlists,
        Layer::CommandOutput,
        Layer::Help,
    ];

    /// The name of its array of tables in keymap files (`[[confirm]]`); the panes keep
    /// `[[binding]]`, the one name older files know.
    pub fn section(self) -> &'static str {
        match self {
            Layer::Global => "binding",
            Layer::Filter => "filter",
            Layer::Confirm => "confirm",
            Layer::Editor => "editor",
            Layer::CaseForm => "case_form",
            Layer::CasePicker => "case_picker",
            Layer::ViewPicker => "view_picker",
            Layer::ViewName => "view_name",
            Layer::Export => "export",
            Layer::Journal => "journal",
            Layer::FileEvent => "file_event",
            Layer::Command => "command",
            Layer::ActorCard => "actor_card",
            Layer::Watchlists => "watchlists",
            Layer::CommandOutput => "command_output",
            Layer::Help => "help",
        }
    }

    pub fn from_section(section: &str) -> Option<Layer> {
        Layer::ALL.iter().copied().find(|l| l.section() == section)
    }

    /// Its heading in help.
    pub fn title(self) -> &'static str {
        match self {
            Layer::Global => "In the panes",
            Layer::Filter => "Filter line (while typing a filter)",
            Layer::Confirm => "Questions (confirm a change, discard text, quit)",
            Layer::Editor => "Note editor",
            Layer::CaseForm => "New case form",
            Layer::CasePicker => "Case picker",
            Layer::ViewPicker => "Views (alerts, sessions and the saved ones)",
            Layer::ViewName => "Name of a view being saved",
            Layer::Export => "Export prompt",
            Layer::Journal => "Journal",
            Layer::FileEvent => "An event of a file (Enter on the events of a file)",
            Layer::Command => "Command line (:actor NAME, :alerts FILTER, :hash SHA256, :!NAME …)",
            Layer::ActorCard => "Actor card (a on an alert or a session, :actor NAME)",
            Layer::Watchlists => "Watchlists (add, remove, :watchlists)",
            Layer::CommandOutput => "The output of one of your commands ([[commands]], :!NAME)",
            Layer::Help => "This help",
        }
    }

    /// The actions that can be bound in it.
    pub fn actions(self) -> &'static [Action] {
        match self {
            Layer::Global => Action::ALL,
            Layer::Filter => &[
                Action::ApplyFilter,
                Action::LeaveFilter,
                Action::OlderFilter,
                Action::NewerFilter,
            ],
            Layer::Confirm => &[Action::Yes, Action::No],
            Layer::Editor => &[Action::SaveNote, Action::CancelEdit],
            Layer::CaseForm => &[
                Action::NextField,
                Action::PrevField,
                Action::NextFieldOrCreate,
                Action::SubmitCase,
                Action::CancelEdit,
            ],
            Layer::CasePicker => &[
                Action::MoveDown,
                Action::MoveUp,
                Action::AddToPickedCase,
                Action::Close,
            ],
            Layer::ViewPicker => &[
                Action::MoveDown,
                Action::MoveUp,
                Action::OpenView,
                Action::SaveView,
                Action::DeleteView,
                Action::Close,
            ],
            Layer::ViewName => &[Action::SaveViewNamed, Action::Close],
            Layer::Export => &[Action::WriteExport, Action::Close],
            Layer::Journal => &[
                Action::Open,
                Action::MoveDown,
                Action::MoveUp,
                Action::PageDown,
                Action::PageUp,
                Action::Home,
                Action::End,
                Action::Undo,
                Action::Close,
            ],
            Layer::FileEvent => &[Action::Copy, Action::Close],
            Layer::Command => &[
                Action::RunCommandLine,
                Action::LeaveFilter,
                Action::Complete,
                Action::OlderFilter,
                Action::NewerFilter,
            ],
            Layer::ActorCard => &[
                Action::MoveDown,
                Action::MoveUp,
                Action::NextPane,
                Action::PrevPane,
                Action::Open,
                Action::PivotAlerts,
                Action::PivotSessions,
                Action::PivotFileEvents,
                Action::AddToWatchlist,
                Action::RemoveFromWatchlist,
                Action::EditNote,
                Action::Copy,
                Action::Refresh,
                Action::Close,
            ],
            Layer::Watchlists => &[
                Action::MoveDown,
                Action::MoveUp,
                Action::Open,
                Action::Close,
            ],
            Layer::CommandOutput => &[
                Action::MoveDown,
                Action::MoveUp,
                Action::PageDown,
                Action::PageUp,
                Action::Home,
                Action::End,
                Action::Close,
            ],
            Layer::Help => &[
                Action::MoveDown,
                Action::MoveUp,
                Action::PageDown,
                Action::PageUp,
                Action::Home,
                Action::End,
                Action::TypeHelpFilter,
                Action::KeepHelpFilter,
                Action::ClearHelpFilterOrClose,
            ],
        }
    }

    /// The action of that name in this layer (names are unique within a layer only).
    pub fn action_named(self, name: &str) -> Option<Action> {
        self.actions().iter().copied().find(|a| a.name() == name)
    }
}

impl Action {
    /// The actions of the panes (the global layer), in the order help lists them.
    pub const ALL: &'static [Action] = &[
        Action::MoveDown,
        Action::MoveUp,
        Action::PageDown,
        Action::PageUp,
        Action::Home,
        Action::End,
        Action::NextPane,
        Action::PrevPane,
        Action::Open,
        Action::Zoom,
        Action::Filter,
        Action::Clear,
        Action::PreviousFilter,
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
        Action::Watch,
        Action::Export,
        Action::Copy,
        Action::CopyLink,
        Action::Journal,
        Action::Help,
        Action::Redraw,
        Action::SwitchView,
        Action::CommandLine,
        Action::ActorCard,
        Action::Assign,
        Action::CloseTruePositive,
        Action::CloseFalsePositive,
        Action::CloseBenign,
        Action::Quit,
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
            Action::CopyLink => "copy_link",
            Action::Journal => "journal",
            Action::Help => "help",
            Action::Redraw => "redraw",
            Action::Zoom => "zoom",
            Action::Watch => "watch",
            Action::Clear => "clear",
            Action::PreviousFilter => "previous_filter",
            Action::OlderFilter => "older",
            Action::NewerFilter => "newer",
            Action::ApplyFilter => "apply",
            Action::LeaveFilter => "cancel",
            Action::Yes => "yes",
            Action::No => "no",
            Action::SaveNote => "submit",
            Action::CancelEdit => "cancel",
            Action::NextField => "next_field",
            Action::PrevField => "prev_field",
            Action::NextFieldOrCreate => "next_field_or_create",
            Action::SubmitCase => "create",
            Action::AddToPickedCase => "add",
            Action::WriteExport => "write",
            Action::Close => "close",
            Action::Undo => "undo",
            Action::TypeHelpFilter => "filter",
            Action::KeepHelpFilter => "keep_filter",
            Action::ClearHelpFilterOrClose => "close",
            Action::SwitchView => "switch_view",
            Action::CloseTruePositive => "close_true_positive",
            Action::CloseFalsePositive => "close_false_positive",
            Action::CloseBenign => "close_benign",
            Action::OpenView => "open",
            Action::SaveView => "save",
            Action::DeleteView => "delete",
            Action::SaveViewNamed => "save",
            Action::CommandLine => "command_line",
            Action::ActorCard => "actor",
            Action::RunCommandLine => "run",
            Action::Complete => "complete",
            Action::PivotAlerts => "alerts",
            Action::PivotSessions => "sessions",
            Action::PivotFileEvents => "file_events",
            Action::AddToWatchlist => "add_to_watchlist",
            Action::RemoveFromWatchlist => "remove_from_watchlist",
            Action::Assign => "assign",
        }
    }

    /// What it does, as help and hints say it.
    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "Quit (asks if changes are still being saved)",
            Action::MoveDown => "Move down",
            Action::MoveUp => "Move up",
            Action::PageDown => "Page down",
            Action::PageUp => "Page up",
            Action::Home => "First row",
            Action::End => "Last row",
            Action::NextPane => "Next pane",
            Action::PrevPane => "Previous pane",
            Action::Open => "Open: details of an alert, events of a file",
            Action::Filter => "Filter alerts (e.g. state:open severity:high since:7d)",
            Action::CycleSort => "Sort by the next column",
            Action::FlipSort => "Flip the sort direction",
            Action::ToggleMark => "Mark or unmark the alert",
            Action::MarkRange => "Mark a range (press at both ends)",
            Action::MarkAll => "Mark all loaded alerts",
            Action::ClearMarks => "Clear marks",
            Action::Resolve => "Resolve the marked (or selected) alerts",
            Action::Reopen => "Reopen the marked (or selected) alerts",
            Action::MarkPending => "Set the marked (or selected) alerts to pending",
            Action::MarkInProgress => "Set the marked (or selected) alerts to in progress",
            Action::EditNote => "Edit the note of the alert",
            Action::CreateCase => "Create a case with the alert's file events",
            Action::AddToCase => "Add the alert's file events to an existing case",
            Action::Refresh => "Reload alerts",
            Action::Export => "Export marked or listed alerts (.csv, .json or .jsonl)",
            Action::Copy => "Copy the selected id or file path to the clipboard",
            Action::CopyLink => "Copy the console link of the selected alert",
            Action::Journal => {
                "Show the journal: the changes made from this machine and how each ended"
            }
            Action::Help => "Show this help",
            Action::Redraw => "Redraw the screen",
            Action::Zoom => "Zoom the focused pane to the whole screen and back",
            Action::Watch => "Watch: re-read the list every interval (on/off)",
            Action::SwitchView => {
                "Views: alerts, sessions (an actor's activity), cases or a saved filter"
            }
            Action::OpenView => "Show the chosen view",
            Action::SaveView => "Save the filter and sort in force as a view",
            Action::DeleteView => "Delete the chosen saved view (asks first)",
            Action::SaveViewNamed => "Save the view under this name (again to replace one)",
            Action::CloseTruePositive => {
                "Sessions: close the marked (or selected) as true positive"
            }
            Action::CloseBenign => {
                "Sessions: close the marked (or selected) as benign true positive"
            }
            Action::CloseFalsePositive => {
                "Sessions: close the marked (or selected) as false positive"
            }
            Action::Clear => "Clear the message, or else the filter in force",
            Action::PreviousFilter => "Go back to the filter in force before this one",
            Action::OlderFilter => "An earlier filter of this list",
            Action::NewerFilter => "A later filter, then back to what was typed",
            Action::ApplyFilter => "Apply the filter and reload",
            Action::LeaveFilter => "Leave the line; the filter in force stays",
            Action::Yes => "Yes: go ahead",
            Action::No => "No: back to the note, or keep editing",
            Action::SaveNote => "Save the note, or go on to confirm the change",
            Action::CancelEdit => "Close; asks first if text was typed",
            Action::NextField => "Next field",
            Action::PrevField => "Previous field",
            Action::NextFieldOrCreate => "Next field; on the last field, create the case",
            Action::SubmitCase => "Create the case",
            Action::AddToPickedCase => "Add the alert's file events to the chosen case",
            Action::WriteExport => "Write the file (again on an existing file: replace it)",
            Action::Close => "Close",
            Action::Undo => {
                "Undo the change at the top: put back the states and notes it replaced (asks first)"
            }
            Action::TypeHelpFilter => "Type a filter (letters are then text, not keys)",
            Action::KeepHelpFilter => "Stop typing and keep the filter",
            Action::ClearHelpFilterOrClose => "Clear the filter; without one, close the help",
            Action::CommandLine => {
                "Command line: :actor NAME, :alerts FILTER, :sessions FILTER, \
                 :cases FILTER, :case N, :watchlist NAME, :hash SHA256, :!NAME (your commands)"
            }
            Action::ActorCard => {
                "The actor card: who is behind the alert or session, their watchlists and activity"
            }
            Action::RunCommandLine => "Run the line",
            Action::Complete => "Complete the command or the name",
            Action::PivotAlerts => "Their open alerts, in the alert list (Esc comes back)",
            Action::PivotSessions => "Their open sessions, in the session list (Esc comes back)",
            Action::PivotFileEvents => "Their file events, in the events pane (Esc comes back)",
            Action::AddToWatchlist => "Add the actor to a watchlist (asks first)",
            Action::RemoveFromWatchlist => "Remove the actor from a watchlist (asks first)",
            Action::Assign => "Cases: assign the selected case to a user",
        }
    }

    /// What it does in `layer`, where that differs from what it does in the panes.
    pub fn description_in(self, layer: Layer) -> &'static str {
        match (layer, self) {
            (Layer::ActorCard, Action::Open) => {
                "Open the selected row: the alert or session in its list, the event whole"
            }
            (Layer::ActorCard, Action::NextPane) => "Next section: alerts, sessions, file events",
            (Layer::ActorCard, Action::PrevPane) => "Previous section",
            (Layer::ActorCard, Action::EditNote) => "Edit the actor's notes (asks first)",
            (Layer::ActorCard, Action::Copy) => "Copy the actor's name",
            (Layer::ActorCard, Action::Refresh) => "Read the card again",
            (Layer::ActorCard, Action::Close) => "Close the card (back where it was opened)",
            (Layer::Watchlists, Action::Open) => {
                "Choose the watchlist (browsing: its members; on a member: their card)"
            }
            (Layer::Watchlists, Action::Close) => "Close (browsing a watchlist: back to the list)",
            (Layer::CommandOutput, Action::Close) => "Close; a command still running is stopped",
            (Layer::Command, Action::LeaveFilter) => "Leave the line (it is kept in the history)",
            (Layer::Command, Action::OlderFilter) => "An earlier command line",
            (Layer::Command, Action::NewerFilter) => "A later command line",
            _ => self.description(),
        }
    }

    /// An action of the panes by its keymap name.
    pub fn from_name(name: &str) -> Option<Action> {
        Layer::Global.action_named(name)
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
                | Action::Undo
                | Action::AddToWatchlist
                | Action::RemoveFromWatchlist
                | Action::Assign
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_within_each_layer_and_every_action_is_in_one() {
        for layer in Layer::ALL {
            let actions = layer.actions();
            for (index, action) in actions.iter().enumerate() {
                let clash = actions
                    .iter()
                    .skip(index + 1)
                    .any(|other| other.name() == action.name());
                assert!(!clash, "{} twice in {}", action.name(), layer.section());
                assert!(!action.description().is_empty(), "{}", action.name());
            }
        }
        let every = [
            Action::ApplyFilter,
            Action::LeaveFilter,
            Action::OlderFilter,
            Action::NewerFilter,
            Action::Yes,
            Action::No,
            Action::SaveNote,
            Action::CancelEdit,
            Action::NextField,
            Action::PrevField,
            Action::NextFieldOrCreate,
            Action::SubmitCase,
            Action::AddToPickedCase,
            Action::WriteExport,
            Action::Close,
            Action::TypeHelpFilter,
            Action::KeepHelpFilter,
            Action::ClearHelpFilterOrClose,
            Action::OpenView,
            Action::SaveView,
            Action::DeleteView,
            Action::SaveViewNamed,
            Action::RunCommandLine,
            Action::Complete,
            Action::PivotAlerts,
            Action::PivotSessions,
            Action::PivotFileEvents,
            Action::AddToWatchlist,
            Action::RemoveFromWatchlist,
        ];
        for action in every.iter().chain(Action::ALL) {
            assert!(
                Layer::ALL.iter().any(|l| l.actions().contains(action)),
                "{action:?} is in no layer"
            );
        }
    }
}
