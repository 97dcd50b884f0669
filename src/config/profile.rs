//! What config.toml holds: a default profile and named profiles of settings.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use super::NamedView;
use super::{ConfigError, Secret, Setting, Source, file, mask_url_credentials};

/// config.toml, as read by [`file::parse`] (which names every key a profile may hold).
#[derive(Debug, Default)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    pub profiles: BTreeMap<String, Profile>,
    /// `[views]`: saved views for every profile (and the demo tenant).
    pub views: Vec<NamedView>,
    /// `[[commands]]`: the analyst's own commands, for every profile.
    pub commands: Vec<CommandEntry>,
}

/// One `[[commands]]` entry as the file has it; the TUI checks the key and the name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandEntry {
    pub name: String,
    pub key: Option<String>,
    /// Run with `sh -c`.
    pub command: String,
    /// "ids" (the default) or "jsonl".
    pub input: Option<String>,
    pub confirm: bool,
    pub mutating: bool,
    pub description: Option<String>,
    /// Where it is in the file, for messages: "line 12".
    pub place: String,
}

impl ConfigFile {
    /// What the file holds that yields the secret (any profile's `secret`, else any
    /// `secret_command`), and the chmod that makes such a file safe.
    pub(super) fn holds_secrets(&self) -> Option<(&'static str, &'static str)> {
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
    /// The view the TUI opens on ("alerts" or "sessions"); checked where it is used.
    pub view: Option<String>,
    /// `[profiles.NAME.views]`: this profile's saved views.
    pub views: Vec<NamedView>,
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
            .field("view", &self.view)
            .field("views", &self.views)
            .field("page_size", &self.page_size)
            .field("csv_formula_guard", &self.csv_formula_guard)
            .finish()
    }
}

/// The file at `config_path` and whether it was found; a missing file is an empty one
/// unless it was named (by flag or environment).
pub(super) fn load(
    config_path: &Setting<PathBuf>,
    path_text: &str,
) -> Result<(ConfigFile, bool), ConfigError> {
    match std::fs::read_to_string(&config_path.value) {
        Ok(text) => Ok((file::parse(&text, path_text)?, true)),
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && config_path.source == Source::Default =>
        {
            Ok((ConfigFile::default(), false))
        }
        Err(e) => Err(ConfigError::Read {
            path: path_text.to_string(),
            message: e.to_string(),
        }),
    }
}
