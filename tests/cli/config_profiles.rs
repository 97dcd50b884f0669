//! Settings precedence, the 0600 rule, secret commands and secret masking.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use triage42::config::{ConfigError, Flags, Paths, SecretValue, Source, resolve};
use triage42::demo::{DemoConfig, DemoServer};

use crate::support::BIN;

fn write_config(dir: &Path, text: &str, mode: u32) -> PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    path
}

fn paths(dir: &Path) -> Paths {
    Paths {
        config_dir: Some(dir.to_path_buf()),
        state_dir: Some(dir.to_path_buf()),
    }
}

const PROFILES: &str = r#"
default_profile = "work"

[profiles.work]
url = "https://api.us.code42.com"
client_id = "key-from-profile"
secret_command = "echo s3cret-from-command"
read_only = true
page_size = 250
default_query = "state:open"

[profiles.lab]
url = "http://127.0.0.1:1"
client_id = "lab"
secret = "s3cret-in-file"
"#;

#[test]
fn flags_beat_environment_beat_profile_beat_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), PROFILES, 0o600);
    let flags = Flags {
        config: Some(config.clone()),
        ..Flags::default()
    };
    let no_env = |_: &str| None;
    let r = resolve(&flags, &no_env, &paths(dir.path())).unwrap();
    assert_eq!(r.profile.as_ref().unwrap().value, "work");
    assert_eq!(
        r.url.as_ref().unwrap().source,
        Source::Profile {
            name: "work".into(),
            key: "url"
        }
    );
    // The command has not run yet: it runs when the secret is asked for.
    assert!(matches!(
        r.secret.as_ref().unwrap().value,
        SecretValue::Command(_)
    ));
    assert_eq!(r.secret().unwrap().unwrap().expose(), "s3cret-from-command");
    assert!(r.read_only.value);
    assert_eq!(r.page_size.value, 250);

    let env = |name: &str| match name {
        "INCYDR_URL" => Some("https://api.eu.example".to_string()),
        "INCYDR_API_CLIENT_SECRET" => Some("s3cret-from-env".to_string()),
        _ => None,
    };
    let r = resolve(&flags, &env, &paths(dir.path())).unwrap();
    assert_eq!(r.url.as_ref().unwrap().value, "https://api.eu.example");
    assert_eq!(
        r.url.as_ref().unwrap().source,
        Source::Env("INCYDR_URL".into())
    );
    assert_eq!(r.secret().unwrap().unwrap().expose(), "s3cret-from-env");
    assert_eq!(r.client_id.as_ref().unwrap().value, "key-from-profile");

    let flags = Flags {
        config: Some(config),
        url: Some("https://flag.example".into()),
        profile: Some("lab".into()),
        ..Flags::default()
    };
    let r = resolve(&flags, &env, &paths(dir.path())).unwrap();
    assert_eq!(r.url.as_ref().unwrap().value, "https://flag.example");
    assert_eq!(r.url.as_ref().unwrap().source, Source::Flag("--url"));
    assert_eq!(r.client_id.as_ref().unwrap().value, "lab");
    assert!(!r.read_only.value);
    assert_eq!(r.page_size.source, Source::Default);

    // No config file at all: the INCYDR_* variables are enough.
    let none = Flags::default();
    let only_env = |name: &str| match name {
        "INCYDR_URL" => Some("https://x".to_string()),
        "INCYDR_API_CLIENT_ID" => Some("id".to_string()),
        "INCYDR_API_CLIENT_SECRET" => Some("sec".to_string()),
        "XDG_CONFIG_HOME" => Some(dir.path().join("nowhere").display().to_string()),
        _ => None,
    };
    let r = resolve(&none, &only_env, &paths(&dir.path().join("nowhere"))).unwrap();
    assert!(!r.config_found);
    assert!(r.client_config().is_ok());
    let missing = resolve(
        &none,
        &|n: &str| {
            if n == "XDG_CONFIG_HOME" {
                only_env(n)
            } else {
                None
            }
        },
        &paths(&dir.path().join("nowhere")),
    )
    .unwrap();
    let err = missing.client_config().unwrap_err().to_string();
    assert!(
        err.contains("INCYDR_URL") && err.contains("INCYDR_API_CLIENT_SECRET"),
        "{err}"
    );
}

