//! Settings: flags, environment, profiles in the config file, defaults — in that order —
//! each remembering where it came from. The secret is never shown: not by `info`, not in
//! an error about the file that holds it, not in the credentials of a proxy URL.

pub mod dotenv;
mod file;
mod mask;
mod secret_command;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use mask::mask_url_credentials;
pub use secret_command::SecretCommand;

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

const SECRET_MISSING: &str = "INCYDR_API_CLIENT_SECRET (or --secret, or a profile)";

#[derive(Debug, Clone, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

/// config.toml, as read by [`file::parse`] (which names every key a profile may hold).
#[derive(Debug, Default)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    pub profiles: BTreeMap<String, Profile>,
}

impl ConfigFile {
    /// What the file holds that yields the secret (any profile's `secret`, else any
    /// `secret_command`), and the chmod that makes such a file safe.
    fn holds_secrets(&self) -> Option<(&'static str, &'static str)> {
        let profiles = || self.profiles.values();
        if profiles().any(|p| p.secret.is_some()) {
            Some(("a secret", "chmod 600"))
        } else if profiles().any(|p| p.secret_command.is_some()) {
            Some(("a secret_command", "chmod go-w"))
        } else {
            None
        }
    }
}

#[derive(Default, Clone)]
pub struct Profile {
    pub url: Option<String>,
    pub client_id: Option<String>,
    /// Only honoured when the file is readable by its owner alone (mode 0600).
    pub secret: Option<Secret>,
    pub secret_env: Option<String>,
    /// Run only when the secret is needed; the file must not be writable by others.
    pub secret_command: Option<String>,
    /// How long `secret_command` may take (default 10 s).
    pub secret_command_timeout_secs: Option<u64>,
    pub read_only: Option<bool>,
    /// Allow http:// to a host that is not loopback (the secret then travels in clear).
    pub insecure_http: Option<bool>,
    pub ca_bundle: Option<PathBuf>,
    pub proxy: Option<String>,
    pub default_query: Option<String>,
    pub page_size: Option<u32>,
    /// The TUI's CSV exports defuse spreadsheet formulas unless this is false.
    pub csv_formula_guard: Option<bool>,
}

/// Shows neither the secret nor the command (which may hold it), and masks the proxy.
impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hidden = |set: bool| if set { Some("****") } else { None };
        f.debug_struct("Profile")
            .field("url", &self.url.as_deref().map(mask_url_credentials))
            .field("client_id", &self.client_id)
            .field("secret", &hidden(self.secret.is_some()))
            .field("secret_env", &self.secret_env)
            .field("secret_command", &hidden(self.secret_command.is_some()))
            .field(
                "secret_command_timeout_secs",
                &self.secret_command_timeout_secs,
            )
            .field("read_only", &self.read_only)
            .field("insecure_http", &self.insecure_http)
            .field("ca_bundle", &self.ca_bundle)
            .field("proxy", &self.proxy.as_deref().map(mask_url_credentials))
            .field("default_query", &self.default_query)
            .field("page_size", &self.page_size)
            .field("csv_formula_guard", &self.csv_formula_guard)
            .finish()
    }
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

#[derive(Clone)]
pub struct Resolved {
    pub config_path: Setting<PathBuf>,
    pub config_found: bool,
    pub profile: Option<Setting<String>>,
    pub url: Option<Setting<String>>,
    pub client_id: Option<Setting<String>>,
    /// A `secret_command` is not run until [`Resolved::client_config`] needs the secret.
    pub secret: Option<Setting<SecretValue>>,
    pub read_only: Setting<bool>,
    pub insecure_http: Setting<bool>,
    pub ca_bundle: Option<Setting<PathBuf>>,
    pub proxy: Option<Setting<String>>,
    pub default_query: Option<Setting<String>>,
    pub page_size: Setting<u32>,
    pub csv_formula_guard: Setting<bool>,
}

