//! Drafts: typed text kept when triage42 is stopped from outside, offered back at start.
//! Yes reopens the editor or form with the text (and takes it out of the file); no keeps
//! it for the next start. Nothing here drops a draft: closing the reopened editor asks
//! first, as for any typed text.

use super::{cases, show_text_error};
use crate::effect::{Effect, LocalEffect};
use crate::state::drafts::{Draft, DraftContent, Reopened};
use crate::state::{ConfirmKind, Overlay, Prompt, PromptKind, State};

/// Asks about the draft at `index`, if there is one and changes can be made.
pub(super) fn offer(state: &mut State, index: usize) {
    if state.read_only || state.prompt.is_some() {
        return;
    }
    let Some(draft) = state.drafts.get(index) else {
        return;
    };
    let more = state.drafts.len().saturating_sub(index).saturating_sub(1);
    let more = match more {
        0 => String::new(),
        1 => " (1 more is kept)".into(),
        n => format!(" ({n} more are kept)"),
    };
    let question = format!(
        "When triage42 stopped ({}, {}), {} was kept as a draft{more}. Open it again? \
         No keeps it for the next start.",
        crate::sanitize::one_line(&draft.cause),
        crate::sanitize::one_line(&draft.saved_at),
        draft.content.describe(),
    );
    state.prompt = Some(Prompt {
        kind: PromptKind::Draft { index },
        question,
    });
}

/// The answer to the question about the draft at `index`.
pub(super) fn answered(state: &mut State, index: usize, reopen: bool) -> Vec<Effect> {
    if !reopen {
        offer(state, index.saturating_add(1));
        return Vec::new();
    }
    if index >= state.drafts.len() {
        return Vec::new();
    }
    let draft = state.drafts.remove(index);
    match draft.content.reopen() {
        Ok(Reopened::Note(editor)) => state.overlay = Some(Overlay::Note(editor)),
        Ok(Reopened::Case(form)) => state.overlay = Some(Overlay::CaseForm(form)),
        Err(reason) => {
            // Kept in the file: a later version may read it.
            state.drafts.insert(index, draft);
            show_text_error(
                state,
                format!("The draft could not be opened ({reason}); it stays kept"),
            );
            return Vec::new();
        }
    }
    store(state)
}

/// On a stop from outside (signal, terminal gone): the typed text of the editor, form or
/// confirmation open is added to the drafts file.
pub(super) fn keep_on_stop(state: &mut State, cause: &str) -> Vec<Effect> {
    let content = match &state.overlay {
        Some(Overlay::Note(editor)) => DraftContent::of_note_editor(editor),
        Some(Overlay::CaseForm(form)) => {
            DraftContent::of_case_form(form, cases::event_ids_for(state, &form.source))
        }
        Some(Overlay::Confirm(confirm)) => {
            let ConfirmKind::StateChange {
                view,
                ids,
                action,
                note,
                ..
            } = &confirm.kind;
            note.as_ref()
                .filter(|text| !text.trim().is_empty())
                .map(|text| DraftContent::StateChangeNote {
                    view: view.name().into(),
                    ids: ids.clone(),
                    action: action.name().into(),
                    text: text.clone(),
                })
        }
        _ => None,
    };
    let Some(content) = content else {
        return Vec::new();
    };
    let Some(path) = &state.drafts_path else {
        return Vec::new();
    };
    state.kept_draft = Some(format!(
        "Typed text kept as a draft in {}: {} (offered at the next start)",
        path.display(),
        content.describe()
    ));
    state.drafts.push(Draft {
        saved_at: state.now.format("%Y-%m-%d %H:%M UTC").to_string(),
        cause: cause.to_string(),
        content,
    });
    store(state)
}

fn store(state: &State) -> Vec<Effect> {
    match &state.drafts_path {
        Some(path) => vec![Effect::Local(LocalEffect::StoreDrafts {
            path: path.clone(),
            drafts: state.drafts.clone(),
        })],
        None => Vec::new(),
    }
}
