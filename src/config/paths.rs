//! Where the files are: the XDG directories, and the config file in use.

use std::path::{Path, PathBuf};

use super::{Flags, Setting, Source};

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

/// The config file: `--config` > `TRIAGE42_CONFIG` > `$XDG_CONFIG_HOME/triage42` (or the
/// platform's config directory) `/config.toml`.
pub(super) fn config_path(
    flags: &Flags,
    env_nonempty: &dyn Fn(&str) -> Option<String>,
    paths: &Paths,
) -> Setting<PathBuf> {
    match (&flags.config, env_nonempty("TRIAGE42_CONFIG")) {
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
    }
}