/// The URL and proxy are masked; the secret and its command are never shown.
impl fmt::Debug for Resolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let masked = |s: &Option<Setting<String>>| {
            s.as_ref().map(|s| Setting {
                value: mask_url_credentials(&s.value),
                source: s.source.clone(),
            })
        };
        f.debug_struct("Resolved")
            .field("config_path", &self.config_path)
            .field("config_found", &self.config_found)
            .field("profile", &self.profile)
            .field("url", &masked(&self.url))
            .field("client_id", &self.client_id)
            .field("secret", &self.secret)
            .field("read_only", &self.read_only)
            .field("insecure_http", &self.insecure_http)
            .field("ca_bundle", &self.ca_bundle)
            .field("proxy", &masked(&self.proxy))
            .field("default_query", &self.default_query)
            .field("page_size", &self.page_size)
            .field("csv_formula_guard", &self.csv_formula_guard)
            .finish()
    }
}

/// The XDG paths in use.
#[derive(Debug, Clone)]
pub struct Paths {
    pub config_dir: Option<PathBuf>,
    pub state_dir: Option<PathBuf>,
}

impl Paths {
    pub fn discover() -> Paths {
        let dirs = directories::ProjectDirs::from("", "", "triage42");
        Paths {
            config_dir: dirs.as_ref().map(|d| d.config_dir().to_path_buf()),
            state_dir: dirs
                .as_ref()
                .and_then(|d| d.state_dir().map(Path::to_path_buf))
                .or_else(|| dirs.as_ref().map(|d| d.data_local_dir().to_path_buf())),
        }
    }

    pub fn log_file(&self) -> Option<PathBuf> {
        self.state_dir.as_ref().map(|d| d.join("triage42.log"))
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
fn writable_by_others(path: &Path) -> Option<u32> {
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
fn writable_by_others(_path: &Path) -> Option<u32> {
    None
}

/// Resolves every setting: flag > environment > profile > default.
pub fn resolve(
    flags: &Flags,
    env: &dyn Fn(&str) -> Option<String>,
    paths: &Paths,
) -> Result<Resolved, ConfigError> {
    let env_nonempty = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let config_path = match (&flags.config, env_nonempty("TRIAGE42_CONFIG")) {
        (Some(p), _) => Setting {
            value: p.clone(),
            source: Source::Flag("--config"),
        },
        (None, Some(p)) => Setting {
            value: PathBuf::from(p),
            source: Source::Env("TRIAGE42_CONFIG".into()),
        },
        (None, None) => {
            let dir = env_nonempty("XDG_CONFIG_HOME")
                .map(|d| PathBuf::from(d).join("triage42"))
                .or_else(|| paths.config_dir.clone());
            Setting {
                value: dir
                    .unwrap_or_else(|| PathBuf::from("."))
                    .join("config.toml"),
                source: Source::Default,
            }
        }
    };
    let path_text = config_path.value.display().to_string();
    let (file, config_found) = match std::fs::read_to_string(&config_path.value) {
        Ok(text) => (file::parse(&text, &path_text)?, true),
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && config_path.source == Source::Default =>
        {
            (ConfigFile::default(), false)
        }
        Err(e) => {
            return Err(ConfigError::Read {
                path: path_text.clone(),
                message: e.to_string(),
            });
        }
    };

    let profile_name: Option<Setting<String>> = match (
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
    };
    // Whoever can change a file that yields the secret can redirect it, or run their
    // own command as this user.
    if config_found
        && let Some((holds, chmod)) = file.holds_secrets()
        && let Some(mode) = writable_by_others(&config_path.value)
    {
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
    let from_profile = |v: Option<String>, key: &'static str| {
        v.map(|value| Setting {
            value,
            source: Source::Profile {
                name: pname.clone(),
                key,
            },
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
                profile: pname.clone(),
            },
        });
    }
    if secret.is_none()
        && let Some(s) = &profile.secret
    {
        if readable_by_others(&config_path.value) {
            return Err(ConfigError::SecretFileTooOpen {
                profile: pname.clone(),
                path: path_text.clone(),
            });
        }
        secret = Some(Setting {
            value: SecretValue::Known(s.clone()),
            source: Source::Profile {
                name: pname.clone(),
                key: "secret",
            },
        });
    }

    // Lowest of all: the incydr CLI's ~/.config/incydr/.env.
    dotenv::fill(&mut url, &mut client_id, &mut secret, env)?;

    let read_only = if flags.read_only {
        Setting {
            value: true,
            source: Source::Flag("--read-only"),
        }
    } else if let Some(v) = profile.read_only {
        Setting {
            value: v,
            source: Source::Profile {
                name: pname.clone(),
                key: "read_only",
            },
        }
    } else {
        Setting {
            value: false,
            source: Source::Default,
        }
    };
    let insecure_http = if flags.insecure_http {
        Setting {
            value: true,
            source: Source::Flag("--insecure-http"),
        }
    } else if let Some(v) = profile.insecure_http {
        Setting {
            value: v,
            source: Source::Profile {
                name: pname.clone(),
                key: "insecure_http",
            },
        }
    } else {
        Setting {
            value: false,
            source: Source::Default,
        }
    };
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
                source: Source::Profile {
                    name: pname.clone(),
                    key: "ca_bundle",
                },
            })
        });
    let proxy = from_profile(profile.proxy.clone(), "proxy");
    let default_query = from_profile(profile.default_query.clone(), "default_query");
    let page_size = profile
        .page_size
        .map(|v| Setting {
            value: v.clamp(1, 500),
            source: Source::Profile {
                name: pname.clone(),
                key: "page_size",
            },
        })
        .unwrap_or(Setting {
            value: 100,
            source: Source::Default,
        });
    let csv_formula_guard = profile
        .csv_formula_guard
        .map(|value| Setting {
            value,
            source: Source::Profile {
                name: pname.clone(),
                key: "csv_formula_guard",
            },
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
        page_size,
        csv_formula_guard,
    })
}

