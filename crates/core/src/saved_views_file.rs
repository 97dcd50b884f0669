//! Saved views: named filters (a query and a sort, for the alert or the session list)
//! kept in config.toml, either for every profile (`[views]`) or for one
//! (`[profiles.NAME.views]`, which wins over a shared view of the same name).
//!
//! ```toml
//! [views]
//! mine = "state:open severity:high"            # a query of the alert list
//!
//! [profiles.us.views]
//! exfil = { query = "rule:exfil", sort = "severity desc" }
//! risky = { view = "sessions", query = "severity:high", sort = "score desc" }
//! ```
//!
//! The query and sort are kept as written and checked where they are used: a bad one
//! spoils only its own view. Saving rewrites the file through `toml_edit`, so its
//! comments, order and other keys stay as they were, and it keeps its permissions.

use std::io::Write;
use std::path::{Path, PathBuf};

use toml_edit::{DocumentMut, InlineTable, Item, Table};

/// Names `--view` gives the built-in lists; a saved view cannot take them.
pub const RESERVED_NAMES: [&str; 2] = ["alerts", "sessions"];

/// The longest name a view may have, in characters.
pub const MAX_NAME_CHARS: usize = 40;

/// One saved view as the file holds it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SavedView {
    /// "alerts" (when absent) or "sessions".
    pub view: Option<String>,
    pub query: String,
    /// A sort column, then optionally `asc` or `desc` ("severity desc").
    pub sort: Option<String>,
}

/// A saved view and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedView {
    pub name: String,
    pub view: SavedView,
    /// The profile it belongs to; `None` for `[views]`.
    pub profile: Option<String>,
}

/// Where views are saved: the file, and the profile whose table gets them (`None` for
/// the shared `[views]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewsFile {
    pub path: PathBuf,
    pub profile: Option<String>,
}

impl ViewsFile {
    /// The table named the way the file spells it, for messages.
    pub fn table(&self) -> String {
        match &self.profile {
            Some(p) => format!("[profiles.{}.views]", key_text(p)),
            None => "[views]".into(),
        }
    }
}

/// What is wrong with a name for a new view, if anything.
pub fn check_name(name: &str) -> Result<(), String> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err("a view needs a name".into());
    }
    if trimmed.chars().count() > MAX_NAME_CHARS {
        return Err(format!("a name has at most {MAX_NAME_CHARS} characters"));
    }
    if trimmed.chars().any(crate::sanitize::is_unsafe) {
        return Err("a name cannot hold control characters".into());
    }
    if RESERVED_NAMES
        .iter()
        .any(|r| r.eq_ignore_ascii_case(trimmed))
    {
        return Err(format!(
            "{:?} names a built-in view; choose another name",
            trimmed
        ));
    }
    Ok(())
}

/// The shared views followed by the profile's; a profile's view replaces a shared one
/// of the same name. Sorted by name.
pub fn merged(shared: &[NamedView], profile: &[NamedView]) -> Vec<NamedView> {
    let mut all: Vec<NamedView> = shared
        .iter()
        .filter(|s| !profile.iter().any(|p| p.name == s.name))
        .cloned()
        .collect();
    all.extend(profile.iter().cloned());
    all.sort_by_key(|v| v.name.to_lowercase());
    all
}

/// Writes `view` under `name` in `file` (replacing a view of that name), or removes the
/// view when `view` is `None`. The file is read again first, so edits made since start-up
/// are kept; a missing file is created readable by its owner only.
pub fn write(file: &ViewsFile, name: &str, view: Option<&SavedView>) -> Result<(), String> {
    let path = real_path(&file.path);
    let shown = path.display();
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && view.is_some() => String::new(),
        Err(e) => return Err(format!("could not read {shown}: {e}")),
    };
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|_| format!("{shown} is not valid TOML; fix it before saving a view"))?;
    let table = views_table(&mut doc, file.profile.as_deref())
        .ok_or_else(|| format!("{shown}: {} is not a table", file.table()))?;
    match view {
        Some(view) => {
            table.insert(name, Item::Value(inline(view).into()));
        }
        None => {
            if table.remove(name).is_none() {
                return Err(format!("no view {name:?} in {} of {shown}", file.table()));
            }
        }
    }
    replace_file(&path, doc.to_string().as_bytes())
        .map_err(|e| format!("could not write {shown}: {e}"))
}

/// A symlinked config (dotfiles kept elsewhere) is written where it really lives, so the
/// link stays a link.
fn real_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The `views` table of the profile (or the shared one), made if missing.
fn views_table<'a>(doc: &'a mut DocumentMut, profile: Option<&str>) -> Option<&'a mut Table> {
    let parent: &mut Table = match profile {
        None => doc.as_table_mut(),
        Some(profile) => {
            let profiles = doc
                .as_table_mut()
                .entry("profiles")
                .or_insert_with(implicit_table)
                .as_table_mut()?;
            profiles
                .entry(profile)
                .or_insert_with(|| Item::Table(Table::new()))
                .as_table_mut()?
        }
    };
    parent
        .entry("views")
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_mut()
}

/// A table that only holds others (`[profiles]` is not written as a header of its own).
fn implicit_table() -> Item {
    let mut table = Table::new();
    table.set_implicit(true);
    Item::Table(table)
}

