//! Key bindings by layer: an embedded default TOML merged with the user's file. The file
//! holds keys only; names and descriptions come from `Action`.

pub mod help;

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use toml::Spanned;

use crate::action::{Action, Layer};

pub const DEFAULT_KEYMAP: &str = include_str!("../../../../assets/keymap.toml");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySpec {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl KeySpec {
    pub fn parse(text: &str) -> Result<KeySpec, String> {
        let (ctrl, rest) = match text.strip_prefix("Ctrl-") {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let code = match rest {
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Backspace" => KeyCode::Backspace,
            "Delete" => KeyCode::Delete,
            "Space" => KeyCode::Char(' '),
            single if single.chars().count() == 1 => {
                KeyCode::Char(single.chars().next().unwrap_or(' '))
            }
            other => match other.strip_prefix('F').map(str::parse::<u8>) {
                Some(Ok(n @ 1..=12)) => KeyCode::F(n),
                _ => return Err(format!("unknown key `{other}`")),
            },
        };
        Ok(KeySpec { code, ctrl })
    }

    pub fn matches(&self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        self.ctrl == ctrl && self.code == key.code
    }

    pub fn label(&self) -> String {
        let key = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            // Ctrl-D, as menus write it; the key is the same as Ctrl-d.
            KeyCode::Char(c) if self.ctrl => c.to_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other}"),
        };
        if self.ctrl {
            format!("Ctrl-{key}")
        } else {
            key
        }
    }
}

/// Whether `key` is a character typed as text: no Ctrl or Alt with it.
pub fn is_text(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub layer: Layer,
    pub action: Action,
    pub keys: Vec<KeySpec>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

/// One `[[section]]` entry. A `description` (older files had one) is read and ignored:
/// descriptions come from `Action`.
#[derive(Deserialize)]
struct BindingEntry {
    action: Spanned<String>,
    keys: Vec<Spanned<String>>,
    #[serde(default, rename = "description")]
    _description: Option<toml::Value>,
}

/// Line (from 1) of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |before| before.matches('\n').count())
        .saturating_add(1)
}

