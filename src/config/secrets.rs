//! Where the secret comes from (flag, environment, a profile's `secret_env`,
//! `secret_command` or `secret`), and the file modes that keep it safe.

use std::fmt;
use std::path::Path;
use std::time::Duration;

use super::secret_command::{self, SecretCommand};
use super::{ConfigError, Flags, Profile, Setting, Source, from_flag_env};

/// The client secret. Its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("****")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("****")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

/// Where the secret will come from: known already, or a command not yet run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretValue {
    Known(Secret),
    /// Run only when a client is built ([`Resolved::client_config`]).
    Command(SecretCommand),
}

pub(super) const SECRET_MISSING: &str = "INCYDR_API_CLIENT_SECRET (or --secret, or a profile)";

/// The secret's setting: flag > environment > the profile's `secret_env` >
/// `secret_command` > `secret` (refused when others can read the file holding it).
pub(super) fn secret_setting(
    flags: &Flags,
    env_nonempty: &dyn Fn(&str) -> Option<String>,
    profile: &Profile,
    profile_name: &str,
    config_path: &Path,
    path_text: &str,
) -> Result<Option<Setting<SecretValue>>, ConfigError> {
    let mut secret = from_flag_env(
        flags.secret.clone().map(SecretValue::Known),
        "--secret",
        env_nonempty("INCYDR_API_CLIENT_SECRET").map(|v| {
            (
                "INCYDR_API_CLIENT_SECRET".into(),
                SecretValue::Known(Secret(v)),
            )
        }),
    );
    if secret.is_none()
        && let Some(var) = &profile.secret_env
    {
        secret = env_nonempty(var).map(|v| Setting {
            value: SecretValue::Known(Secret(v)),
            source: Source::Env(var.clone()),
        });
    }
    if secret.is_none()
        && let Some(cmd) = &profile.secret_command
    {
        let timeout = profile
            .secret_command_timeout_secs
            .map_or(secret_command::DEFAULT_TIMEOUT, Duration::from_secs);
        secret = Some(Setting {
            value: SecretValue::Command(SecretCommand::new(cmd.clone(), timeout)),
            source: Source::SecretCommand {
                profile: profile_name.to_string(),
            },
        });
    }
    if secret.is_none()
        && let Some(s) = &profile.secret
    {
        if readable_by_others(config_path) {
            return Err(ConfigError::SecretFileTooOpen {
                profile: profile_name.to_string(),
                path: path_text.to_string(),
            });
        }
        secret = Some(Setting {
            value: SecretValue::Known(s.clone()),
            source: Source::Profile {
                name: profile_name.to_string(),
                key: "secret",
            },
        });
    }
    Ok(secret)
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o077 != 0)
        .unwrap_or(true)
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path) -> bool {
    false
}

/// The permission bits of a file group or others may write to; an unreadable mode
/// counts as open.
#[cfg(unix)]
pub(super) fn writable_by_others(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::metadata(path) {
        Ok(m) => {
            let mode = m.permissions().mode() & 0o777;
            (mode & 0o022 != 0).then_some(mode)
        }
        Err(_) => Some(0o777),
    }
}

#[cfg(not(unix))]
pub(super) fn writable_by_others(_path: &Path) -> Option<u32> {
    None
}