fn inline(view: &SavedView) -> InlineTable {
    let mut table = InlineTable::new();
    if let Some(kind) = &view.view {
        table.insert("view", kind.as_str().into());
    }
    table.insert("query", view.query.as_str().into());
    if let Some(sort) = &view.sort {
        table.insert("sort", sort.as_str().into());
    }
    table.fmt();
    table
}

/// Replaces `path` with `bytes` in one step (a reader never sees half a file), keeping
/// its permissions; a new file is readable by its owner only, as a config that may hold
/// a secret must be.
fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o7777)
        .unwrap_or(0o600);
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "config.toml".into());
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)?;
        out.write_all(bytes)?;
        out.sync_all()?;
        std::fs::set_permissions(&temp, std::fs::Permissions::from_mode(mode))?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A name as a TOML key in a message: bare when it can be, quoted otherwise.
fn key_text(name: &str) -> String {
    let bare = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare {
        name.to_string()
    } else {
        format!("{:?}", crate::sanitize::one_line(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn view(query: &str, sort: Option<&str>) -> SavedView {
        SavedView {
            view: None,
            query: query.into(),
            sort: sort.map(Into::into),
        }
    }

    #[test]
    fn saving_into_a_profile_keeps_the_rest_of_the_file_and_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let original = "# my tenants\ndefault_profile = \"us\"\n\n[profiles.us]\nurl = \"https://api.us.code42.com\" # prod\nsecret = \"hunter2\"\n";
        std::fs::write(&path, original).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let file = ViewsFile {
            path: path.clone(),
            profile: Some("us".into()),
        };
        write(
            &file,
            "high open",
            Some(&view("state:open severity:high", Some("severity desc"))),
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(original), "{text}");
        assert!(text.contains("[profiles.us.views]"), "{text}");
        assert!(
            text.contains(
                "\"high open\" = { query = \"state:open severity:high\", sort = \"severity desc\" }"
            ),
            "{text}"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // The file still reads as TOML, with the view in its profile.
        let parsed: DocumentMut = text.parse().unwrap();
        let views = parsed["profiles"]["us"]["views"].as_table_like().unwrap();
        assert_eq!(views.len(), 1);
        assert_eq!(
            parsed["profiles"]["us"]["views"]["high open"]["sort"].as_str(),
            Some("severity desc")
        );

        // Saving again under the name replaces it; removing takes it away.
        write(&file, "high open", Some(&view("severity:high", None))).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches("high open").count(), 1, "{text}");
        write(&file, "high open", None).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("high open"), "{text}");
        assert!(
            write(&file, "high open", None)
                .unwrap_err()
                .contains("no view")
        );
    }

    #[test]
    fn a_missing_file_is_made_private_with_shared_views() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/config.toml");
        let file = ViewsFile {
            path: path.clone(),
            profile: None,
        };
        let sessions = SavedView {
            view: Some("sessions".into()),
            query: "severity:high".into(),
            sort: Some("score desc".into()),
        };
        write(&file, "risky", Some(&sessions)).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "[views]\nrisky = { view = \"sessions\", query = \"severity:high\", sort = \"score desc\" }\n"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let parsed: DocumentMut = text.parse().unwrap();
        assert_eq!(parsed["views"]["risky"]["view"].as_str(), Some("sessions"));
        assert_eq!(
            parsed["views"]["risky"]["sort"].as_str(),
            Some("score desc")
        );
        // No temporary file is left beside it.
        assert_eq!(
            std::fs::read_dir(dir.path().join("sub")).unwrap().count(),
            1
        );
    }

    #[test]
    fn a_symlinked_config_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles.toml");
        std::fs::write(&real, "[views]\n").unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let file = ViewsFile {
            path: link.clone(),
            profile: None,
        };
        write(&file, "a", Some(&view("state:open", None))).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            std::fs::read_to_string(&real)
                .unwrap()
                .contains("a = { query = \"state:open\" }")
        );
    }

    #[test]
    fn a_broken_file_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[profiles.us\nurl = 1").unwrap();
        let file = ViewsFile {
            path: path.clone(),
            profile: Some("us".into()),
        };
        let e = write(&file, "a", Some(&view("x", None))).unwrap_err();
        assert!(e.contains("is not valid TOML"), "{e}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "[profiles.us\nurl = 1"
        );
    }

    #[test]
    fn names_are_checked() {
        assert!(check_name("  ").is_err());
        assert!(check_name("Alerts").unwrap_err().contains("built-in"));
        assert!(check_name("a\u{1b}[2J").is_err());
        assert!(check_name(&"x".repeat(41)).is_err());
        assert!(check_name("high & open").is_ok());
    }

    #[test]
    fn a_profile_view_wins_over_a_shared_one() {
        let named = |name: &str, query: &str, profile: Option<&str>| NamedView {
            name: name.into(),
            view: view(query, None),
            profile: profile.map(Into::into),
        };
        let all = merged(
            &[named("b", "shared", None), named("A", "shared", None)],
            &[named("b", "mine", Some("us"))],
        );
        let names: Vec<(&str, &str)> = all
            .iter()
            .map(|v| (v.name.as_str(), v.view.query.as_str()))
            .collect();
        assert_eq!(names, [("A", "shared"), ("b", "mine")]);
    }
}
