//! A user's keymap file through the real binary: a mistake stops start-up with the
//! file, the line and the choices, before the terminal is touched.

use std::process::{Command, Stdio};

use crate::support::BIN;

fn start_with_keymap(text: &str) -> (bool, String, String) {
    let home = tempfile::tempdir().unwrap();
    let path = home.path().join("keymap.toml");
    std::fs::write(&path, text).unwrap();
    let output = Command::new(BIN)
        .args(["demo", "--keymap"])
        .arg(&path)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        path.display().to_string(),
    )
}

#[test]
fn an_unknown_action_in_a_layer_is_named_with_the_file_and_line() {
    let (ok, stderr, path) = start_with_keymap(
        "# mine\n[[confirm]]\naction = \"yes\"\nkeys = [\"a\"]\n\n[[confirm]]\naction = \"maybe\"\nkeys = [\"m\"]\n",
    );
    assert!(!ok);
    assert!(
        stderr.contains(&format!(
            "{path}: line 7: unknown action `maybe` in [[confirm]]; its actions are yes, no"
        )),
        "{stderr}"
    );
}

#[test]
fn an_unknown_layer_is_named_with_the_file_and_line() {
    let (ok, stderr, path) = start_with_keymap("[[confrm]]\naction = \"yes\"\nkeys = [\"a\"]\n");
    assert!(!ok);
    assert!(
        stderr.contains(&format!("{path}: line 1: unknown section `[[confrm]]`")),
        "{stderr}"
    );
}