#[test]
fn a_secret_in_a_file_others_can_read_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), PROFILES, 0o644);
    let flags = Flags {
        config: Some(config.clone()),
        profile: Some("lab".into()),
        ..Flags::default()
    };
    let err = resolve(&flags, &|_| None, &paths(dir.path())).unwrap_err();
    assert!(matches!(err, ConfigError::SecretFileTooOpen { .. }));
    assert!(
        err.to_string()
            .contains(&format!("chmod 600 {}", config.display())),
        "{err}"
    );
    assert!(!err.to_string().contains("s3cret-in-file"));
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let r = resolve(&flags, &|_| None, &paths(dir.path())).unwrap();
    assert_eq!(r.secret().unwrap().unwrap().expose(), "s3cret-in-file");
    // The same world-readable file is fine for profiles that keep no secret in it.
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let work = Flags {
        config: Some(config),
        profile: Some("work".into()),
        ..Flags::default()
    };
    assert!(resolve(&work, &|_| None, &paths(dir.path())).is_ok());
}

#[test]
fn unknown_profiles_and_bad_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(dir.path(), PROFILES, 0o600);
    let flags = Flags {
        config: Some(config),
        profile: Some("nope".into()),
        ..Flags::default()
    };
    assert!(matches!(
        resolve(&flags, &|_| None, &paths(dir.path())),
        Err(ConfigError::UnknownProfile(..))
    ));
    let bad = write_config(dir.path(), "[profiles.x]\nurll = 1\n", 0o600);
    let flags = Flags {
        config: Some(bad),
        ..Flags::default()
    };
    assert!(matches!(
        resolve(&flags, &|_| None, &paths(dir.path())),
        Err(ConfigError::Parse { .. })
    ));
}

#[test]
fn the_binary_uses_profiles_and_never_prints_the_secret() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(DemoServer::start(
            "127.0.0.1:0".parse().unwrap(),
            DemoConfig {
                alerts: 40,
                seed: 5,
                ..DemoConfig::default()
            },
        ))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let secret = "demo-secret";
    let text = format!(
        "default_profile = \"demo\"\n[profiles.demo]\nurl = \"{}\"\nclient_id = \"demo-client\"\nsecret_command = \"printf {secret}\"\ndefault_query = \"state:open\"\n",
        server.base_url()
    );
    let config = write_config(dir.path(), &text, 0o644);
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .env("TRIAGE42_CONFIG", &config)
            .env_remove("INCYDR_URL")
            .env_remove("INCYDR_API_CLIENT_ID")
            .env_remove("INCYDR_API_CLIENT_SECRET")
            .env("XDG_STATE_HOME", dir.path())
            .output()
            .unwrap()
    };
    let info = run(&["info"]);
    let out =
        String::from_utf8_lossy(&info.stdout).to_string() + &String::from_utf8_lossy(&info.stderr);
    assert!(info.status.success(), "{out}");
    assert!(out.contains("profile        demo"), "{out}");
    assert!(
        out.contains("secret         from secret_command (not run; profile demo, timeout 10 s)"),
        "{out}"
    );
    assert!(!out.contains(secret), "info leaked the secret: {out}");

    let search = run(&["alerts", "search", "--all", "-f", "jsonl"]);
    assert!(
        search.status.success(),
        "{}",
        String::from_utf8_lossy(&search.stderr)
    );
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&search.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|r| r["state"] == "OPEN"),
        "the profile's default query applies"
    );
    assert!(!String::from_utf8_lossy(&search.stderr).contains(secret));

    let wrong = Command::new(BIN)
        .args(["alerts", "search", "--secret", "wrong-secret-value"])
        .env("TRIAGE42_CONFIG", &config)
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(1));
    let all = String::from_utf8_lossy(&wrong.stdout).to_string()
        + &String::from_utf8_lossy(&wrong.stderr);
    assert!(!all.contains("wrong-secret-value"), "{all}");
}
