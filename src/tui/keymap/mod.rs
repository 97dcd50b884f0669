//! Key bindings: an embedded default TOML merged with the user's file.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use crate::tui::action::Action;

pub const DEFAULT_KEYMAP: &str = include_str!("../../../assets/keymap.toml");

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
            "Space" => KeyCode::Char(' '),
            single if single.chars().count() == 1 => {
                KeyCode::Char(single.chars().next().unwrap_or(' '))
            }
            other => return Err(format!("unknown key `{other}`")),
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
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            other => format!("{other}"),
        };
        if self.ctrl {
            format!("Ctrl-{key}")
        } else {
            key
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub action: Action,
    pub keys: Vec<KeySpec>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

#[derive(Deserialize)]
struct KeymapFile {
    #[serde(default)]
    binding: Vec<BindingEntry>,
}

#[derive(Deserialize)]
struct BindingEntry {
    action: String,
    keys: Vec<String>,
    description: Option<String>,
}

fn parse_file(text: &str) -> Result<Vec<Binding>, String> {
    let file: KeymapFile = toml::from_str(text).map_err(|e| e.to_string())?;
    file.binding
        .into_iter()
        .map(|entry| {
            let action = Action::from_name(&entry.action)
                .ok_or_else(|| format!("unknown action `{}`", entry.action))?;
            let keys = entry
                .keys
                .iter()
                .map(|k| KeySpec::parse(k))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Binding {
                action,
                keys,
                description: entry.description.unwrap_or_default(),
            })
        })
        .collect()
}

impl Keymap {
    pub fn default_keymap() -> Keymap {
        Keymap {
            // The embedded file is checked by a unit test; it cannot fail to parse.
            bindings: parse_file(DEFAULT_KEYMAP).unwrap_or_default(),
        }
    }

    /// The defaults with the user's bindings replacing the keys of the actions they name.
    pub fn with_user_file(text: &str) -> Result<Keymap, String> {
        let mut keymap = Keymap::default_keymap();
        for user in parse_file(text)? {
            match keymap.bindings.iter_mut().find(|b| b.action == user.action) {
                Some(binding) => {
                    binding.keys = user.keys;
                    if !user.description.is_empty() {
                        binding.description = user.description;
                    }
                }
                None => keymap.bindings.push(user),
            }
        }
        Ok(keymap)
    }

    pub fn action_for(&self, key: &KeyEvent) -> Option<Action> {
        self.bindings
            .iter()
            .find(|b| b.keys.iter().any(|k| k.matches(key)))
            .map(|b| b.action)
    }

    pub fn keys_label(&self, action: Action) -> String {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .map(|b| {
                b.keys
                    .iter()
                    .map(KeySpec::label)
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default()
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
    fn every_action_has_a_described_binding() {
        let keymap = Keymap::default_keymap();
        for action in Action::ALL {
            let binding = keymap.bindings.iter().find(|b| b.action == *action);
            let binding = binding.unwrap_or_else(|| panic!("{} has no binding", action.name()));
            assert!(!binding.description.is_empty(), "{}", action.name());
            assert!(!binding.keys.is_empty(), "{}", action.name());
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
        assert!(Keymap::with_user_file("[[binding]]\naction = \"fly\"\nkeys = [\"f\"]\n").is_err());
        assert!(
            Keymap::with_user_file("[[binding]]\naction = \"quit\"\nkeys = [\"F13x\"]\n").is_err()
        );
    }
}
