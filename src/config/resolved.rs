//! The settings once resolved: what `info` shows and what the client is built from.

use std::fmt;
use std::path::{Path, PathBuf};

use super::secrets::SECRET_MISSING;
use super::{ConfigError, Paths, Secret, SecretValue, Setting, Source, mask_url_credentials};

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
    /// The view the TUI opens on, as the profile names it.
    pub view: Option<Setting<String>>,
    /// Saved views: the shared ones and the profile's, by name.
    pub views: Vec<super::NamedView>,
    /// Where the TUI saves a view.
    pub views_file: super::ViewsFile,
    /// The analyst's own commands (`[[commands]]`), as the file has them.
    pub commands: Vec<super::CommandEntry>,
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
            .field("view", &self.view)
            .field("views", &self.views)
            // Names only: a command line may hold a token.
            .field(
                "commands",
                &self.commands.iter().map(|c| &c.name).collect::<Vec<_>>(),
            )
            .field("page_size", &self.page_size)
            .field("csv_formula_guard", &self.csv_formula_guard)
            .finish()
    }
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
        line("view", show(&self.view));
        line(
            "saved views",
            if self.views.is_empty() {
                format!("none (saved to {})", self.views_file.table())
            } else {
                let names: Vec<String> = self
                    .views
                    .iter()
                    .map(|v| crate::sanitize::cell(&v.name, 40))
                    .collect();
                format!(
                    "{} (saved to {})",
                    names.join(", "),
                    self.views_file.table()
                )
            },
        );
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