impl Resolved {
    /// The secret, running the profile's `secret_command` if that is where it comes from.
    pub fn secret(&self) -> Result<Option<Secret>, ConfigError> {
        match self.secret.as_ref().map(|s| &s.value) {
            None => Ok(None),
            Some(SecretValue::Known(s)) => Ok(Some(s.clone())),
            Some(SecretValue::Command(cmd)) => {
                let profile = self
                    .profile
                    .as_ref()
                    .map(|p| p.value.as_str())
                    .unwrap_or_default();
                cmd.run(profile).map(Some)
            }
        }
    }

    /// Everything [`Resolved::client_config`] checks before it needs the secret: that
    /// nothing is missing, and that the URL and proxy would be accepted.
    pub fn check(&self) -> Result<(), ConfigError> {
        self.checked_config().map(|_| ())
    }

    /// The client settings, or one line naming everything that is missing. Everything
    /// that can be checked is checked before a `secret_command` runs.
    pub fn client_config(&self) -> Result<crate::api::ClientConfig, ConfigError> {
        let mut config = self.checked_config()?;
        let secret = self
            .secret()?
            .ok_or_else(|| ConfigError::Missing(SECRET_MISSING.into()))?;
        config.client_secret = secret.expose().to_string();
        Ok(config)
    }

    /// The client settings without the secret, once they pass every check.
    fn checked_config(&self) -> Result<crate::api::ClientConfig, ConfigError> {
        let mut missing = Vec::new();
        if self.url.is_none() {
            missing.push("INCYDR_URL (or --url)");
        }
        if self.client_id.is_none() {
            missing.push("INCYDR_API_CLIENT_ID (or --client-id)");
        }
        if self.secret.is_none() {
            missing.push(SECRET_MISSING);
        }
        let (Some(u), Some(c), Some(_)) = (&self.url, &self.client_id, &self.secret) else {
            return Err(ConfigError::Missing(missing.join(", ")));
        };
        let config = self.config_without_secret(u, c);
        config.validate().map_err(ConfigError::Client)?;
        Ok(config)
    }

