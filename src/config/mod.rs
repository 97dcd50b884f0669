//! Settings: flags, environment, profiles in the config file, defaults — in that order —
//! each remembering where it came from. The secret is never shown: not by `info`, not in
//! an error about the file that holds it, not in the credentials of a proxy URL.

pub mod dotenv;
mod file;
mod paths;
mod profile;
mod resolved;
mod secret_command;
mod secrets;

use std::fmt;
use std::path::PathBuf;

pub use crate::api::mask_url_credentials;
pub use paths::Paths;
pub use profile::{CommandEntry, ConfigFile, Profile};
pub use resolved::Resolved;
pub use secret_command::SecretCommand;
pub use secrets::{Secret, SecretValue};
pub use triage42_core::saved_views_file::{NamedView, SavedView, ViewsFile};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(String),
    Profile { name: String, key: &'static str },
    SecretCommand { profile: String },
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "flag {flag}"),
            Source::Env(var) => write!(f, "environment {var}"),
            Source::Profile { name, key } => write!(f, "profile {name} ({key})"),
            Source::SecretCommand { profile } => write!(f, "profile {profile} (secret_command)"),
            Source::Default => f.write_str("default"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// What the command line said; `None` where a flag was not given.
#[derive(Debug, Default, Clone)]
pub struct Flags {
    pub config: Option<PathBuf>,
    pub profile: Option<String>,
    pub url: Option<String>,
    pub client_id: Option<String>,
    pub secret: Option<Secret>,
    pub read_only: bool,
    pub ca_bundle: Option<PathBuf>,
    /// `--insecure-http`: allow http:// to a host that is not loopback.
    pub insecure_http: bool,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    #[error("cannot read {path}: {message}")]
    Read { path: String, message: String },
    /// Never carries the text of the line or a value: only where, and which key.
    #[error("{path} line {line}, column {column}: {message}")]
    Parse {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("no profile named {0:?} in {1}")]
    UnknownProfile(String, String),
    #[error(
        "refusing to read the secret of profile {profile} from {path}: others can read that file; run `chmod 600 {}` or use secret_env / secret_command", shell_word(.path)
    )]
    SecretFileTooOpen { profile: String, path: String },
    #[error(
        "refusing to use {path}: it holds {holds} and others can change it (mode {mode:04o}); run `{chmod} {}`", shell_word(.path)
    )]
    FileWritableByOthers {
        path: String,
        holds: &'static str,
        mode: u32,
        chmod: &'static str,
    },
    #[error("secret_command of profile {profile} failed: {message}")]
    SecretCommand { profile: String, message: String },
    #[error("missing settings: set {0} (or run `triage42 demo`)")]
    Missing(String),
    /// The settings are all there but cannot work (a bad URL, plain http://, a bad proxy).
    #[error("{0}")]
    Client(crate::api::ApiError),
}

/// `path` as one word for a shell command the user is told to run.
fn shell_word(path: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c);
    if !path.is_empty() && path.chars().all(plain) {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}

fn from_flag_env<T: Clone>(
    flag: Option<T>,
    flag_name: &'static str,
    env: Option<(String, T)>,
) -> Option<Setting<T>> {
    if let Some(v) = flag {
        return Some(Setting {
            value: v,
            source: Source::Flag(flag_name),
        });
    }
    env.map(|(var, v)| Setting {
        value: v,
        source: Source::Env(var),
    })
}