fn section_list() -> String {
    Layer::ALL
        .iter()
        .map(|l| l.section())
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_file(text: &str) -> Result<Vec<Binding>, String> {
    let file: BTreeMap<Spanned<String>, Vec<BindingEntry>> =
        toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())?;
    let mut sections: Vec<_> = file.into_iter().collect();
    // In the file's order, so that of two entries for one action the later wins.
    sections.sort_by_key(|(name, _)| name.span().start);
    let mut bindings = Vec::new();
    for (name, entries) in sections {
        let layer = Layer::from_section(name.get_ref()).ok_or_else(|| {
            format!(
                "line {}: unknown section `[[{}]]`; the sections are {} ([[binding]] is the panes)",
                line_of(text, name.span().start),
                name.get_ref(),
                section_list()
            )
        })?;
        for entry in entries {
            let line = line_of(text, entry.action.span().start);
            let action = layer.action_named(entry.action.get_ref()).ok_or_else(|| {
                let names: Vec<&str> = layer.actions().iter().map(|a| a.name()).collect();
                format!(
                    "line {line}: unknown action `{}` in [[{}]]; its actions are {}",
                    entry.action.get_ref(),
                    layer.section(),
                    names.join(", ")
                )
            })?;
            let keys = entry
                .keys
                .iter()
                .map(|k| {
                    KeySpec::parse(k.get_ref()).map_err(|e| {
                        format!(
                            "line {}: {e} for `{}` in [[{}]]",
                            line_of(text, k.span().start),
                            action.name(),
                            layer.section()
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            bindings.push(Binding {
                layer,
                action,
                keys,
            });
        }
    }
    Ok(bindings)
}

impl Keymap {
    pub fn default_keymap() -> Keymap {
        Keymap {
            // The embedded file is checked by a unit test; it cannot fail to parse.
            bindings: parse_file(DEFAULT_KEYMAP).unwrap_or_default(),
        }
    }

    /// The defaults with the user's bindings replacing the keys of the actions they name.
    /// A key the user gives an action is taken from the other actions of its layer.
    pub fn with_user_file(text: &str) -> Result<Keymap, String> {
        let mut keymap = Keymap::default_keymap();
        for user in parse_file(text)? {
            for other in keymap
                .bindings
                .iter_mut()
                .filter(|b| b.layer == user.layer && b.action != user.action)
            {
                other.keys.retain(|k| !user.keys.contains(k));
            }
            match keymap
                .bindings
                .iter_mut()
                .find(|b| b.layer == user.layer && b.action == user.action)
            {
                Some(binding) => binding.keys = user.keys,
                None => keymap.bindings.push(user),
            }
        }
        Ok(keymap)
    }

    /// The action of the panes bound to `key`.
    pub fn action_for(&self, key: &KeyEvent) -> Option<Action> {
        self.action_in(Layer::Global, key)
    }

    /// The action bound to `key` in `layer`.
    pub fn action_in(&self, layer: Layer, key: &KeyEvent) -> Option<Action> {
        self.bindings
            .iter()
            .filter(|b| b.layer == layer)
            .find(|b| b.keys.iter().any(|k| k.matches(key)))
            .map(|b| b.action)
    }

    /// The keys of `action` in `layer`; none when the user unbound it.
    pub fn keys_in(&self, layer: Layer, action: Action) -> &[KeySpec] {
        self.bindings
            .iter()
            .find(|b| b.layer == layer && b.action == action)
            .map_or(&[], |b| b.keys.as_slice())
    }

    /// The keys of an action of the panes, as the status bar names them (`Tab/l`).
    pub fn keys_label(&self, action: Action) -> String {
        self.keys_in(Layer::Global, action)
            .iter()
            .map(KeySpec::label)
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The first key of `action` in `layer`, as a pop-up's hint names it (`Esc`).
    pub fn key_hint(&self, layer: Layer, action: Action) -> String {
        self.keys_in(layer, action)
            .first()
            .map_or_else(|| "(unbound)".to_string(), KeySpec::label)
    }
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::default_keymap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn the_default_file_parses_and_binds_every_action_of_every_layer() {
        let bindings = parse_file(DEFAULT_KEYMAP).unwrap();
        let keymap = Keymap::default_keymap();
        assert_eq!(keymap.bindings, bindings);
        for layer in Layer::ALL {
            for action in layer.actions() {
                assert!(
                    !keymap.keys_in(*layer, *action).is_empty(),
                    "{} has no key in [[{}]]",
                    action.name(),
                    layer.section()
                );
            }
        }
    }

    #[test]
    fn vim_keys_and_arrows() {
        let keymap = Keymap::default_keymap();
        let none = KeyModifiers::NONE;
        assert_eq!(
            keymap.action_for(&key(KeyCode::Char('j'), none)),
            Some(Action::MoveDown)
        );
        assert_eq!(
            keymap.action_for(&key(KeyCode::Down, none)),
            Some(Action::MoveDown)
        );
        assert_eq!(
            keymap.action_for(&key(KeyCode::Char('S'), KeyModifiers::SHIFT)),
            Some(Action::FlipSort)
        );
        assert_eq!(
            keymap.action_for(&key(KeyCode::Char('l'), KeyModifiers::CONTROL)),
            Some(Action::Redraw)
        );
        assert_eq!(
            keymap.action_for(&key(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevPane)
        );
        assert_eq!(keymap.action_for(&key(KeyCode::Char('x'), none)), None);
    }

    #[test]
    fn layers_are_looked_up_apart() {
        let keymap = Keymap::default_keymap();
        let y = key(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(keymap.action_for(&y), Some(Action::Copy));
        assert_eq!(keymap.action_in(Layer::Confirm, &y), Some(Action::Yes));
        let ctrl_s = key(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(
            keymap.action_in(Layer::CaseForm, &ctrl_s),
            Some(Action::SubmitCase)
        );
        assert_eq!(keymap.action_in(Layer::Editor, &ctrl_s), None);
    }

    #[test]
    fn user_file_replaces_keys_of_named_actions() {
        let keymap =
            Keymap::with_user_file("[[binding]]\naction = \"quit\"\nkeys = [\"Ctrl-q\"]\n")
                .unwrap();
        assert_eq!(
            keymap.action_for(&key(KeyCode::Char('q'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            keymap.action_for(&key(KeyCode::Char('q'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn a_key_given_to_one_action_is_taken_from_the_others_of_its_layer() {
        let keymap =
            Keymap::with_user_file("[[confirm]]\naction = \"yes\"\nkeys = [\"n\"]\n").unwrap();
        let n = key(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(keymap.action_in(Layer::Confirm, &n), Some(Action::Yes));
        assert_eq!(
            keymap.action_in(Layer::Confirm, &key(KeyCode::Char('y'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            keymap.action_in(Layer::Confirm, &key(KeyCode::Esc, KeyModifiers::NONE)),
            Some(Action::No)
        );
        // Other layers keep theirs.
        assert_eq!(keymap.action_for(&n), Some(Action::EditNote));
    }

    #[test]
    fn errors_name_the_line_the_section_and_the_choices() {
        let error =
            Keymap::with_user_file("[[binding]]\naction = \"fly\"\nkeys = [\"f\"]\n").unwrap_err();
        assert!(
            error.starts_with("line 2: unknown action `fly` in [[binding]]"),
            "{error}"
        );
        let error = Keymap::with_user_file(
            "[[confirm]]\naction = \"yes\"\nkeys = [\"a\"]\n\n[[confirm]]\naction = \"maybe\"\nkeys = [\"m\"]\n",
        )
        .unwrap_err();
        assert_eq!(
            error,
            "line 6: unknown action `maybe` in [[confirm]]; its actions are yes, no"
        );
        let error =
            Keymap::with_user_file("[[confrm]]\naction = \"yes\"\nkeys = [\"a\"]\n").unwrap_err();
        assert!(
            error.starts_with("line 1: unknown section `[[confrm]]`"),
            "{error}"
        );
        assert!(error.contains("confirm"), "{error}");
        let error =
            Keymap::with_user_file("[[binding]]\naction = \"quit\"\nkeys = [\"q\", \"F13x\"]\n")
                .unwrap_err();
        assert_eq!(
            error,
            "line 3: unknown key `F13x` for `quit` in [[binding]]"
        );
    }

    #[test]
    fn old_files_with_descriptions_still_load() {
        let keymap = Keymap::with_user_file(
            "[[binding]]\naction = \"quit\"\nkeys = [\"Q\"]\ndescription = \"Leave\"\n",
        )
        .unwrap();
        assert_eq!(
            keymap.action_for(&key(KeyCode::Char('Q'), KeyModifiers::SHIFT)),
            Some(Action::Quit)
        );
        assert_eq!(
            Action::Quit.description(),
            "Quit (asks if changes are still being saved)"
        );
    }

    #[test]
    fn ctrl_keys_are_labelled_as_menus_write_them() {
        assert_eq!(KeySpec::parse("Ctrl-d").unwrap().label(), "Ctrl-D");
        assert_eq!(KeySpec::parse("PageDown").unwrap().label(), "Page Down");
        assert_eq!(KeySpec::parse("Space").unwrap().label(), "Space");
    }
}