    fn config_without_secret(
        &self,
        url: &Setting<String>,
        client_id: &Setting<String>,
    ) -> crate::api::ClientConfig {
        let mut config =
            crate::api::ClientConfig::new(url.value.clone(), client_id.value.clone(), "");
        config.extra_ca_pem = self.ca_bundle.as_ref().map(|c| c.value.clone());
        config.proxy = self.proxy.as_ref().map(|p| p.value.clone());
        config.allow_insecure_http = self.insecure_http.value;
        config
    }

    /// Why the URL or proxy would be refused, if they would be; checked without a network.
    fn connection_problem(&self) -> Option<String> {
        let url = self.url.as_ref()?;
        let placeholder = Setting {
            value: String::new(),
            source: Source::Default,
        };
        let client_id = self.client_id.as_ref().unwrap_or(&placeholder);
        self.config_without_secret(url, client_id)
            .validate()
            .err()
            .map(|e| e.to_string())
    }

    /// `triage42 info`: paths, the active profile, and where each setting came from.
    pub fn describe(&self, paths: &Paths, log_file: Option<&Path>) -> String {
        let mut out = String::new();
        let mut line = |k: &str, v: String| out.push_str(&format!("{k:<14} {v}\n"));
        line(
            "config",
            format!(
                "{} ({}, {})",
                self.config_path.value.display(),
                self.config_path.source,
                if self.config_found {
                    "found"
                } else {
                    "not found"
                }
            ),
        );
        let log = log_file.map(Path::to_path_buf).or_else(|| paths.log_file());
        line(
            "log",
            log.map(|p| p.display().to_string())
                .unwrap_or_else(|| "none (no home directory)".into()),
        );
        line(
            "keymap",
            paths
                .config_dir
                .as_ref()
                .map(|d| d.join("keymap.toml").display().to_string())
                .unwrap_or_default(),
        );
        line(
            "profile",
            self.profile
                .as_ref()
                .map(|p| format!("{} ({})", p.value, p.source))
                .unwrap_or_else(|| "none".into()),
        );
        let show = |s: &Option<Setting<String>>| {
            s.as_ref()
                .map(|s| format!("{} ({})", s.value, s.source))
                .unwrap_or_else(|| "not set".into())
        };
        let show_url = |s: &Option<Setting<String>>| {
            s.as_ref()
                .map(|s| format!("{} ({})", mask_url_credentials(&s.value), s.source))
                .unwrap_or_else(|| "not set".into())
        };
        line("url", show_url(&self.url));
        if let Some(problem) = self.connection_problem() {
            line("refused", problem);
        }
        line("client id", show(&self.client_id));
        line(
            "secret",
            match &self.secret {
                None => "not set".into(),
                Some(Setting {
                    value: SecretValue::Known(s),
                    source,
                }) => format!("{s} ({source})"),
                Some(Setting {
                    value: SecretValue::Command(cmd),
                    ..
                }) => format!(
                    "from secret_command (not run; profile {}, timeout {} s)",
                    self.profile
                        .as_ref()
                        .map(|p| p.value.as_str())
                        .unwrap_or_default(),
                    cmd.timeout.as_secs_f32()
                ),
            },
        );
        line(
            "read only",
            format!("{} ({})", self.read_only.value, self.read_only.source),
        );
        line(
            "insecure http",
            format!(
                "{} ({})",
                self.insecure_http.value, self.insecure_http.source
            ),
        );
        line(
            "ca bundle",
            self.ca_bundle
                .as_ref()
                .map(|c| format!("{} ({})", c.value.display(), c.source))
                .unwrap_or_else(|| "not set".into()),
        );
        line(
            "proxy",
            self.proxy
                .as_ref()
                .map(|p| format!("{} ({})", mask_url_credentials(&p.value), p.source))
                .unwrap_or_else(|| "from HTTPS_PROXY / NO_PROXY if set".into()),
        );
        line("default query", show(&self.default_query));
        line(
            "page size",
            format!("{} ({})", self.page_size.value, self.page_size.source),
        );
        line(
            "csv formula guard",
            format!(
                "{} ({})",
                self.csv_formula_guard.value, self.csv_formula_guard.source
            ),
        );
        out
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
