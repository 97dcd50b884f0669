//! `~/.config/incydr/.env`, where the incydr SDK and CLI keep their settings: the lowest-
//! priority source of `INCYDR_URL`, `INCYDR_API_CLIENT_ID` and `INCYDR_API_CLIENT_SECRET`
//! (below flags, the environment and the profile). A `.env` in the current directory is
//! never read: on a shared host anyone could plant one there.
//!
//! The file is `KEY=VALUE` lines (an `export ` before the key, quotes around the value,
//! `#` comments and blank lines are allowed; keys in any case, as the SDK reads them).
//! A file that holds the secret is refused when others can change it (they could point
//! the URL elsewhere and receive the secret) or read it, as for the config file, but only
//! when one of its settings would be used: a file that everything else overrides is not
//! read at all. Values never appear in messages.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{ConfigError, Secret, SecretValue, Setting, Source};

pub const URL: &str = "INCYDR_URL";
pub const CLIENT_ID: &str = "INCYDR_API_CLIENT_ID";
pub const CLIENT_SECRET: &str = "INCYDR_API_CLIENT_SECRET";

/// `$HOME/.config/incydr/.env`, where the SDK looks (it does not follow XDG_CONFIG_HOME).
pub fn path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let home = env("HOME").filter(|h| !h.trim().is_empty())?;
    Some(
        PathBuf::from(home)
            .join(".config")
            .join("incydr")
            .join(".env"),
    )
}

fn unquote(value: &str) -> String {
    let v = value.trim();
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return if q == '"' {
                inner.replace("\\\"", "\"").replace("\\\\", "\\")
            } else {
                inner.to_string()
            };
        }
    }
    // An unquoted value ends at a ` #` comment.
    match v.find(" #") {
        Some(at) => v.get(..at).unwrap_or(v).trim_end().to_string(),
        None => v.to_string(),
    }
}

/// The `INCYDR_*` keys of a `.env` text, upper-cased; empty values are left out.
pub fn parse(text: &str) -> HashMap<String, String> {
    let mut vars = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim().to_ascii_uppercase();
        if !key.starts_with("INCYDR_") {
            continue;
        }
        let value = unquote(value);
        if !value.trim().is_empty() {
            vars.insert(key, value);
        }
    }
    vars
}

#[cfg(unix)]
fn mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
fn mode(_path: &Path) -> Option<u32> {
    None
}

/// Fills what flags, environment and profile left unset from the `.env` file.
pub fn fill(
    url: &mut Option<Setting<String>>,
    client_id: &mut Option<Setting<String>>,
    secret: &mut Option<Setting<SecretValue>>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(), ConfigError> {
    if url.is_some() && client_id.is_some() && secret.is_some() {
        return Ok(());
    }
    let Some(path) = path(env) else {
        return Ok(());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(ConfigError::Read {
                path: path.display().to_string(),
                message: e.to_string(),
            });
        }
    };
    let vars = parse(&text);
    let shown = path.display().to_string();
    let uses = |key: &str, unset: bool| unset && vars.contains_key(key);
    let used = uses(URL, url.is_none())
        || uses(CLIENT_ID, client_id.is_none())
        || uses(CLIENT_SECRET, secret.is_none());
    if !used {
        return Ok(());
    }
    if vars.contains_key(CLIENT_SECRET)
        && let Some(mode) = mode(&path)
    {
        if mode & 0o022 != 0 {
            return Err(ConfigError::FileWritableByOthers {
                path: shown,
                holds: CLIENT_SECRET,
                mode,
                chmod: "chmod 600",
            });
        }
        if mode & 0o044 != 0 && secret.is_none() {
            return Err(ConfigError::Read {
                path: shown.clone(),
                message: format!(
                    "others can read it and it holds {CLIENT_SECRET}; run `chmod 600 {shown}`"
                ),
            });
        }
    }
    let source = |key: &str| Source::Env(format!("{key} in {shown}"));
    let setting = |key: &str| {
        vars.get(key).map(|v| Setting {
            value: v.clone(),
            source: source(key),
        })
    };
    if url.is_none() {
        *url = setting(URL);
    }
    if client_id.is_none() {
        *client_id = setting(CLIENT_ID);
    }
    if secret.is_none() {
        *secret = vars.get(CLIENT_SECRET).map(|v| Setting {
            value: SecretValue::Known(Secret::new(v.clone())),
            source: source(CLIENT_SECRET),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_the_sdk_reads() {
        let vars = parse(
            "# incydr\nexport INCYDR_URL=https://api.us.code42.com\nincydr_api_client_id = \"key-1\"\nINCYDR_API_CLIENT_SECRET='s #1' \nOTHER=x\nINCYDR_PAGE_SIZE=10 # comment\nINCYDR_EMPTY=\n",
        );
        assert_eq!(vars.get(URL).unwrap(), "https://api.us.code42.com");
        assert_eq!(vars.get(CLIENT_ID).unwrap(), "key-1");
        assert_eq!(vars.get(CLIENT_SECRET).unwrap(), "s #1");
        assert_eq!(vars.get("INCYDR_PAGE_SIZE").unwrap(), "10");
        assert!(!vars.contains_key("OTHER") && !vars.contains_key("INCYDR_EMPTY"));
    }
}