/// Resolves every setting: flag > environment > profile > default.
pub fn resolve(
    flags: &Flags,
    env: &dyn Fn(&str) -> Option<String>,
    paths: &Paths,
) -> Result<Resolved, ConfigError> {
    let env_nonempty = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let config_path = paths::config_path(flags, &env_nonempty, paths);
    let path_text = config_path.value.display().to_string();
    let (file, config_found) = profile::load(&config_path, &path_text)?;
    let profile_name = profile_name(flags, &env_nonempty, &file);
    // Whoever can change the file can send the secret elsewhere (url, proxy, ca_bundle,
    // secret_env) or run their own command as this user: as ssh does, a file others
    // can write is refused, whatever it holds.
    if config_found && let Some(mode) = secrets::writable_by_others(&config_path.value) {
        let (holds, chmod) = file
            .holds_secrets()
            .unwrap_or(("settings that decide where the secret goes", "chmod go-w"));
        return Err(ConfigError::FileWritableByOthers {
            path: path_text.clone(),
            holds,
            mode,
            chmod,
        });
    }
    let profile =
        match &profile_name {
            Some(name) => Some(file.profiles.get(&name.value).cloned().ok_or_else(|| {
                ConfigError::UnknownProfile(name.value.clone(), path_text.clone())
            })?),
            None => None,
        }
        .unwrap_or_default();
    let pname = profile_name
        .as_ref()
        .map(|p| p.value.clone())
        .unwrap_or_default();
    let in_profile = |key: &'static str| Source::Profile {
        name: pname.clone(),
        key,
    };
    let from_profile = |v: Option<String>, key: &'static str| {
        v.map(|value| Setting {
            value,
            source: in_profile(key),
        })
    };

    let mut url = from_flag_env(
        flags.url.clone(),
        "--url",
        env_nonempty("INCYDR_URL").map(|v| ("INCYDR_URL".into(), v)),
    )
    .or_else(|| from_profile(profile.url.clone(), "url"));
    let mut client_id = from_flag_env(
        flags.client_id.clone(),
        "--client-id",
        env_nonempty("INCYDR_API_CLIENT_ID").map(|v| ("INCYDR_API_CLIENT_ID".into(), v)),
    )
    .or_else(|| from_profile(profile.client_id.clone(), "client_id"));
    let mut secret = secrets::secret_setting(
        flags,
        &env_nonempty,
        &profile,
        &pname,
        &config_path.value,
        &path_text,
    )?;
    // Lowest of all: the incydr CLI's ~/.config/incydr/.env.
    dotenv::fill(&mut url, &mut client_id, &mut secret, env)?;
    let read_only = switch(
        flags.read_only.then_some("--read-only"),
        profile.read_only.map(|v| (v, in_profile("read_only"))),
    );
    let insecure_http = switch(
        flags.insecure_http.then_some("--insecure-http"),
        profile
            .insecure_http
            .map(|v| (v, in_profile("insecure_http"))),
    );
    let ca_bundle = flags
        .ca_bundle
        .clone()
        .map(|v| Setting {
            value: v,
            source: Source::Flag("--ca-bundle"),
        })
        .or_else(|| {
            profile.ca_bundle.clone().map(|value| Setting {
                value,
                source: in_profile("ca_bundle"),
            })
        });
    let proxy = from_profile(profile.proxy.clone(), "proxy");
    let default_query = from_profile(profile.default_query.clone(), "default_query");
    let view = from_profile(profile.view.clone(), "view");
    let views = crate::saved_views_file::merged(&file.views, &profile.views);
    let views_file = ViewsFile {
        path: config_path.value.clone(),
        profile: profile_name.as_ref().map(|p| p.value.clone()),
    };
    let page_size = profile
        .page_size
        .map(|v| Setting {
            value: v.clamp(1, 500),
            source: in_profile("page_size"),
        })
        .unwrap_or(Setting {
            value: 100,
            source: Source::Default,
        });
    let csv_formula_guard = profile
        .csv_formula_guard
        .map(|value| Setting {
            value,
            source: in_profile("csv_formula_guard"),
        })
        .unwrap_or(Setting {
            value: true,
            source: Source::Default,
        });

    Ok(Resolved {
        config_path,
        config_found,
        profile: profile_name,
        url,
        client_id,
        secret,
        read_only,
        insecure_http,
        ca_bundle,
        proxy,
        default_query,
        view,
        views,
        views_file,
        commands: file.commands.clone(),
        page_size,
        csv_formula_guard,
    })
}

/// The shared `[views]` of the config file and where to save more, and the
/// `[[commands]]`: what the demo tenant, which belongs to no profile, offers.
pub fn shared_views(
    flags: &Flags,
    env: &dyn Fn(&str) -> Option<String>,
    paths: &Paths,
) -> Result<(Vec<NamedView>, ViewsFile, Vec<CommandEntry>), ConfigError> {
    let env_nonempty = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let config_path = paths::config_path(flags, &env_nonempty, paths);
    let path_text = config_path.value.display().to_string();
    let (file, _) = profile::load(&config_path, &path_text)?;
    Ok((
        crate::saved_views_file::merged(&file.views, &[]),
        ViewsFile {
            path: config_path.value,
            profile: None,
        },
        file.commands,
    ))
}

/// The profile in use: `--profile` > `TRIAGE42_PROFILE` > the file's `default_profile`.
fn profile_name(
    flags: &Flags,
    env_nonempty: &dyn Fn(&str) -> Option<String>,
    file: &ConfigFile,
) -> Option<Setting<String>> {
    match (
        &flags.profile,
        env_nonempty("TRIAGE42_PROFILE"),
        &file.default_profile,
    ) {
        (Some(p), _, _) => Some(Setting {
            value: p.clone(),
            source: Source::Flag("--profile"),
        }),
        (None, Some(p), _) => Some(Setting {
            value: p,
            source: Source::Env("TRIAGE42_PROFILE".into()),
        }),
        (None, None, Some(p)) => Some(Setting {
            value: p.clone(),
            source: Source::Profile {
                name: p.clone(),
                key: "default_profile",
            },
        }),
        _ => None,
    }
}

/// An on/off setting: on by its flag, else the profile's value, else off.
fn switch(flag: Option<&'static str>, profile: Option<(bool, Source)>) -> Setting<bool> {
    match (flag, profile) {
        (Some(flag), _) => Setting {
            value: true,
            source: Source::Flag(flag),
        },
        (None, Some((value, source))) => Setting { value, source },
        (None, None) => Setting {
            value: false,
            source: Source::Default,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_never_prints() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s} {s:?}"), "**** ****");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn paths_in_chmod_advice_are_one_shell_word() {
        assert_eq!(
            shell_word("/home/a/.config/x.toml"),
            "/home/a/.config/x.toml"
        );
        assert_eq!(shell_word("/tmp/my config"), "'/tmp/my config'");
        assert_eq!(shell_word("/tmp/it's"), "'/tmp/it'\\''s'");
        assert_eq!(shell_word("/tmp/$(x)"), "'/tmp/$(x)'");
    }
}
