//! What the help lists: every layer's keys with their descriptions, narrowed by a
//! filter and cut into screen lines, so that the reducer (scrolling) and the drawing
//! count the same lines.

use unicode_width::UnicodeWidthStr;

use super::{KeySpec, Keymap};
use crate::action::{Action, Layer};

/// Columns of the keys before each description.
pub const KEYS_WIDTH: usize = 18;

/// One screen line of the help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    /// A layer's title.
    Heading(String),
    /// The keys of an action (padded to `KEYS_WIDTH`) and the first line of its description.
    Entry {
        keys: String,
        text: String,
    },
    /// A description's next line, under the first.
    More(String),
    /// A line of the notes at the end.
    Note(String),
    Blank,
}

/// Whether `layer` can be reached: with `--read-only`, the pop-ups of changes cannot.
fn reachable(layer: Layer, read_only: bool) -> bool {
    !(read_only && matches!(layer, Layer::Editor | Layer::CaseForm | Layer::CasePicker))
}

fn keys_text(keys: &[KeySpec]) -> String {
    if keys.is_empty() {
        return "(unbound)".into();
    }
    keys.iter()
        .map(KeySpec::label)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether an action matches `needle` (lower case) by its keys, name or description,
/// or by the title of its layer.
fn matches(needle: &str, layer: Layer, action: Action, keys: &str) -> bool {
    needle.is_empty()
        || [
            keys,
            action.name(),
            action.description_in(layer),
            layer.title(),
        ]
        .iter()
        .any(|text| text.to_lowercase().contains(needle))
}

/// `text` in lines of at most `width` columns, broken between words.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = if line.is_empty() {
            word.width()
        } else {
            line.width().saturating_add(1).saturating_add(word.width())
        };
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// The help's lines at `width` columns, narrowed to the actions matching `filter`
/// (the notes only when nothing is filtered); `read_only` leaves out what changes the tenant.
/// The rows of the help; `notes` (what the view shown adds: its filter fields, what its
/// keys do) follow the keys when nothing is filtered.
pub fn help_rows(
    keymap: &Keymap,
    read_only: bool,
    filter: &str,
    width: usize,
    notes: &[String],
) -> Vec<HelpRow> {
    let needle = filter.trim().to_lowercase();
    let text_width = width.saturating_sub(KEYS_WIDTH).max(20);
    let mut rows = Vec::new();
    for layer in Layer::ALL.iter().copied() {
        if !reachable(layer, read_only) {
            continue;
        }
        let mut entries = Vec::new();
        for action in layer.actions().iter().copied() {
            if read_only && action.is_mutating() {
                continue;
            }
            let keys = keys_text(keymap.keys_in(layer, action));
            if !matches(&needle, layer, action, &keys) {
                continue;
            }
            let mut lines = wrap(action.description_in(layer), text_width).into_iter();
            let first = lines.next().unwrap_or_default();
            let pad = KEYS_WIDTH.saturating_sub(keys.width()).max(1);
            entries.push(HelpRow::Entry {
                keys: format!("{keys}{}", " ".repeat(pad)),
                text: first,
            });
            entries.extend(lines.map(HelpRow::More));
        }
        if entries.is_empty() {
            continue;
        }
        if !rows.is_empty() {
            rows.push(HelpRow::Blank);
        }
        rows.push(HelpRow::Heading(layer.title().to_string()));
        rows.extend(entries);
    }
    if needle.is_empty() {
        rows.push(HelpRow::Blank);
        for note in notes {
            rows.extend(wrap(note, width).into_iter().map(HelpRow::Note));
        }
    }
    rows
}

/// How many actions match `filter`, for the count beside it.
pub fn matching_actions(keymap: &Keymap, read_only: bool, filter: &str) -> usize {
    help_rows(keymap, read_only, filter, usize::MAX / 2, &[])
        .iter()
        .filter(|row| matches!(row, HelpRow::Entry { .. }))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layer_is_listed_under_its_title() {
        let rows = help_rows(&Keymap::default_keymap(), false, "", 76, &[]);
        for layer in Layer::ALL {
            assert!(
                rows.contains(&HelpRow::Heading(layer.title().to_string())),
                "{}",
                layer.title()
            );
        }
    }

    #[test]
    fn a_filter_keeps_matching_actions_under_their_layers() {
        let keymap = Keymap::default_keymap();
        let rows = help_rows(&keymap, false, "ctrl-s", 76, &[]);
        assert_eq!(
            rows,
            vec![
                HelpRow::Heading(Layer::CaseForm.title().into()),
                HelpRow::Entry {
                    keys: format!("Ctrl-S{}", " ".repeat(KEYS_WIDTH - 6)),
                    text: "Create the case".into()
                },
            ]
        );
        assert_eq!(matching_actions(&keymap, false, "RESOLVE"), 1);
        assert_eq!(matching_actions(&keymap, false, "no such thing"), 0);
    }

    #[test]
    fn long_descriptions_wrap_under_themselves() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        let rows = help_rows(
            &Keymap::default_keymap(),
            false,
            "journal: the changes",
            60,
            &[],
        );
        assert!(matches!(rows.get(2), Some(HelpRow::More(_))), "{rows:?}");
    }
}
